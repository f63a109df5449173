"""Shared test fixtures.

The demo content (fixtures/demo.json) is loaded once per test database, so every test starts
from the complete demo site and rolls back what it changes. Transactional tests (the browser
tests' live server) flush the database, so they load it again themselves (``demo_content``).
"""

from pathlib import Path

import pytest
from django.core.management import call_command

DEMO_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if DEMO_FIXTURE.exists():
            call_command("loaddata", "demo", verbosity=0)


@pytest.fixture
def demo_content(transactional_db):
    """For transactional tests: the demo content, loaded into the flushed database."""
    call_command("loaddata", "demo", verbosity=0)
