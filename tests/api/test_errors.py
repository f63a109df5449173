"""Every error under /api/ is JSON in the API's one shape, whatever raised it: DRF, Django, or the database."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from unicancer_site import urls as site_urls
from unicancer_site.api.services import api_token_issue

from .conftest import bearer, make_user

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a bug")


def database_down_view(request):
    raise OperationalError("could not connect to server")


urlpatterns = [
    path("api/v1/broken/", broken_view),
    path("api/v1/database-down/", database_down_view),
    *site_urls.urlpatterns,
]
handler400 = "unicancer_site.core.errors.bad_request"
handler403 = "unicancer_site.core.errors.permission_denied"
handler404 = "unicancer_site.core.errors.page_not_found"
handler500 = "unicancer_site.core.errors.server_error"


def assert_api_error(response, status: int):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["errors"]
    assert body["errors"] and all(
        isinstance(messages, list) and all(isinstance(message, str) for message in messages)
        for messages in body["errors"].values()
    )
    return body


@pytest.fixture
def api_client():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_400_401_403_404_405(api_client):
    assert_api_error(api_client.get("/api/v1/trials/", {"status": "sleeping"}), 400)
    assert_api_error(api_client.get("/api/v1/trials/", **bearer("uc_not_a_token")), 401)
    _token, nobody = api_token_issue(name="Nobody", owner=make_user("errors-nobody"))
    assert_api_error(api_client.get("/api/v1/news/", {"include_unpublished": 1}, **bearer(nobody)), 403)
    assert_api_error(api_client.get("/api/v1/trials/no-such-trial/"), 404)
    assert_api_error(api_client.get("/api/nothing-here/"), 404)
    assert_api_error(api_client.get("/api/v1/nothing-here/"), 404)
    assert_api_error(api_client.post("/api/v1/trials/", {}), 405)
    assert_api_error(api_client.delete("/api/v1/trials/"), 405)
    assert_api_error(api_client.options("/api/docs/"), 405)
    assert_api_error(api_client.post("/api/schema/"), 405)
    assert_api_error(api_client.generic("TRACE", "/api/v1/trials/"), 405)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_post_without_csrf_token_to_a_non_api_view_under_api_is_json():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/api/nothing-here/", {"x": 1})
    assert response.status_code in (403, 404)
    assert_api_error(response, response.status_code)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_429(api_client):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "1/min"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        api_client.get("/api/v1/centres/")
        response = api_client.get("/api/v1/centres/")
    assert_api_error(response, 429)
    assert int(response["Retry-After"]) > 0


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_and_503(api_client):
    body = assert_api_error(api_client.get("/api/v1/broken/"), 500)
    assert "a bug" not in str(body)
    response = api_client.get("/api/v1/database-down/")
    body = assert_api_error(response, 503)
    assert response["Retry-After"] == "30"
    assert "could not connect" not in str(body)
