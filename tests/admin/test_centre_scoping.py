"""A centre editor cannot attach content to a centre that is not theirs: the choice is not offered,
and a forged POST is refused by the form (not only hidden by the widget)."""

from django.urls import reverse

from centres.models import Region, Site
from research.models import RecruitmentStatus
from tests.admin.conftest import client_for
from unicancer_site.accounts.roles import CENTRE_EDITOR
from unicancer_site.accounts.scoping import scope_queryset_for_user, user_centre_ids
from unicancer_site.news.models import NewsItem


def _news_data(**overrides):
    data = {
        "kind": "news",
        "title_fr": "Une actualité",
        "slug": "une-actualite-forgee",
        "title_en": "",
        "summary_fr": "",
        "summary_en": "",
        "body_fr": "<p>Texte</p>",
        "body_en": "",
        "image_alt_fr": "",
        "image_alt_en": "",
    }
    data.update(overrides)
    return data


def _site_data(centre, **overrides):
    data = {"centre": centre.pk, "name": "Nouveau site", "city": "Lyon", "region": Region.AUVERGNE_RHONE_ALPES}
    data.update(overrides)
    return data


def test_news_item_for_another_centre_is_refused(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = client.post(reverse("admin:news_newsitem_add"), _news_data(centres=[world.b.centre.pk]))
    assert response.status_code == 200
    assert "centres" in response.context["adminform"].form.errors
    assert not NewsItem.objects.filter(slug="une-actualite-forgee").exists()


def test_news_item_needs_one_of_the_editors_centres(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = client.post(reverse("admin:news_newsitem_add"), _news_data())
    assert response.context["adminform"].form.errors["centres"] == ["Choose at least one of your centres."]
    response = client.post(reverse("admin:news_newsitem_add"), _news_data(centres=[world.a.centre.pk]))
    assert response.status_code == 302
    item = NewsItem.objects.get(slug="une-actualite-forgee")
    assert list(item.centres.all()) == [world.a.centre]
    assert item.status == "draft"


def test_forged_status_is_ignored(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    data = _news_data(centres=[world.a.centre.pk], status="published", publish_from="2020-01-01 10:00")
    client.post(reverse("admin:news_newsitem_add"), data)
    item = NewsItem.objects.get(slug="une-actualite-forgee")
    assert item.status == "draft"
    assert item.publish_from is None


def test_editing_keeps_links_to_centres_the_editor_cannot_see(world, staff):
    news = world.a.news
    news.centres.add(world.b.centre)
    client = client_for(staff[CENTRE_EDITOR])
    data = _news_data(slug=news.slug, title_fr="Titre corrigé", centres=[world.a.centre.pk])
    response = client.post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    news.refresh_from_db()
    assert news.title_fr == "Titre corrigé"
    assert set(news.centres.all()) == {world.a.centre, world.b.centre}


def test_choices_offer_only_the_editors_centres(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    form = client.get(reverse("admin:centres_site_add")).context["adminform"].form
    assert set(form.fields["centre"].queryset) == {world.a.centre}
    form = client.get(reverse("admin:news_newsitem_add")).context["adminform"].form
    assert set(form.fields["centres"].queryset) == {world.a.centre}
    assert world.b.trial not in form.fields["trials"].queryset
    assert world.a.trial in form.fields["trials"].queryset
    assert world.b.certification not in form.fields["certifications"].queryset


def test_autocomplete_offers_only_the_editors_centres(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "newsitem", "field_name": "centres", "term": "Centre"},
    )
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {world.a.centre.pk}


def test_site_for_another_centre_is_refused(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = client.post(reverse("admin:centres_site_add"), _site_data(world.b.centre))
    assert "centre" in response.context["adminform"].form.errors
    assert not Site.objects.filter(name="Nouveau site").exists()
    response = client.post(reverse("admin:centres_site_add"), _site_data(world.a.centre))
    assert response.status_code == 302
    assert Site.objects.get(name="Nouveau site").centre == world.a.centre


def test_moving_a_site_to_another_centre_is_refused(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    site = world.a.site
    data = _site_data(world.b.centre, name=site.name)
    response = client.post(reverse("admin:centres_site_change", args=[site.pk]), data)
    assert response.status_code == 200
    site.refresh_from_db()
    assert site.centre == world.a.centre


def test_centre_editor_sets_recruitment_status_at_their_centre(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    participation = world.a.participation
    url = reverse("admin:research_trialcentre_change", args=[participation.pk])
    response = client.post(url, {"recruitment_status": RecruitmentStatus.COMPLETED})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.recruitment_status == RecruitmentStatus.COMPLETED
    other = world.b.participation
    url = reverse("admin:research_trialcentre_change", args=[other.pk])
    assert client.post(url, {"recruitment_status": RecruitmentStatus.COMPLETED}).status_code == 404
    other.refresh_from_db()
    assert other.recruitment_status == RecruitmentStatus.RECRUITING


def test_scoping_functions(world, staff):
    editor = staff[CENTRE_EDITOR]
    assert user_centre_ids(editor) == {world.a.centre.pk}
    for role, user in staff.items():
        if role != CENTRE_EDITOR:
            assert user_centre_ids(user) is None, role
    assert set(scope_queryset_for_user(editor, NewsItem.objects.filter(pk__in=[world.a.news.pk, world.b.news.pk]))) == {
        world.a.news
    }
    assert not scope_queryset_for_user(editor, world.page.__class__.objects.all()).exists()
