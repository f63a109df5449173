"""The trash in the real Chromium: a reviewer deletes a published press release (it leaves the public site), finds
it in the trash and restores it, with its centres (issue 11, observation 1)."""

import pytest

from tests.admin.conftest import make_staff
from unicancer_site.accounts.roles import REVIEWER
from unicancer_site.news.models import NewsItem

from .test_staff_editing import log_in

pytestmark = pytest.mark.browser


def test_reviewer_deletes_then_restores_from_the_trash(page, site, axe_check, screenshot):
    reviewer = make_staff(REVIEWER, username="relecteur")
    item = NewsItem.objects.published().filter(centres__isnull=False).order_by("pk").first()
    centres = set(item.centres.values_list("pk", flat=True))
    public_url = f"{site.url}{item.get_absolute_url()}"
    assert page.goto(public_url).status == 200

    log_in(page, site, reviewer)
    page.goto(f"{site.url}/admin/news/newsitem/{item.pk}/change/")
    page.locator("a.deletelink").click()
    page.wait_for_url(f"{site.url}/admin/news/newsitem/{item.pk}/delete/")
    # The page's own content: Django's admin breadcrumbs (white links on light blue) are not this page's.
    axe_check(page, "'#content'")
    page.fill("#id_comment", "Retiré à la demande du centre")
    page.locator("#trash-form input[type=submit]").click()
    page.wait_for_url(f"{site.url}/admin/news/newsitem/")
    assert "corbeille" in page.locator(".messagelist").inner_text()
    assert page.goto(public_url).status == 404

    page.goto(f"{site.url}/admin/")
    page.locator("#dashboard-trash a").click()
    page.wait_for_url(f"{site.url}/admin/trash/")
    row = page.locator("#trash-list tbody tr", has_text=item.title_fr)
    assert row.count() == 1
    axe_check(page, "'#content'")
    screenshot(page, "trash")
    row.locator("button[name=restore]").click()
    page.wait_for_url(f"{site.url}/admin/trash/")
    assert "restauré" in page.locator(".messagelist").inner_text()
    assert page.locator("#trash-list").count() == 0

    item.refresh_from_db()
    assert item.trashed_at is None
    assert set(item.centres.values_list("pk", flat=True)) == centres
    assert page.goto(public_url).status == 200
