import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from research.models import TrialCentre
from tests.factories import make_centre, make_trial
from unicancer_site.accounts.models import CentreMembership
from unicancer_site.accounts.roles import CENTRE_EDITOR, RESEARCH_EDITOR
from unicancer_site.api.models import ApiToken
from unicancer_site.api.services import api_token_issue, api_token_revoke
from unicancer_site.publishing.models import PublicationStatus

from .conftest import bearer, make_user, slugs

pytestmark = pytest.mark.django_db


def test_a_valid_token_reads_the_api(api, superuser_token):
    response = api.get("/api/v1/trials/", **bearer(superuser_token))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert api.get("/api/v1/trials/", HTTP_AUTHORIZATION=f"Token {superuser_token}").status_code == 200


def test_last_used_is_recorded(api):
    token, key = api_token_issue(name="Tool", owner=make_user("tool-owner"))
    assert token.last_used is None
    api.get("/api/v1/centres/", **bearer(key))
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize(
    "authorization",
    ["Bearer uc_not-a-real-token", "Bearer", "Bearer a b", "Token "],
)
def test_unknown_or_malformed_tokens_are_401s(api, authorization):
    response = api.get("/api/v1/centres/", HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert list(response.json()["errors"]) == ["detail"]


def test_revoked_token_is_a_401(api):
    token, key = api_token_issue(name="Tool", owner=make_user("revoked-owner"))
    assert api.get("/api/v1/centres/", **bearer(key)).status_code == 200
    api_token_revoke(token=token)
    response = api.get("/api/v1/centres/", **bearer(key))
    assert response.status_code == 401
    assert "errors" in response.json()


def test_expired_token_is_a_401(api):
    _token, key = api_token_issue(
        name="Tool", owner=make_user("expired-owner"), expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert api.get("/api/v1/centres/", **bearer(key)).status_code == 401


def test_token_of_an_inactive_owner_is_a_401(api):
    owner = make_user("gone")
    _token, key = api_token_issue(name="Tool", owner=owner)
    owner.is_active = False
    owner.save()
    assert api.get("/api/v1/centres/", **bearer(key)).status_code == 401


def test_tokens_are_stored_hashed(api):
    token, key = api_token_issue(name="Tool", owner=make_user("hashed-owner"))
    assert key.startswith("uc_") and len(key) > 40
    assert token.prefix == key[:11]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = repr(cursor.fetchall())
    assert key not in stored
    assert key[11:] not in stored  # not even the secret part
    assert token.key_hash in stored


@pytest.fixture
def drafts():
    centre = make_centre(slug="api-token-centre")
    other_centre = make_centre(slug="api-token-other")
    mine = make_trial(slug="api-draft-mine", status=PublicationStatus.DRAFT, publish_from=None)
    TrialCentre.objects.create(trial=mine, centre=centre)
    theirs = make_trial(slug="api-draft-theirs", status=PublicationStatus.IN_REVIEW, publish_from=None)
    TrialCentre.objects.create(trial=theirs, centre=other_centre)
    public = make_trial(slug="api-published-theirs")
    TrialCentre.objects.create(trial=public, centre=other_centre)
    return centre


def visible(api, key=None, **params):
    headers = bearer(key) if key else {}
    response = api.get("/api/v1/trials/", {"search": "essai de test", "page_size": 100, **params}, **headers)
    return response.status_code, set(slugs(response)) if response.status_code == 200 else response.json()


MINE, THEIRS, PUBLIC = "api-draft-mine", "api-draft-theirs", "api-published-theirs"


def test_unpublished_access_matrix(api, drafts):
    _t, superuser_key = api_token_issue(name="Su", owner=make_user("matrix-su", superuser=True))
    _t, research_key = api_token_issue(name="Research", owner=make_user("matrix-research", group=RESEARCH_EDITOR))
    centre_editor = make_user("matrix-centre", group=CENTRE_EDITOR)
    CentreMembership.objects.create(user=centre_editor, centre=drafts)
    _t, centre_key = api_token_issue(name="Centre", owner=centre_editor)
    _t, nobody_key = api_token_issue(name="Nobody", owner=make_user("matrix-nobody"))
    _t, perm_key = api_token_issue(name="Perm", owner=make_user("matrix-perm", perms=["research.view_trial"]))

    # Without asking: published content only, whoever asks.
    for key in (None, superuser_key, research_key, centre_key, nobody_key):
        status, found = visible(api, key)
        assert status == 200 and PUBLIC in found and not {MINE, THEIRS} & found

    # Asking without a token: 401; with a token whose owner may not see trials in the admin: 403.
    status, body = visible(api, include_unpublished=1)
    assert status == 401 and list(body["errors"]) == ["detail"]
    status, body = visible(api, nobody_key, include_unpublished="true")
    assert status == 403 and list(body["errors"]) == ["detail"]

    # Owners who may see every trial see them all.
    for key in (superuser_key, research_key, perm_key):
        status, found = visible(api, key, include_unpublished=1)
        assert status == 200 and {MINE, THEIRS, PUBLIC} <= found

    # A centre editor: the published trials, and the unpublished ones of their centre only.
    status, found = visible(api, centre_key, include_unpublished=1)
    assert status == 200 and {MINE, PUBLIC} <= found and THEIRS not in found

    # The detail follows the same rules.
    assert api.get(f"/api/v1/trials/{MINE}/", {"include_unpublished": 1}, **bearer(centre_key)).status_code == 200
    assert api.get(f"/api/v1/trials/{THEIRS}/", {"include_unpublished": 1}, **bearer(centre_key)).status_code == 404
    assert api.get(f"/api/v1/trials/{MINE}/", **bearer(superuser_key)).status_code == 404

    # include_unpublished=0 is the default; anything unreadable is a 400.
    assert visible(api, nobody_key, include_unpublished=0)[0] == 200
    status, body = visible(api, superuser_key, include_unpublished="perhaps")
    assert status == 400 and list(body["errors"]) == ["include_unpublished"]


def test_centre_editor_sees_unpublished_news_of_their_centre_only(api):
    from tests.factories import make_news_item

    centre, other = make_centre(), make_centre()
    editor = make_user("news-centre-editor", group=CENTRE_EDITOR)
    CentreMembership.objects.create(user=editor, centre=centre)
    _t, key = api_token_issue(name="Intranet", owner=editor)
    mine = make_news_item(slug="api-news-mine", status=PublicationStatus.DRAFT, publish_from=None)
    mine.centres.add(centre)
    theirs = make_news_item(slug="api-news-theirs", status=PublicationStatus.DRAFT, publish_from=None)
    theirs.centres.add(other)
    found = slugs(api.get("/api/v1/news/", {"include_unpublished": 1, "page_size": 100}, **bearer(key)))
    assert "api-news-mine" in found and "api-news-theirs" not in found
    # Pages are not a centre editor's: no view permission, 403.
    assert api.get("/api/v1/pages/", {"include_unpublished": 1}, **bearer(key)).status_code == 403


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user("token-admin", superuser=True))
    return client


def test_admin_issues_a_token_and_shows_the_key_once(admin_client, api):
    owner = make_user("tool-user", perms=["research.view_trial"])
    response = admin_client.post(
        "/admin/api/apitoken/add/",
        {"name": "Dashboard", "owner": owner.pk, "expires_0": "", "expires_1": ""},
        follow=True,
    )
    assert response.redirect_chain, response.content
    token = ApiToken.objects.get(name="Dashboard")
    keys = re.findall(r"uc_[A-Za-z0-9_-]{40,}", response.content.decode())
    assert len(keys) == 1
    key = keys[0]
    assert key.startswith(token.prefix)
    assert api.get("/api/v1/centres/", **bearer(key)).status_code == 200
    # Never again: the change page shows the prefix only.
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and key not in page
    assert key not in admin_client.get("/admin/api/apitoken/").content.decode()


def test_admin_revokes_tokens(admin_client, api):
    token, key = api_token_issue(name="Old tool", owner=make_user("old-tool-user"))
    response = admin_client.post(
        "/admin/api/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/centres/", **bearer(key)).status_code == 401


def test_admin_pages_open(admin_client):
    token, _key = api_token_issue(name="Searchable tool", owner=make_user("searchable"))
    assert admin_client.get("/admin/api/apitoken/").status_code == 200
    assert admin_client.get("/admin/api/apitoken/", {"q": "Searchable"}).status_code == 200
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 200
    assert admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").status_code == 200


def test_staff_who_are_not_superusers_issue_tokens_for_themselves_only(api):
    staff = make_user("token-staff", perms=["api.add_apitoken", "api.view_apitoken", "api.change_apitoken"])
    someone = make_user("someone-else", superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.post("/admin/api/apitoken/add/", {"name": "Mine", "owner": someone.pk})
    assert response.status_code == 200  # the form refuses another owner
    assert not ApiToken.objects.filter(name="Mine").exists()
    response = client.post("/admin/api/apitoken/add/", {"name": "Mine", "owner": staff.pk})
    assert response.status_code == 302
    assert ApiToken.objects.get(name="Mine").owner == staff
