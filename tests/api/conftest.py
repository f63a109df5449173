"""API test helpers: a fresh throttle cache for every test, tokens, and objects made at a known instant."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from unicancer_site.api.services import api_token_issue

# Objects made inside ``frozen`` have this ``updated`` (shown in Paris time: +01:00 in winter).
FROZEN_AT = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)
FROZEN_AT_JSON = "2025-03-01T10:30:00+01:00"


@pytest.fixture(autouse=True)
def clear_throttle_cache():
    # The throttles count requests in the cache: every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    """Freeze the clock while creating objects, so that their ``updated`` is FROZEN_AT."""
    return time_machine.travel(FROZEN_AT, tick=False)


@pytest.fixture
def api():
    return Client()


def make_user(username: str, *, superuser: bool = False, group: str | None = None, perms=()) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
    if superuser:
        user.is_superuser = True
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    for perm in perms:
        from django.contrib.auth.models import Permission

        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def superuser_token(db):
    owner = make_user("api-superuser", superuser=True)
    token, key = api_token_issue(name="Dashboard", owner=owner)
    return key


def ids(response) -> list:
    return [item["id"] for item in response.json()["results"]]


def slugs(response) -> list:
    return [item["slug"] for item in response.json()["results"]]
