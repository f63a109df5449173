"""The 404 and 500 pages: in the site's look, in both languages, never needing what failed."""

import pytest
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "title"), [("fr", "Page not found"), ("en", "Page not found")])
def test_404_in_the_site_look(client, language, title):
    response = client.get(f"/{language}/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="site-header"' in html and 'href="#main"' in html
    assert 'href="{}"'.format("/en/search/" if language == "en" else "/fr/recherche-globale/") in html
    # The language switch leads to the same (missing) address in the other language.
    other = "en" if language == "fr" else "fr"
    assert f'href="/{other}/does-not-exist/"' in html


def test_404_outside_the_language_prefix(client):
    response = client.get("/does-not-exist/", follow=True)
    assert response.status_code == 404


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken_view)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_is_self_contained_and_bilingual():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html and '<section lang="en">' in html
    assert 'href="/fr/"' in html and 'href="/en/"' in html
    assert "<link" not in html and "<script" not in html  # no static file, nothing that could fail


def test_500_template_renders_without_any_context():
    html = get_template("500.html").render()
    assert "Unicancer" in html
