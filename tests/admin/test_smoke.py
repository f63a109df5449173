"""Every admin page for every role: changelist, ?q= search, add page and a change page.

Django does not check admin option names, so opening every page is what proves them. Where the
role may not go, the answer is a refusal (403/404, or 302 for pages Django sends back to the list),
never a 500.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.admin.conftest import ALL_ROLES, client_for

REFUSED = (302, 403, 404)


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_admin_page_opens_or_refuses(role, world, staff):
    user = staff[role]
    client = client_for(user)
    request = _request_for(user)
    assert client.get(reverse("admin:index")).status_code == 200
    checked = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        can_view = model_admin.has_view_or_change_permission(request)

        for params in ({}, {"q": "test"}):
            response = client.get(reverse(f"admin:{name}_changelist"), params)
            expected = (200,) if can_view else REFUSED
            assert response.status_code in expected, (name, params, response.status_code)

        response = client.get(reverse(f"admin:{name}_add"))
        expected = (200,) if model_admin.has_add_permission(request) else REFUSED
        assert response.status_code in expected, (name, "add", response.status_code)

        obj = model_admin.get_queryset(request).first() if can_view else model._default_manager.first()
        if obj is not None:
            response = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
            expected = (200,) if can_view else REFUSED
            assert response.status_code in expected, (name, "change", response.status_code)
            checked += 1
    assert checked >= 10
