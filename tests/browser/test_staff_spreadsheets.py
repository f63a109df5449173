"""A research editor imports French Excel's CSV in Chromium: the preview in French, then the import;
a bad file shows what to fix. Screenshot of the import preview for the README."""

import pytest

from research.models import Trial
from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import RESEARCH_EDITOR

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
