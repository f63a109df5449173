"""The interface speaks French first (compiled catalogue in unicancer_site/locale) and English second."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("msgid", "french"),
    [
        ("Home", "Accueil"),
        ("Centres", "Centres"),
        ("Recruiting", "En recrutement"),
        ("Not certified", "Non certifié"),
        ("Draft", "Brouillon"),
    ],
)
def test_the_french_catalogue_is_compiled_and_used(msgid, french):
    with translation.override("fr"):
        assert gettext(msgid) == french
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_pages_speak_the_language_of_their_url(client):
    french = client.get("/fr/").content.decode()
    english = client.get("/en/").content.decode()
    assert '<html lang="fr"' in french and "Accueil" in french
    assert '<html lang="en"' in english and ">Home<" in english


def test_phase_names_follow_the_language():
    from research.models import Phase

    phase = Phase.objects.get(code="early_phase_1")
    with translation.override("fr"):
        assert str(phase) == "Phase 1 précoce"
    with translation.override("en"):
        assert str(phase) == "Early phase 1"
