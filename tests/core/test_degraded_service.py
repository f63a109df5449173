"""Redis or PostgreSQL unreachable: the site degrades, it does not fail.

The services are made unreachable for real: the settings point at a closed port on 127.0.0.1 (refused), or at a
socket that accepts connections and never answers (hanging). The cache can be swapped in this process; the
database cannot (the test database is this process's), so those cases run the site in a subprocess whose
DATABASE_URL points at the dead port, with Django's test client.
"""

import json
import logging
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from unicancer_site import urls as site_urls

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def hanging_port():
    """A port that accepts TCP connections (the kernel does, from its backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def redis_cache(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/7",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3, "IGNORE_EXCEPTIONS": True},
        }
    }


@contextmanager
def cache_at(port: int):
    strict_rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "token": "1/min"}}
    with override_settings(CACHES=redis_cache(port), DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True):
        with override_settings(REST_FRAMEWORK=strict_rates):  # Django's test signals rebuild the caches
            try:
                yield
            finally:
                for cache in caches.all(initialized_only=True):
                    cache.close()


# Cache ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["refused", "hanging"])
def test_cache_down_pages_and_api_serve_from_the_database(client, caplog, failure):
    with hanging_port() as hanging:
        port = closed_port() if failure == "refused" else hanging
        with cache_at(port), caplog.at_level(logging.ERROR, logger="unicancer_site.cache"):
            start = time.monotonic()
            for url in ["/fr/", "/en/centres/", "/api/v1/centres/", "/api/v1/trials/", "/api/schema/"]:
                response = client.get(url)
                assert response.status_code == 200, (url, response.content[:200])
            # The throttle (1 a minute here) could count nothing: it lets requests through rather than fail.
            assert client.get("/api/v1/centres/").status_code == 200
            elapsed = time.monotonic() - start
    assert elapsed < 15, f"{elapsed:.1f} s for 6 requests"
    assert any("Exception ignored" in record.getMessage() for record in caplog.records), "cache errors are logged"


def test_readyz_fails_when_the_cache_is_down(client):
    assert client.get("/readyz").status_code == 200
    with cache_at(closed_port()):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()
    assert checks["Database(alias='default')"] == "OK"
    assert checks["Cache(alias='default')"] != "OK"
    assert response["Retry-After"]


def test_readyz_fails_when_a_migration_is_not_applied(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("research", "0099_new")])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "not applied" in response.json()["MigrationsApplied(alias='default')"]


# Database ------------------------------------------------------------------------------------------------


def remember_view(request):
    request.session["seen"] = True
    return HttpResponse("ok")


urlpatterns = [path("remember/", remember_view), *site_urls.urlpatterns]
handler400 = "unicancer_site.core.errors.bad_request"
handler500 = "unicancer_site.core.errors.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_session_the_database_could_not_save_is_a_503_not_a_400(monkeypatch):
    """Django turns a failed session save into "session interrupted" (400): with the database down, that is
    the service's fault, and the client should retry."""
    client = Client(raise_request_exception=False)
    assert client.get("/remember/").status_code == 200

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Session, "save", refuse)
    response = client.get("/remember/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


PROBE = """
import json, sys, time
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
results = []
for method, url, accept in json.loads(sys.argv[1]):
    start = time.monotonic()
    data = "username=staff&password=not-the-password" if method == "POST" else ""
    response = client.generic(
        method, url, data, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT=accept
    )
    results.append({
        "url": url,
        "status": response.status_code,
        "seconds": time.monotonic() - start,
        "type": response.get("Content-Type", ""),
        "retry_after": response.get("Retry-After"),
        "csp": response.get("Content-Security-Policy", ""),
        "body": response.content.decode(errors="replace")[:2000],
    })
print(json.dumps(results))
"""

REQUESTS = [
    ("GET", "/fr/", "text/html"),
    ("GET", "/en/centres/", "text/html"),
    ("GET", "/api/v1/centres/", "application/json"),
    ("GET", "/api/v1/trials/?status=recruiting", "application/json"),
    ("POST", "/admin/login/", "text/html"),
    ("GET", "/robots.txt", "text/plain"),
    ("GET", "/healthz", "text/plain"),
    ("GET", "/readyz", "application/json"),
]


def run_site(database_port: int, cache_port: int | None = None) -> dict[str, dict]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "CACHE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="unicancer_site.settings.base",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{database_port}/unicancer_down",
        DATABASE_CONNECT_TIMEOUT="2",
        DEBUG="0",
        LOG_LEVEL="CRITICAL",
    )
    if cache_port is not None:
        environment["CACHE_URL"] = f"redis://127.0.0.1:{cache_port}/7"
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(REQUESTS)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return {result["url"]: result for result in json.loads(out.stdout)}


def assert_database_down_answers(results: dict[str, dict], *, within: float):
    for url in ["/fr/", "/en/centres/", "/admin/login/"]:
        result = results[url]
        assert result["status"] == 503, result
        assert result["retry_after"] == "30"
        assert "text/html" in result["type"] and "Traceback" not in result["body"]
        assert "The site is briefly unavailable" in result["body"] or "momentanément" in result["body"]
        assert "'nonce-" in result["csp"]
    for url in ["/api/v1/centres/", "/api/v1/trials/?status=recruiting"]:
        result = results[url]
        assert result["status"] == 503, result
        assert result["retry_after"] == "30"
        assert result["type"] == "application/json"
        assert list(json.loads(result["body"])["errors"]) == ["detail"]
    # What needs no database still answers.
    assert results["/robots.txt"]["status"] == 200
    assert results["/healthz"]["status"] == 200
    readiness = results["/readyz"]
    assert readiness["status"] == 503
    assert json.loads(readiness["body"])["Database(alias='default')"] != "OK"
    slowest = max(result["seconds"] for result in results.values())
    assert slowest < within, f"a request took {slowest:.1f} s"


@pytest.mark.standalone
def test_database_refused_is_a_503_at_once():
    results = run_site(closed_port())
    assert_database_down_answers(results, within=3)


@pytest.mark.standalone
def test_database_hanging_is_a_503_within_the_connect_timeout():
    with hanging_port() as port:
        results = run_site(port)
    # DATABASE_CONNECT_TIMEOUT=2: each request gives up after about 2 s, never the worker's 30 s.
    assert_database_down_answers(results, within=6)


@pytest.mark.standalone
def test_database_and_cache_both_down():
    with hanging_port() as cache_port:
        results = run_site(closed_port(), cache_port)
    assert_database_down_answers(results, within=6)
    readiness = json.loads(results["/readyz"]["body"])
    assert readiness["Cache(alias='default')"] != "OK"
