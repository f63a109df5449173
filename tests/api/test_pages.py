import datetime

import pytest

from tests.factories import make_page, make_source
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

from .conftest import FROZEN_AT, FROZEN_AT_JSON, slugs

pytestmark = pytest.mark.django_db
PUBLISHED = {"status": PublicationStatus.PUBLISHED, "publish_from": FROZEN_AT - datetime.timedelta(days=1)}


@pytest.fixture
def charter(frozen):
    # The role is the demo charter's: this page takes it.
    EditorialPage.objects.filter(role=EditorialPage.Role.CHARTER).update(role="")
    with frozen:
        source = make_source(title="Charte API", date=datetime.date(2024, 9, 1))
        return make_page(
            slug="api-charte",
            role=EditorialPage.Role.CHARTER,
            title_fr="Charte de test",
            title_en="Test charter",
            summary_fr="La charte.",
            body_fr="<p>Texte</p><script>alert(1)</script>",
            body_en="<p>Text</p><script>alert(1)</script>",
            source=source,
            **PUBLISHED,
        )


def expected(page, lang="fr"):
    return {
        "id": page.pk,
        "slug": "api-charte",
        "role": "charter",
        "title": "Test charter" if lang == "en" else "Charte de test",
        # No English summary: the French one.
        "summary": "La charte.",
        "body": "<p>Text</p>" if lang == "en" else "<p>Texte</p>",
        # The public page under the language asked for.
        "url": f"http://testserver/{lang}/pages/api-charte/",
        "source": {
            "title": "Charte API",
            "kind": "press_release",
            "document": "",
            "date": "2024-09-01",
            "date_precision": "day",
            "url": "",
        },
        "publication_status": "published",
        "publish_from": "2025-02-28T10:30:00+01:00",
        "publish_until": None,
        "updated": FROZEN_AT_JSON,
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_detail_whole_payload(api, charter, lang):
    response = api.get("/api/v1/pages/api-charte/", {"lang": lang})
    assert response.status_code == 200
    assert response.json() == expected(charter, lang)


def test_language_from_accept_language(api, charter):
    response = api.get("/api/v1/pages/api-charte/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.json() == expected(charter, "en")


def test_each_page_listed_once(api, charter):
    response = api.get("/api/v1/pages/", {"lang": "en", "page_size": 100})
    assert slugs(response).count("api-charte") == 1
    assert next(page for page in response.json()["results"] if page["slug"] == "api-charte") == expected(charter, "en")


def test_role_filter_and_search_in_both_languages(api, charter):
    make_page(slug="api-autre", title_fr="Autre page de test", **PUBLISHED)
    assert slugs(api.get("/api/v1/pages/", {"role": "charter"})) == ["api-charte"]
    assert "api-autre" not in slugs(api.get("/api/v1/pages/", {"role": "charter"}))
    assert slugs(api.get("/api/v1/pages/", {"search": "charte de test"})) == ["api-charte"]
    assert slugs(api.get("/api/v1/pages/", {"search": "test charter"})) == ["api-charte"]
    response = api.get("/api/v1/pages/", {"role": "menu"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]
    # The language filter is gone (every page is in both languages): like any unknown parameter, it is ignored.
    assert {"api-charte", "api-autre"} <= set(slugs(api.get("/api/v1/pages/", {"language": "en", "page_size": 100})))


def test_unpublished_page_is_not_listed(api, charter):
    EditorialPage.objects.filter(pk=charter.pk).update(status=PublicationStatus.DRAFT)
    assert api.get("/api/v1/pages/api-charte/").status_code == 404
    assert "api-charte" not in slugs(api.get("/api/v1/pages/", {"page_size": 100}))


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    source = make_source()
    for n in range(count):
        make_page(
            slug=f"api-qc-{count}-{n}",
            title_fr=f"Querycount {n}",
            title_en=f"Querycount EN {n}",
            source=source,
            **PUBLISHED,
        )
    # 1 count, 2 pages with their source, 3 the latest `updated`.
    with django_assert_num_queries(3):
        response = api.get("/api/v1/pages/", {"search": "querycount", "page_size": 100})
    assert len(response.json()["results"]) == count


def test_detail_query_count(api, charter, django_assert_num_queries):
    # 1 the page with its source, 2 the latest change (Last-Modified).
    with django_assert_num_queries(2):
        assert api.get("/api/v1/pages/api-charte/").status_code == 200
