import csv
import datetime
import io
from decimal import Decimal

import pytest

from certifications.models import ChapterScore, Decision, Scheme
from tests.factories import make_centre, make_certification, make_source

from .conftest import FROZEN_AT_JSON, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def has_decision(frozen):
    with frozen:
        centre = make_centre(slug="api-cert-centre", name="Centre certifié API")
        source = make_source(title="Décision HAS API", date=datetime.date(2023, 6, 1), url="https://has.example/d")
        certification = make_certification(
            centre=centre,
            scheme=Scheme.HAS,
            referential="V2020",
            decision=Decision.CERTIFIED_WITH_MENTION,
            visit_date=datetime.date(2023, 3, 10),
            decision_date=datetime.date(2023, 6, 1),
            iteration=5,
            global_score=Decimal("95.20"),
            certifying_body="HAS",
            scope_fr="Établissement",
            scope_en="Establishment",
            notes_fr="Note.",
            source=source,
        )
        ChapterScore.objects.create(certification=certification, chapter=2, score=Decimal("93.1"))
        ChapterScore.objects.create(certification=certification, chapter=1, score=Decimal("97.5"))
    return certification


RULE_SOURCE_TITLE = (
    "Certification « Haute qualité des soins »\u00a0: 5 Centres du Réseau Unicancer obtiennent le plus haut niveau "
    "de certification délivré par la HAS en 2023 et 2024"
)


def expected(certification, lang="fr"):
    return {
        "id": certification.pk,
        "scheme": "has",
        "referential": "V2020",
        "scope": "Établissement" if lang == "fr" else "Establishment",
        "designation": "",
        "holder": "centre",
        "holder_name": "Centre certifié API",
        "centre": {
            "slug": "api-cert-centre",
            "name": "Centre certifié API",
            "url": f"http://testserver/{lang}/centres/api-cert-centre/",
        },
        "decision": "certified_with_mention",
        "visit_date": "2023-03-10",
        "decision_date": "2023-06-01",
        "in_force_on": None,
        "confirmed_on": None,
        "confirmed_by": None,
        # Derived from the scheme's rule (the demo content's press release of 22 August 2024), with its source.
        "valid_until": "2027-06-01",
        "validity_years": 4,
        "validity_rule": {
            "scheme": "has",
            "referential": "V2020",
            "years": 4,
            "source": {
                "title": RULE_SOURCE_TITLE,
                "kind": "press_release",
                "document": "000_53166c81b1a79165.txt",
                "date": "2024-08-22",
                "date_precision": "day",
                "url": "",
            },
        },
        "standing": "in_force",
        "iteration": 5,
        "global_score": 95.2,
        "chapter_scores": [{"chapter": 1, "score": 97.5}, {"chapter": 2, "score": 93.1}],
        "certifying_body": "HAS",
        "appeal_pending": False,
        "notes": "Note.",
        "url": f"http://testserver/{lang}/certifications/has/",
        "source": {
            "title": "Décision HAS API",
            "kind": "press_release",
            "document": "",
            "date": "2023-06-01",
            "date_precision": "day",
            "url": "https://has.example/d",
        },
        "updated": FROZEN_AT_JSON,
    }


def test_detail_whole_payload(api, has_decision, frozen):
    with frozen:  # "standing" is where the decision stands today
        response = api.get(f"/api/v1/certifications/{has_decision.pk}/")
    assert response.status_code == 200
    assert response.json() == expected(has_decision)


def test_list_whole_payload_in_english(api, has_decision, frozen):
    with frozen:
        response = api.get("/api/v1/certifications/", {"centre": "api-cert-centre", "lang": "en"})
    assert response.json()["results"] == [expected(has_decision, lang="en")]


def test_filters(api, has_decision):
    iso = make_certification(
        centre=has_decision.centre,
        scheme=Scheme.ISO_9001,
        decision=Decision.CERTIFIED,
        decision_date=datetime.date(2022, 1, 10),
        valid_until=datetime.date(2025, 1, 10),
    )
    mine = {"centre": "api-cert-centre", "page_size": 100}
    assert ids(api.get("/api/v1/certifications/", {**mine, "scheme": "iso_9001"})) == [iso.pk]
    assert ids(api.get("/api/v1/certifications/", {**mine, "decision": "certified_with_mention"})) == [has_decision.pk]
    # On 1 July 2024 both hold; on 1 July 2025 the ISO certificate has run out.
    assert set(ids(api.get("/api/v1/certifications/", {**mine, "current_on": "2024-07-01"}))) == {
        iso.pk,
        has_decision.pk,
    }
    assert ids(api.get("/api/v1/certifications/", {**mine, "current_on": "2025-07-01"})) == [has_decision.pk]


@pytest.mark.parametrize(
    "params",
    [{"scheme": "nobel"}, {"decision": "maybe"}, {"current_on": "yesterday"}],
)
def test_invalid_filter_values_are_400s(api, params):
    response = api.get("/api/v1/certifications/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_csv_flattens_nested_fields(api, has_decision):
    response = api.get("/api/v1/certifications/", {"centre": "api-cert-centre", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["centre.name"] == "Centre certifié API"
    assert row["chapter_scores.chapter"] == "1; 2"
    assert row["chapter_scores.score"] == "97.50; 93.10"
    assert row["source.title"] == "Décision HAS API"
    assert row["appeal_pending"] == "false"
    assert row["in_force_on"] == ""


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    centre = make_centre(slug=f"api-count-{count}")
    source = make_source()
    for n in range(count):
        certification = make_certification(
            centre=centre, source=source, decision_date=datetime.date(2010 + n % 10, 1, 1 + n)
        )
        ChapterScore.objects.create(certification=certification, chapter=1, score=90)
    # 1 the centre filter's choice, 2 count, 3 certifications with centre and source, 4 chapter scores,
    # 5 the latest `updated`.
    with django_assert_num_queries(5):
        response = api.get("/api/v1/certifications/", {"centre": centre.slug, "page_size": 100})
    assert len(response.json()["results"]) == count


def test_detail_query_count(api, has_decision, django_assert_num_queries):
    # 1 the certification with centre and source, 2 its chapter scores, 3 the latest change (Last-Modified).
    with django_assert_num_queries(3):
        assert api.get(f"/api/v1/certifications/{has_decision.pk}/").status_code == 200
