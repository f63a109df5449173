import datetime
from decimal import Decimal

import pytest

from tests.factories import make_source
from unicancer_site.keyfigures.models import KeyFigure

from .conftest import FROZEN_AT_JSON, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure(frozen):
    with frozen:
        source = make_source(title="Rapport annuel API", date=datetime.date(2023, 6, 1), document="rapport.pdf")
        return KeyFigure.objects.create(
            topic=KeyFigure.Topic.RESEARCH,
            label_fr="essais cliniques en cours (API)",
            label_en="ongoing clinical trials (API)",
            value=Decimal("109.00"),
            year=2022,
            position=3,
            source=source,
        )


def expected(figure, lang="fr", label="essais cliniques en cours (API)"):
    return {
        "id": figure.pk,
        "topic": "research",
        "label": label,
        "value": 109.0,
        "unit": "",
        "year": 2022,
        "position": 3,
        "url": f"http://testserver/{lang}/{'research/key-figures' if lang == 'en' else 'recherche/chiffres-cles'}/",
        "source": {
            "title": "Rapport annuel API",
            "kind": "press_release",
            "document": "rapport.pdf",
            "date": "2023-06-01",
            "date_precision": "day",
            "url": "",
        },
        "updated": FROZEN_AT_JSON,
    }


def test_detail_whole_payload(api, figure):
    assert api.get(f"/api/v1/key-figures/{figure.pk}/").json() == expected(figure)


def test_list_in_english(api, figure):
    response = api.get("/api/v1/key-figures/", {"search": "clinical trials (API)", "lang": "en"})
    assert response.json()["results"] == [expected(figure, lang="en", label="ongoing clinical trials (API)")]


def test_filters(api, figure):
    other = KeyFigure.objects.create(
        topic=KeyFigure.Topic.NETWORK, label_fr="centres (API)", value=20, year=2024, source=figure.source
    )
    mine = {"search": "(API)", "page_size": 100}
    assert ids(api.get("/api/v1/key-figures/", {**mine, "topic": "network"})) == [other.pk]
    assert ids(api.get("/api/v1/key-figures/", {**mine, "year": 2022})) == [figure.pk]
    assert api.get("/api/v1/key-figures/", {"year": "last"}).status_code == 400


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    source = make_source()
    for n in range(count):
        KeyFigure.objects.create(
            topic=KeyFigure.Topic.CARE, label_fr=f"Querycount {n}", value=n, year=2020, source=source
        )
    # 1 count, 2 figures with their source, 3 the latest `updated`.
    with django_assert_num_queries(3):
        response = api.get("/api/v1/key-figures/", {"search": "querycount", "page_size": 100})
    assert len(response.json()["results"]) == count


def test_detail_query_count(api, figure, django_assert_num_queries):
    with django_assert_num_queries(2):  # the figure with its source, the latest change (Last-Modified)
        assert api.get(f"/api/v1/key-figures/{figure.pk}/").status_code == 200
