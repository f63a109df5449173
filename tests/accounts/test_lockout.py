"""Failed logins: after five failures the account and the address are locked for 15 minutes, with a clear page."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import REVIEWER

PASSWORD = "a-long-test-password"


def _login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


@pytest.fixture
def reviewer(db):
    return make_staff(REVIEWER, username="locked-reviewer")


def test_five_failures_lock_the_account_with_a_clear_page(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(4):
            assert _login(client, reviewer.username, "wrong").status_code == 200
        locked = _login(client, reviewer.username, "wrong")
        assert locked.status_code == 429
        assert "registration/lockout.html" in [t.name for t in locked.templates]
        content = locked.content.decode()
        assert "Too many failed sign-in attempts" in content
        assert "Sign-in failed 5 times in a row" in content
        assert "Try again in 15 minutes." in content
        # Even the right password is refused while locked.
        assert _login(client, reviewer.username, PASSWORD).status_code == 429

    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        response = _login(client, reviewer.username, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_the_address_is_locked_for_other_accounts_too(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for n in range(5):
        _login(client, f"someone-{n}", "wrong")
    assert _login(client, reviewer.username, PASSWORD).status_code == 429


def test_lockout_page_is_in_the_visitors_language(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for _attempt in range(5):
        response = _login(client, reviewer.username, "wrong")
    assert response.status_code == 429
    assert '<html lang="fr">' in response.content.decode()
