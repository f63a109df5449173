"""Failed logins: after five failures the account and the address are locked for 15 minutes, with a clear page."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, READ_ONLY, REVIEWER

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


def test_five_failures_of_one_account_do_not_lock_another_account_from_the_same_address(reviewer):
    """Observation 6: a federation editor with the right password signs in after someone failed five times on
    another account from the same address."""
    federation_editor = make_staff(FEDERATION_EDITOR, username="federation-colleague")
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(5):
        _login(attacker, reviewer.username, "wrong")
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 429

    colleague = Client(HTTP_ACCEPT_LANGUAGE="en")  # same REMOTE_ADDR (127.0.0.1) as the attacker
    response = _login(colleague, federation_editor.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_locked_account_still_signs_in_from_another_address(reviewer):
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="81.2.69.142")
    for _attempt in range(5):
        _login(attacker, reviewer.username, "wrong")
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 429
    owner = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="81.2.69.160")
    assert _login(owner, reviewer.username, PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_clients_own_address_is_locked_not_the_proxys(reviewer):
    """Every request comes from the proxy (REMOTE_ADDR 10.0.0.1), which appends the client's address to
    X-Forwarded-For; a forged address the client puts in front is not believed."""
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_FORWARDED_FOR="1.2.3.4, 81.2.69.142", **proxy)
    for _attempt in range(5):
        _login(attacker, reviewer.username, "wrong")
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"81.2.69.142"}

    # The same account, through the same proxy, from the owner's own address: signs in.
    owner = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_FORWARDED_FOR="81.2.69.160", **proxy)
    assert _login(owner, reviewer.username, PASSWORD).status_code == 302
    # Changing the forged part does not get the attacker a fresh address.
    forger = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_FORWARDED_FOR="5.6.7.8, 81.2.69.142", **proxy)
    assert _login(forger, reviewer.username, PASSWORD).status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_not_believed(reviewer):
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="81.2.69.142")
    for n in range(5):
        attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"1.2.3.{n}"
        _login(attacker, reviewer.username, "wrong")
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"81.2.69.142"}


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=12)
def test_one_address_failing_on_many_accounts_is_throttled_for_all_of_them(reviewer):
    """Spreading guesses over many accounts (four each, under the per-account limit) still locks the address
    once it has failed AXES_ADDRESS_FAILURE_LIMIT times; another address is not affected."""
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="81.2.69.142")
    statuses = [_login(attacker, f"someone-{n}", "wrong").status_code for n in range(3) for _attempt in range(4)]
    # The twelfth failure reaches the address's limit and already gets the lockout page.
    assert statuses == [200] * 11 + [429]
    locked = _login(attacker, reviewer.username, PASSWORD)
    assert locked.status_code == 429
    assert "this address is locked for a while" in locked.content.decode()
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="81.2.69.160")
    assert _login(elsewhere, reviewer.username, PASSWORD).status_code == 302


def test_the_default_address_limit_is_six_accounts_worth():
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 30


def test_the_lockout_and_login_pages_link_to_the_password_reset(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(5):
        locked = _login(client, reviewer.username, "wrong")
    assert locked.status_code == 429
    reset_url = reverse("admin_password_reset")
    assert f'href="{reset_url}"' in locked.content.decode()
    assert f'href="{reset_url}"' in Client().get(reverse("admin:login")).content.decode()


def test_a_password_reset_by_email_lifts_the_lockout(reviewer):
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(5):
        _login(client, reviewer.username, "wrong")
    assert _login(client, reviewer.username, PASSWORD).status_code == 429

    response = client.post(reverse("admin_password_reset"), {"email": "reviewer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reviewer@example.org"]
    link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert form_page.status_code == 200
    new_password = "another-long-test-password"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert not AccessAttempt.objects.filter(username=reviewer.username).exists()
    assert _login(client, reviewer.username, new_password).status_code == 302


def test_an_administrator_unlocks_an_account_from_the_admin(reviewer):
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _attempt in range(5):
        _login(attacker, reviewer.username, "wrong")
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 429

    admin_client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    admin_client.force_login(make_staff(FEDERATION_EDITOR, username="unlocking-editor"))
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200
    assert "Débloquer les comptes sélectionnés" in page.content.decode()
    attempt = AccessAttempt.objects.get(username=reviewer.username)
    response = admin_client.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True)
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=reviewer.username).exists()
    assert _login(attacker, reviewer.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("role", [CENTRE_EDITOR, REVIEWER, READ_ONLY])
def test_other_roles_may_not_unlock(db, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_staff(role, username=f"no-unlock-{role}".replace(" ", "-").lower()))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_lockout_page_is_in_the_visitors_language(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for _attempt in range(5):
        response = _login(client, reviewer.username, "wrong")
    assert response.status_code == 429
    assert '<html lang="fr">' in response.content.decode()
