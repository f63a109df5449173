"""Migrations 0002-0004: from one row per language (``language``, ``translation_of``) to one row per page.

Old-shaped rows are built at 0001, then migrated forwards (and back). The tests change the schema, so they
run outside a transaction (SQLite refuses schema changes inside one): the database is flushed afterwards,
as for the browser tests, and pytest-django runs them after the tests that use the demo content.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("pages", "0001_initial")]
AFTER = [("pages", "0004_remove_editorialpage_language")]
DAY = datetime.timedelta(days=1)
NOW = timezone.now().replace(microsecond=0)


def migrate(targets):
    """Migrate the pages app to ``targets``; the models as they are there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_rows():
    """Old-shaped pages at 0001 (the demo pages removed); the schema is migrated to the latest afterwards."""
    apps = migrate(BEFORE)
    Page = apps.get_model("pages", "EditorialPage")
    History = apps.get_model("pages", "HistoricalEditorialPage")
    Page.objects.all().delete()

    def page(slug, language, title, **fields):
        return Page.objects.create(slug=slug, language=language, title=title, **fields)

    published = {"status": "published", "publish_from": NOW - 10 * DAY}
    rows = {}
    # A draft about the charter, made first: not on the site, so not the charter the trial pages quote.
    rows["draft"] = page("draft-charter", "en", "Draft charter", status="draft")
    # A French page and its English translation pointing to it; the English row has its own status and dates.
    rows["charte"] = page(
        "notre-charte",
        "fr",
        "Notre charte",
        summary="La charte.",
        body="<p>Texte</p>",
        status="published",
        publish_from=NOW - 5 * DAY,
        publish_until=NOW + 5 * DAY,
    )
    rows["charter"] = page(
        "our-charter",
        "en",
        "Our charter",
        summary="The charter.",
        body="<p>Text</p>",
        translation_of=rows["charte"],
        status="draft",
    )
    # A second English translation of the same page: not merged, it stays a page of its own.
    rows["second"] = page("our-charter-again", "en", "Our charter again", translation_of=rows["charte"], **published)
    # The other way round: the French page points to its English original.
    rows["original"] = page("care-model", "en", "The care model", body="<p>Ten points</p>", **published)
    rows["modele"] = page(
        "modele", "fr", "Le modèle", body="<p>Dix points</p>", translation_of=rows["original"], **published
    )
    # Only in English, mentioning the charter in its body (but not in its title); only in French.
    rows["rights"] = page("rights", "en", "Patients' rights", body="<p>See the charter.</p>", **published)
    rows["seul"] = page("seul", "fr", "Seulement en français", **published)
    # A French draft whose English translation is on the site: the merged page stays on the site.
    rows["brouillon"] = page("brouillon", "fr", "Brouillon", status="draft")
    rows["live"] = page("live-in-english", "en", "Live in English", translation_of=rows["brouillon"], **published)

    for key in ("charte", "charter", "rights"):
        row = rows[key]
        History.objects.create(
            id=row.pk,
            slug=row.slug,
            language=row.language,
            title=f"{row.title} (v1)",
            summary="",
            body=row.body,
            status="draft",
            created=NOW,
            updated=NOW,
            history_date=NOW - DAY,
            history_type="+",
        )
    yield {key: row.pk for key, row in rows.items()}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_migrating_forwards(old_rows):
    # One test rather than one per rule: each migration run takes seconds.
    apps = migrate(AFTER)
    Page = apps.get_model("pages", "EditorialPage")
    History = apps.get_model("pages", "HistoricalEditorialPage")

    # Each French page takes in its English translation, linked either way round.
    charte = Page.objects.get(pk=old_rows["charte"])
    assert (charte.slug, charte.title_fr, charte.summary_fr, charte.body_fr) == (
        "notre-charte",
        "Notre charte",
        "La charte.",
        "<p>Texte</p>",
    )
    assert (charte.title_en, charte.summary_en, charte.body_en) == ("Our charter", "The charter.", "<p>Text</p>")
    # The French row keeps its own status and dates, not the English row's.
    assert (charte.status, charte.publish_from, charte.publish_until) == ("published", NOW - 5 * DAY, NOW + 5 * DAY)
    modele = Page.objects.get(pk=old_rows["modele"])
    assert (modele.slug, modele.title_fr, modele.title_en, modele.body_en) == (
        "modele",
        "Le modèle",
        "The care model",
        "<p>Ten points</p>",
    )
    # The merged English rows are gone; the second translation of the same page stays, as an English-only page.
    assert not Page.objects.filter(pk__in=[old_rows["charter"], old_rows["original"]]).exists()
    assert not Page.objects.filter(slug__in=["our-charter", "care-model"]).exists()
    assert Page.objects.filter(pk=old_rows["second"]).exists()
    assert Page.objects.count() == 7
    # Their addresses redirect to the merged page.
    FormerSlug = apps.get_model("pages", "FormerSlug")
    assert dict(FormerSlug.objects.values_list("slug", "page_id")) == {
        "our-charter": old_rows["charte"],
        "care-model": old_rows["modele"],
        "live-in-english": old_rows["brouillon"],
    }
    # English text that was public stays public.
    brouillon = Page.objects.get(pk=old_rows["brouillon"])
    assert (brouillon.title_en, brouillon.status, brouillon.publish_from) == (
        "Live in English",
        "published",
        NOW - 10 * DAY,
    )

    # A page only in English keeps its text in both languages; a page only in French has no English.
    rights = Page.objects.get(pk=old_rows["rights"])
    assert rights.slug == "rights"
    assert rights.title_en == rights.title_fr == "Patients' rights"
    assert rights.body_en == rights.body_fr == "<p>See the charter.</p>"
    seul = Page.objects.get(pk=old_rows["seul"])
    assert (seul.title_fr, seul.title_en, seul.body_en) == ("Seulement en français", "", "")

    # Four pages mention a charter in English; the one on the site saying so in its title plays the role.
    assert list(Page.objects.exclude(role="").values_list("pk", "role")) == [(old_rows["charte"], "charter")]

    # History records keep their text, in the columns of their language.
    french = History.objects.filter(id=old_rows["charte"]).earliest("history_date")
    assert (french.title_fr, french.title_en) == ("Notre charte (v1)", "")
    english_only = History.objects.filter(id=old_rows["rights"]).earliest("history_date")
    assert english_only.title_fr == english_only.title_en == "Patients' rights (v1)"
    # Each page's history ends with the merged page, both languages: a revert never empties the English.
    latest = History.objects.filter(id=old_rows["charte"]).latest("history_date")
    assert (latest.title_fr, latest.title_en, latest.history_type) == ("Notre charte", "Our charter", "~")
    # The deleted English row's record stays under its id, in English.
    merged = History.objects.get(id=old_rows["charter"])
    assert (merged.title_fr, merged.title_en) == ("", "Our charter (v1)")


def test_migrating_back_splits_the_pages_again(old_rows):
    migrate(AFTER)
    Page = migrate(BEFORE).get_model("pages", "EditorialPage")
    charte = Page.objects.get(pk=old_rows["charte"])
    assert (charte.language, charte.title, charte.body, charte.translation_of_id) == (
        "fr",
        "Notre charte",
        "<p>Texte</p>",
        None,
    )
    # The English text comes back as a page of its own, translating the French one, under its former slug.
    english = Page.objects.get(translation_of=charte)
    assert (english.slug, english.language, english.title, english.summary) == (
        "our-charter",
        "en",
        "Our charter",
        "The charter.",
    )
    assert (english.status, english.publish_from) == ("published", NOW - 5 * DAY)
    rights = Page.objects.get(pk=old_rows["rights"])
    assert (rights.language, rights.title) == ("en", "Patients' rights")
    assert not Page.objects.filter(translation_of=rights).exists()
    assert not Page.objects.filter(translation_of_id=old_rows["seul"]).exists()
    assert Page.objects.count() == 10
