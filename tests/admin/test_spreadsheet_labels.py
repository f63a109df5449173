"""The import and export pages in the editor's language: import-export's own strings in French, columns named by
their fields' verbose names (with the key a file's header carries), readable preview tables, and one clear error
for a row outside a centre editor's centres."""

import html as html_module
import pathlib
import re

import import_export
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from research.models import RecruitmentStatus
from tests.admin.conftest import export_rows
from tests.admin.test_spreadsheets import CSV_FORMAT, IMPORTABLE, client_in, preview
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, RESEARCH_EDITOR

# Words French writes as English does.
SAME_IN_FRENCH = {"Format"}
TARGET_ENROLMENT = "Objectif d’inclusions"


def import_export_strings() -> set[str]:
    """Every one-line string import-export's templates and admin forms show to staff."""
    root = pathlib.Path(import_export.__file__).parent
    strings = set()
    for template in (root / "templates").rglob("*.html"):
        strings |= set(re.findall(r'{%\s*(?:translate|trans)\s+"([^"]+)"', template.read_text()))
    for module in ("forms.py", "admin.py"):
        strings |= set(re.findall(r'\b_\(\s*"([^"]+)"\s*\)', (root / module).read_text()))
    return strings


def import_export_plurals() -> set[tuple[str, str]]:
    """The (singular, plural) strings of import-export's ``{% blocktranslate count … trimmed %}`` blocks."""
    plurals = set()
    for template in (pathlib.Path(import_export.__file__).parent / "templates").rglob("*.html"):
        for singular, plural in re.findall(
            r"{%\s*blocktranslate count[^%]*trimmed\s*%}(.*?){%\s*plural\s*%}(.*?){%\s*endblocktranslate",
            template.read_text(),
            flags=re.S,
        ):
            plurals.add(
                tuple(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", " ".join(text.split())) for text in (singular, plural))
            )
    return plurals


def test_every_string_of_import_export_pages_is_in_french():
    strings, plurals = import_export_strings(), import_export_plurals()
    assert {"Select all", "Confirm import", "File to import"} <= strings
    assert ("Export %(len)s selected item.", "Export %(len)s selected items.") in plurals
    with translation.override("fr"):
        untranslated = sorted(text for text in strings - SAME_IN_FRENCH if gettext(text) == text)
        untranslated += [plural for singular, plural in plurals if ngettext(singular, plural, 2) == plural]
    assert untranslated == []


def _visible_text(html: str) -> str:
    content = html[html.index('id="content"') :]
    content = re.sub(r"<script.*?</script>", "", content, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))


@pytest.mark.parametrize("prefix", IMPORTABLE)
def test_export_page_names_columns_by_verbose_name_in_french(prefix, world, staff):
    page = client_in(staff[FEDERATION_EDITOR], "fr").get(reverse(f"admin:{prefix}_export"))
    text = _visible_text(page.content.decode())
    assert "Tout sélectionner" in text and "Select all" not in text
    form, model = page.context["form"], page.context["opts"].model
    labels = [str(field.label) for field in form.fields.values() if getattr(field, "is_selectable_field", False)]
    assert labels
    with translation.override("fr"):
        for label in labels:
            # "Titre (français) <code …>title_fr</code>", never import-export's "Title Fr"
            name, key = re.fullmatch(r'(.+) <code class="column-key">(\w+)</code>', label).groups()
            assert html_module.unescape(name) == capfirst(model._meta.get_field(key).verbose_name)


def test_trial_export_labels_and_file_header(world, staff):
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    form = client.get(reverse("admin:research_trial_export")).context["form"]
    labels = {str(field.label) for field in form.fields.values()}
    assert 'Titre (français) <code class="column-key">title_fr</code>' in labels
    # The file is headed by the keys, the same in every language: what the import reads back.
    header = export_rows(client, reverse("admin:research_trial_export")).decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:3] == ["slug", "acronym", "title_fr"]


def test_import_page_lists_each_column_by_name_and_key(world, staff):
    page = client_in(staff[RESEARCH_EDITOR], "fr").get(reverse("admin:research_trial_import"))
    columns = dict(next(iter(dict(page.context["fields_list"]).values())))
    assert columns["title_fr"] == "Titre (français)" and columns["slug"] == "Slug"
    assert "status" not in columns  # export-only
    html = page.content.decode()
    assert "<tr><td>Titre (français)</td><td><code>title_fr</code></td></tr>" in html
    assert "L’import lit ces colonnes" in html


def test_import_preview_tables_name_columns_in_french(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    good = "slug;acronym;title_fr;kind\r\nessai-ok;OK;Essai lisible;trial\r\n"
    response = preview(client, "research_trial", good.encode(), CSV_FORMAT)
    headers = dict(response.context["column_headers"])
    assert headers["title_fr"] == "Titre (français)"
    html = response.content.decode()
    assert '<th scope="col">Titre (français) <code class="column-key">title_fr</code></th>' in html
    assert '<th scope="col">Effet de l’import</th>' in html
    # The columns the file fills, not the resource's twenty-two (nor the export-only status); the differences
    # marked up, not escaped.
    columns = [key for key, _name in response.context["column_headers"]]
    assert columns == ["slug", "acronym", "title_fr", "kind"]
    assert "<ins>Essai lisible</ins>" in html

    bad = "slug;acronym;title_fr;kind;target_enrolment\r\nessai-ko;KO;Essai;trial;beaucoup\r\n"
    response = preview(client, "research_trial", bad.encode(), CSV_FORMAT)
    html = response.content.decode()
    assert '<th scope="col">Titre (français) <code class="column-key">title_fr</code></th>' in html
    row = response.context["result"].invalid_rows[0]
    assert [label for label, _key, _value, _errors in row.labelled_errors] == [TARGET_ENROLMENT]
    assert f"<strong>{TARGET_ENROLMENT}</strong>" in html_module.unescape(html)


def test_a_row_outside_the_editors_centres_has_one_error(world, staff):
    client = client_in(staff[CENTRE_EDITOR], "en")
    theirs = world.b.participation
    row = f"{theirs.trial.slug};{theirs.centre.slug};{RecruitmentStatus.COMPLETED}"
    text = f"trial;centre;recruitment_status\r\n{row}\r\n"
    response = preview(client, "research_trialcentre", text.encode(), CSV_FORMAT)
    [row] = response.context["result"].invalid_rows
    assert row.error_dict == {"centre": ["You can only import rows for your own centres."]}
    assert "already exists" not in response.content.decode()
