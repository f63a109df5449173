"""Public HTML and JSON are compressed (brotli when accepted, else gzip); responses with a secret never are."""

import gzip

import brotli
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_public_page_is_brotli_compressed_when_the_client_accepts_it(client):
    plain = client.get("/fr/", HTTP_ACCEPT_ENCODING="identity")
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    assert brotli.decompress(response.content) == plain.content
    assert "Content-Encoding" not in plain


def test_public_page_is_gzipped_for_a_client_without_brotli(client):
    plain = client.get("/fr/", HTTP_ACCEPT_ENCODING="identity")
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content


def test_api_json_is_compressed(client):
    response = client.get("/api/v1/centres/", HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content).startswith(b'{"count":')


def test_a_visitor_with_a_session_never_gets_a_compressed_page(client, admin_user):
    client.force_login(admin_user)
    assert settings.SESSION_COOKIE_NAME in client.cookies
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in response


def test_a_page_with_a_csrf_token_is_never_compressed(client):
    # The staff login form holds a CSRF token (BREACH would let a page's length reveal it).
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response
