"""A staff user's centres are edited on the user's page; only superusers manage users."""

from django.contrib.auth.models import User
from django.urls import reverse

from tests.admin.conftest import SUPERUSER, client_for
from unicancer_site.accounts.models import CentreMembership
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR


def test_user_page_edits_the_centres(world, staff):
    editor = staff[CENTRE_EDITOR]
    client = client_for(staff[SUPERUSER])
    url = reverse("admin:auth_user_change", args=[editor.pk])
    page = client.get(url)
    assert page.status_code == 200
    formset = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is CentreMembership)
    assert [form.instance.centre for form in formset.formset.initial_forms] == [world.a.centre]

    data = {
        "username": editor.username,
        "password": editor.password,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in editor.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "centre_memberships-TOTAL_FORMS": "2",
        "centre_memberships-INITIAL_FORMS": "1",
        "centre_memberships-0-id": CentreMembership.objects.get(user=editor).pk,
        "centre_memberships-0-user": editor.pk,
        "centre_memberships-0-centre": world.a.centre.pk,
        "centre_memberships-1-user": editor.pk,
        "centre_memberships-1-centre": world.b.centre.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(CentreMembership.objects.filter(user=editor).values_list("centre", flat=True)) == {
        world.a.centre.pk,
        world.b.centre.pk,
    }


def test_only_superusers_manage_users(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[staff[CENTRE_EDITOR].pk])).status_code == 403
    assert User.objects.filter(pk=staff[CENTRE_EDITOR].pk).exists()
