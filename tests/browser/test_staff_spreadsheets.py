"""A research editor imports French Excel's CSV in Chromium: the preview in French, then the import;
a bad file shows what to fix. Screenshot of the import preview for the README."""

import pytest

from research.models import Trial
from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import FEDERATION_EDITOR, RESEARCH_EDITOR
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 2026"


@pytest.fixture
def editor(site):
    user = make_staff(RESEARCH_EDITOR)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(page, live_server_url, user):
    page.goto(f"{live_server_url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_import_french_excel_csv_with_a_preview(page, site, editor, tmp_path, screenshot, axe_check):
    log_in(page, site.url, editor)
    good = tmp_path / "essais.csv"
    # What French Excel saves: semicolons, Windows-1252.
    good.write_bytes(
        "slug;acronym;title_fr;kind;nct_id\r\n"
        "essai-navigateur;NAVIG;Étude de l’import à Besançon;trial;NCT09876543\r\n".encode("cp1252")
    )
    page.goto(f"{site.url}/admin/research/trial/import/")
    page.set_input_files("#id_import_file", str(good))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-preview")
    text = page.inner_text("#content")
    assert "Étude de l’import à Besançon" in text
    assert "Traceback" not in text
    # The type by its French label, the row by its number in Excel (the header is row 1).
    assert "Essai clinique" in page.inner_text("table.import-preview tbody")
    assert page.inner_text("table.import-preview tbody tr td") == "2"
    screenshot(page, "admin-import-preview")
    page.click("#content form input[type=submit]")
    page.wait_for_selector(".messagelist")
    assert Trial.objects.get(slug="essai-navigateur").acronym == "NAVIG"

    bad = tmp_path / "sans-cle.csv"
    bad.write_bytes("acronym;title_fr\r\nSANSCLE;Essai sans clé\r\n".encode())
    page.goto(f"{site.url}/admin/research/trial/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("ul.errorlist")
    assert "Le fichier n’a pas de colonne « slug »" in page.inner_text("ul.errorlist")


def test_import_preview_with_errors_fits_1280_px(page, site, editor, tmp_path):
    """Every column of the trials file, a long title and URL, and errors on each row: the preview wraps its
    values and stays within a 1280 px screen, its columns named in French with their keys."""
    log_in(page, site.url, editor)
    headers = (
        "slug;acronym;title_fr;title_en;summary_fr;summary_en;kind;phases;recruitment_status;localisations;sponsor;"
        "sponsor_centre;sponsor_name;collaborative_group;nct_id;eudract_id;eu_ct_id;target_enrolment;start_date;"
        "end_date;website"
    )
    long_title = "Étude de phase III randomisée comparant deux stratégies thérapeutiques " * 4
    rows = [
        f"essai-large-{number};LARGE{number};{long_title};{long_title};{long_title};;inconnu;;;;;centre-inconnu;;"
        f"UNICANCER-GROUPE-DE-RECHERCHE-SANS-ESPACES-{'X' * 80};NCT0000000{number};;;beaucoup;32/13/2024;;"
        f"https://www.example.org/{'chemin-tres-long/' * 12}"
        for number in range(3)
    ]
    bad = tmp_path / "essais-larges.csv"
    bad.write_bytes(("\r\n".join([headers, *rows]) + "\r\n").encode("utf-8"))
    page.goto(f"{site.url}/admin/research/trial/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-preview-errors")
    assert page.viewport_size["width"] == 1280
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"
    header = page.text_content("table.import-preview-errors thead")
    assert "Titre (français)" in header and "title_fr" in page.inner_text("table.import-preview-errors thead")
    assert "Objectif d’inclusions" in page.inner_text("table.import-preview-errors tbody")


def test_export_page_in_french_with_a_working_select_all(page, site, editor):
    """The export page under the Content-Security-Policy (the page fixture fails on any violation): its columns
    named in French with their keys, and "Tout sélectionner" unticks and ticks every column."""
    log_in(page, site.url, editor)
    page.goto(f"{site.url}/admin/research/trial/export/")
    assert "Titre (français) title_fr" in page.inner_text("#content")
    columns = page.locator('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)')
    page.get_by_label("Tout sélectionner").uncheck()
    assert not any(box.is_checked() for box in columns.all())
    page.get_by_label("Tout sélectionner").check()
    assert all(box.is_checked() for box in columns.all())


def test_saving_a_news_item_with_only_its_title_changed_leaves_its_body(page, site):
    """The editor (django-prose-editor) sends back an untouched body as it serialises it (a no-break space as
    "&nbsp;"): the stored body does not change, and the history lists the title alone."""
    user = make_staff(FEDERATION_EDITOR)
    user.set_password(PASSWORD)
    user.save()
    news = NewsItem.objects.filter(body_fr__contains="\xa0").order_by("pk").first()
    body = news.body_fr
    log_in(page, site.url, user)
    page.goto(f"{site.url}/admin/news/newsitem/{news.pk}/change/")
    page.fill("#id_title_fr", news.title_fr + " (titre corrigé)")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    news.refresh_from_db()
    assert news.title_fr.endswith("(titre corrigé)")
    assert news.body_fr == body
    page.goto(f"{site.url}/admin/news/newsitem/{news.pk}/history/")
    latest = page.inner_text("#change-history tbody tr:first-child")
    assert "Titre (français)" in latest and "Corps du texte" not in latest
