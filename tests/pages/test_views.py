"""Editorial pages: one page in both languages, the French text (marked lang="fr") where the English is missing."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import make_page
from unicancer_site.core.models import FormerSlug
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


def charter_page(**kwargs) -> EditorialPage:
    defaults = {
        "slug": "page-de-test",
        "title_fr": "Notre charte de test",
        "summary_fr": "Résumé de la charte",
        "body_fr": "<p>Le texte de la charte.</p><script>alert(1)</script>",
    }
    return make_page(**{**defaults, **kwargs})


TRANSLATED = {
    "title_en": "Our test charter",
    "summary_en": "The charter's summary",
    "body_en": "<p>The charter's text.</p>",
}


def test_french_page_on_the_french_site(client):
    page = charter_page(**TRANSLATED)
    html = client.get(f"/fr/pages/{page.slug}/").content.decode()
    assert "Notre charte de test" in html and "Le texte de la charte." in html
    assert "Our test charter" not in html and "The charter's text." not in html
    assert "(in French)" not in html and "lang-note" not in html
    assert "<script>alert(1)</script>" not in html


def test_english_text_on_the_english_site(client):
    page = charter_page(**TRANSLATED)
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    assert '<h1 lang="en">Our test charter</h1>' in html
    assert '<p class="lead" lang="en">The charter&#x27;s summary</p>' in html
    assert '<div lang="en"><p>The charter\'s text.</p></div>' in html
    assert "Notre charte de test" not in html
    assert 'class="lang-note"' not in html and "only available in French" not in html


def test_untranslated_page_on_the_english_site_is_marked_french(client):
    page = charter_page()
    response = client.get(f"/en/pages/{page.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div lang="fr">' in html
    assert '<h1 lang="fr">Notre charte de test' in html
    assert "(in French)" in html
    assert "This page is only available in French." in html


def test_each_field_falls_back_on_its_own(client):
    page = charter_page(title_en="Our test charter")
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    assert '<h1 lang="en">Our test charter</h1>' in html
    assert '<div lang="fr"><p>Le texte de la charte.</p></div>' in html
    assert '<p class="lead" lang="fr">Résumé de la charte</p>' in html
    # The body is the page: in French, the page says so.
    assert "This page is only available in French." in html


def test_hreflang_alternates_point_to_both_languages(client):
    page = charter_page(**TRANSLATED)
    for language in ("fr", "en"):
        html = client.get(f"/{language}/pages/{page.slug}/").content.decode()
        # Absolute URLs are built on SITE_URL.
        for hreflang, path in (("fr", "fr"), ("en", "en"), ("x-default", "fr")):
            url = f"{settings.SITE_URL}/{path}/pages/{page.slug}/"
            assert f'<link rel="alternate" hreflang="{hreflang}" href="{url}">' in html
        # The language switch leads to the same page in the other language.
        other = "en" if language == "fr" else "fr"
        assert f'href="/{other}/pages/{page.slug}/" hreflang="{other}"' in html


@pytest.mark.parametrize(
    "changes",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.IN_REVIEW},
        {"status": PublicationStatus.UNPUBLISHED},
        {"publish_from": timezone.now() + datetime.timedelta(days=1)},
        {
            "publish_until": timezone.now() - datetime.timedelta(hours=1),
            "publish_from": timezone.now() - datetime.timedelta(days=2),
        },
    ],
)
def test_unpublished_pages_are_404(client, changes):
    page = charter_page(**changes)
    assert client.get(f"/fr/pages/{page.slug}/").status_code == 404
    assert client.get(f"/en/pages/{page.slug}/").status_code == 404
    assert page.title_fr not in client.get("/fr/pages/").content.decode()


def test_unknown_page_is_404(client):
    assert client.get("/en/pages/no-such-page/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_page_list_shows_each_page_once_in_the_visitors_language(client, language):
    charter_page(**TRANSLATED)
    make_page(slug="francais-seulement", title_fr="Une page en français seulement")
    html = client.get(f"/{language}/pages/").content.decode()
    assert html.count(f'href="/{language}/pages/page-de-test/"') == 1
    assert html.count(f'href="/{language}/pages/francais-seulement/"') == 1
    if language == "fr":
        assert "Notre charte de test" in html and "Our test charter" not in html
        assert "lang-note" not in html
    else:
        assert '<a href="/en/pages/page-de-test/" lang="en">Our test charter</a>' in html
        assert "Notre charte de test" not in html
        # The untranslated page is shown in French, marked so.
        assert (
            '<a href="/en/pages/francais-seulement/" lang="fr">Une page en français seulement</a>'
            ' <span class="lang-note" lang="en">(in French)</span>'
        ) in html


def test_page_list_speaks_french_on_the_french_site(client):
    html = client.get("/fr/pages/").content.decode()
    assert "Les textes de référence de la fédération, en français et en anglais" in html


def test_page_list_is_ordered_by_the_title_the_visitor_reads(client):
    EditorialPage.objects.all().delete()
    make_page(slug="b", title_fr="B en français", title_en="Z in English")
    make_page(slug="a", title_fr="A en français")
    make_page(slug="c", title_fr="C en français", title_en="M in English")
    with_slugs = {"fr": ["a", "b", "c"], "en": ["a", "c", "b"]}
    for language, slugs in with_slugs.items():
        html = client.get(f"/{language}/pages/").content.decode()
        positions = [html.index(f'href="/{language}/pages/{slug}/"') for slug in slugs]
        assert positions == sorted(positions), language


def test_sitemap_lists_each_page_once_per_language(client):
    page = charter_page(**TRANSLATED)
    xml = client.get("/sitemap.xml").content.decode()
    for language in ("fr", "en"):
        assert xml.count(f"<loc>http://testserver/{language}/pages/{page.slug}/</loc>") == 1
    assert f'hreflang="en" href="http://testserver/en/pages/{page.slug}/"' in xml
    assert f'hreflang="fr" href="http://testserver/fr/pages/{page.slug}/"' in xml


def test_page_list_query_count(client, django_assert_num_queries):
    for index in range(3):
        make_page(slug=f"page-{index}", title_fr=f"Page {index}")
    # 1. the published pages.
    with django_assert_num_queries(1):
        client.get("/en/pages/")


def test_page_detail_query_count(client, django_assert_num_queries):
    page = charter_page(**TRANSLATED)
    # 1. the page with its source (both languages are in the row).
    with django_assert_num_queries(1):
        client.get(f"/en/pages/{page.slug}/")


def test_a_former_address_redirects_to_the_page_in_each_language(client):
    page = EditorialPage.objects.create(
        slug="la-charte",
        title_fr="La charte",
        title_en="The charter",
        status=PublicationStatus.PUBLISHED,
        publish_from=timezone.now() - datetime.timedelta(days=1),
    )
    FormerSlug.objects.create(target=page, slug="the-charter")
    for language in ("fr", "en"):
        response = client.get(f"/{language}/pages/the-charter/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/pages/la-charte/"
    assert client.get("/fr/pages/no-such-page/").status_code == 404
