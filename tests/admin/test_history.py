"""History: one version per save, who changed what, when and why, a difference an editor reads in their language,
and revert (itself recorded)."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from research.models import TrialCentre
from tests.admin.conftest import SUPERUSER, client_for
from tests.admin.test_centre_scoping import _news_data
from tests.factories import make_trial
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, READ_ONLY, REVIEWER
from unicancer_site.news.models import NewsItem, PressContact
from unicancer_site.publishing import services
from unicancer_site.publishing.models import PublicationStatus


def _edit_title(client, news, title):
    data = _news_data(slug=news.slug, title_fr=title, centres=[c.pk for c in news.centres.all()])
    response = client.post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_history_page_shows_who_when_and_what_changed(world, staff):
    news = world.a.news
    _edit_title(client_for(staff[CENTRE_EDITOR]), news, "Titre corrigé")
    response = client_for(staff[READ_ONLY]).get(reverse("admin:news_newsitem_history", args=[news.pk]))
    assert response.status_code == 200
    records = list(response.context["page_obj"])
    latest = records[0]
    assert latest.history_user == staff[CENTRE_EDITOR]
    changes = {str(change["field"]): (change["old"], change["new"]) for change in latest.history_delta_changes}
    assert changes["Title (French)"] == ("Actualité A", "Titre corrigé")
    content = response.content.decode()
    assert "centre-editor" in content
    assert "Titre corrigé" in content


def test_revert_restores_content_and_is_recorded(world, staff):
    news = world.a.news
    original = news.history.order_by("history_id").first()
    editor = client_for(staff[CENTRE_EDITOR])
    _edit_title(editor, news, "Titre à annuler")

    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, original.history_id])
    form_page = editor.get(url)
    assert form_page.status_code == 200
    assert form_page.context["adminform"].form.initial["title_fr"] == "Actualité A"
    versions_before = news.history.count()
    data = _news_data(slug=news.slug, title_fr="Actualité A", centres=[world.a.centre.pk])
    response = editor.post(url, data)
    assert response.status_code == 302

    news.refresh_from_db()
    assert news.title_fr == "Actualité A"
    revert = news.history.order_by("-history_id").first()
    assert revert.history_user == staff[CENTRE_EDITOR]
    assert revert.history_change_reason == f"Reverted to version {original.history_id}"
    assert news.history.count() == versions_before + 1


def test_revert_does_not_change_the_publication_status(world, staff):
    news = world.a.news
    draft_version = news.history.order_by("history_id").first()
    services.publish(obj=news, user=staff[REVIEWER])
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, draft_version.history_id])
    data = _news_data(slug=news.slug, title_fr="Actualité A", centres=[world.a.centre.pk])
    assert client_for(staff[CENTRE_EDITOR]).post(url, data).status_code == 302
    news.refresh_from_db()
    assert news.status == PublicationStatus.PUBLISHED


def test_read_only_user_cannot_revert(world, staff):
    news = world.a.news
    version = news.history.order_by("history_id").first()
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    client = client_for(staff[READ_ONLY])
    assert client.get(url).status_code == 200
    data = _news_data(slug=news.slug, title_fr="Piraté", centres=[world.a.centre.pk])
    assert client.post(url, data).status_code == 403
    news.refresh_from_db()
    assert news.title_fr == "Actualité A"


def test_centre_editor_cannot_see_another_centres_history(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    news = world.b.news
    assert client.get(reverse("admin:news_newsitem_history", args=[news.pk])).status_code == 404
    version = news.history.first()
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, _news_data(slug=news.slug, centres=[world.a.centre.pk])).status_code == 404


def test_every_admin_change_is_recorded_with_its_user(world, staff):
    site = world.a.site
    client = client_for(staff[FEDERATION_EDITOR])
    data = {"centre": site.centre_id, "name": site.name, "city": "Villeurbanne", "region": site.region}
    assert client.post(reverse("admin:centres_site_change", args=[site.pk]), data).status_code == 302
    record = site.history.order_by("-history_id").first()
    assert record.history_user == staff[FEDERATION_EDITOR]
    assert record.city == "Villeurbanne"


# -- one version per save, with its reason


def _french_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def _links(version, field):
    return sorted(str(link) for link in getattr(version, field).values_list(f"{field[:-1]}_id", flat=True))


def test_saving_a_form_with_links_records_one_version_with_the_final_links(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    data = _news_data(slug="une-version", centres=[world.a.centre.pk], trials=[world.a.trial.pk])
    assert client.post(reverse("admin:news_newsitem_add"), data).status_code == 302
    news = NewsItem.objects.get(slug="une-version")
    [created] = news.history.all()
    assert created.history_type == "+" and created.history_user == staff[CENTRE_EDITOR]
    assert _links(created, "centres") == [str(world.a.centre.pk)]
    assert _links(created, "trials") == [str(world.a.trial.pk)]

    other_trial = make_trial(acronym="AUTRE")
    TrialCentre.objects.create(trial=other_trial, centre=world.a.centre)
    data.update(title_fr="Titre changé", trials=[other_trial.pk])
    response = client.post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert news.history.count() == 2
    changed = news.history.order_by("-history_id").first()
    assert (changed.history_type, changed.title_fr) == ("~", "Titre changé")
    assert _links(changed, "trials") == [str(other_trial.pk)]


def test_the_reason_typed_on_the_form_is_kept_with_the_version(world, staff):
    news = world.a.news
    client = client_for(staff[CENTRE_EDITOR])
    url = reverse("admin:news_newsitem_change", args=[news.pk])
    fieldsets = [(str(fieldset.name), list(fieldset.fields)) for fieldset in client.get(url).context["adminform"]]
    assert fieldsets[-1] == ("History", ["change_reason"])
    data = _news_data(slug=news.slug, title_fr="Titre", centres=[world.a.centre.pk], change_reason="Dates du rapport")
    assert client.post(url, data).status_code == 302
    assert news.history.order_by("-history_id").first().history_change_reason == "Dates du rapport"


def test_a_revert_keeps_the_reason_typed_with_it(world, staff):
    news = world.a.news
    original = news.history.order_by("history_id").first()
    editor = client_for(staff[CENTRE_EDITOR])
    _edit_title(editor, news, "Erreur")
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, original.history_id])
    data = _news_data(slug=news.slug, title_fr="Actualité A", centres=[world.a.centre.pk], change_reason="Coquille")
    assert editor.post(url, data).status_code == 302
    revert = news.history.order_by("-history_id").first()
    assert revert.history_change_reason == f"Reverted to version {original.history_id}: Coquille"


# -- the history reads like an editor reads


def test_the_history_reads_in_the_editors_language(world, staff):
    news = world.a.news
    news.body_fr = "<p>Premier paragraphe.</p><p>Second paragraphe.</p>"
    news.save()
    news.kind = NewsItem.Kind.PRESS_RELEASE
    news.body_fr = "<h2>Intertitre</h2><p>Premier paragraphe, <strong>modifié</strong>.</p>"
    news.press_contact = world.contact
    news.publish_from = timezone.make_aware(datetime.datetime(2024, 8, 22, 10, 30))
    news._change_reason = "Relecture"
    news._history_user = staff[FEDERATION_EDITOR]
    news.save()
    news.centres.add(world.b.centre)

    response = _french_client(staff[READ_ONLY]).get(reverse("admin:news_newsitem_history", args=[news.pk]))
    assert response.status_code == 200
    versions = list(response.context["page_obj"])
    changes = {change.field: change for change in versions[1].history_delta_changes}
    assert (changes["Type"].old, changes["Type"].new) == ("Actualités", "Communiqué de presse")
    assert (changes["Contact presse"].old, changes["Contact presse"].new) == ("—", "Contact test")
    assert (changes["Début de publication"].old, changes["Début de publication"].new) == ("—", "22 août 2024 10:30")
    body = changes["Corps du texte (français)"]
    assert body.old == "Premier paragraphe.\nSecond paragraphe."
    assert body.new == "Intertitre\nPremier paragraphe, modifié."
    links = {change.field: change for change in versions[0].history_delta_changes}
    assert links["Centres"].new == "Centre A test, Centre B test"
    content = response.content.decode()
    assert "Relecture" in content and "Communiqué de presse" in content
    for raw in ["&lt;p&gt;", "<p>Premier", "press_release", "None", "chars]", "pk=", "2024-08-22"]:
        assert raw not in content, raw


def test_a_long_text_shows_the_words_that_changed_not_a_cut(world, staff):
    news = world.a.news
    words = [f"mot{n}" for n in range(200)]
    news.body_fr = f"<p>{' '.join(words)}</p>"
    news.save()
    words[100] = "remplacé"
    news.body_fr = f"<p>{' '.join(words)}</p>"
    news.save()
    response = _french_client(staff[READ_ONLY]).get(reverse("admin:news_newsitem_history", args=[news.pk]))
    [change] = response.context["page_obj"][0].history_delta_changes
    assert "<del>mot100</del> <ins>remplacé</ins>" in str(change.diff)
    assert "mot99" in str(change.diff) and "mot101" in str(change.diff)
    assert "mot10 " not in str(change.diff)  # far from the change: left out, with "…"
    assert "…" in str(change.diff)


def test_a_deleted_link_is_named_by_its_kind_and_number(world, staff):
    contact = PressContact.objects.create(name="Contact supprimé", phone="0102030405")
    news = world.a.news
    news.press_contact = contact
    news.save()
    news.press_contact = None
    news.save()
    pk = contact.pk
    contact.delete()
    response = _french_client(staff[READ_ONLY]).get(reverse("admin:news_newsitem_history", args=[news.pk]))
    [change] = response.context["page_obj"][0].history_delta_changes
    assert (change.old, change.new) == (f"contact presse supprimé(e) (n° {pk})", "—")


def test_the_last_version_of_a_page_says_what_it_changed_too(world, staff, settings):
    news = world.a.news
    for n in range(4):
        news.title_fr = f"Titre {n}"
        news.save()
    model_admin = admin.site._registry[NewsItem]
    model_admin.history_list_per_page, per_page = 2, model_admin.history_list_per_page
    try:
        response = _french_client(staff[READ_ONLY]).get(reverse("admin:news_newsitem_history", args=[news.pk]))
    finally:
        model_admin.history_list_per_page = per_page
    last_on_page = list(response.context["page_obj"])[-1]
    assert [(c.old, c.new) for c in last_on_page.history_delta_changes] == [("Titre 1", "Titre 2")]


def _history_queries(client, news) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:news_newsitem_history", args=[news.pk])).status_code == 200
    return len(queries)


def test_the_history_page_runs_the_same_queries_for_3_or_30_versions(world, staff):
    client = _french_client(staff[SUPERUSER])
    news = world.a.news
    news.press_contact = world.contact
    news.save()
    _history_queries(client, news)  # the first request caches the users' content type (simple-history's link)
    few = _history_queries(client, news)
    for n in range(27):
        news.title_fr = f"Titre {n}"
        news.save()
        news.trials.set([world.a.trial] if n % 2 else [world.b.trial])
    # session, user; the object (its admin prefetches its centres); the count and the page of versions (with
    # their users and foreign keys); the version before the page; the links of the page's versions, one query
    # per many-to-many field (centres, trials, certifications).
    assert _history_queries(client, news) == few == 10


def test_the_revert_page_is_in_french(world, staff):
    news = world.a.news
    version = news.history.order_by("history_id").first()
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    content = _french_client(staff[CENTRE_EDITOR]).get(url).content.decode()
    breadcrumbs = content.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    labels = ["Accueil", "Actualités et communiqués de presse", "Actualités", "Historique", "Revenir à cette version"]
    for label in labels:
        assert label in breadcrumbs, label
    assert "News" not in breadcrumbs
    assert "Historical " not in content and "historical " not in content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["{pk}/change/history/", "abc/history/", "{pk}x/history/", "{pk}/history/abc/"])
def test_a_malformed_history_address_is_a_404_not_a_500(admin_client, path):
    """``/admin/news/newsitem/22/change/history/`` once raised ValueError (a 500) in the history view."""
    from unicancer_site.news.models import NewsItem

    news = NewsItem.objects.first()
    response = admin_client.get(f"/admin/news/newsitem/{path.format(pk=news.pk)}")
    assert response.status_code == 404
