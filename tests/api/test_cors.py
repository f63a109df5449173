import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

ORIGIN = "https://intranet.example.org"


def test_no_cors_header_by_default(api, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = api.get("/api/v1/centres/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_configured_origins_get_the_header(api):
    response = api.get("/api/v1/centres/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "Access-Control-Allow-Origin" not in api.get("/api/v1/centres/", HTTP_ORIGIN="https://evil.example")
    # Only the API: the public site sends no CORS header.
    assert "Access-Control-Allow-Origin" not in api.get("/fr/", HTTP_ORIGIN=ORIGIN)
