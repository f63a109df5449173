"""Drafts of live items in the real Chromium (issue 11): a French centre editor edits a published news item, sees
that a draft is pending, previews it and sends it to review, while the public page keeps the published title; a
reviewer publishes the draft and the public page shows the new one. Screenshot of the draft panel."""

import re

import pytest

from centres.models import Centre
from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import CENTRE_EDITOR, REVIEWER
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing.models import Revision, RevisionStatus

from .test_staff_editing import log_in

pytestmark = pytest.mark.browser
NEW_TITLE = "Titre proposé par le centre, en attente de relecture"


@pytest.fixture
def people(site):
    centre = Centre.objects.get(slug="centre-leon-berard")
    return {
        "editor": make_staff(CENTRE_EDITOR, centres=[centre], username="lea"),
        "reviewer": make_staff(REVIEWER, username="rachel"),
    }


def public_title(page, site, news) -> str:
    page.goto(site.url + news.get_absolute_url())
    return page.locator("main h1").inner_text()


def test_edit_a_live_item_preview_the_draft_submit_and_publish(page, site, people, screenshot):
    news = NewsItem.objects.published().filter(centres__slug="centre-leon-berard").order_by("pk").first()
    assert news is not None, "the demo content has a published news item of the Centre Léon Bérard"
    live_title = news.title_fr
    change_url = f"{site.url}/admin/news/newsitem/{news.pk}/change/"

    log_in(page, site, people["editor"])
    page.goto(change_url)
    page.fill("#id_title_fr", NEW_TITLE)
    page.locator("input[name=_continue]").click()
    page.wait_for_url(re.compile(r"/admin/news/newsitem/\d+/change/$"))
    assert "Enregistré comme brouillon" in page.locator(".messagelist").inner_text()
    panel = page.locator("#draft-panel")
    assert "Un brouillon est en attente" in panel.inner_text()
    assert "Le site public montre toujours la version publiée" in panel.inner_text()
    assert live_title in panel.inner_text() and NEW_TITLE in panel.inner_text()  # before → after
    # Only the title changed: the body the editor re-serialised (same text) is no change.
    assert page.locator("#draft-panel table.changes tbody tr").count() == 1
    assert page.locator("#id_title_fr").input_value() == NEW_TITLE  # the form edits the draft
    screenshot(page, "draft-of-a-live-item")

    preview_href = page.get_by_role("link", name="Aperçu").get_attribute("href")
    page.goto(site.url + preview_href)
    assert page.locator("main h1").inner_text() == NEW_TITLE
    assert "brouillon en attente d’un élément publié" in page.get_by_role("region", name="Aperçu").inner_text()
    assert public_title(page, site, news) == live_title  # the public still reads the published title

    page.goto(change_url)
    page.get_by_role("button", name="Envoyer le brouillon en relecture").click()
    page.wait_for_url(re.compile(r"/admin/news/newsitem/\d+/change/$"))
    assert Revision.objects.get(object_id=news.pk).status == RevisionStatus.IN_REVIEW
    assert page.get_by_role("button", name="Publier le brouillon").count() == 0  # not hers to publish

    page.context.clear_cookies()
    log_in(page, site, people["reviewer"])
    page.goto(change_url)
    assert "En relecture" in page.locator("#draft-panel").inner_text()
    page.get_by_role("button", name="Publier le brouillon").click()
    page.wait_for_url(re.compile(r"/admin/news/newsitem/\d+/change/$"))
    assert page.locator("#draft-panel").count() == 0
    assert public_title(page, site, news) == NEW_TITLE
