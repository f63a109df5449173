"""One base URL (``SITE_URL``) in every absolute address the site gives out, whatever host the request came by."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PUBLIC = "https://www.unicancer.example"


@override_settings(SITE_URL=PUBLIC)
def test_the_api_root_names_its_resources_under_site_url():
    body = APIClient().get("/api/v1/", HTTP_HOST="testserver").json()
    assert body, "the root lists the resources"
    assert body["centres"] == f"{PUBLIC}/api/v1/centres/"
    for name, url in body.items():
        assert url.startswith(f"{PUBLIC}/api/v1/"), (name, url)


@override_settings(SITE_URL=PUBLIC)
def test_the_api_lists_name_their_items_and_pages_under_site_url():
    body = APIClient().get("/api/v1/centres/", {"page_size": 1}).json()
    assert body["next"].startswith(f"{PUBLIC}/api/v1/centres/?")
    assert body["results"][0]["url"].startswith(f"{PUBLIC}/")
