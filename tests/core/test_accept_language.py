"""Accept-Language is read with its weights, by the site and by the API alike: q=0 means "not acceptable"."""

import pytest
from django.test import Client

from tests.factories import make_centre
from unicancer_site.core.i18n import preferred_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en;q=0", None),  # the row: English refused, nothing else asked for
        ("en;q=0, fr", "fr"),
        ("en;q=0, *", "fr"),
        ("fr;q=0, *", "en"),
        ("fr;q=0, en;q=0, *", None),
        ("*;q=0", None),
        ("en", "en"),
        ("EN-gb", "en"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", "en"),
        ("fr;q=0.4, en;q=0.5", "en"),
        ("en;q=0.5, fr;q=0.5", "en"),  # a tie: the language named first
        ("*", "fr"),  # anything: the site's order
        ("en-GB;q=0, en", "en"),  # the range naming the language itself decides
        ("en;q=0, en-GB", None),
        ("en;q=0.000", None),
        ("de", None),
        ("", None),
        ("garbage;;;q=x", None),
        ("en;q=2", None),  # malformed: ignored as a whole
    ],
)
def test_preferred_language(header, language):
    assert preferred_language(header) == language


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("header", "target"),
    [("en;q=0", "/fr/"), ("en;q=0, *", "/fr/"), ("fr;q=0, en;q=0.1", "/en/"), ("en", "/en/"), ("", "/fr/")],
)
def test_the_home_redirect_follows_the_weights(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_language_cookie_still_wins_over_the_header(client):
    client.cookies["django_language"] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en;q=0")["Location"] == "/en/"


def test_pages_outside_the_prefix_speak_the_accepted_language(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en;q=0, fr;q=0.5")
    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize(
    ("header", "language"), [("en;q=0", "fr"), ("en;q=0, *", "fr"), ("fr;q=0, en;q=0.3", "en"), ("fr;q=0", "fr")]
)
def test_the_api_reads_the_weights_too(client, header, language):
    make_centre(slug="api-weights", description_fr="Texte français.", description_en="English text.")
    response = client.get("/api/v1/centres/api-weights/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert response.json()["description"] == {"fr": "Texte français.", "en": "English text."}[language]
    assert client.get("/api/v1/centres/", HTTP_ACCEPT_LANGUAGE=header)["Content-Language"] == language
