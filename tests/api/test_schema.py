"""The OpenAPI schema, the interactive docs, and Schemathesis run against the schema."""

import re

import pytest
import schemathesis
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from unicancer_site.wsgi import application

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/centres/",
    "/api/v1/centres/{slug}/",
    "/api/v1/certifications/",
    "/api/v1/certifications/{id}/",
    "/api/v1/trials/",
    "/api/v1/trials/{slug}/",
    "/api/v1/news/",
    "/api/v1/news/{slug}/",
    "/api/v1/news/sync/",
    "/api/v1/pages/",
    "/api/v1/pages/{slug}/",
    "/api/v1/key-figures/",
    "/api/v1/key-figures/{id}/",
}


@pytest.fixture
def openapi(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_lists_every_operation(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == OPERATIONS
    assert all(set(operations) == {"get"} for operations in openapi["paths"].values())


def test_every_parameter_has_a_type_a_description_or_enum_and_an_example(openapi):
    for path, operations in openapi["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            where = f"{path} {parameter['name']}"
            assert parameter["schema"].get("type"), where
            assert "example" in parameter or "examples" in parameter, where


def test_list_parameters(openapi):
    def names(path):
        return {parameter["name"] for parameter in openapi["paths"][path]["get"]["parameters"]}

    common = {"lang", "page", "page_size", "search", "ordering"}
    assert names("/api/v1/trials/") >= common | {
        "localisation",
        "phase",
        "status",
        "centre",
        "region",
        "international",
        "updated_since",
        "kind",
        "include_unpublished",
        "format",
    }
    assert names("/api/v1/certifications/") >= common | {"scheme", "decision", "centre", "current_on", "format"}
    assert names("/api/v1/news/") >= common | {"kind", "centre", "published_after", "published_before"}
    assert names("/api/v1/news/sync/") >= {"cursor", "page_size", "updated_since", "lang"}
    assert "ordering" not in names("/api/v1/news/sync/")
    assert names("/api/v1/centres/") >= common | {"kind", "region"}
    assert "format" not in names("/api/v1/centres/")


def test_every_operation_documents_its_errors_and_304(openapi):
    for path, operations in openapi["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "304", "400", "401", "403", "404", "429"} <= set(responses), path
        assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "text/csv" in openapi["paths"]["/api/v1/trials/"]["get"]["responses"]["200"]["content"]
    assert openapi["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"


def test_spectacular_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_docs_use_the_sites_own_static_files(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    assert "cdn" not in html.lower()
    assert "/api/schema/" in html
    assert not re.search(r"https?://(?!testserver)", html)


@pytest.fixture
def in_process_app():
    """What Django's test client does around the WSGI application, for Schemathesis' own client."""
    # Django closes the database connection at the end of each request, which would end the test's
    # transaction on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Schemathesis sends many requests: rates out of its way.
    rates = {"anon": "100000/min", "token": "100000/min"}
    try:
        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loaded through the WSGI application, in-process (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    # The same examples at every run: CI must not pass or fail by chance (explore with a random seed by hand).
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_schemathesis(case, in_process_app):
    """Every operation, every check Schemathesis has (valid data accepted, invalid data rejected, documented
    status codes, content types and headers, bodies as the schema says, no server error), on data that fits
    the schema and data that does not. .ci/run also runs its command line against gunicorn.

    Uncompressed: called in-process through WSGI, Schemathesis would send requests' default Accept-Encoding
    and then read the brotli or gzip body as it is (an HTTP client decodes it; core.compression)."""
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


# What Schemathesis found once, pinned: the schema and the API say the same thing. ----------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/centres/",
        "/api/v1/certifications/",
        "/api/v1/trials/",
        "/api/v1/news/",
        "/api/v1/news/sync/",
        "/api/v1/pages/",
        "/api/v1/key-figures/",
    ],
)
def test_an_empty_date_is_refused_like_the_schema_says(api, url):
    response = api.get(url, {"updated_since": ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["updated_since"]


@pytest.mark.parametrize(
    "query",
    [{"page": ""}, {"page_size": ""}, {"format": ""}, {"include_unpublished": ""}, {"year": ""}, {"kind": ""}],
)
def test_other_empty_typed_values_are_refused(api, query):
    url = "/api/v1/trials/" if "format" in query else "/api/v1/news/"
    response = api.get(url, query)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == list(query)


def test_years_are_bounded_integers_in_the_schema_and_the_api(api, openapi):
    for path in ["/api/v1/news/", "/api/v1/news/sync/", "/api/v1/key-figures/"]:
        [year] = [p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] == "year"]
        assert year["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100}, path
    assert api.get("/api/v1/news/", {"year": 2024}).status_code == 200
    assert api.get("/api/v1/news/", {"year": "2024.5"}).status_code == 400
    assert api.get("/api/v1/key-figures/", {"year": 2101}).status_code == 400


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/trials/", "centre"),
        ("/api/v1/trials/", "localisation"),
        ("/api/v1/trials/", "phase"),
        ("/api/v1/certifications/", "centre"),
        ("/api/v1/news/", "centre"),
    ],
)
def test_an_unknown_reference_matches_nothing_as_the_schema_says(api, openapi, url, parameter):
    response = api.get(url, {parameter: "no-such-thing"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    [documented] = [p for p in openapi["paths"][url]["get"]["parameters"] if p["name"] == parameter]
    assert "unknown value matches nothing" in documented["description"]
    # Other invalid values are still refused.
    assert api.get(url, {parameter: "no-such-thing", "lang": "de"}).status_code == 400


def test_free_text_parameters_say_they_take_no_nul_and_the_api_refuses_it(api, openapi):
    [search] = [p for p in openapi["paths"]["/api/v1/trials/"]["get"]["parameters"] if p["name"] == "search"]
    assert search["schema"]["pattern"] == "^[^\\x00]*$"
    assert api.get("/api/v1/trials/", {"search": "a\x00b"}).status_code == 400


def test_a_too_long_address_is_documented(openapi):
    for path, operations in openapi["paths"].items():
        assert "414" in operations["get"]["responses"], path


def test_page_parameters_are_checked_even_for_csv(api):
    response = api.get("/api/v1/certifications/", {"format": "csv", "page": "true"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]
    assert api.get("/api/v1/certifications/", {"format": "csv", "page_size": 1000}).status_code == 400
    assert api.get("/api/v1/certifications/", {"format": "csv", "page": 1}).status_code == 200


def test_the_trials_envelope_documents_the_corrected_query(openapi):
    # What /api/v1/trials/?q=Novasen gives ({"corrected_query": "novasein", ...}): in the schema, and only there.
    def envelope(path):
        reference = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        return openapi["components"]["schemas"][reference.rsplit("/", 1)[1]]

    trials = envelope("/api/v1/trials/")
    assert trials["properties"]["corrected_query"]["nullable"] is True
    assert "corrected_query" in trials["required"]
    assert "corrected_query" not in envelope("/api/v1/centres/")["properties"]
    ordering = next(p for p in openapi["paths"]["/api/v1/trials/"]["get"]["parameters"] if p["name"] == "ordering")
    assert "best matches first when `q` is given" in ordering["description"]
