"""Bad input to the admin is a message, never a 500: forged selections, filters an export cannot apply, very long
searches, NUL characters in headers and posted values."""

import pytest
from django.urls import reverse

from tests.admin.conftest import client_for
from unicancer_site.accounts.roles import FEDERATION_EDITOR


@pytest.mark.parametrize("selected", ["abc", "1\x00", "-1.5"])
def test_a_forged_selection_is_a_message(selected, world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    url = reverse("admin:research_trial_changelist")
    response = client.post(url, {"action": "send_to_review_selected", "_selected_action": [selected]})
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "query",
    ["?bogus=1", "?id__exact=abc", "?publish_from__year=abc", "?status__in=x&o=99"],
)
def test_an_export_with_filters_the_list_cannot_apply_goes_back_to_the_list(query, world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    response = client.get(reverse("admin:news_newsitem_export") + query)
    assert response.status_code in (200, 302)


def test_a_very_long_search_is_cut_not_refused(world, staff):
    client = client_for(staff[FEDERATION_EDITOR])
    response = client.get(reverse("admin:research_trial_changelist"), {"q": " ".join(["essai"] * 1000)})
    assert response.status_code == 200


def test_nul_in_a_header_is_a_400_and_in_a_posted_value_a_form_error(client, db):
    assert client.get("/fr/", HTTP_USER_AGENT="robot\x00").status_code == 400
    response = client.post("/admin/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
