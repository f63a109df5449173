"""The public site in a real browser: the visitor's paths, accessibility (axe-core) and no third-party request."""

import re

import pytest

from .conftest import assert_only_local_requests

pytestmark = pytest.mark.browser


def test_home_map_leads_to_a_centre(page, site, axe_check, screenshot):
    page.goto(f"{site.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    axe_check(page)
    screenshot(page, "home")

    marker = page.locator("svg a.map__marker").first
    label = marker.get_attribute("aria-label")
    marker.focus()  # every marker is reachable with the keyboard
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/centres/[\w-]+/$"))
    assert label.split(",")[0] in page.locator("h1").inner_text()
    axe_check(page)
    screenshot(page, "centre")
    assert_only_local_requests(page, site.url)


def test_language_switch_stays_on_the_same_page(page, site, axe_check):
    page.goto(f"{site.url}/fr/centres/")
    page.locator(".lang-switch").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site.url}/en/centres/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
    page.locator(".lang-switch").get_by_role("link", name="Français").click()
    page.wait_for_url(f"{site.url}/fr/centres/")
    assert_only_local_requests(page, site.url)


def test_centre_list(page, site, axe_check, screenshot):
    page.goto(f"{site.url}/fr/centres/")
    assert page.locator("svg a.map__marker").count() >= 1
    axe_check(page)
    screenshot(page, "centres")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways at 375 px"


def test_certifications_for_a_chosen_date(page, site, axe_check, screenshot):
    page.goto(f"{site.url}/en/certifications/")
    axe_check(page)
    page.get_by_label("Situation on").fill("2024-07-31")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"\?on=2024-07-31$"))
    assert "31" in page.locator("#figures-heading").inner_text()

    page.goto(f"{site.url}/en/certifications/has/?on=2024-07-31")
    axe_check(page)
    screenshot(page, "certifications-has")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "certifications-has-375")

    page.goto(f"{site.url}/en/certifications/has/?on=not-a-date")
    assert page.get_by_role("alert").is_visible()
    axe_check(page)
    assert_only_local_requests(page, site.url)


def test_search_from_the_header(page, site, axe_check, screenshot):
    page.goto(f"{site.url}/fr/")
    page.get_by_role("search").first.get_by_role("searchbox").fill("therapie")
    page.get_by_role("search").first.get_by_role("button").click()
    page.wait_for_url(re.compile(r"q=therapie"))
    assert page.locator("#results-heading").is_visible()
    axe_check(page)
    screenshot(page, "search")
    assert_only_local_requests(page, site.url)


def test_pages_and_errors_are_accessible(page, site, axe_check):
    page.goto(f"{site.url}/en/pages/")
    axe_check(page)
    links = page.locator("main article a")
    if links.count():
        links.first.click()
        page.wait_for_load_state()
        axe_check(page)
    response = page.goto(f"{site.url}/en/no-such-page/")
    assert response.status == 404
    axe_check(page)
    assert_only_local_requests(page, site.url)


def test_small_screen_home(page, site, axe_check, screenshot):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{site.url}/fr/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the page scrolls sideways at 320 px"
    axe_check(page)
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "home-375")
