"""Stored text holds no character XML 1.0 or the database refuses (core/text.py), on every model."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.signals import pre_save
from django.test import Client

from tests.factories import make_news_item
from unicancer_site.core.text import clean_text
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("Premier\x0bsecond", True, "Premier\nsecond"),  # Word's soft line break
        ("Premier\x0bsecond", False, "Premier second"),
        ("Page\x0csuivante", True, "Page\nsuivante"),
        ("a\x00b\x01c\x08d\x1fe\x7ff", True, "abcde\x7ff"),  # DEL is allowed in XML
        ("tab\tLF\nCR\r", True, "tab\tLF\nCR\r"),  # what XML allows stays
        ("non\ufffe\uffffcaractères", True, "noncaractères"),
        ("seul\ud800e", True, "seul\ufffde"),
        ("Thérapie ciblée — 10 % · 中文 😀", True, "Thérapie ciblée — 10 % · 中文 😀"),
        ("", True, ""),
    ],
)
def test_clean_text(value, multiline, expected):
    assert clean_text(value, multiline=multiline) == expected


def test_clean_text_never_lengthens():
    value = "".join(chr(code) for code in range(0x20)) + "\ud800\ufffe"
    assert len(clean_text(value)) <= len(value)


def text_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.CharField | models.TextField)]


MODELS_WITH_TEXT = [model for model in apps.get_models() if text_fields(model)]


@pytest.mark.parametrize("model", MODELS_WITH_TEXT, ids=[model._meta.label for model in MODELS_WITH_TEXT])
def test_every_text_field_of_every_model_is_cleaned_on_save(model):
    instance = model()
    for field in text_fields(model):
        setattr(instance, field.attname, "a\x0bb\x00c")
    pre_save.send(sender=model, instance=instance, raw=False, using="default", update_fields=None)
    for field in text_fields(model):
        expected = "a\nbc" if isinstance(field, models.TextField) else "a bc"
        assert getattr(instance, field.attname) == expected, field.name


def test_a_service_saving_control_characters_stores_clean_text():
    item = make_news_item(title_fr="Titre\x0bsuite", summary_fr="Résumé\x0bsuite\x00", body_fr="<p>a\x0bb</p>")
    item.refresh_from_db()
    assert item.title_fr == "Titre suite"
    assert item.summary_fr == "Résumé\nsuite"
    assert "\x0b" not in item.body_fr


@pytest.mark.postgresql
def test_postgresql_text_with_nul_from_a_service_is_stored_without_it():
    # PostgreSQL refuses NUL in text: unchecked, this save was a DataError.
    item = make_news_item(title_fr="Titre\x00nul")
    item.refresh_from_db()
    assert item.title_fr == "Titrenul"


def test_clean_stored_text_cleans_rows_saved_before():
    client = Client(raise_request_exception=False)
    item = make_news_item(title_fr="Ancien titre")
    # Stored before saving cleaned text: update() sends no signal.
    NewsItem.objects.filter(pk=item.pk).update(title_fr="Ancien\x0btitre", body_fr="<p>a\x0bb\x01</p>")
    assert client.get("/fr/actualites/flux/rss/").status_code == 500

    output = StringIO()
    call_command("clean_stored_text", "--dry-run", stdout=output)
    assert "news.NewsItem: 1 row(s)" in output.getvalue()
    assert NewsItem.objects.get(pk=item.pk).title_fr == "Ancien\x0btitre"

    call_command("clean_stored_text", stdout=StringIO())
    item.refresh_from_db()
    assert (item.title_fr, item.body_fr) == ("Ancien titre", "<p>a\nb</p>")
    assert client.get("/fr/actualites/flux/rss/").status_code == 200


def test_clean_stored_text_leaves_a_row_that_would_become_a_duplicate_and_cleans_the_rest():
    from centres.models import Centre
    from tests.factories import make_centre

    first = make_centre(name="Centre Double")
    second = make_centre(name="Centre Autre")
    Centre.objects.filter(pk=second.pk).update(name="Centre\x0bDouble")
    item = make_news_item(title_fr="Titre")
    NewsItem.objects.filter(pk=item.pk).update(title_fr="Titre\x01")
    output = StringIO()
    call_command("clean_stored_text", stdout=output)
    assert f"centres.Centre #{second.pk}" in output.getvalue()
    second.refresh_from_db()
    item.refresh_from_db()
    assert (second.name, item.title_fr) == ("Centre\x0bDouble", "Titre")
    assert first.name == "Centre Double"
