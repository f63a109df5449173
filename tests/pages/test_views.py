"""Editorial pages: each written in one language, shown as such (marked lang) on the other site."""

import datetime

import pytest
from django.utils import timezone

from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


def make_page(**kwargs) -> EditorialPage:
    defaults = {
        "slug": "page-de-test",
        "language": "fr",
        "title": "Notre charte de test",
        "summary": "Résumé de la charte",
        "body": "<p>Le texte de la charte.</p><script>alert(1)</script>",
        "status": PublicationStatus.PUBLISHED,
        "publish_from": timezone.now() - datetime.timedelta(days=1),
    }
    return EditorialPage.objects.create(**{**defaults, **kwargs})


def test_french_page_on_the_french_site(client):
    page = make_page()
    html = client.get(f"/fr/pages/{page.slug}/").content.decode()
    assert "Notre charte de test" in html and "Le texte de la charte." in html
    assert "(in French)" not in html and "lang-note" not in html
    assert "<script>alert(1)</script>" not in html


def test_french_page_on_the_english_site_is_marked_french(client):
    page = make_page()
    response = client.get(f"/en/pages/{page.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div lang="fr">' in html
    assert "(in French)" in html
    assert "This page is only available in French." in html


def test_english_page_on_the_french_site_is_marked_english(client):
    page = make_page(slug="an-english-page", language="en", title="Our test charter")
    html = client.get(f"/fr/pages/{page.slug}/").content.decode()
    assert '<div lang="en">' in html
    assert 'class="lang-note"' in html


def test_translation_is_linked_both_ways(client):
    french = make_page()
    english = make_page(slug="test-charter", language="en", title="Test charter", translation_of=french)
    assert f'href="/fr/pages/{english.slug}/"' in client.get(f"/fr/pages/{french.slug}/").content.decode()
    assert f'href="/en/pages/{french.slug}/"' in client.get(f"/en/pages/{english.slug}/").content.decode()


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
    page = make_page(**changes)
    assert client.get(f"/fr/pages/{page.slug}/").status_code == 404
    assert client.get(f"/en/pages/{page.slug}/").status_code == 404
    assert page.title not in client.get("/fr/pages/").content.decode()


def test_unknown_page_is_404(client):
    assert client.get("/en/pages/no-such-page/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_page_list_in_both_languages(client, language):
    make_page()
    make_page(slug="english-one", language="en", title="An English page")
    html = client.get(f"/{language}/pages/").content.decode()
    assert "Notre charte de test" in html and "An English page" in html


def test_page_list_query_count(client, django_assert_num_queries):
    for index in range(3):
        make_page(slug=f"page-{index}", title=f"Page {index}")
    # 1. the published pages.
    with django_assert_num_queries(1):
        client.get("/fr/pages/")


def test_page_detail_query_count(client, django_assert_num_queries):
    page = make_page()
    # 1. the page (with its source), 2. its published translation.
    with django_assert_num_queries(2):
        client.get(f"/fr/pages/{page.slug}/")
