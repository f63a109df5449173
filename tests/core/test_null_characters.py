"""A NUL character in a request (path, query string, cookie) never reaches the database.

PostgreSQL refuses NUL in text: unchecked, a slug or a parameter holding one was a 500 (DataError).
Now a path is a 404, a query parameter a 400 (JSON under /api/, the site's page elsewhere), a cookie is ignored.
"""

import pytest
from django.test import Client
from django.urls import translate_url

from tests.factories import make_news_item

pytestmark = pytest.mark.django_db

API_RESOURCES = ["trials", "centres", "news", "pages", "certifications", "key-figures"]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def assert_api_error(response, status: int, key: str):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["errors"] and list(body["errors"]) == [key]
    assert all(isinstance(message, str) and message for message in body["errors"][key])


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_an_api_path_with_nul_is_the_json_404(client, resource):
    response = client.get(f"/api/v1/{resource}/a%00b/", HTTP_ACCEPT_LANGUAGE="en")
    assert_api_error(response, 404, "detail")
    assert response.json() == {"errors": {"detail": ["Not found."]}}


@pytest.mark.parametrize("resource", API_RESOURCES)
def test_an_api_parameter_with_nul_is_a_400_naming_it(client, resource):
    response = client.get(f"/api/v1/{resource}/?search=a%00b&lang=en")
    assert_api_error(response, 400, "search")
    assert response.json()["errors"]["search"] == ["Null characters are not allowed."]
    assert response["Content-Language"] == "en"


def test_a_parameter_name_with_nul_is_a_400_too(client):
    assert_api_error(client.get("/api/v1/trials/?sta%00tus=recruiting"), 400, "status")


PAGE_PATHS = [
    "/fr/centres/a%00b/",
    "/fr/actualites/a%00b/",
    "/fr/pages/a%00b/",
    "/fr/recherche/essais/a%00b/",
    "/fr/recherche/programmes/a%00b/",
    "/en/certifications/a%00b/",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_a_page_path_with_nul_is_the_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


PAGE_QUERIES = [
    "/fr/recherche/essais/?q=a%00b",
    "/fr/recherche/essais/?centre=a%00b",
    "/fr/recherche/essais/?localisation=a%00b",
    "/fr/actualites/?centre=a%00b",
    "/fr/recherche-globale/?q=a%00b",
    "/en/certifications/?on=a%00b",
]


@pytest.mark.parametrize("url", PAGE_QUERIES)
def test_a_page_parameter_with_nul_is_the_friendly_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    language = url[1:3]
    assert f'<html lang="{language}"' in html and 'class="site-header"' in html
    assert response["Content-Language"] == language
    name = url.split("?")[1].split("=")[0]
    assert (f"«\u00a0{name}\u00a0»" if language == "fr" else f"“{name}”") in html


@pytest.mark.parametrize(
    ("language", "title", "detail"),
    [
        ("en", "Address not understood", "The value of “q” cannot be read. Null characters are not allowed."),
        ("fr", "Adresse incompréhensible", "La valeur de «\u00a0q\u00a0» ne peut pas être lue."),
    ],
)
def test_the_400_page_speaks_the_language_of_its_url(client, language, title, detail):
    html = client.get(translate_url("/fr/recherche/essais/", language) + "?q=%00").content.decode()
    assert f"<h1>{title}</h1>" in html and detail in html


def test_the_admin_search_with_nul_is_a_400(admin_client):
    response = admin_client.get("/admin/news/newsitem/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_a_session_cookie_with_nul_is_ignored(client, admin_user):
    client.force_login(admin_user)
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    # Not logged in any more (no usable session): the admin asks to log in, no error page.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/fr/").status_code == 200


def test_a_clean_request_is_untouched(client):
    item = make_news_item(slug="sans-nul")
    assert client.get(f"/api/v1/news/{item.slug}/").status_code == 200
    assert client.get("/fr/actualites/", {"centre": "", "page": "1"}).status_code == 200


# The rows, on the database that refused NUL (CI's PostgreSQL pass): each was a 500.


@pytest.mark.postgresql
@pytest.mark.parametrize("resource", ["trials", "centres", "news", "pages"])
def test_postgresql_api_detail_with_nul(client, resource):
    assert_api_error(client.get(f"/api/v1/{resource}/a%00b/"), 404, "detail")


@pytest.mark.postgresql
def test_postgresql_session_cookie_with_nul(client):
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    assert client.get("/admin/").status_code == 302


@pytest.mark.postgresql
def test_postgresql_admin_search_with_nul(admin_client):
    assert admin_client.get("/admin/research/trial/", {"q": "\x00"}).status_code == 400
