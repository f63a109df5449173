"""Shared test fixtures.

The demo content (fixtures/demo.json) is loaded once per test database as `make run` loads it
(``load_demo_content``: the objects and their first version in the history), so every test starts
from the complete demo site and rolls back what it changes. Transactional tests (the browser
tests' live server) flush the database, so they load it again themselves (``demo_content``).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

DEMO_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` are about PostgreSQL's own behaviour: skipped, with a message, on SQLite."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="PostgreSQL only: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> (as CI does)."
    )
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if DEMO_FIXTURE.exists():
            call_command("load_demo_content", verbosity=0)


@pytest.fixture
def demo_content(transactional_db):
    """For transactional tests: the demo content, loaded into the flushed database."""
    call_command("load_demo_content", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: a test that activates English (a request, an override
    left open) must not change which URLs the next test reverses in the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
