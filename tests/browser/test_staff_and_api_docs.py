"""The admin (sign-in, dashboard, lists, the rich-text editor) and Swagger UI in Chromium, under the site's
Content-Security-Policy: the ``page`` fixture fails any test during which the policy blocked something."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_news_item
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.browser

PASSWORD = "browser-staff-password-1"


@pytest.fixture
def staff(site):
    return get_user_model().objects.create_superuser("zz-browser-staff", "staff@example.org", PASSWORD)


def sign_in(page, live_server_url):
    page.goto(f"{live_server_url}/admin/login/?next=/admin/")
    page.fill("#id_username", "zz-browser-staff")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#dashboard")


def test_admin_pages_and_rich_text_editor_work_under_the_policy(page, site, staff):
    item = make_news_item(slug="zz-csp-item", title_fr="Zz article CSP", body_fr="<p>Avant.</p>")
    sign_in(page, site.url)
    for path in ["/admin/news/newsitem/", "/admin/api/apitoken/", "/admin/research/trial/import/"]:
        page.goto(site.url + path)
        page.wait_for_selector("#content")

    page.goto(f"{site.url}/admin/news/newsitem/{item.pk}/change/")
    # The editor is a module script whose import map is an inline script: it runs only with the nonce.
    page.get_by_text("Avant.", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.type(" Ajouté dans le navigateur.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    item.refresh_from_db()
    assert "Ajouté dans le navigateur." in item.body_fr
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_swagger_ui_runs_under_the_policy(page, site):
    page.goto(f"{site.url}/api/docs/")
    # Swagger UI's start-up script is inline (with the nonce): the operations appear only if it ran.
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(re.search(r"/api/v1/centres/", text) for text in paths)
