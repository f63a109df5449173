import pytest

from tests.factories import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres():
    # Same name prefix, so the search keeps ours; two share a name to exercise the id tiebreak.
    made = [make_centre(name=f"Paginated centre {n:02d}") for n in range(25)]
    return made


def names(response):
    return [item["name"] for item in response.json()["results"]]


def test_default_page_size_and_links(api, centres):
    response = api.get("/api/v1/centres/", {"search": "paginated centre"})
    body = response.json()
    assert body["count"] == 25
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/centres/?page=2&search=paginated+centre"
    second = api.get(body["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None


def test_client_page_size_and_cap(api, centres):
    assert len(names(api.get("/api/v1/centres/", {"search": "paginated centre", "page_size": 7}))) == 7
    assert api.get("/api/v1/centres/", {"page_size": 100}).status_code == 200
    response = api.get("/api/v1/centres/", {"page_size": 101})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


@pytest.mark.parametrize(
    "params, status, parameter",
    [
        ({"page": "abc"}, 400, "page"),
        ({"page": "0"}, 400, "page"),
        ({"page": "-1"}, 400, "page"),
        ({"page": "1.5"}, 400, "page"),
        ({"page": "999"}, 404, "page"),
        ({"page_size": "abc"}, 400, "page_size"),
        ({"page_size": "0"}, 400, "page_size"),
    ],
)
def test_invalid_pages_are_json_errors(api, centres, params, status, parameter):
    response = api.get("/api/v1/centres/", {"search": "paginated centre", **params})
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [parameter]


def test_pages_never_overlap_when_the_ordering_ties(api):
    # Same kind for all: ordering by kind alone would leave the order to the database; the id breaks ties.
    made = [make_centre(name=f"Tied centre {n}") for n in range(9)]
    seen = []
    for page in (1, 2, 3):
        response = api.get(
            "/api/v1/centres/", {"search": "tied centre", "ordering": "kind", "page_size": 3, "page": page}
        )
        seen.extend(item["id"] for item in response.json()["results"])
    assert seen == sorted(centre.pk for centre in made)


def test_unknown_api_urls_are_json_404s(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"errors": {"detail": [response.json()["errors"]["detail"][0]]}}
    assert api.get("/api/v1/certifications/0.5/").status_code == 404
    assert api.get("/api/v1/certifications/0.5/")["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"search": "cancer\x00"}, "search"),
        ({"updated_since": "2025-01-01T00:00:00-18:09"}, None),  # valid ISO 8601, beyond PostgreSQL's offsets
        ({"updated_since": "9999-12-31T23:00:00-05:00"}, "updated_since"),  # past the calendar in UTC
    ],
)
def test_awkward_values_never_reach_the_database_as_errors(api, params, parameter):
    response = api.get("/api/v1/centres/", params)
    if parameter is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [parameter]
