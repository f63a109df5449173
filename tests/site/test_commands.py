"""The commands `make run` relies on."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centres.models import Centre
from unicancer_site.core.history import is_tracked
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.django_db


def test_create_local_staff_generates_a_fresh_password_each_time():
    first, second = io.StringIO(), io.StringIO()
    call_command("create_local_staff", username="local1", stdout=first)
    call_command("create_local_staff", username="local2", stdout=second)
    password1 = first.getvalue().split("password: ")[1].strip()
    password2 = second.getvalue().split("password: ")[1].strip()
    assert password1 != password2 and len(password1) >= 16
    user = get_user_model().objects.get(username="local1")
    assert user.is_staff and user.check_password(password1)


def test_create_local_staff_keeps_an_existing_account():
    call_command("create_local_staff", username="local3", stdout=io.StringIO())
    user = get_user_model().objects.get(username="local3")
    old_hash = user.password
    out = io.StringIO()
    call_command("create_local_staff", username="local3", stdout=out)
    user.refresh_from_db()
    assert user.password == old_hash
    assert "already exists" in out.getvalue()


def test_load_demo_content_keeps_local_changes():
    Centre.objects.create(slug="local", name="Centre modifié localement")
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "not loaded again" in out.getvalue()
    assert Centre.objects.filter(slug="local").exists()


def test_the_demo_content_starts_its_history_with_one_imported_version():
    """The session's database was loaded by load_demo_content (tests/conftest.py), as `make run` loads it."""
    tracked = [model for model in apps.get_models() if is_tracked(model)]
    assert {model._meta.label for model in tracked} >= {"news.NewsItem", "research.Trial", "centres.Centre"}
    for model in tracked:
        for obj in model._default_manager.all():
            versions = list(obj.history.all())
            assert len(versions) == 1, f"{model._meta.label} {obj.pk}: {len(versions)} versions"
            assert versions[0].history_type == "+"
            assert versions[0].history_user is None
            assert versions[0].history_change_reason == "Importé depuis les documents sources"
    # The first version holds the links, so that the first change does not show them all as added.
    news = NewsItem.objects.filter(centres__isnull=False).first()
    first = news.history.get()
    assert set(first.centres.values_list("centre_id", flat=True)) == set(news.centres.values_list("pk", flat=True))


def test_loading_a_fixture_records_no_version():
    versions = NewsItem.history.count()
    call_command("loaddata", "demo", verbosity=0)
    assert NewsItem.history.count() == versions


def test_load_demo_content_gives_a_first_version_to_objects_without_one():
    news = NewsItem.objects.first()
    news.history.all().delete()
    out = io.StringIO()
    call_command("load_demo_content", "--force", stdout=out)
    assert "First versions recorded in the history: 1." in out.getvalue()
    assert news.history.get().history_change_reason == "Importé depuis les documents sources"
