"""Staff editing in the real Chromium, as a French centre editor: write a draft in the rich-text editor (its menu in
French), preview it under its banner, then change a news item and read its history (French labels, no markup);
a list fits a 1280 px screen. Screenshots of the preview banner and the history (tests/browser/screenshots/)."""

import re

import pytest

from centres.models import Centre
from tests.admin.conftest import SUPERUSER, make_staff
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR
from unicancer_site.news.models import NewsItem

from .conftest import assert_only_local_requests

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"
TITLE = "Un nouveau parcours dédié pour les proches aidants"
TABLE_CELLS = [
    *["Dispositif", "Ce qu’il offre", "Depuis"],
    *["Écoute, information et orientation", "Un numéro unique et une adresse mail", "2022"],
    *["Consultation proche aidant", "L’évaluation de la situation de l’aidant", "2022"],
    *["Consultation de prévention primaire", "—", "2022"],
]


@pytest.fixture
def centre_editor(site):
    user = make_staff(CENTRE_EDITOR, centres=[Centre.objects.get(slug="centre-leon-berard")], username="lea")
    user.first_name, user.last_name = "Léa", "Dubois"
    user.save()
    return user


def log_in(page, site, user):
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site.url}/admin/")


def test_write_a_draft_and_preview_it(page, site, centre_editor, axe_check, screenshot):
    log_in(page, site, centre_editor)
    page.goto(f"{site.url}/admin/news/newsitem/add/")
    menu = page.locator(".prose-menubar").first
    menu.locator("[data-name=bold]").wait_for()
    # The editor speaks French: button names and the block menu's choices.
    titles = menu.locator("button[title]").evaluate_all("buttons => buttons.map(b => b.title)")
    assert {"Gras", "Italique", "Liste à puces", "Insérer un lien", "Insérer un tableau", "Annuler"} <= set(titles)
    assert menu.locator(".prose-menubar__picker").evaluate("p => p.textContent") == ("Titre 2Titre 3Titre 4Paragraphe")

    # Text and table from the source document (the 2022 annual report), as an editor would write them.
    page.fill("#id_title_fr", TITLE)
    page.locator(".prose-editor [contenteditable=true]").first.click()
    page.keyboard.type(
        "Depuis 2022, les proches aidants de patients suivis au Centre Léon Bérard bénéficient d’un parcours "
        "spécifique constitué de trois dispositifs."
    )
    page.keyboard.press("Enter")
    menu.locator("[data-name=table]").click()  # a table with a header row, moved through with Tab
    for number, cell in enumerate(TABLE_CELLS, 1):
        page.keyboard.type(cell)
        if number < len(TABLE_CELLS):
            page.keyboard.press("Tab")  # at the third row's end, Tab adds the fourth
    page.fill("#id_change_reason", "Première rédaction")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(re.compile(r"/admin/news/newsitem/\d+/change/$"))
    item = NewsItem.objects.get(title_fr=TITLE)
    assert "<table><tbody><tr><th" in item.body_fr and "Consultation proche aidant" in item.body_fr
    assert item.body_fr.count("<tr>") == 4
    assert [centre.slug for centre in item.centres.all()] == ["centre-leon-berard"]  # filled in for her

    page.goto(site.url + page.get_by_role("link", name="Aperçu").get_attribute("href"))
    banner = page.get_by_role("region", name="Aperçu")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "Aperçu : non public" in text and "Statut : Brouillon." in text
    assert "daté du jour de sa publication" in text
    assert page.locator("main h1").inner_text() == TITLE
    assert page.locator("main table th").all_inner_texts() == ["Dispositif", "Ce qu’il offre", "Depuis"]
    axe_check(page)
    screenshot(page, "preview-banner", full_page=False)
    banner.get_by_role("link", name="Retour au formulaire").click()
    page.wait_for_url(re.compile(rf"/admin/news/newsitem/{item.pk}/change/$"))
    assert_only_local_requests(page, site.url)


def test_change_a_news_item_and_read_its_history(page, site, screenshot):
    # A federation editor: their save of a live item goes live and is a version (a centre editor's is a draft:
    # tests/browser/test_drafts_of_live_items.py).
    editor = make_staff(FEDERATION_EDITOR, username="lea")
    editor.first_name, editor.last_name = "Léa", "Dubois"
    editor.save()
    news = NewsItem.objects.get(slug="centre-leon-berard-cancept-prevention")
    log_in(page, site, editor)
    page.goto(f"{site.url}/admin/news/newsitem/{news.pk}/change/")
    page.locator(".prose-menubar").first.locator("[data-name=bold]").wait_for()
    page.fill("#id_title_fr", "Centre Léon Bérard : CANCEPT, XENAIR et un nouveau parcours pour les proches aidants")
    # A sentence of the source document (the 2022 annual report) the news item had left out.
    page.locator(".prose-editor [contenteditable=true]").first.evaluate(
        """editor => {
            const paragraph = [...editor.querySelectorAll("p")].find(p => p.textContent.includes("sur place."));
            const range = document.createRange();
            range.selectNodeContents(paragraph);
            range.collapse(false);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    page.keyboard.type(" La réflexion repose sur les moyens de retrouver un moment de plaisir et de partage.")
    page.fill("#id_change_reason", "Complété d’après le rapport annuel 2022")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(re.compile(rf"/admin/news/newsitem/{news.pk}/change/$"))

    page.get_by_role("link", name="Historique").click()
    page.wait_for_url(re.compile(rf"/admin/news/newsitem/{news.pk}/history/$"))
    table = page.locator("#change-history")
    headers = table.locator("thead th").all_inner_texts()
    assert [header.strip().lower() for header in headers] == ["date", "par", "action", "motif", "ce qui a changé"]
    rows = table.locator("tbody tr")
    assert rows.count() == 2  # one version for the save, after the one imported from the documents
    latest, imported = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "Léa Dubois" in latest and "Modification" in latest and "Complété d’après le rapport annuel 2022" in latest
    assert "Titre (français)" in latest and "Corps du texte (français)" in latest
    assert "moment de plaisir et de partage" in latest
    assert "Création" in imported and "Importé depuis les documents sources" in imported
    text = table.inner_text()
    for raw in ["<p>", "<strong", "None", "chars]", "pk=", "unpublished", "Changed"]:
        assert raw not in text, raw
    page.set_viewport_size({"width": 1280, "height": 560})
    screenshot(page, "history", full_page=False)


def test_the_news_list_fits_a_1280_px_screen(page, site):
    superuser = make_staff(SUPERUSER, username="claire")
    log_in(page, site, superuser)
    for url in ["/admin/news/newsitem/", "/admin/research/trial/", "/admin/certifications/certification/"]:
        page.goto(f"{site.url}{url}")
        widths = page.evaluate(
            """() => [document.querySelector('#result_list').scrollWidth,
                      document.querySelector('.results').clientWidth,
                      document.documentElement.scrollWidth]"""
        )
        assert widths[0] <= widths[1] and widths[2] <= 1280, (url, widths)
