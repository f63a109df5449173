"""Structured logs: one JSON object a line with the request's id; errors with their traceback in the log only;
never a password or a token."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

from unicancer_site import urls as site_urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a secret detail of the failure")


urlpatterns = [path("boom/", broken_view), *site_urls.urlpatterns]
handler500 = "unicancer_site.core.errors.server_error"


@pytest.fixture
def json_log():
    """The site's own JSON formatter and request-id filter (settings.LOGGING), writing to a buffer."""
    config = settings.LOGGING
    formatter_config = dict(config["formatters"]["json"])
    formatter_class = formatter_config.pop("()")
    module, name = formatter_class.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(__import__("unicancer_site.core.logs", fromlist=["RequestIdFilter"]).RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous_level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


def test_one_json_line_per_request_with_its_id(client, json_log, admin_user):
    client.force_login(admin_user)
    response = client.get("/fr/centres/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    assert response["X-Request-ID"] == "lb-0123456789abcdef"
    [line] = [line for line in json_log() if line["logger"] == "unicancer_site.request"]
    assert line["request_id"] == "lb-0123456789abcdef"
    assert line["method"] == "GET" and line["path"] == "/fr/centres/" and line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["level"] == "INFO" and "time" in line
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert json_log()[-1]["user_id"] == admin_user.pk


def test_a_request_id_that_is_not_one_is_replaced(client, json_log):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID='x" injected\nline')
    assert response["X-Request-ID"] != 'x" injected\nline'
    assert len(response["X-Request-ID"]) == 32


def test_tokens_and_passwords_never_reach_the_log(client, json_log):
    client.post("/admin/login/", {"username": "someone", "password": "my-secret-password"})
    client.get("/api/v1/centres/?token=uc_secret_in_query", HTTP_AUTHORIZATION="Bearer uc_secret_in_header")
    text = json.dumps(json_log())
    assert "my-secret-password" not in text
    assert "uc_secret_in_query" not in text and "uc_secret_in_header" not in text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_error_has_its_traceback_in_the_log_never_in_the_page(json_log):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"a secret detail" not in response.content and b"Traceback" not in response.content
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    assert errors and errors[0]["request_id"] == response["X-Request-ID"]
    assert "Traceback" in errors[0]["exc_info"] and "a secret detail of the failure" in errors[0]["exc_info"]
