"""The permission matrix: every role against every content type and action, in the admin.

The expectations are written out here, role by role (not derived from roles.py), so that a
change to a role shows up as a failing test. A centre editor works for centre A: centre B's
objects are refused whatever the action (404, or 403 for the history).
"""

import csv
import io
import operator

import pytest
from django.urls import reverse

from research.models import Localisation
from tests.admin.conftest import SUPERUSER, client_for, export_rows
from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    FEDERATION_EDITOR,
    QUALITY_EDITOR,
    READ_ONLY,
    RESEARCH_EDITOR,
    REVIEWER,
)

MODELS = [
    "core.source",
    "keyfigures.keyfigure",
    "centres.centre",
    "centres.site",
    "certifications.certification",
    "certifications.plannedvisit",
    "research.localisation",
    "research.trial",
    "research.trialcentre",
    "news.presscontact",
    "news.newsitem",
    "pages.editorialpage",
]
PUBLISHABLE = {"research.trial", "news.newsitem", "pages.editorialpage"}
ACTIONS = ["list", "view", "add", "change", "delete", "history", "publish"]

EVERYTHING = {"list", "view", "add", "change", "delete", "history"}
READ = {"list", "view", "history"}
NOTHING: set[str] = set()


def _table(default, **overrides):
    return {model: set(overrides.get(model.replace(".", "__"), default)) for model in MODELS}


EXPECTED = {
    SUPERUSER: _table(EVERYTHING | {"publish"}),
    FEDERATION_EDITOR: _table(EVERYTHING | {"publish"}),
    # "delete" on a publishable item moves it to the trash (publishing.trash), which publishers may do.
    REVIEWER: _table(
        READ | {"publish"},
        research__trial=READ | {"publish", "delete"},
        news__newsitem=READ | {"publish", "delete"},
        pages__editorialpage=READ | {"publish", "delete"},
    ),
    READ_ONLY: _table(READ),
    CENTRE_EDITOR: _table(
        NOTHING,
        centres__centre=READ | {"change"},
        centres__site=EVERYTHING,
        news__newsitem=EVERYTHING,
        research__trialcentre=READ | {"change"},
        research__trial=READ,
        certifications__certification=READ,
        core__source=READ,
        news__presscontact=READ,
        research__localisation=READ,
    ),
    RESEARCH_EDITOR: _table(
        NOTHING,
        research__trial=EVERYTHING,
        research__trialcentre=EVERYTHING,
        research__localisation=EVERYTHING,
        keyfigures__keyfigure=EVERYTHING,
        core__source=READ | {"add", "change"},
        centres__centre=READ,
    ),
    QUALITY_EDITOR: _table(
        NOTHING,
        certifications__certification=EVERYTHING,
        certifications__plannedvisit=EVERYTHING,
        core__source=READ | {"add", "change"},
        centres__centre=READ,
    ),
}
for role in EXPECTED:
    for model in MODELS:
        if model not in PUBLISHABLE:
            EXPECTED[role][model].discard("publish")


def _object(world, model, side="a"):
    objects = {
        "core.source": world.source,
        "keyfigures.keyfigure": world.figure,
        "research.localisation": Localisation.objects.get_or_create(slug="test-loc", defaults={"name_fr": "Test"})[0],
        "news.presscontact": world.contact,
        "pages.editorialpage": world.page,
    }
    if model in objects:
        return objects[model]
    content = getattr(world, side)
    return {
        "centres.centre": content.centre,
        "centres.site": content.site,
        "certifications.certification": content.certification,
        "certifications.plannedvisit": content.visit,
        "research.trial": content.trial,
        "research.trialcentre": content.participation,
        "news.newsitem": content.news,
    }[model]


def _url(model, view, *args):
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _allowed(client, model, action, obj) -> bool:
    """Try one action through the admin; True if it was allowed, False if refused (403/404)."""
    if action == "list":
        response = client.get(_url(model, "changelist"))
    elif action == "view":
        response = client.get(_url(model, "change", obj.pk))
    elif action == "add":
        response = client.get(_url(model, "add"))
    elif action == "change":
        response = client.get(_url(model, "change", obj.pk))
        if response.status_code == 200:
            return bool(response.context["has_change_permission"])
    elif action == "delete":
        response = client.get(_url(model, "delete", obj.pk))
    elif action == "history":
        response = client.get(_url(model, "history", obj.pk))
    elif action == "publish":
        response = client.post(_url(model, "workflow", obj.pk), {"workflow_action": "publish"})
        if response.status_code == 302:
            obj.refresh_from_db()
            return obj.status == "published"
    assert response.status_code in (200, 403, 404), (model, action, response.status_code)
    return response.status_code == 200


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("model", MODELS)
def test_permission_matrix(role, model, world, staff):
    client = client_for(staff[role])
    obj = _object(world, model)
    actions = ACTIONS if model in PUBLISHABLE else [action for action in ACTIONS if action != "publish"]
    allowed = {action for action in actions if _allowed(client, model, action, obj)}
    assert allowed == EXPECTED[role][model]


CENTRE_OWNED = [
    "centres.centre",
    "centres.site",
    "certifications.certification",
    "research.trial",
    "research.trialcentre",
    "news.newsitem",
]


@pytest.mark.parametrize("model", CENTRE_OWNED)
def test_centre_editor_cannot_reach_another_centres_object(model, world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    other = _object(world, model, side="b")
    for view in ["change", "delete", "history"]:
        assert client.get(_url(model, view, other.pk)).status_code in (403, 404), view
    assert client.post(_url(model, "change", other.pk), {}).status_code in (403, 404)
    assert client.post(_url(model, "delete", other.pk), {"post": "yes"}).status_code in (403, 404)
    assert type(other).objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("model", CENTRE_OWNED)
def test_centre_editor_lists_show_only_their_centres(model, world, staff):
    response = client_for(staff[CENTRE_EDITOR]).get(_url(model, "changelist"))
    shown = {obj.pk for obj in response.context["cl"].queryset}
    assert _object(world, model, "a").pk in shown
    assert _object(world, model, "b").pk not in shown


EXPORT_KEYS = {
    "centres.centre": ("name", "name"),
    "centres.site": ("name", "name"),
    "certifications.certification": ("id", "pk"),
    "research.trial": ("slug", "slug"),
    # Participations and news items export by their natural keys, as they import.
    "research.trialcentre": ("centre", "centre.slug"),
    "news.newsitem": ("slug", "slug"),
}


@pytest.mark.parametrize("model", CENTRE_OWNED)
def test_centre_editor_export_contains_only_their_centres(model, world, staff):
    content = export_rows(client_for(staff[CENTRE_EDITOR]), _url(model, "export"))
    column, attribute = EXPORT_KEYS[model]
    exported = {row[column] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    value = operator.attrgetter(attribute)
    assert str(value(_object(world, model, "a"))) in exported
    assert str(value(_object(world, model, "b"))) not in exported


def test_history_records_of_another_centre_are_refused(world, staff):
    from unicancer_site.news.models import NewsItem

    record = NewsItem.history.filter(id=world.b.news.pk).latest("history_date")
    client = client_for(staff[CENTRE_EDITOR])
    url = reverse("admin:news_newsitem_simple_history", args=[world.b.news.pk, record.history_id])
    assert client.get(url).status_code in (403, 404)
