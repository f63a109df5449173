"""History: who changed what and when, a readable difference between versions, and revert (itself recorded)."""

from django.urls import reverse

from tests.admin.conftest import client_for
from tests.admin.test_centre_scoping import _news_data
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, READ_ONLY, REVIEWER
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
    assert client.get(reverse("admin:news_newsitem_history", args=[news.pk])).status_code == 403
    version = news.history.first()
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    assert client.get(url).status_code == 403
    assert client.post(url, _news_data(slug=news.slug, centres=[world.a.centre.pk])).status_code in (403, 404)


def test_every_admin_change_is_recorded_with_its_user(world, staff):
    site = world.a.site
    client = client_for(staff[FEDERATION_EDITOR])
    data = {"centre": site.centre_id, "name": site.name, "city": "Villeurbanne", "region": site.region}
    assert client.post(reverse("admin:centres_site_change", args=[site.pk]), data).status_code == 302
    record = site.history.order_by("-history_id").first()
    assert record.history_user == staff[FEDERATION_EDITOR]
    assert record.city == "Villeurbanne"
