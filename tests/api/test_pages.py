import datetime

import pytest

from tests.factories import make_source
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

from .conftest import FROZEN_AT, FROZEN_AT_JSON, slugs

pytestmark = pytest.mark.django_db
PUBLISHED = {"status": PublicationStatus.PUBLISHED, "publish_from": FROZEN_AT - datetime.timedelta(days=1)}


@pytest.fixture
def charter(frozen):
    with frozen:
        source = make_source(title="Charte API", date=datetime.date(2024, 9, 1))
        french = EditorialPage.objects.create(
            slug="api-charte",
            language="fr",
            title="Charte de test",
            summary="La charte.",
            body="<p>Texte</p><script>alert(1)</script>",
            source=source,
            **PUBLISHED,
        )
        english = EditorialPage.objects.create(
            slug="api-charter", language="en", title="Test charter", translation_of=french, **PUBLISHED
        )
    return french, english


def test_detail_whole_payload(api, charter):
    french, _english = charter
    response = api.get("/api/v1/pages/api-charte/", {"lang": "en"})
    assert response.status_code == 200
    assert response.json() == {
        "id": french.pk,
        "slug": "api-charte",
        "language": "fr",
        "title": "Charte de test",
        "summary": "La charte.",
        "body": "<p>Texte</p>",
        "translation": "api-charter",
        # A page is written in one language: its URL is under it, whatever was asked for.
        "url": "http://testserver/fr/pages/api-charte/",
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


def test_translation_either_way_and_only_when_published(api, charter):
    french, english = charter
    assert api.get("/api/v1/pages/api-charter/").json()["translation"] == "api-charte"
    EditorialPage.objects.filter(pk=english.pk).update(status=PublicationStatus.DRAFT)
    assert api.get("/api/v1/pages/api-charte/").json()["translation"] is None


def test_language_filter_and_search(api, charter):
    assert "api-charter" in slugs(api.get("/api/v1/pages/", {"language": "en", "page_size": 100}))
    assert "api-charte" not in slugs(api.get("/api/v1/pages/", {"language": "en", "page_size": 100}))
    assert slugs(api.get("/api/v1/pages/", {"search": "charte de test"})) == ["api-charte"]
    response = api.get("/api/v1/pages/", {"language": "de"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["language"]


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    source = make_source()
    for n in range(count):
        original = EditorialPage.objects.create(
            slug=f"api-qc-{count}-{n}", title=f"Querycount {n}", source=source, **PUBLISHED
        )
        EditorialPage.objects.create(
            slug=f"api-qc-{count}-{n}-en",
            language="en",
            title=f"Querycount EN {n}",
            translation_of=original,
            **PUBLISHED,
        )
    # 1 count, 2 pages with source and translated page, 3 published translations, 4 the latest `updated`.
    with django_assert_num_queries(4):
        response = api.get("/api/v1/pages/", {"search": "querycount", "page_size": 100})
    assert len(response.json()["results"]) == 2 * count


def test_detail_query_count(api, charter, django_assert_num_queries):
    # 1 the page with source and translated page, 2 its published translations.
    with django_assert_num_queries(2):
        assert api.get("/api/v1/pages/api-charte/").status_code == 200
