"""The publishing workflow: who may move what, the record of each move, scheduling with a frozen clock,
bulk actions with their confirmation and summary, and the change form's buttons."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.admin.conftest import SUPERUSER, client_for
from tests.factories import make_news_item
from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    FEDERATION_EDITOR,
    QUALITY_EDITOR,
    READ_ONLY,
    RESEARCH_EDITOR,
    REVIEWER,
)
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing import services
from unicancer_site.publishing.models import PublicationStatus, WorkflowTransition

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def test_centre_editor_sends_to_review_and_the_move_is_recorded(world, staff, frozen_now):
    news = world.a.news
    with time_machine.travel(frozen_now, tick=False):
        transition = services.send_to_review(obj=news, user=staff[CENTRE_EDITOR], comment="À relire")
    news.refresh_from_db()
    assert news.status == PublicationStatus.IN_REVIEW
    assert (transition.from_status, transition.to_status) == ("draft", "in_review")
    assert transition.user == staff[CENTRE_EDITOR]
    assert transition.at == frozen_now
    assert transition.comment == "À relire"
    assert list(WorkflowTransition.objects.for_object(news)) == [transition]
    assert news.history.order_by("-history_id").first().history_user == staff[CENTRE_EDITOR]


@pytest.mark.parametrize("role", [CENTRE_EDITOR, RESEARCH_EDITOR, QUALITY_EDITOR, READ_ONLY])
def test_only_reviewers_and_federation_editors_publish(role, world, staff):
    news = world.a.news
    with pytest.raises(PermissionDenied):
        services.publish(obj=news, user=staff[role])
    with pytest.raises(PermissionDenied):
        services.unpublish(obj=news, user=staff[role])
    news.refresh_from_db()
    assert news.status == PublicationStatus.DRAFT
    assert not WorkflowTransition.objects.for_object(news).exists()


@pytest.mark.parametrize("role", [REVIEWER, FEDERATION_EDITOR, SUPERUSER])
def test_publishers_publish_and_unpublish(role, world, staff, frozen_now):
    news = world.b.news
    with time_machine.travel(frozen_now, tick=False):
        services.publish(obj=news, user=staff[role])
        assert NewsItem.objects.published().filter(pk=news.pk).exists()
        assert news.publish_from == frozen_now
        services.unpublish(obj=news, user=staff[role], comment="Retiré")
        assert not NewsItem.objects.published().filter(pk=news.pk).exists()
    moves = [(t.from_status, t.to_status, t.user) for t in WorkflowTransition.objects.for_object(news).order_by("pk")]
    assert moves == [("draft", "published", staff[role]), ("published", "unpublished", staff[role])]


def test_read_only_cannot_send_to_review(world, staff):
    with pytest.raises(PermissionDenied):
        services.send_to_review(obj=world.page, user=staff[READ_ONLY])


def test_centre_editor_cannot_move_another_centres_item(world, staff):
    with pytest.raises(PermissionDenied):
        services.send_to_review(obj=world.b.news, user=staff[CENTRE_EDITOR])


def test_impossible_moves(world, staff):
    news = world.a.news
    services.publish(obj=news, user=staff[REVIEWER])
    with pytest.raises(services.WorkflowError):
        services.publish(obj=news, user=staff[REVIEWER])
    with pytest.raises(services.WorkflowError):
        services.send_to_review(obj=news, user=staff[CENTRE_EDITOR])


def test_scheduled_publication_needs_no_job(world, staff, frozen_now):
    page = world.page
    start, end = frozen_now + DAY, frozen_now + 3 * DAY
    with time_machine.travel(frozen_now, tick=False):
        page.publish_until = end
        services.publish(obj=page, user=staff[REVIEWER], at=start)
        assert EditorialPage.objects.scheduled().filter(pk=page.pk).exists()
        assert not EditorialPage.objects.published().filter(pk=page.pk).exists()
        assert services.publication_state(page)[0] == "scheduled"
        assert services.publication_state(page)[1] == "Scheduled for 03/03/2026 10:00"
    with time_machine.travel(start + HOUR, tick=False):
        assert EditorialPage.objects.published().filter(pk=page.pk).exists()
        assert services.publication_state(page) == ("live", "Live")
    with time_machine.travel(end + HOUR, tick=False):
        assert not EditorialPage.objects.published().filter(pk=page.pk).exists()
        assert EditorialPage.objects.expired().filter(pk=page.pk).exists()
        assert services.publication_state(page) == ("expired", "Expired on 05/03/2026 10:00")


def test_changelist_shows_and_filters_scheduled_and_expired(world, staff, frozen_now):
    with time_machine.travel(frozen_now, tick=False):
        live = make_news_item(slug="wfzq-live", publish_from=frozen_now - DAY)
        scheduled = make_news_item(slug="wfzq-scheduled", publish_from=frozen_now + DAY)
        expired = make_news_item(slug="wfzq-expired", publish_from=frozen_now - 3 * DAY, publish_until=frozen_now - DAY)
        client = client_for(staff[REVIEWER])
        url = reverse("admin:news_newsitem_changelist")
        content = client.get(url, {"q": "wfzq"}).content.decode()
        assert "Scheduled for 03/03/2026 10:00" in content
        assert "Expired on 01/03/2026 10:00" in content
        assert "Live" in content
        for value, expected in [("scheduled", scheduled), ("expired", expired), ("live", live)]:
            shown = set(client.get(url, {"on_site": value, "q": "wfzq"}).context["cl"].queryset)
            assert shown == {expected}, value


def _bulk(client, action, items, **extra):
    data = {"action": action, "_selected_action": [item.pk for item in items], **extra}
    return client.post(reverse("admin:news_newsitem_changelist"), data)


def test_bulk_publish_asks_for_confirmation_then_summarises(world, staff):
    already = make_news_item(slug="already-published")
    items = [world.a.news, world.b.news, already]
    client = client_for(staff[REVIEWER])

    confirmation = _bulk(client, "publish_selected", items)
    assert confirmation.status_code == 200
    assert confirmation.templates[0].name == "admin/publishing/workflow_confirmation.html"
    assert world.a.news.title_fr in confirmation.content.decode()
    world.a.news.refresh_from_db()
    assert world.a.news.status == PublicationStatus.DRAFT

    response = _bulk(client, "publish_selected", items, post="yes", comment="Lot du lundi")
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["2 published, 1 skipped: not possible from its status."]
    for item in (world.a.news, world.b.news):
        item.refresh_from_db()
        assert item.status == PublicationStatus.PUBLISHED
        assert WorkflowTransition.objects.for_object(item).get().comment == "Lot du lundi"


def test_bulk_send_to_review_by_centre_editor(world, staff):
    in_review = world.a.news
    second = make_news_item(slug="second-a", status=PublicationStatus.DRAFT, publish_from=None)
    second.centres.add(world.a.centre)
    services.send_to_review(obj=in_review, user=staff[CENTRE_EDITOR])
    response = _bulk(client_for(staff[CENTRE_EDITOR]), "send_to_review_selected", [in_review, second], post="yes")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["1 sent to review, 1 skipped: not possible from its status."]


def test_centre_editor_is_not_offered_publish_actions(world, staff):
    response = client_for(staff[CENTRE_EDITOR]).get(reverse("admin:news_newsitem_changelist"))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert "send_to_review_selected" in actions
    assert not {"publish_selected", "refuse_selected", "unpublish_selected"} & actions
    response = _bulk(client_for(staff[CENTRE_EDITOR]), "publish_selected", [world.a.news], post="yes")
    world.a.news.refresh_from_db()
    assert world.a.news.status == PublicationStatus.DRAFT


def test_change_form_buttons_and_preview_link(world, staff):
    url = reverse("admin:news_newsitem_change", args=[world.a.news.pk])
    editor_page = client_for(staff[CENTRE_EDITOR]).get(url)
    assert [action for action, _label in editor_page.context["workflow_actions"]] == ["send_to_review"]
    reviewer_page = client_for(staff[REVIEWER]).get(url)
    assert [action for action, _label in reviewer_page.context["workflow_actions"]] == ["publish"]
    content = reviewer_page.content.decode()
    assert reverse("admin:preview", args=["news", "newsitem", world.a.news.pk]) in content
    assert 'value="publish"' in content


def test_change_form_button_publishes(world, staff):
    news = world.a.news
    url = reverse("admin:news_newsitem_workflow", args=[news.pk])
    response = client_for(staff[CENTRE_EDITOR]).post(url, {"workflow_action": "publish"})
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.status == PublicationStatus.DRAFT
    client_for(staff[REVIEWER]).post(url, {"workflow_action": "publish", "comment": "OK"})
    news.refresh_from_db()
    assert news.status == PublicationStatus.PUBLISHED
    entry = LogEntry.objects.filter(object_id=str(news.pk), user=staff[REVIEWER]).latest("action_time")
    assert entry.get_change_message() == "Publish"
    assert client_for(staff[REVIEWER]).get(url).status_code == 405


def test_unknown_workflow_action_is_a_message_not_an_error(world, staff):
    url = reverse("admin:news_newsitem_workflow", args=[world.a.news.pk])
    response = client_for(staff[REVIEWER]).post(url, {"workflow_action": "delete_everything"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Unknown action."]


def test_a_reviewer_refuses_an_item_in_review_back_to_draft(world, staff):
    news = world.a.news
    services.send_to_review(obj=news, user=staff[CENTRE_EDITOR])
    with pytest.raises(PermissionDenied):
        services.refuse(obj=news, user=staff[CENTRE_EDITOR])
    with pytest.raises(services.WorkflowError):
        services.unpublish(obj=news, user=staff[REVIEWER])  # not published: refused, not unpublished
    transition = services.refuse(obj=news, user=staff[REVIEWER], comment="Sources à citer")
    news.refresh_from_db()
    assert news.status == PublicationStatus.DRAFT
    assert (transition.from_status, transition.to_status, transition.comment) == (
        "in_review",
        "draft",
        "Sources à citer",
    )
    with pytest.raises(services.WorkflowError):
        services.refuse(obj=news, user=staff[REVIEWER])  # only an item in review


def test_the_change_form_offers_refuse_for_an_item_in_review_and_unpublish_for_a_live_one(world, staff):
    news = world.a.news
    url = reverse("admin:news_newsitem_change", args=[news.pk])
    services.send_to_review(obj=news, user=staff[CENTRE_EDITOR])
    in_review = client_for(staff[REVIEWER]).get(url)
    assert in_review.context["workflow_actions"] == [("publish", "Publish"), ("refuse", "Refuse")]
    services.publish(obj=news, user=staff[REVIEWER])
    live = client_for(staff[REVIEWER]).get(url)
    assert live.context["workflow_actions"] == [("unpublish", "Unpublish")]


def test_bulk_refuse(world, staff):
    services.send_to_review(obj=world.a.news, user=staff[CENTRE_EDITOR])
    response = _bulk(client_for(staff[REVIEWER]), "refuse_selected", [world.a.news, world.b.news], post="yes")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["1 refused, 1 skipped: not possible from its status."]
    world.a.news.refresh_from_db()
    assert world.a.news.status == PublicationStatus.DRAFT


def test_clearing_the_date_of_a_published_item_is_a_form_error_not_a_server_error(world, staff):
    news = world.a.news
    services.publish(obj=news, user=staff[FEDERATION_EDITOR])
    data = {
        "kind": "news", "title_fr": news.title_fr, "slug": news.slug, "centres": [world.a.centre.pk],
        "publish_from_0": "", "publish_from_1": "",
    }  # fmt: skip
    response = client_for(staff[FEDERATION_EDITOR]).post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["A published item needs a publication date."]
    news.refresh_from_db()
    assert news.publish_from is not None
    # A draft may have no date; its other constraints still hold (until after from).
    draft = world.b.news
    data = {"kind": "news", "title_fr": draft.title_fr, "slug": draft.slug, "centres": [world.b.centre.pk]}
    url = reverse("admin:news_newsitem_change", args=[draft.pk])
    assert client_for(staff[FEDERATION_EDITOR]).post(url, data).status_code == 302
    late = {**data, "publish_from_0": "02/03/2026", "publish_from_1": "10:00"}
    late.update(publish_until_0="01/03/2026", publish_until_1="10:00")
    errors = client_for(staff[FEDERATION_EDITOR]).post(url, late).context["adminform"].form.non_field_errors()
    assert errors == ["'Publish until' must come after 'publish from'."]
