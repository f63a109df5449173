"""The editorial pages' admin and model rules: both languages in one form, one page per role."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from tests.factories import make_page
from unicancer_site.pages.models import EditorialPage

pytestmark = pytest.mark.django_db


def test_the_form_has_both_languages_and_no_language_field(admin_client):
    html = admin_client.get(reverse("admin:pages_editorialpage_add")).content.decode()
    for name in ("title_fr", "summary_fr", "body_fr", "title_en", "summary_en", "body_en", "slug", "role", "source"):
        assert f'name="{name}"' in html, name
    assert 'name="language"' not in html and 'name="translation_of"' not in html
    # Both bodies use the packaged rich-text editor.
    assert html.count("data-django-prose-editor-configurable") == 2


def test_changelist_filters_by_role_and_searches_both_languages(admin_client):
    make_page(slug="admin-page", title_fr="Page d'administration", title_en="Quorvex admin page")
    url = reverse("admin:pages_editorialpage_changelist")
    html = admin_client.get(url, {"role__exact": "charter"}).content.decode()
    assert "Un modèle partagé, formalisé dans une Charte" in html
    assert "Page d&#x27;administration" not in html
    html = admin_client.get(url, {"q": "quorvex"}).content.decode()
    assert "Page d&#x27;administration" in html
    assert "Un modèle partagé" not in html


def test_a_second_page_with_the_same_role_is_refused(admin_client):
    data = {"title_fr": "Une autre charte", "slug": "autre-charte", "role": "charter"}
    response = admin_client.post(reverse("admin:pages_editorialpage_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Another page already plays this role." in response.content.decode()
    assert not EditorialPage.objects.filter(slug="autre-charte").exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_page(slug="autre-charte", role=EditorialPage.Role.CHARTER)


def test_many_pages_have_no_role():
    make_page(slug="sans-role-1")
    make_page(slug="sans-role-2")
    # The uniqueness applies only to a role given: two pages without one are saved.
    assert EditorialPage.objects.filter(slug__startswith="sans-role-", role="").count() == 2


def test_a_page_reads_in_the_active_language_with_the_french_fallback():
    page = make_page(title_fr="Titre", title_en="Title", summary_fr="Résumé", body_fr="<p>Texte</p>")
    with translation.override("en"):
        assert (page.title, page.summary, page.body) == ("Title", "Résumé", "<p>Texte</p>")
        assert page.language_of("title") == "en" and page.language_of("body") == "fr"
    with translation.override("fr"):
        assert (page.title, page.summary, page.body) == ("Titre", "Résumé", "<p>Texte</p>")
    assert str(page) == "Titre"
