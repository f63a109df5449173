"""What a reviewer found trying the spreadsheets and the history as French staff: no value of a linked column
dropped without a word, rows numbered as in Excel, errors naming the column, the value and the fix, labels rather
than codes, "no change" said as such, untouched rich text left alone."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import formats, translation
from import_export import widgets

from research.models import Phase, Trial
from tests.admin.conftest import export_rows
from tests.admin.test_centre_scoping import _news_data
from tests.admin.test_spreadsheets import CSV_FORMAT, client_in, confirm, preview
from tests.factories import make_trial
from unicancer_site.accounts.content_admin.spreadsheets import ImportExportAdminMixin
from unicancer_site.accounts.roles import FEDERATION_EDITOR, RESEARCH_EDITOR, REVIEWER
from unicancer_site.core.sanitize import sanitize_html
from unicancer_site.news.models import NewsItem


def row_messages(response) -> list[str]:
    """Each error line of the preview's invalid rows: "label key « value » : messages"."""
    return [
        f"{label} {key} « {value} » : {' '.join(str(error) for error in errors)}"
        for row in response.context["result"].invalid_rows
        for label, key, value, errors in row.labelled_errors
    ]


# -- 1. Linked columns: no value dropped without a word


def test_a_phase_given_by_its_name_is_kept_and_an_unknown_one_is_a_row_error(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = "slug;acronym;title_fr;kind;phases\r\nessai-rv-n;RVN;N;trial;phase_2|Phase III\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    confirm(client, "research_trial", response)
    assert {phase.code for phase in Trial.objects.get(slug="essai-rv-n").phases.all()} == {"phase_2", "phase_3"}

    text = "slug;acronym;title_fr;kind;phases\r\nessai-rv-x;RVX;X;trial;XX\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert "confirm_form" not in response.context
    [message] = row_messages(response)
    assert message.startswith("Phases phases « XX » : « XX » : aucun élément « phase » n’a ce code.")
    assert "phase_2 (Phase 2)" in message
    assert not Trial.objects.filter(slug="essai-rv-x").exists()


def test_an_unknown_localisation_is_a_row_error_not_a_lost_link(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "en")
    text = "slug;acronym;title_fr;kind;localisations\r\nessai-rv-l;RVL;L;trial;no-such-organ\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert "confirm_form" not in response.context
    assert "“no-such-organ”: no cancer localisation has this slug." in " ".join(row_messages(response))


def importable_reference_columns():
    """(admin, resource class, field) for every foreign-key or many-to-many column of every importable model."""
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ImportExportAdminMixin):
            continue
        for resource_class in model_admin.get_import_resource_classes(None):
            for field in resource_class().fields.values():
                if isinstance(field.widget, widgets.ForeignKeyWidget | widgets.ManyToManyWidget):
                    yield model, resource_class, field


def test_every_linked_column_of_every_import_refuses_a_value_naming_nothing(world):
    columns = list(importable_reference_columns())
    # Trials (sponsor centre, phases, localisations), participations (trial, centre), sites, news (centres).
    assert {field.column_name for _model, _resource, field in columns} >= {
        "sponsor_centre", "phases", "localisations", "trial", "centre", "centres",
    }  # fmt: skip
    for model, resource_class, field in columns:
        row = {field.column_name: "nothing-by-this-key"}
        with translation.override("en"), pytest.raises(ValueError, match="“nothing-by-this-key”: no .* has this"):
            resource_class().read_references(field, row)
        assert model is not None


def test_an_unknown_sponsor_centre_says_what_to_write(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = "slug;acronym;title_fr;kind;sponsor_centre\r\nessai-rv-s;RVS;S;trial;no-such-centre\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    [message] = row_messages(response)
    assert "sponsor_centre « no-such-centre »" in message
    assert f"Écrivez le slug d’un élément existant, par exemple : {world.a.centre.slug}" in message


# -- 7. Every row error names the column, the value and the fix


def test_row_errors_name_the_column_the_value_and_the_fix(world, staff):
    holder = make_trial(slug="deja-la", nct_id="NCT01234567")
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = (
        "slug;acronym;title_fr;kind;target_enrolment;nct_id\r\n"
        "essai-rv-a;RVA;A;trial;99999999999999999999;\r\n"
        f"essai-rv-b;{'A' * 5000};B;trial;;\r\n"
        "essai-rv-c;RVC;C;trial;;XYZ\r\n"
        "essai-rv-d;RVD;D;trial;;NCT01234567\r\n"
    )
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    rows = {row.line: row.labelled_errors for row in response.context["result"].invalid_rows}
    # Rows numbered as in Excel: the header is row 1.
    assert sorted(rows) == [2, 3, 4, 5]
    [(label, key, value, errors)] = rows[2]
    assert (key, value) == ("target_enrolment", "99999999999999999999")
    assert errors == ["Assurez-vous que cette valeur est inférieure ou égale à 10000000."]
    [(label, key, value, errors)] = rows[3]
    assert key == "acronym" and value == "A" * 59 + "…"
    assert "au plus 60 caractères" in errors[0]
    [(label, key, value, errors)] = rows[4]
    assert (label, key, value) == ("Identifiant ClinicalTrials.gov", "nct_id", "XYZ")
    assert errors == ["Un identifiant ClinicalTrials.gov s’écrit NCT suivi de 8 chiffres."]
    [(label, key, value, errors)] = rows[5]
    assert (key, value) == ("nct_id", "NCT01234567")
    assert errors == [
        f"un autre élément « essai ou programme » l’a déjà : {holder}. Laissez la cellule vide ou corrigez la valeur."
    ]
    html = response.content.decode()
    assert (
        "<td>2</td>" in html and '<code class="column-key">target_enrolment</code> « 99999999999999999999 » :' in html
    )


def test_two_rows_with_the_same_key_are_named_by_their_excel_rows(world, staff):
    client = client_in(staff[RESEARCH_EDITOR], "fr")
    text = "slug;acronym;title_fr;kind\r\nessai-double;A;A;trial\r\nessai-double;B;B;trial\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    assert "Les lignes 2, 3 ont le même slug « essai-double »" in response.content.decode()


# -- 4, 5, 8. The preview and the exports in words, "no change" said as such


def test_the_preview_shows_labels_the_files_columns_and_no_change(world, staff):
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    trial = world.a.trial
    text = (
        "slug;acronym;title_fr;kind\r\n"
        f"{trial.slug};{trial.acronym};{trial.title_fr};trial\r\n"
        "essai-neuf;NEUF;Neuf;trial\r\n"
    )
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    # The columns the file fills; not the export-only status.
    assert [key for key, _label in response.context["column_headers"]] == ["slug", "acronym", "title_fr", "kind"]
    html = response.content.decode()
    assert "Essai clinique" in html and ">trial<" not in html
    unchanged, new = response.context["result"].valid_rows()
    assert (unchanged.line, new.line) == (2, 3)
    assert "Aucun changement" in html and "Ignoré" not in html
    response = client.post(
        reverse("admin:research_trial_process_import"), response.context["confirm_form"].initial, follow=True
    )
    [message] = [str(message) for message in response.context["messages"]]
    assert message == (
        "Importation terminée (essais et programmes) : 1 nouveau, 0 mis à jour, 0 supprimé, 1 sans changement."
    )


def test_exports_write_labels_the_import_takes_back_under_a_french_name(world, staff):
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    url = reverse("admin:research_trial_export")
    page = client.get(url)
    data = {"format": CSV_FORMAT, "resource": "0"}
    data.update(
        {name: "on" for name in page.context["form"].fields if name not in ("format", "resource", "export_items")}
    )
    response = client.post(url, data)
    assert response["Content-Disposition"].startswith('attachment; filename="essais-et-programmes-')
    text = response.content.decode("utf-8-sig")
    assert ";Essai clinique;" in text and ";trial;" not in text
    # The labels come back as the codes: the round trip changes nothing.
    result = preview(client, "research_trial", export_rows(client, url), CSV_FORMAT).context["result"]
    assert not result.has_validation_errors() and result.totals["update"] == 0 and result.totals["new"] == 0


# -- 3. The history's title, the same for those who may not revert


def test_a_reviewer_reads_the_same_french_history_title_and_introduction(world, staff):
    news = world.a.news
    response = client_in(staff[REVIEWER], "fr").get(reverse("admin:news_newsitem_history", args=[news.pk]))
    assert response.context["title"] == f"Historique des changements : {news}"
    assert "Chaque ligne est un enregistrement : qui l’a fait, quand, pourquoi, et ce qui a changé." in (
        response.content.decode()
    )


# -- 2. Untouched rich text is not rewritten


RICH_TEXT = {"news.newsitem": ("body_fr", "body_en"), "pages.editorialpage": ("body_fr", "body_en")}


def test_the_demo_contents_rich_text_is_a_fixed_point_of_the_sanitiser():
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text())
    checked = 0
    for row in rows:
        for name in RICH_TEXT.get(row["model"], ()):
            value = row["fields"].get(name) or ""
            once = sanitize_html(value)
            assert sanitize_html(once) == once, (row["model"], row["pk"], name)
            # Stored as the sanitiser writes it: a save changes nothing.
            assert once == value, (row["model"], row["pk"], name)
            checked += 1
    assert checked > 40


def test_editing_only_the_title_leaves_the_body_and_says_only_the_title_changed(world, staff):
    news = world.a.news
    stored = "<p>100\xa0% dédiés à la cancérologie\xa0: soins et recherche.</p>"
    NewsItem.objects.filter(pk=news.pk).update(body_fr=stored)
    # A version with that body, as the demo content's first one ("imported from the source documents").
    NewsItem.history.bulk_history_create([NewsItem.objects.get(pk=news.pk)])
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    # What the editor sends back for the untouched body: the no-break spaces as entities.
    data = _news_data(
        slug=news.slug,
        title_fr="Titre seul corrigé",
        body_fr=stored.replace("\xa0", "&nbsp;"),
        centres=[centre.pk for centre in news.centres.all()],
    )
    response = client.post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    news.refresh_from_db()
    assert news.body_fr == stored
    response = client.get(reverse("admin:news_newsitem_history", args=[news.pk]))
    latest = response.context["page_obj"][0]
    fields = [str(change["field"]) for change in latest.history_delta_changes]
    assert "Titre (français)" in fields and "Corps du texte (français)" not in fields


# -- Issue 12c: the preview in words, as the history shows changes


def test_the_preview_compares_rich_text_as_text_and_labels_whole(world, staff):
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    trial = world.a.trial
    Trial.objects.filter(pk=trial.pk).update(summary_fr="<h2>Grand titre</h2><p>Texte <b>gras</b></p>", kind="trial")
    text = (
        "slug;acronym;title_fr;summary_fr;kind\r\n"
        f"{trial.slug};{trial.acronym};{trial.title_fr};<h2>Grand titre</h2><p>Texte <b>maigre</b></p>;cohort\r\n"
    )
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    [row] = response.context["result"].valid_rows()
    cells = dict(zip([key for key, _label in response.context["column_headers"]], row.shown, strict=True))
    with translation.override("fr"):
        old_kind, new_kind = str(Trial.Kind.TRIAL.label), str(Trial.Kind.COHORT.label)
    assert cells["kind"] == f"<del>{old_kind}</del> → <ins>{new_kind}</ins>"
    assert "<h2>" not in cells["summary_fr"] and "&lt;h2" not in cells["summary_fr"]
    assert "Grand titre" in cells["summary_fr"]
    assert "<del>" in cells["summary_fr"] and "gras" in cells["summary_fr"] and "maigre" in cells["summary_fr"]
    assert "&lt;b&gt;" not in response.content.decode()


def test_every_preview_cell_shows_labels_and_localised_dates(world, staff):
    client = client_in(staff[FEDERATION_EDITOR], "fr")
    phases = list(Phase.objects.filter(code__in=["phase_2", "phase_3"]).order_by("code"))
    assert len(phases) == 2
    text = "slug;acronym;title_fr;kind;phases;start_date\r\nessai-lu;LU;Lu;cohort;phase_2|phase_3;2024-07-31\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    [row] = response.context["result"].valid_rows()
    keys = [key for key, _label in response.context["column_headers"]]
    cells = dict(zip(keys, row.shown, strict=True))
    with translation.override("fr"):
        names = ", ".join(sorted(str(phase) for phase in phases))
        cohort = str(Trial.Kind.COHORT.label)
        day = formats.date_format(datetime.date(2024, 7, 31), "DATE_FORMAT")
    assert cells["phases"] == f"<ins>{names}</ins>" and cells["start_date"] == f"<ins>{day}</ins>"
    assert cells["kind"] == f"<ins>{cohort}</ins>"
    # An invalid row: the same labels, not the codes of the file.
    text = "slug;acronym;title_fr;kind;phases;start_date\r\nessai-lu;LU;Lu;cohort;phase_2|phase_3;31/31/2024\r\n"
    response = preview(client, "research_trial", text.encode(), CSV_FORMAT)
    [row] = response.context["result"].invalid_rows
    cells = dict(zip(keys, row.shown, strict=True))
    assert (cells["kind"], cells["phases"], cells["start_date"]) == (cohort, names, "31/31/2024")
