"""Observation 7: every object outside a centre editor's centres answers exactly like an id that does not exist
(404), history and versions included; and a centre editor reads the versions of a shared item only from when
their centre was linked."""

import pytest
from django.urls import reverse

from tests.admin.conftest import client_for
from tests.admin.test_centre_scoping import _news_data
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR

MISSING = 987654


def _urls(app_model: str, pk, version_id=None):
    app, model = app_model.split(".")
    urls = {
        "change": reverse(f"admin:{app}_{model}_change", args=[pk]),
        "history": reverse(f"admin:{app}_{model}_history", args=[pk]),
        "delete": reverse(f"admin:{app}_{model}_delete", args=[pk]),
    }
    if version_id is not None:
        urls["version"] = reverse(f"admin:{app}_{model}_simple_history", args=[pk, version_id])
    return urls


@pytest.mark.parametrize(
    ("app_model", "attribute"),
    [
        ("news.newsitem", "news"),
        ("research.trial", "trial"),
        ("centres.site", "site"),
        ("centres.centre", "centre"),
        ("certifications.certification", "certification"),
    ],
)
def test_another_centres_object_answers_like_a_missing_one(world, staff, app_model, attribute):
    client = client_for(staff[CENTRE_EDITOR])
    other = getattr(world.b, attribute)
    version = other.history.order_by("history_id").first()
    others = _urls(app_model, other.pk, version.history_id)
    missing = _urls(app_model, MISSING, version.history_id)
    for name, url in others.items():
        response = client.get(url)
        assert response.status_code == 404, (name, url, response.status_code)
        if name in missing:
            assert client.get(missing[name]).status_code == 404, name
    # The same object of the editor's own centre is there (its latest version, recorded with the centre).
    own = getattr(world.a, attribute)
    own_version = own.history.order_by("-history_id").first()
    for name, url in _urls(app_model, own.pk, own_version.history_id).items():
        if name == "delete":  # not every model may be deleted by a centre editor (a 403 for their own object)
            continue
        assert client.get(url).status_code == 200, (name, url)


def test_workflow_and_preview_of_another_centres_item_are_404(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    news = world.b.news
    workflow = reverse("admin:news_newsitem_workflow", args=[news.pk])
    assert client.post(workflow, {"workflow_action": "send_to_review"}).status_code == 404
    assert client.post(reverse("admin:news_newsitem_workflow", args=[MISSING])).status_code == 404
    preview = reverse("admin:preview", args=["news", "newsitem", news.pk])
    assert client.get(preview).status_code == 404
    assert client.get(reverse("admin:preview", args=["news", "newsitem", MISSING])).status_code == 404
    assert client.get(reverse("admin:preview", args=["news", "newsitem", world.a.news.pk])).status_code == 200


def test_a_shared_items_versions_from_before_the_editors_centre_was_linked_are_hidden(world, staff):
    """An item of centre B gets saved twice, then centre A is added: A's editor reads the versions from that
    save on, and the older ones answer 404."""
    federation = client_for(staff[FEDERATION_EDITOR])
    news = world.b.news
    url = reverse("admin:news_newsitem_change", args=[news.pk])
    for title in ("Avant le lien 1", "Avant le lien 2"):
        data = _news_data(slug=news.slug, title_fr=title, centres=[world.b.centre.pk])
        assert federation.post(url, data).status_code == 302
    data = _news_data(slug=news.slug, title_fr="Partagée avec A", centres=[world.a.centre.pk, world.b.centre.pk])
    assert federation.post(url, data).status_code == 302
    versions = list(news.history.order_by("history_id"))
    before, linked = versions[:-1], versions[-1]
    assert len(before) >= 3  # the fixture's version, then the two saves

    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.get(reverse("admin:news_newsitem_history", args=[news.pk]))
    assert response.status_code == 200
    assert [v.history_id for v in response.context["page_obj"].object_list] == [linked.history_id]
    body = response.content.decode()
    assert "Avant le lien" not in body
    for version in before:
        page = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
        assert editor.get(page).status_code == 404
    linked_page = reverse("admin:news_newsitem_simple_history", args=[news.pk, linked.history_id])
    assert editor.get(linked_page).status_code == 200
    # The federation editor still reads every version.
    response = federation.get(reverse("admin:news_newsitem_history", args=[news.pk]))
    assert len(response.context["page_obj"].object_list) == len(versions)


def test_a_site_moved_to_the_editors_centre_shows_its_versions_from_the_move(world, staff):
    federation = client_for(staff[FEDERATION_EDITOR])
    site = world.b.site
    site._history_user = staff[FEDERATION_EDITOR]
    site.name = "Site renommé chez B"
    site.save()
    site.centre = world.a.centre
    site.save()
    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.get(reverse("admin:centres_site_history", args=[site.pk]))
    assert response.status_code == 200
    shown = [v.centre_id for v in response.context["page_obj"].object_list]
    assert shown == [world.a.centre.pk]
    assert federation.get(reverse("admin:centres_site_history", args=[site.pk])).status_code == 200


def test_a_shared_trials_versions_are_read_from_the_one_current_when_the_editors_centre_joined(world, staff):
    """A trial's centres are rows of their own (participations, with their own history), not copied into its
    versions: centre A's editor reads centre B's trial from the version current when A joined it, not before."""
    import datetime

    import time_machine

    from research.models import RecruitmentStatus, TrialCentre

    trial = world.b.trial
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    for minutes, title in ((1, "Avant le lien 1"), (2, "Avant le lien 2")):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            trial.title_fr = title
            trial.save()
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        TrialCentre.objects.create(trial=trial, centre=world.a.centre, recruitment_status=RecruitmentStatus.RECRUITING)
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        trial.title_fr = "Après le lien"
        trial.save()
    versions = list(trial.history.order_by("history_id"))
    titles = [version.title_fr for version in versions]
    assert titles[-3:] == ["Avant le lien 1", "Avant le lien 2", "Après le lien"]

    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.get(reverse("admin:research_trial_history", args=[trial.pk]))
    assert response.status_code == 200
    shown = [version.title_fr for version in response.context["page_obj"].object_list]
    assert shown == ["Après le lien", "Avant le lien 2"]  # newest first, from the one current at the link
    for version in versions[:-2]:
        page = reverse("admin:research_trial_simple_history", args=[trial.pk, version.history_id])
        assert editor.get(page).status_code == 404
    current_then = reverse("admin:research_trial_simple_history", args=[trial.pk, versions[-2].history_id])
    assert editor.get(current_then).status_code == 200
    federation = client_for(staff[FEDERATION_EDITOR])
    response = federation.get(reverse("admin:research_trial_history", args=[trial.pk]))
    assert len(response.context["page_obj"].object_list) == len(versions)


def test_a_trial_and_its_centre_created_together_show_every_version(world, staff):
    """The fixture's trial of centre A was created, then its participation: its first version is A's to read."""
    trial = world.a.trial
    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.get(reverse("admin:research_trial_history", args=[trial.pk]))
    assert len(response.context["page_obj"].object_list) == trial.history.count() >= 1
