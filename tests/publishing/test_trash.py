"""Issue 11, observation 1: deleting an item moves it to the trash, out of the public site; publishers restore it
with its links, children and history, or empty the trash after the retention period; a centre editor may not
delete a published or shared item and asks for its withdrawal instead."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from research.models import RecruitmentStatus, TrialCentre
from tests.admin.conftest import client_for, make_staff
from tests.factories import make_centre, make_news_item, make_trial
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, RESEARCH_EDITOR, REVIEWER
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing import trash
from unicancer_site.publishing.models import PublicationStatus, WithdrawalRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The assertions read the English messages, whichever language the previous test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def centres():
    return [make_centre(name=f"Centre {n}", short_name=f"C{n}") for n in range(5)]


@pytest.fixture
def press_release(centres):
    """A published press release shared with five centres, with a version in its history."""
    item = make_news_item(kind=NewsItem.Kind.PRESS_RELEASE, title_fr="Communiqué partagé")
    item.centres.set(centres)
    item.title_fr = "Communiqué partagé, corrigé"
    item.save()
    return item


@pytest.fixture
def centre_editor(centres):
    return make_staff(CENTRE_EDITOR, centres=[centres[0]], username="centre-editor")


@pytest.fixture
def reviewer():
    return make_staff(REVIEWER, username="reviewer")


def public_url(item):
    return reverse("news:newsitem_detail", kwargs={"slug": item.slug})


def delete_url(item):
    return reverse("admin:news_newsitem_delete", args=[item.pk])


def test_centre_editor_may_not_delete_a_published_shared_press_release(press_release, centre_editor):
    client = client_for(centre_editor)
    page = client.get(delete_url(press_release))
    assert page.status_code == 200
    assert "This item is published: only a reviewer or a federation editor may take it off the site." in (
        page.content.decode()
    )
    assert 'id="withdrawal-form"' in page.content.decode()

    response = client.post(delete_url(press_release), {"post": "yes"}, follow=True)
    press_release.refresh_from_db()
    assert press_release.trashed_at is None
    assert press_release.status == PublicationStatus.PUBLISHED
    assert [str(m) for m in response.context["messages"]] == [
        "This item is published: only a reviewer or a federation editor may take it off the site. "
        "Ask for its withdrawal instead."
    ]
    assert Client().get(public_url(press_release)).status_code == 200


def test_centre_editor_may_not_delete_a_draft_shared_with_another_centre(centres, centre_editor):
    draft = make_news_item(status=PublicationStatus.DRAFT, publish_from=None)
    draft.centres.set(centres[:2])
    assert trash.trash_refusal(centre_editor, draft) == (
        "This item is shared with another centre: ask for its withdrawal instead."
    )
    client_for(centre_editor).post(delete_url(draft), {"post": "yes"})
    draft.refresh_from_db()
    assert draft.trashed_at is None


def test_centre_editor_moves_their_own_draft_to_the_trash(centres, centre_editor):
    draft = make_news_item(status=PublicationStatus.DRAFT, publish_from=None)
    draft.centres.set(centres[:1])
    response = client_for(centre_editor).post(delete_url(draft), {"post": "yes"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.trashed_at is not None and draft.trashed_by == centre_editor
    assert NewsItem.objects.filter(pk=draft.pk).exists()  # in the trash, not deleted


def test_withdrawal_request_reaches_the_reviewers_dashboard(press_release, centre_editor, reviewer):
    client = client_for(centre_editor)
    empty = client.post(delete_url(press_release), {"request_withdrawal": "1", "reason": "   "})
    assert "Say why the item should be withdrawn." in empty.content.decode()
    assert not WithdrawalRequest.objects.exists()

    response = client.post(delete_url(press_release), {"request_withdrawal": "1", "reason": "Chiffres erronés"})
    assert response.status_code == 302
    request = WithdrawalRequest.objects.get()
    assert (request.content_object, request.requested_by, request.reason) == (
        press_release,
        centre_editor,
        "Chiffres erronés",
    )

    dashboard = client_for(reviewer).get(reverse("admin:index"))
    items = dashboard.context["dashboard"]["withdrawal_requests"]
    assert [(item["obj"], item["request"].reason) for item in items] == [(press_release, "Chiffres erronés")]
    # The centre editor does not publish: the requests are not on their dashboard.
    assert client.get(reverse("admin:index")).context["dashboard"]["withdrawal_requests"] == []

    # The reviewer takes it off the site: the request is resolved and leaves the dashboard.
    client_for(reviewer).post(delete_url(press_release), {"post": "yes"})
    request.refresh_from_db()
    assert request.resolved_at is not None
    assert client_for(reviewer).get(reverse("admin:index")).context["dashboard"]["withdrawal_requests"] == []


def test_reviewer_deletes_to_the_trash_and_the_item_leaves_the_public_site(press_release, reviewer):
    anonymous = Client()
    assert anonymous.get(public_url(press_release)).status_code == 200
    assert press_release.slug in anonymous.get(reverse("sitemap")).content.decode()
    search = {"q": "Communiqué partagé"}
    assert press_release.title_fr in anonymous.get(reverse("search"), search).content.decode()
    response = client_for(reviewer).post(delete_url(press_release), {"post": "yes", "comment": "Retiré"})
    assert response.status_code == 302
    press_release.refresh_from_db()
    assert press_release.trashed_at is not None and press_release.trashed_by == reviewer

    assert anonymous.get(public_url(press_release)).status_code == 404
    assert not NewsItem.objects.published().filter(pk=press_release.pk).exists()
    api = anonymous.get("/api/v1/news/", HTTP_ACCEPT="application/json").json()
    assert press_release.slug not in [row["slug"] for row in api["results"]]
    assert anonymous.get(f"/api/v1/news/{press_release.slug}/").status_code == 404
    feed = anonymous.get(reverse("news:feed_rss")).content.decode()
    assert press_release.slug not in feed
    assert press_release.slug not in anonymous.get(reverse("sitemap")).content.decode()
    assert press_release.title_fr not in anonymous.get(reverse("search"), search).content.decode()
    # The admin's list and form no longer show it; the trash does.
    changelist = client_for(reviewer).get(reverse("admin:news_newsitem_changelist"))
    assert press_release not in changelist.context["cl"].result_list
    trash_page = client_for(reviewer).get(reverse("admin:trash"))
    assert [row["obj"] for row in trash_page.context["rows"]] == [press_release]


def test_restore_brings_back_centres_children_and_history(press_release, centres, reviewer):
    versions_before = list(press_release.history.order_by("history_id").values_list("history_id", "title_fr"))
    client = client_for(reviewer)
    client.post(delete_url(press_release), {"post": "yes"})
    key = f"news.newsitem.{press_release.pk}"
    response = client.post(reverse("admin:trash"), {"restore": key}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "“Communiqué partagé, corrigé” was restored."

    press_release.refresh_from_db()
    assert press_release.trashed_at is None
    assert press_release.status == PublicationStatus.PUBLISHED
    assert set(press_release.centres.all()) == set(centres)
    history = list(press_release.history.order_by("history_id").values_list("history_id", "title_fr"))
    assert history[: len(versions_before)] == versions_before
    reasons = list(press_release.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Moved to the trash", "Restored from the trash"]
    assert Client().get(public_url(press_release)).status_code == 200


def test_a_trial_keeps_its_participating_centres_through_the_trash(centres):
    trial = make_trial()
    for centre in centres[:3]:
        TrialCentre.objects.create(trial=trial, centre=centre, recruitment_status=RecruitmentStatus.RECRUITING)
    federation = make_staff(FEDERATION_EDITOR, username="federation")
    trash.move_to_trash(obj=trial, user=federation)
    assert not type(trial).objects.published().filter(pk=trial.pk).exists()
    trash.restore(obj=trial, user=federation)
    assert set(trial.participations.values_list("centre_id", flat=True)) == {c.pk for c in centres[:3]}


def test_only_publishers_restore(press_release, centres, reviewer):
    editor = make_staff(CENTRE_EDITOR, centres=centres, username="all-centres-editor")
    trash.move_to_trash(obj=press_release, user=reviewer)
    response = client_for(editor).post(
        reverse("admin:trash"), {"restore": f"news.newsitem.{press_release.pk}"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Only a reviewer or a federation editor may restore an item."
    ]
    press_release.refresh_from_db()
    assert press_release.trashed_at is not None


def test_research_editor_may_not_trash_a_published_trial():
    trial = make_trial()
    editor = make_staff(RESEARCH_EDITOR, username="research")
    response = client_for(editor).post(reverse("admin:research_trial_delete", args=[trial.pk]), {"post": "yes"})
    assert "This item is published" in response.content.decode()
    trial.refresh_from_db()
    assert trial.trashed_at is None


def test_bulk_delete_goes_to_the_trash_and_respects_the_rules(centres, centre_editor, press_release):
    own = make_news_item(status=PublicationStatus.DRAFT, publish_from=None, title_fr="Brouillon du centre")
    own.centres.set(centres[:1])
    client = client_for(centre_editor)
    changelist = reverse("admin:news_newsitem_changelist")
    actions = [value for value, _label in client.get(changelist).context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions and "move_to_trash_selected" in actions

    confirm = client.post(changelist, {"action": "move_to_trash_selected", "_selected_action": [own.pk]})
    assert confirm.status_code == 200 and "Brouillon du centre" in confirm.content.decode()
    response = client.post(
        changelist,
        {"action": "move_to_trash_selected", "_selected_action": [own.pk, press_release.pk], "post": "yes"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "1 moved to the trash."
    assert "This item is published" in messages[1]
    own.refresh_from_db()
    press_release.refresh_from_db()
    assert own.trashed_at is not None
    assert press_release.trashed_at is None
    assert NewsItem.objects.filter(pk__in=[own.pk, press_release.pk]).count() == 2  # nothing deleted for good


def test_emptying_after_retention_removes_the_item(press_release, reviewer, settings):
    settings.TRASH_RETENTION_DAYS = 30
    recent = make_news_item(title_fr="Récent")
    trash.move_to_trash(obj=press_release, user=reviewer)
    trash.move_to_trash(obj=recent, user=reviewer)
    NewsItem.objects.filter(pk=press_release.pk).update(trashed_at=timezone.now() - datetime.timedelta(days=31))

    call_command("empty_trash", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not NewsItem.objects.filter(pk=press_release.pk).exists()
    assert NewsItem.objects.filter(pk=recent.pk).exists()
    # Its history says it was deleted.
    assert press_release.history.latest("history_id").history_type == "-"

    # A shorter retention, from the trash's admin page.
    settings.TRASH_RETENTION_DAYS = 0
    client_for(reviewer).post(reverse("admin:trash"), {"empty_expired": "1"})
    assert not NewsItem.objects.filter(pk=recent.pk).exists()


def test_trash_page_of_a_centre_editor_lists_their_centres_items_only(centres, centre_editor, reviewer):
    own = make_news_item()
    own.centres.set(centres[:1])
    other = make_news_item()
    other.centres.set(centres[1:2])
    trash.move_to_trash(obj=own, user=reviewer)
    trash.move_to_trash(obj=other, user=reviewer)
    page = client_for(centre_editor).get(reverse("admin:trash"))
    assert [row["obj"] for row in page.context["rows"]] == [own]
    assert page.context["may_empty"] is False
    assert "Restore" not in page.content.decode().split('id="trash-list"')[1]


def test_a_token_asking_for_unpublished_items_does_not_get_the_trash(reviewer):
    from tests.api.conftest import bearer
    from unicancer_site.api.services import api_token_issue

    draft = make_trial(slug="trashed-draft", status=PublicationStatus.DRAFT, publish_from=None)
    kept = make_trial(slug="kept-draft", status=PublicationStatus.DRAFT, publish_from=None)
    trash.move_to_trash(obj=draft, user=reviewer)
    superuser = make_staff("superuser", username="api-owner")
    _token, key = api_token_issue(name="Tool", owner=superuser)
    response = Client().get("/api/v1/trials/", {"include_unpublished": 1, "page_size": 100}, **bearer(key))
    found = {row["slug"] for row in response.json()["results"]}
    assert kept.slug in found and draft.slug not in found


def test_the_publisher_sees_the_withdrawal_request_on_the_item(press_release, centre_editor, reviewer):
    client_for(centre_editor).post(delete_url(press_release), {"request_withdrawal": "1", "reason": "Erreur de date"})
    page = client_for(reviewer).get(reverse("admin:news_newsitem_change", args=[press_release.pk]))
    assert [str(m) for m in page.context["messages"]] == ["centre-editor asked for its withdrawal: Erreur de date"]


def test_trash_page_queries_do_not_grow_with_its_rows(reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reviewer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:trash")).status_code == 200
        return len(queries)

    trash.move_to_trash(obj=make_news_item(), user=reviewer)
    one = count()
    for _n in range(4):
        trash.move_to_trash(obj=make_news_item(), user=reviewer)
        trash.move_to_trash(obj=make_trial(), user=reviewer)
    # Session, user, then one query per publishable model (trials, news items, pages), whatever is in the trash.
    assert count() == one
