"""Browser tests in the real Chromium (Debian's package), driven by Playwright's sync API.

Fixtures for every browser test module: ``browser`` (session), ``page`` (a fresh tab on the live
server, recording every request), ``axe_check(page)`` (axe-core, WCAG 2.1 A/AA, fails on any
violation) and ``screenshot(page, name)`` (var/screenshots/<name>.png).

Without /usr/bin/chromium the whole folder is skipped with a message; without axe-core the
accessibility checks fail and say which command installs it (.ci/run installs both).
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent.parent
AXE_JS = ROOT / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_INSTALL = "npm install --prefix var/node axe-core@4.14.1 (make test does it)"
# Each run writes here (git-ignored); the README shows copies kept in tests/browser/screenshots/.
SCREENSHOTS = ROOT / "var" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is safe (it is: the tests are not async code).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":  # CI must never skip them silently
        raise pytest.UsageError(f"REQUIRE_BROWSER_TESTS=1 but {CHROMIUM} is missing (apt-get install chromium).")
    skip = pytest.mark.skip(
        reason=f"Browser tests skipped: {CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests skipped: {CHROMIUM} is missing (apt-get install chromium).")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per execution context, and Playwright's sync API switches context:
    # Django code then gets new connection objects, without the database contents serialized at setup
    # that serialized rollback (``site``) restores. Hand them over.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(django_db_serialized_rollback, live_server, demo_content):
    """The live server, with the demo content loaded (transactional database).

    Serialized rollback puts back the rows migrations create (the trial phases) after the flush
    between transactional tests: the demo content refers to them.
    """
    return live_server


def is_csp_violation(text: str) -> bool:
    """Chromium reports what the Content-Security-Policy blocked as a console error naming it."""
    return "Content Security Policy" in text


@pytest.fixture
def page(browser, site):
    """A new tab at 1280x900 in French; ``page.requests`` lists every URL the page asked for.

    Every test fails if the site's Content-Security-Policy blocked anything on any page it opened
    (``page.csp_violations``, from Chromium's console): a policy that breaks a page is a bug of the page.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    tab.requests = []
    tab.csp_violations = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda message: is_csp_violation(message.text) and tab.csp_violations.append(message.text))
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
    assert not tab.csp_violations, "The Content-Security-Policy blocked:\n" + "\n".join(tab.csp_violations)


def assert_only_local_requests(page, live_server_url: str):
    """Every request the page made went to the live server (no third-party host, no CDN)."""
    host = urlsplit(live_server_url).hostname
    foreign = [
        url
        for url in page.requests
        if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).hostname not in {host, "localhost"}
    ]
    assert not foreign, "Requests left the live server:\n" + "\n".join(foreign)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    """``axe_check(page)``: run axe-core on the page, fail on any WCAG 2.1 A/AA violation (listed readably)."""

    def check(page, context: str = "document"):
        if not AXE_JS.exists():
            pytest.fail(f"axe-core is missing: run `{AXE_INSTALL}` (CI's .ci/run does).")
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern
        # (an injected <script> tag would be blocked, as it should).
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate(
            f"async () => await axe.run({context}, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_TAGS)}}}}})"
        )
        assert result["passes"], "axe-core ran no check: is the page empty?"
        violations = result["violations"]
        assert not violations, f"axe-core found WCAG violations on {page.url}:\n" + format_violations(violations)
        return result

    return check


@pytest.fixture
def screenshot():
    """``screenshot(page, name)``: a full-page PNG in var/screenshots/."""

    def take(page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
