"""Staff preview of drafts through the public views, under a banner that says it is one; "View on site"; and the
dashboard on the admin index."""

import datetime

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin.conftest import client_for
from tests.factories import make_certification
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, READ_ONLY, REVIEWER
from unicancer_site.publishing import services


def _preview_url(obj):
    return reverse("admin:preview", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _needs_template(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        pytest.skip(f"{name} is not written yet (public site)")


def test_draft_page_preview_uses_the_public_view(world, staff):
    page = world.page
    assert Client().get(page.get_absolute_url()).status_code == 404
    response = client_for(staff[READ_ONLY]).get(_preview_url(page))
    assert response.status_code == 200
    assert "pages/page_detail.html" in [t.name for t in response.templates]
    assert response.context["page"] == page
    assert response.context["is_preview"] is True
    assert page.title in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["news", "trial"])
def test_draft_news_and_trial_previews(kind, world, staff):
    obj = world.a.news if kind == "news" else world.a.trial
    _needs_template("news/newsitem_detail.html" if kind == "news" else "research/trial_detail.html")
    response = client_for(staff[CENTRE_EDITOR]).get(_preview_url(obj))
    assert response.status_code == 200
    assert response.context["object"] == obj


def test_preview_is_staff_only_and_scoped(world, staff):
    assert Client().get(_preview_url(world.page)).status_code == 302
    client = client_for(staff[CENTRE_EDITOR])
    assert client.get(_preview_url(world.b.news)).status_code == 404
    assert client.get(_preview_url(world.page)).status_code == 403
    assert client.get(reverse("admin:preview", args=["centres", "centre", world.a.centre.pk])).status_code == 404
    assert client.get(reverse("admin:preview", args=["nope", "nothing", 1])).status_code == 404


def test_view_on_site_links(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    page = world.page
    change = client.get(reverse("admin:pages_editorialpage_change", args=[page.pk]))
    assert change.context["has_absolute_url"]
    model_admin = change.context["adminform"].model_admin
    assert model_admin.get_view_on_site_url(page) == _preview_url(page)
    services.publish(obj=page, user=staff[FEDERATION_EDITOR])
    assert model_admin.get_view_on_site_url(page) == page.get_absolute_url()
    for obj in [world.a.centre, world.a.site, world.a.certification]:
        opts = obj._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.context["has_absolute_url"], opts.model_name
        assert "View on site" in response.content.decode()


def test_dashboard(world, staff):
    services.send_to_review(obj=world.a.news, user=staff[CENTRE_EDITOR])
    services.send_to_review(obj=world.b.news, user=staff[FEDERATION_EDITOR])
    now = timezone.now()
    services.publish(obj=world.page, user=staff[REVIEWER], at=now + datetime.timedelta(days=2))
    today = timezone.localdate()
    # Taken after the centre's other decision, so that it is the one in force (an earlier one would be replaced).
    expiring = make_certification(centre=world.a.centre, decision_date=today - datetime.timedelta(days=1000),
                                  valid_until=today + datetime.timedelta(days=60))  # fmt: skip
    later = make_certification(centre=world.b.centre, valid_until=today + datetime.timedelta(days=400))
    client_for(staff[CENTRE_EDITOR]).post(
        reverse("admin:centres_site_change", args=[world.a.site.pk]),
        {"centre": world.a.centre.pk, "name": world.a.site.name, "city": "Bron", "region": world.a.site.region},
    )

    response = client_for(staff[REVIEWER]).get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    assert {item["obj"] for item in dashboard["in_review"]} >= {world.a.news, world.b.news}
    assert world.page in {item["obj"] for item in dashboard["scheduled"]}
    assert expiring in dashboard["expiring"]
    assert later not in dashboard["expiring"]
    assert any(entry.object_id == str(world.a.site.pk) for entry in dashboard["recent_changes"])
    content = response.content.decode()
    assert "Waiting for review" in content
    assert world.a.news.title_fr in content

    editor_dashboard = client_for(staff[CENTRE_EDITOR]).get(reverse("admin:index")).context["dashboard"]
    assert {item["obj"] for item in editor_dashboard["in_review"]} == {world.a.news}
    assert world.page not in {item["obj"] for item in editor_dashboard["scheduled"]}
    assert expiring in editor_dashboard["expiring"]
    shown = {(entry.content_type.model, entry.object_id) for entry in editor_dashboard["recent_changes"]}
    assert ("site", str(world.a.site.pk)) in shown


# -- the preview's banner


def _banner(response) -> str:
    content = response.content.decode()
    assert 'class="preview-banner"' in content
    return content.split('class="preview-banner"', 1)[1].split("</div>\n</div>", 1)[0]


def test_the_preview_of_a_draft_says_it_is_not_public_and_when_it_would_go_live(world, staff):
    news = world.a.news
    response = client_for(staff[CENTRE_EDITOR]).get(_preview_url(news))
    banner = _banner(response)
    assert "Preview: not public" in banner
    assert "Status: Draft" in banner
    assert "Once published, it goes live at once, dated the day it is published" in banner
    assert reverse("admin:news_newsitem_change", args=[news.pk]) in banner
    # The date it would carry, today's, is the one the page shows.
    assert response.context["object"].publish_from.date() == timezone.localdate()


def test_the_preview_of_a_draft_with_a_date_shows_that_date(world, staff):
    news = world.a.news
    news.publish_from = timezone.make_aware(datetime.datetime(2031, 5, 4, 9, 0))
    news.save()
    response = client_for(staff[CENTRE_EDITOR]).get(_preview_url(news))
    assert "Once published, it goes live on May 4, 2031, 9 a.m., its publication date." in _banner(response)
    assert response.context["object"].publish_from == news.publish_from


def test_the_preview_of_a_scheduled_item_in_french(world, staff):
    page = world.page
    services.publish(obj=page, user=staff[REVIEWER], at=timezone.make_aware(datetime.datetime(2031, 5, 4, 9, 0)))
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(staff[REVIEWER])
    banner = _banner(client.get(_preview_url(page)))
    assert "Aperçu : non public" in banner
    assert "Statut : Publié." in banner
    assert "Mise en ligne le 4 mai 2031 09:00." in banner
    assert "Retour au formulaire" in banner


def test_the_preview_of_a_live_item_says_so_and_the_public_page_has_no_banner(world, staff):
    page = world.page
    services.publish(obj=page, user=staff[REVIEWER])
    assert "Preview: this item is live" in _banner(client_for(staff[REVIEWER]).get(_preview_url(page)))
    public = Client().get(page.get_absolute_url())
    assert public.status_code == 200
    assert "preview-banner" not in public.content.decode()
