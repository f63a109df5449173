"""Security headers on every kind of response; TRACE refused; messages and sessions kept on the server side."""

import re

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from unicancer_site import urls as site_urls
from unicancer_site.api.models import ApiToken

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


def database_down_view(request):
    raise OperationalError("connection refused")


urlpatterns = [
    path("boom/", broken_view),
    path("api/boom/", broken_view),
    path("db-down/", database_down_view),
    *site_urls.urlpatterns,
]
handler500 = "unicancer_site.core.errors.server_error"
handler404 = "unicancer_site.core.errors.page_not_found"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "style-src-attr" not in directives
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/fr/", 200),
        ("get", "/en/centres/", 200),
        ("get", "/fr/does-not-exist/", 404),
        ("get", "/sitemap.xml", 200),
        ("get", "/robots.txt", 200),
        ("get", "/admin/login/", 200),
        ("get", "/admin/", 302),
        ("get", "/api/v1/centres/", 200),
        ("get", "/api/v1/centres/no-such-centre/", 404),
        ("get", "/api/v1/trials/?status=sleeping", 400),
        ("post", "/api/v1/centres/", 405),
        ("get", "/api/schema/", 200),
        ("get", "/api/docs/", 200),
        ("options", "/api/docs/", 405),
        ("get", "/healthz", 200),
        ("get", "/readyz", 200),
        ("get", "/boom/", 500),
        ("get", "/api/boom/", 500),
        ("get", "/db-down/", 503),
        ("trace", "/sitemap.xml", 405),
    ],
)
def test_every_kind_of_response_has_the_security_headers(method, url, status):
    client = Client(raise_request_exception=False)
    response = client.generic(method.upper(), url)
    assert response.status_code == status, response.content[:300]
    assert_security_headers(response)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_inline_style_of_the_error_pages_carries_the_nonce():
    client = Client(raise_request_exception=False)
    for url in ["/boom/", "/db-down/"]:
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{nonce}">' in response.content.decode()


def test_api_docs_run_their_inline_script_with_the_nonce(client):
    response = client.get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts and all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)


@pytest.mark.parametrize("url", ["/sitemap.xml", "/fr/", "/api/v1/centres/", "/static/css/site.css", "/admin/"])
def test_trace_is_refused_everywhere(client, url):
    response = client.generic("TRACE", url, HTTP_COOKIE="sessionid=secret")
    assert response.status_code == 405
    assert b"secret" not in response.content
    assert "TRACE" not in response["Allow"]


def test_trace_under_the_api_answers_json(client):
    response = client.generic("TRACE", "/api/v1/centres/")
    assert response.status_code == 405
    assert response.json() == {"errors": {"detail": ["Méthode non autorisée."]}} or "errors" in response.json()


def test_a_new_api_key_never_travels_in_a_cookie(admin_client, admin_user):
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"name": "intranet", "owner": admin_user.pk, "expires_0": "", "expires_1": ""}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(name="intranet")
    assert "messages" not in response.cookies
    # The message (with the key) is shown once, from the session, on the next page.
    page = admin_client.get(response["Location"])
    key = re.search(r"uc_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    assert key.startswith(token.prefix)
    assert all(key not in morsel.value for morsel in page.cookies.values())
    assert key not in admin_client.get(response["Location"]).content.decode()


def test_staff_sessions_last_a_working_day(settings, admin_client):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert admin_client.session.get_expiry_age() == 8 * 3600
