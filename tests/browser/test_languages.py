"""Two languages in a real browser: the hreflang links of every page type lead to each other, and each page
declares its language (``<html lang>``, and ``lang="fr"`` on French text shown on an English page)."""

import pytest
from django.urls import reverse
from django.utils import translation

from research.models import Trial
from tests.factories import make_news_item
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

from .conftest import assert_only_local_requests

pytestmark = pytest.mark.browser


def french_paths() -> list[str]:
    """One French address of every public page type (the demo content's first published objects)."""
    with translation.override("fr"):
        return [
            reverse("home"),
            reverse("centres:centre_list"),
            reverse("centres:centre_detail", kwargs={"slug": "centre-leon-berard"}),
            reverse("certifications:overview"),
            reverse("certifications:scheme_detail", kwargs={"scheme": "has"}),
            reverse("research:trial_list"),
            Trial.objects.published().trials().first().get_absolute_url(),
            reverse("research:programme_list"),
            Trial.objects.published().programmes().first().get_absolute_url(),
            reverse("research:figures"),
            reverse("news:newsitem_list"),
            reverse("news:press_room"),
            NewsItem.objects.published().exclude(title_en="").first().get_absolute_url(),
            reverse("pages:page_list"),
            EditorialPage.objects.published().exclude(title_en="").first().get_absolute_url(),
            reverse("search"),
        ]


def alternates(page) -> dict[str, str]:
    """The page's ``<link rel="alternate" hreflang>`` as {hreflang: href}, read in the browser's DOM."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('link[rel="alternate"][hreflang]')]
                .map(link => [link.hreflang, link.href]))"""
    )


def test_hreflang_links_of_every_page_type_lead_to_each_other(page, site, settings):
    # The pages name themselves under SITE_URL: here, the live server.
    settings.SITE_URL = site.url
    for french_path in french_paths():
        page.goto(f"{site.url}{french_path}")
        assert page.locator("html").get_attribute("lang") == "fr", french_path
        french = alternates(page)
        assert french.keys() == {"fr", "en", "x-default"}, french_path
        assert french["fr"] == french["x-default"] == f"{site.url}{french_path}"
        assert page.locator('link[rel="canonical"]').get_attribute("href") == french["fr"]

        response = page.goto(french["en"])
        assert response.status == 200 and page.url == french["en"], french["en"]
        assert page.locator("html").get_attribute("lang") == "en", french["en"]
        assert alternates(page) == french, french["en"]
        assert page.locator('link[rel="canonical"]').get_attribute("href") == french["en"]

        response = page.goto(alternates(page)["fr"])
        assert response.status == 200 and page.url == french["fr"]
    assert_only_local_requests(page, site.url)


def test_an_untranslated_text_on_the_english_site_is_marked_french(page, site, settings):
    settings.SITE_URL = site.url
    make_news_item(slug="seulement-en-francais", title_fr="Seulement en français", body_fr="<p>Texte.</p>")
    page.goto(f"{site.url}/en/news/seulement-en-francais/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").get_attribute("lang") == "fr"
    french_url = f"{site.url}/fr/actualites/seulement-en-francais/"
    # No English alternate: the English page is the French text, and says the French page is the one to index.
    assert alternates(page) == {"fr": french_url, "x-default": french_url}
    assert page.locator('link[rel="canonical"]').get_attribute("href") == french_url
    # The language switch still leads to the French page.
    page.locator(".lang-switch").get_by_role("link", name="Français").click()
    page.wait_for_url(french_url)
    assert page.locator("html").get_attribute("lang") == "fr"
