"""The commands `make run` relies on."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centres.models import Centre

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
