"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from unicancer_site.settings.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent.parent


def _production_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="unicancer_site.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _production_check(ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _production_check(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_both():
    result = _production_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


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
