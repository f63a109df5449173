"""Two real languages: every public page once per language, each naming the other (hreflang) only where its text
exists in it; English addresses in English words; one base URL (SITE_URL) in every address the site gives out."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from research.models import Trial
from tests.factories import make_centre, make_news_item, make_site, make_source
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def french_paths() -> list[str]:
    """One French address of every public page type, from the demo content."""
    trial = Trial.objects.published().trials().first()
    programme = Trial.objects.published().programmes().first()
    news = NewsItem.objects.published().first()
    page = EditorialPage.objects.published().first()
    with translation.override("fr"):
        return [
            reverse("home"),
            reverse("centres:centre_list"),
            make_site(make_centre(slug="centre-bilingue"), city="Rennes").centre.get_absolute_url(),
            reverse("certifications:overview"),
            reverse("certifications:scheme_detail", kwargs={"scheme": "has"}),
            reverse("research:trial_list"),
            trial.get_absolute_url(),
            reverse("research:programme_list"),
            programme.get_absolute_url(),
            reverse("research:figures"),
            reverse("news:newsitem_list"),
            reverse("news:press_room"),
            news.get_absolute_url(),
            reverse("pages:page_list"),
            page.get_absolute_url(),
            reverse("search"),
        ]


def head_links(html: str) -> dict:
    """The page's canonical URL and its hreflang alternates ({"fr": url, "en": url, "x-default": url})."""
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    html_lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    return {"canonical": canonical, "alternates": alternates, "lang": html_lang}


def local(url: str) -> str:
    assert url.startswith(settings.SITE_URL), url
    return url[len(settings.SITE_URL) :]


def test_the_hreflang_pairs_of_every_page_type_point_at_each_other(client):
    for french_path in french_paths():
        french = client.get(french_path)
        assert french.status_code == 200, french_path
        fr = head_links(french.content.decode())
        assert fr["lang"] == "fr"
        assert fr["canonical"] == f"{settings.SITE_URL}{french_path}"
        assert set(fr["alternates"]) == {"fr", "en", "x-default"}, french_path
        assert fr["alternates"]["fr"] == fr["canonical"] == fr["alternates"]["x-default"]
        english_path = local(fr["alternates"]["en"])
        assert english_path.startswith("/en/")
        english = client.get(english_path)
        assert english.status_code == 200, english_path
        en = head_links(english.content.decode())
        assert en["lang"] == "en"
        assert en["canonical"] == fr["alternates"]["en"], english_path
        # The English page names the same pair, and the same x-default: the French page.
        assert en["alternates"] == fr["alternates"], english_path


def test_english_addresses_use_english_words(client):
    news = NewsItem.objects.published().exclude(title_en="").first()
    page = EditorialPage.objects.published().exclude(title_en="").first()
    with translation.override("en"):
        assert reverse("news:newsitem_list") == "/en/news/"
        assert reverse("news:press_room") == "/en/news/press/"
        assert reverse("research:trial_list") == "/en/research/trials/"
        assert reverse("research:figures") == "/en/research/key-figures/"
        assert reverse("search") == "/en/search/"
        assert news.get_absolute_url() == f"/en/news/{news.slug_en}/"
        assert page.get_absolute_url() == f"/en/pages/{page.slug_en}/"
    # The demo's English slugs come from their English titles.
    assert NewsItem.objects.get(slug="recherche-clinique-reseau-unicancer-certifiee-iso-9001").slug_en == (
        "all-the-clinical-research-of-the-unicancer-network-certified-iso-9001"
    )
    with translation.override("fr"):
        assert reverse("news:newsitem_list") == "/fr/actualites/"
        assert reverse("research:trial_list") == "/fr/recherche/essais/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/actualites/", "/en/news/"),
        ("/en/actualites/presse/", "/en/news/press/"),
        ("/en/actualites/flux/rss/", "/en/news/feed/rss/"),
        ("/en/recherche/essais/?status=recruiting&page=2", "/en/research/trials/?status=recruiting&page=2"),
        ("/en/recherche/chiffres-cles/", "/en/research/key-figures/"),
        ("/en/recherche-globale/?q=sein", "/en/search/?q=sein"),
        ("/fr/news/", "/fr/actualites/"),
    ],
)
def test_an_address_in_the_other_languages_words_redirects_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_an_unknown_address_stays_a_404(client):
    assert client.get("/en/pages/no-such-page/").status_code == 404
    assert client.get("/en/no-such-words/").status_code == 404


def test_an_item_under_its_other_languages_slug_redirects_to_its_own_address(client):
    item = NewsItem.objects.published().exclude(title_en="").first()
    assert item.slug != item.slug_en
    response = client.get(f"/en/news/{item.slug}/")
    assert response.status_code == 301 and response["Location"] == f"/en/news/{item.slug_en}/"
    response = client.get(f"/en/actualites/{item.slug}/", follow=True)
    # The whole old English address (French words and slug): one redirect, to English words and slug.
    assert response.redirect_chain == [(f"/en/news/{item.slug_en}/", 301)]
    assert response.status_code == 200
    # The query string goes along; an address that is already the object's own takes no detour.
    response = client.get(f"/en/actualites/{item.slug}/", {"utm": "x"})
    assert response["Location"] == f"/en/news/{item.slug_en}/?utm=x"
    assert client.get(f"/en/actualites/{item.slug_en}/")["Location"] == f"/en/news/{item.slug_en}/"


def test_an_old_english_address_with_a_former_slug_takes_one_redirect(client):
    item = NewsItem.objects.published().exclude(title_en="").first()
    former = item.slug
    item.slug = f"{former}-renamed"
    item.save()
    response = client.get(f"/en/actualites/{former}/", follow=True)
    assert response.redirect_chain == [(f"/en/news/{item.slug_en}/", 301)]
    assert response.status_code == 200


def test_a_french_page_address_with_the_english_slug_redirects_to_the_french_address(client):
    page = EditorialPage.objects.published().exclude(title_en="").first()
    response = client.get(f"/fr/pages/{page.slug_en}/")
    assert response.status_code == 301
    assert response["Location"] == f"/fr/pages/{page.slug}/"


def test_the_french_page_list_lists_each_text_once(client):
    html = client.get("/fr/pages/").content.decode()
    for page in EditorialPage.objects.published():
        assert html.count(f'href="/fr/pages/{page.slug}/"') == 1
        assert f"/pages/{page.slug_en}/" not in html or page.slug_en == page.slug


@pytest.fixture
def untranslated_item():
    return make_news_item(
        slug="seulement-en-francais", title_fr="Seulement en français", body_fr="<p>Texte français.</p>"
    )


def test_an_untranslated_text_is_shown_under_en_in_french_without_a_false_hreflang(client, untranslated_item):
    english = client.get("/en/news/seulement-en-francais/")
    assert english.status_code == 200
    html = english.content.decode()
    links = head_links(html)
    assert links["lang"] == "en"
    french_url = f"{settings.SITE_URL}/fr/actualites/seulement-en-francais/"
    # The English page shows the French text: its canonical is the French page, and it names no English version.
    assert links["canonical"] == french_url
    assert links["alternates"] == {"fr": french_url, "x-default": french_url}
    assert re.search(r'<h1 lang="fr">Seulement en français', html)
    french = head_links(client.get("/fr/actualites/seulement-en-francais/").content.decode())
    assert french["alternates"] == {"fr": french_url, "x-default": french_url}


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Each <loc> of the sitemap with its alternates ({hreflang: href})."""
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - the site's own answer
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_the_sitemap_lists_only_real_alternates(client, untranslated_item):
    entries = sitemap_entries(client)
    site = settings.SITE_URL
    french_url = f"{site}/fr/actualites/seulement-en-francais/"
    assert entries[french_url] == {"fr": french_url, "x-default": french_url}
    assert not [loc for loc in entries if "seulement-en-francais" in loc and loc != french_url]
    # A translated item: both addresses, each with the pair and the French x-default.
    item = NewsItem.objects.get(slug="recherche-clinique-reseau-unicancer-certifiee-iso-9001")
    pair = {
        "fr": f"{site}/fr/actualites/{item.slug}/",
        "en": f"{site}/en/news/{item.slug_en}/",
        "x-default": f"{site}/fr/actualites/{item.slug}/",
    }
    assert entries[pair["fr"]] == pair and entries[pair["en"]] == pair
    # Every x-default is the French page, never the unprefixed address.
    assert all(alternates.get("x-default", "").startswith(f"{site}/fr/") for alternates in entries.values())


def test_the_sitemap_lists_each_editorial_text_once_per_real_language(client):
    entries = sitemap_entries(client)
    for page in EditorialPage.objects.published():
        listed = [loc for loc in entries if loc.endswith((f"/pages/{page.slug}/", f"/pages/{page.slug_en}/"))]
        assert len(listed) == len(page.available_languages()), page.slug


def test_dates_on_english_pages_are_written_the_english_way(client):
    source = make_source(title="Dated document", date=datetime.date(2024, 7, 31))
    item = make_news_item(
        slug="dated-item", title_fr="Daté", title_en="Dated", body_en="<p>Text.</p>", body_fr="<p>Texte.</p>"
    )
    item.source = source
    item.save()
    english = client.get(f"/en/news/{item.slug_en}/").content.decode()
    french = client.get(f"/fr/actualites/{item.slug}/").content.decode()
    # The item's date and its source's citation, both in the page's language.
    assert "July 31, 2024" in english and "(July 31, 2024)" in english
    assert "31 juillet 2024" in french and "(31 juillet 2024)" in french
    for text in (english, french):
        assert "07/31/2024" not in text and "31/07/2024" not in text


def test_region_names_are_translated(client):
    make_site(make_centre(slug="centre-outre-mer"), city="Papeete", region="outre-mer")
    english = client.get("/en/centres/").content.decode()
    french = client.get("/fr/centres/").content.decode()
    assert "<h3>Overseas France</h3>" in english and "Outre-mer" not in english
    assert "<h3>Outre-mer</h3>" in french


OTHER_SITE = "https://www.unicancer.example"


@override_settings(SITE_URL=OTHER_SITE)
def test_every_address_the_site_gives_out_is_under_site_url(client):
    item = NewsItem.objects.get(slug="recherche-clinique-reseau-unicancer-certifiee-iso-9001")
    # Pages: canonical, hreflang, og:url, JSON-LD.
    html = client.get(f"/en/news/{item.slug_en}/").content.decode()
    links = head_links(html)
    assert links["canonical"] == f"{OTHER_SITE}/en/news/{item.slug_en}/"
    assert set(links["alternates"].values()) == {
        f"{OTHER_SITE}/fr/actualites/{item.slug}/",
        f"{OTHER_SITE}/en/news/{item.slug_en}/",
    }
    assert f'<meta property="og:url" content="{OTHER_SITE}/en/news/{item.slug_en}/">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(blocks[0])["url"] == f"{OTHER_SITE}/en/news/{item.slug_en}/"
    home = client.get("/fr/").content.decode()
    home_ld = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)[0])
    assert home_ld["url"] == f"{OTHER_SITE}/fr/"
    assert all(member["url"].startswith(f"{OTHER_SITE}/fr/centres/") for member in home_ld["member"])
    # Sitemap and robots.txt.
    entries = sitemap_entries(client)
    assert entries and all(loc.startswith(f"{OTHER_SITE}/") for loc in entries)
    assert all(href.startswith(f"{OTHER_SITE}/") for alternates in entries.values() for href in alternates.values())
    assert f"Sitemap: {OTHER_SITE}/sitemap.xml" in client.get("/robots.txt").content.decode()
    # Feeds: the channel, its own address and every item.
    rss = ET.fromstring(client.get("/en/news/feed/rss/").content)  # noqa: S314 - the site's own answer
    channel = rss.find("channel")
    assert channel.findtext("link") == f"{OTHER_SITE}/en/news/"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == f"{OTHER_SITE}/en/news/feed/rss/"
    assert all(link.text.startswith(f"{OTHER_SITE}/en/news/") for link in channel.iter("link") if link.text)
    atom = client.get("/fr/actualites/flux/atom/").content.decode()
    assert f'href="{OTHER_SITE}/fr/actualites/flux/atom/"' in atom
    assert "testserver" not in atom
    # The API: every object's url, and the next page's link (page numbers and cursor).
    listing = client.get("/api/v1/news/", {"lang": "en", "page_size": 1}).json()
    assert listing["next"].startswith(f"{OTHER_SITE}/api/v1/news/?")
    assert listing["results"][0]["url"].startswith(f"{OTHER_SITE}/en/news/")
    sync = client.get("/api/v1/news/sync/", {"page_size": 1}).json()
    assert sync["next"].startswith(f"{OTHER_SITE}/api/v1/news/sync/?")
    centre = client.get("/api/v1/centres/", {"lang": "fr"}).json()["results"][0]
    assert centre["url"].startswith(f"{OTHER_SITE}/fr/centres/")
    # Nowhere the test client's host.
    for path in ("/fr/", f"/en/news/{item.slug_en}/", "/sitemap.xml", "/en/news/feed/rss/", "/api/v1/trials/"):
        assert "testserver" not in client.get(path).content.decode(), path


def test_a_page_published_later_is_not_in_the_sitemap_in_any_language(client):
    make_news_item(slug="plus-tard", title_en="Later", publish_from=timezone.now() + datetime.timedelta(days=2))
    assert not [loc for loc in sitemap_entries(client) if "plus-tard" in loc]
