"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from unicancer_site.settings.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent.parent
# Each test starts Django in a subprocess with settings of its own: nothing here depends on the test database.
pytestmark = pytest.mark.standalone


PRODUCTION_SERVICES = {"DATABASE_URL": "postgres://u@127.0.0.1:5432/db", "CACHE_URL": "redis://127.0.0.1:6379/7"}
PRODUCTION_VARIABLES = {"SECRET_KEY", "ALLOWED_HOSTS", *PRODUCTION_SERVICES}


def _production_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    environment.update(env, DJANGO_SETTINGS_MODULE="unicancer_site.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _production_check(ALLOWED_HOSTS="example.org", **PRODUCTION_SERVICES)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _production_check(SECRET_KEY="x" * 50, **PRODUCTION_SERVICES)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize("missing", sorted(PRODUCTION_SERVICES))
def test_production_refuses_to_start_without_postgresql_or_redis(missing):
    services = {name: value for name, value in PRODUCTION_SERVICES.items() if name != missing}
    result = _production_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", **services)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_refuses_sqlite():
    services = dict(PRODUCTION_SERVICES, DATABASE_URL="sqlite:///db.sqlite3")
    result = _production_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", **services)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_starts_with_all_four():
    result = _production_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", **PRODUCTION_SERVICES)
    assert result.returncode == 0, result.stderr


def test_every_entry_point_chooses_the_settings_the_same_way():
    """manage.py, WSGI and ASGI: DJANGO_SETTINGS_MODULE when set, else base (never production for one and base
    for another, which let collectstatic write no manifest for the server)."""
    code = "import os;import unicancer_site.{module};print(os.environ['DJANGO_SETTINGS_MODULE'])"
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    chosen = set()
    for module in ("wsgi", "asgi"):
        out = subprocess.run(
            [sys.executable, "-c", code.format(module=module)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        chosen.add(out.stdout.strip())
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import os; print(os.environ['DJANGO_SETTINGS_MODULE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    chosen.add(out.stdout.strip())
    assert chosen == {"unicancer_site.settings.base"}


def test_a_server_without_the_static_manifest_refuses_to_start(tmp_path):
    """Production settings with static files never collected: the WSGI application stops at start with the fix,
    instead of answering 500 on every page."""
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    environment.update(
        PRODUCTION_SERVICES,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="unicancer_site.settings.production",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import unicancer_site.wsgi"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "collectstatic" in out.stderr and "Traceback" in out.stderr


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_LIST", "a.org, b.org,")
    assert env_list("SOME_LIST") == ["a.org", "b.org"]


def test_database_and_cache_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='unicancer_site.settings.base';"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']); print(settings.CACHES['default']['BACKEND'])"
    )
    environment = dict(os.environ, DATABASE_URL="postgres://u@127.0.0.1:5432/db", CACHE_URL="redis://127.0.0.1:6379/1")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert "postgresql" in out.stdout and "RedisCache" in out.stdout, out.stderr
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert "sqlite3" in out.stdout and "LocMemCache" in out.stdout, out.stderr


def test_production_media_on_s3_when_a_bucket_is_configured():
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.files.storage import storages;"
        "default_storage = storages['default'];"
        "print(type(default_storage).__name__, default_storage.bucket_name, settings.SERVE_MEDIA,"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARIABLES}
    environment.update(
        PRODUCTION_SERVICES,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="unicancer_site.settings.production",
        MEDIA_S3_BUCKET="unicancer-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.org",
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:3] == ["S3Storage", "unicancer-media", "False"]
    assert "https://s3.example.org" in out.stdout
    # Without a bucket, media stay on disk.
    del environment["MEDIA_S3_BUCKET"]
    out = subprocess.run(
        [sys.executable, "-c", code.replace(" default_storage.bucket_name,", "")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert out.stdout.startswith("ContentNamedStorage"), out.stderr  # on disk, named by content (core.uploads)
