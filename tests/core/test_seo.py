"""Sitemap, robots.txt, canonical URLs, hreflang alternates, OpenGraph and JSON-LD."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone

from tests.factories import make_centre, make_news_item, make_trial
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitemap_content():
    return {
        "centre": make_centre(slug="centre-sitemap"),
        "trial": make_trial(slug="essai-publie"),
        "draft_trial": make_trial(slug="essai-brouillon", status=PublicationStatus.DRAFT),
        "news": make_news_item(slug="nouvelle-publiee", title_en="Published news"),
        "future_news": make_news_item(slug="nouvelle-future", publish_from=timezone.now() + datetime.timedelta(days=3)),
        "page": EditorialPage.objects.create(
            slug="page-publiee",
            title_fr="Page",
            title_en="Page",
            status=PublicationStatus.PUBLISHED,
            publish_from=timezone.now() - datetime.timedelta(days=1),
        ),
    }


def test_sitemap_lists_public_pages_in_both_languages(client, sitemap_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    # Each page in each language's own words: /fr/actualites/..., /en/news/...
    for path in (
        "/",
        "/centres/",
        "/certifications/",
        "/certifications/has/",
        "/pages/",
        "/centres/centre-sitemap/",
        "/pages/page-publiee/",
        "/actualites/nouvelle-publiee/",
    ):
        for language in ("fr", "en"):
            address = translate_url(f"/fr{path}", language)
            assert f"<loc>http://testserver{address}</loc>" in xml, f"{address} missing"
    assert "<loc>http://testserver/en/news/nouvelle-publiee/</loc>" in xml
    assert sitemap_content["trial"].get_absolute_url()[3:] in xml
    assert 'hreflang="en" href="http://testserver/en/centres/centre-sitemap/"' in xml
    assert 'hreflang="x-default" href="http://testserver/fr/centres/centre-sitemap/"' in xml
    assert "essai-brouillon" not in xml and "nouvelle-future" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


@pytest.mark.parametrize("path", ["/centres/", "/certifications/has/", "/pages/", "/"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_canonical_hreflang_and_opengraph(client, path, language):
    html = client.get(f"/{language}{path}", {"on": "2024-07-31"} if "certif" in path else {}).content.decode()
    site = settings.SITE_URL
    # Canonical without the query string.
    assert f'<link rel="canonical" href="{site}/{language}{path}">' in html
    for other in ("fr", "en"):
        assert f'<link rel="alternate" hreflang="{other}" href="{site}/{other}{path}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/fr{path}">' in html
    assert f'<meta property="og:url" content="{site}/{language}{path}">' in html
    assert re.search(r'<meta property="og:title" content="[^"]+">', html)
    assert '<meta property="og:locale" content="{}">'.format("fr_FR" if language == "fr" else "en_GB") in html


def test_language_switch_links_to_the_same_page_with_its_query(client):
    html = client.get("/fr/certifications/has/", {"on": "2024-07-31"}).content.decode()
    assert '<a href="/en/certifications/has/?on=2024-07-31" hreflang="en" lang="en">English</a>' in html


def json_ld_blocks(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_centre_json_ld_is_medical_organization(client):
    centre = make_centre(name="Centre </script><script>alert(1)</script>", slug="centre-json")
    html = client.get(f"/fr/centres/{centre.slug}/").content.decode()
    assert "<script>alert(1)" not in html  # escaped inside JSON-LD and in the page
    data = json_ld_blocks(html)[0]
    assert data["@type"] == "MedicalOrganization"
    assert data["name"] == centre.name
    assert data["url"].endswith(f"/fr/centres/{centre.slug}/")


def test_home_json_ld_is_organization(client):
    data = json_ld_blocks(client.get("/en/").content.decode())[0]
    assert data["@type"] == "Organization" and data["name"] == "Unicancer"


def test_unknown_page_has_no_canonical(client):
    html = client.get("/en/no-such-page/").content.decode()
    assert 'rel="canonical"' not in html and '<meta name="robots" content="noindex">' in html
