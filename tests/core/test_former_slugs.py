"""Observation 8: changing a public item's slug keeps its old address working, with a 301 to the new one, in both
languages, for every model with a public slug (found by having a ``slug`` and ``get_absolute_url``)."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.admin.conftest import client_for, make_staff
from tests.factories import make_centre, make_news_item, make_page, make_trial
from unicancer_site.accounts.roles import FEDERATION_EDITOR
from unicancer_site.core.models import FormerSlug
from unicancer_site.core.redirects import has_public_slug
from unicancer_site.publishing.models import PublicationStatus

LANGUAGES = ("fr", "en")


def _rename(obj, new_slug):
    """A new slug in every language the model has one for (``slug``, and ``slug_en`` where it exists)."""
    obj.slug = new_slug
    if hasattr(obj, "slug_en"):
        obj.slug_en = new_slug
    obj.save()
    obj.refresh_from_db()
    return obj


def _assert_redirects(client, obj, old_slug):
    for language in LANGUAGES:
        with_old = _address(obj, language).replace(f"/{obj.slug}/", f"/{old_slug}/")
        response = client.get(with_old)
        assert response.status_code == 301, (language, with_old)
        assert response["Location"] == _address(obj, language)
        assert client.get(response["Location"]).status_code == 200


def _address(obj, language):
    from django.utils import translation

    with translation.override(language):
        return obj.get_absolute_url()


@pytest.mark.parametrize(
    "make",
    [
        make_news_item,
        make_trial,
        lambda: make_trial(kind="programme"),
        make_page,
        make_centre,
    ],
    ids=["news", "trial", "programme", "page", "centre"],
)
def test_a_public_items_old_slug_answers_301_to_its_new_address_in_both_languages(db, client, make):
    obj = make()
    old_slug = obj.slug
    for language in LANGUAGES:
        assert client.get(_address(obj, language)).status_code == 200
    _rename(obj, f"{old_slug}-renamed")
    _assert_redirects(client, obj, old_slug)


def test_a_slug_changed_twice_sends_both_old_addresses_to_the_current_one(db, client):
    news = make_news_item(slug="premier-titre")
    _rename(news, "deuxieme-titre")
    _rename(news, "troisieme-titre")
    _assert_redirects(client, news, "premier-titre")
    _assert_redirects(client, news, "deuxieme-titre")
    # Back to an old slug: the live page answers, and its redirect is gone.
    _rename(news, "premier-titre")
    assert client.get("/fr/actualites/premier-titre/").status_code == 200
    assert not FormerSlug.objects.filter(slug="premier-titre").exists()
    _assert_redirects(client, news, "troisieme-titre")


def test_a_draft_changing_its_slug_leaves_no_redirect(db, client):
    news = make_news_item(status=PublicationStatus.DRAFT, publish_from=None)
    old_slug = news.slug
    _rename(news, f"{old_slug}-x")
    assert not FormerSlug.objects.filter(slug=old_slug).exists()
    assert client.get(f"/fr/actualites/{old_slug}/").status_code == 404


def test_an_unpublished_item_is_not_reached_through_its_old_slug(db, client):
    news = make_news_item()
    old_slug = news.slug
    _rename(news, f"{old_slug}-x")
    news.status = PublicationStatus.UNPUBLISHED
    news.save()
    assert client.get(f"/fr/actualites/{old_slug}/").status_code == 404
    assert client.get(f"/en/news/{old_slug}/").status_code == 404


@pytest.mark.parametrize("make", [make_news_item, make_page], ids=["news", "page"])
def test_an_english_slug_changed_alone_keeps_its_old_english_address(db, client, make):
    obj = make()
    obj.slug_en = "an-english-address"
    obj.save()
    old_english = _address(obj, "en")
    obj.slug_en = "a-new-english-address"
    obj.save()
    response = client.get(old_english)
    assert response.status_code == 301
    assert response["Location"] == _address(obj, "en")
    # The French address did not change.
    assert client.get(_address(obj, "fr")).status_code == 200


def test_another_kinds_page_does_not_borrow_a_redirect(db, client):
    """A former slug of a news item redirects only under the news pages, not under a trial's address."""
    news = make_news_item(slug="meme-slug")
    _rename(news, "meme-slug-2")
    assert client.get(reverse("research:trial_detail", kwargs={"slug": "meme-slug"})).status_code == 404


def test_the_api_keeps_its_json_404(db, client):
    news = make_news_item()
    old_slug = news.slug
    _rename(news, f"{old_slug}-x")
    response = client.get(f"/api/v1/news/{old_slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_slug_changed_in_the_admin_is_recorded_and_listed_in_french(db):
    news = make_news_item(slug="titre-du-communique")
    user = make_staff(FEDERATION_EDITOR, username="redirects-editor")
    _rename(news, "nouveau-titre-du-communique")
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    response = client.get(reverse("admin:core_formerslug_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "titre-du-communique" in content
    assert "/actualites/nouveau-titre-du-communique/" in content
    assert "Anciennes adresses (redirections)" in content or "anciennes adresses (redirections)" in content
    assert "redirige vers" in content.lower()
    assert client.get(reverse("admin:core_formerslug_add")).status_code == 403


def test_every_model_with_a_public_slug_is_covered():
    """Found by declaration, not by a list: today these are the ones."""
    found = {model._meta.label for model in apps.get_models() if has_public_slug(model)}
    assert {"news.NewsItem", "research.Trial", "pages.EditorialPage", "centres.Centre"} <= found
    assert not any(label.split(".")[1].startswith("Historical") for label in found)


def test_the_pages_former_addresses_were_moved_to_the_shared_table(db):
    """The data migration's target: editorial pages' redirects live in core.FormerSlug under the page's kind."""
    page = make_page()
    FormerSlug.objects.create(target=page, slug="ancienne-page")
    row = FormerSlug.objects.get(slug="ancienne-page")
    assert row.content_type == ContentType.objects.get(app_label="pages", model="editorialpage")
