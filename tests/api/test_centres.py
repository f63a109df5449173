import datetime
from decimal import Decimal

import pytest

from centres.models import Centre, Region
from tests.factories import make_centre, make_site, make_source

from .conftest import FROZEN_AT_JSON, slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def ouest(frozen):
    with frozen:
        source = make_source(
            title="Annuaire des centres",
            date=datetime.date(2024, 1, 15),
            url="https://example.org/annuaire",
            document="annuaire.pdf",
        )
        centre = make_centre(
            slug="api-institut-ouest",
            name="Institut de Test de l'Ouest",
            short_name="ITO",
            description_fr="Un centre de test.",
            description_en="A test centre.",
            website="https://ito.example.org",
            source=source,
        )
        site = make_site(
            centre,
            name="Site d'Angers",
            city="Angers",
            postcode="49055",
            address="2 rue Moll",
            region=Region.PAYS_DE_LA_LOIRE,
            latitude=Decimal("47.4784"),
            longitude=Decimal("-0.5632"),
        )
    return centre, site


def expected_ouest(centre, site, lang="fr", description="Un centre de test."):
    return {
        "id": centre.pk,
        "slug": "api-institut-ouest",
        "name": "Institut de Test de l'Ouest",
        "short_name": "ITO",
        "kind": "clcc",
        "description": description,
        "website": "https://ito.example.org",
        "trial_office_phone": "",
        "trial_office_email": "",
        "sites": [
            {
                "id": site.pk,
                "name": "Site d'Angers",
                "city": "Angers",
                "postcode": "49055",
                "address": "2 rue Moll",
                "phone": "",
                "region": "pays-de-la-loire",
                "latitude": 47.4784,
                "longitude": -0.5632,
                "source": None,
            }
        ],
        "url": f"http://testserver/{lang}/centres/api-institut-ouest/",
        "source": {
            "title": "Annuaire des centres",
            "kind": "press_release",
            "document": "annuaire.pdf",
            "date": "2024-01-15",
            "date_precision": "day",
            "url": "https://example.org/annuaire",
        },
        "updated": FROZEN_AT_JSON,
        "distance_km": None,
    }


def test_detail_whole_payload(api, ouest):
    centre, site = ouest
    response = api.get("/api/v1/centres/api-institut-ouest/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == expected_ouest(centre, site)


def test_list_item_whole_payload_in_english(api, ouest):
    centre, site = ouest
    response = api.get("/api/v1/centres/", {"search": "Institut de Test de l'Ouest", "lang": "en"})
    assert response.status_code == 200
    assert response.json()["results"] == [expected_ouest(centre, site, lang="en", description="A test centre.")]
    assert response["Content-Language"] == "en"


def test_english_falls_back_to_french(api, ouest):
    centre, _site = ouest
    Centre.objects.filter(pk=centre.pk).update(description_en="")
    body = api.get("/api/v1/centres/api-institut-ouest/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").json()
    assert body["description"] == "Un centre de test."
    assert body["url"] == "http://testserver/en/centres/api-institut-ouest/"


def test_filters_kind_and_region(api, ouest):
    affiliated = make_centre(slug="api-affilie", name="Centre affilié API", kind=Centre.Kind.AFFILIATED)
    make_site(affiliated, name="Site Nice", city="Nice", region=Region.PROVENCE_ALPES_COTE_D_AZUR)
    assert "api-affilie" in slugs(api.get("/api/v1/centres/", {"kind": "affiliated", "page_size": 100}))
    assert "api-institut-ouest" not in slugs(api.get("/api/v1/centres/", {"kind": "affiliated", "page_size": 100}))
    in_region = slugs(api.get("/api/v1/centres/", {"region": "pays-de-la-loire", "page_size": 100}))
    assert "api-institut-ouest" in in_region
    assert "api-affilie" not in in_region


def test_search_ignores_accents_and_case(api, ouest):
    make_centre(slug="api-leon", name="Centre Léon Testé")
    assert slugs(api.get("/api/v1/centres/", {"search": "leon teste"})) == ["api-leon"]
    # A city of one of the centre's sites matches too.
    assert "api-institut-ouest" in slugs(api.get("/api/v1/centres/", {"search": "angers", "page_size": 100}))


def test_updated_since(api, ouest):
    later = make_centre(slug="api-recent", name="Centre récent API")
    found = slugs(api.get("/api/v1/centres/", {"updated_since": "2025-03-02T00:00:00Z", "page_size": 100}))
    assert "api-recent" in found
    assert "api-institut-ouest" not in found
    assert later.updated.year >= 2025


def test_ordering(api):
    for name in ("Zz API B", "Zz API A", "Zz API C"):
        make_centre(name=name)
    assert [
        c["name"] for c in api.get("/api/v1/centres/", {"search": "zz api", "ordering": "-name"}).json()["results"]
    ] == [
        "Zz API C",
        "Zz API B",
        "Zz API A",
    ]


def test_invalid_filter_is_a_400_naming_the_parameter(api):
    response = api.get("/api/v1/centres/", {"region": "atlantis"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["region"]


def test_unknown_centre_is_a_404_json(api):
    response = api.get("/api/v1/centres/no-such-centre/")
    assert response.status_code == 404
    assert response.json() == {"errors": {"detail": [response.json()["errors"]["detail"][0]]}}


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    for n in range(count):
        centre = make_centre(name=f"Querycount centre {n}")
        make_site(centre, name=f"Site A {n}")
        make_site(centre, name=f"Site B {n}")
    # 1 count, 2 centres with their source, 3 sites with their source, 4 the latest `updated` (Last-Modified).
    with django_assert_num_queries(4):
        response = api.get("/api/v1/centres/", {"search": "querycount", "page_size": 100})
    assert len(response.json()["results"]) == count


def test_detail_query_count(api, ouest, django_assert_num_queries):
    # 1 the centre with its source, 2 its sites with their sources, 3 the latest change (Last-Modified).
    with django_assert_num_queries(3):
        assert api.get("/api/v1/centres/api-institut-ouest/").status_code == 200


def test_centres_near_a_place_have_their_distance_nearest_first(api):
    from centres.models import Site
    from centres.places import by_distance, find_place, near

    body = api.get("/api/v1/centres/", {"near": "Caen", "page_size": 100}).json()
    place = find_place("Caen").place
    expected: dict[str, float] = {}
    for site, km in near(place, Site.objects.filter(latitude__isnull=False).select_related("centre")):
        expected.setdefault(site.centre.slug, round(km, 1))
    assert [centre["slug"] for centre in body["results"]] == list(expected)
    assert body["results"][0]["slug"] == "centre-francois-baclesse"
    for centre in body["results"]:
        assert centre["distance_km"] == expected[centre["slug"]]
    distances = [centre["distance_km"] for centre in body["results"]]
    assert distances == sorted(distances)
    assert distances[0] < 10
    # Each centre's distance is its nearest site's.
    baclesse = next(c for c in body["results"] if c["slug"] == "centre-francois-baclesse")
    own = [km for site, km in by_distance(place, Site.objects.filter(centre__slug="centre-francois-baclesse"))]
    assert baclesse["distance_km"] == round(min(own), 1)
    # An explicit ordering wins; without near there is no distance.
    ordered = api.get("/api/v1/centres/", {"near": "Caen", "ordering": "-name"}).json()["results"]
    assert [c["name"] for c in ordered] == sorted((c["name"] for c in ordered), reverse=True)
    assert all(c["distance_km"] is None for c in api.get("/api/v1/centres/").json()["results"])
    assert "Unknown-Reference" not in api.get("/api/v1/centres/", {"near": "Caen"})


def test_an_unknown_place_is_named_in_the_unknown_reference_header(api):
    response = api.get("/api/v1/centres/", {"near": "Nouméa-sur-Mer"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response["Unknown-Reference"] == "near=Noum%C3%A9a-sur-Mer"
    trials = api.get("/api/v1/trials/", {"near": "zzz", "centre": "no-such-centre"})
    assert trials.status_code == 200
    assert trials["Unknown-Reference"] == "centre=no-such-centre&near=zzz" or trials["Unknown-Reference"] == (
        "near=zzz&centre=no-such-centre"
    )


@pytest.mark.parametrize("url", ["/api/v1/centres/", "/api/v1/trials/"])
def test_an_empty_near_is_no_filter_as_the_schema_says(api, url):
    """The schema gives ``near`` as open text: empty, it filters nothing (Schemathesis found a 400)."""
    response = api.get(url, {"near": ""})
    assert response.status_code == 200
    assert response.json()["count"] == api.get(url).json()["count"]
