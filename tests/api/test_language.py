import pytest

from tests.factories import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return make_centre(slug="api-lang", description_fr="Texte français.", description_en="English text.")


URL = "/api/v1/centres/api-lang/"


@pytest.mark.parametrize(
    "params, headers, language",
    [
        ({}, {}, "fr"),
        ({"lang": "en"}, {}, "en"),
        ({"lang": "fr"}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "fr"),  # the parameter wins
        ({}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, "en"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5,fr;q=0.4"}, "en"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "de"}, "fr"),  # nothing we speak: French
        ({}, {"HTTP_ACCEPT_LANGUAGE": "garbage;;;q=x"}, "fr"),
    ],
)
def test_language_choice(api, centre, params, headers, language):
    response = api.get(URL, params, **headers)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    body = response.json()
    assert body["description"] == {"fr": "Texte français.", "en": "English text."}[language]
    assert body["url"] == f"http://testserver/{language}/centres/api-lang/"


@pytest.mark.parametrize("lang", ["de", "EN", "", "fr-FR"])
def test_an_invalid_lang_is_a_400(api, centre, lang):
    response = api.get(URL, {"lang": lang})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]


def test_error_messages_follow_the_language(api):
    french = api.get("/api/v1/centres/", {"ordering": "nope"}).json()["errors"]["ordering"][0]
    english = api.get("/api/v1/centres/", {"ordering": "nope", "lang": "en"}).json()["errors"]["ordering"][0]
    assert english.startswith("Unknown ordering field")
    assert "nope" in french
