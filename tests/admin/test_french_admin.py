"""The admin in French for French staff: page titles, actions named for what they do ("Refuse" an item in review),
"Publication" not twice on a change form, no help text for the dates a centre editor cannot set, the slug explained,
a single-centre editor's centre filled in on new items, and lists with room for their columns."""

import re

from django.test import Client
from django.urls import reverse

from tests.admin.conftest import SUPERUSER, client_for, make_staff
from unicancer_site.accounts.content_admin import SLUG_HELP_TEXT
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, REVIEWER
from unicancer_site.publishing import services


def _french(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def test_page_titles_and_bulk_actions_are_french(world, staff):
    client = _french(staff[FEDERATION_EDITOR])
    assert client.get(reverse("admin:news_newsitem_add")).context["title"] == "Ajout : actualité"
    changelist = client.get(reverse("admin:news_newsitem_changelist"))
    assert changelist.context["title"] == "Choisissez l’élément à modifier (actualité)"
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert actions["refuse_selected"] == "Refuser les éléments sélectionnés (retour en brouillon)"
    assert actions["unpublish_selected"] == "Dépublier les éléments sélectionnés"


def test_the_change_form_of_an_item_in_review(world, staff):
    news = world.a.news
    services.send_to_review(obj=news, user=staff[CENTRE_EDITOR])
    content = _french(staff[REVIEWER]).get(reverse("admin:news_newsitem_change", args=[news.pk])).content.decode()
    headings = [re.sub(r"<[^>]+>", "", heading).strip() for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", content)]
    assert "Circuit de publication" in headings and "Dates de publication" in headings
    assert "Publication" not in headings
    assert len(headings) == len(set(headings)), headings
    assert "Statut : En relecture" in content
    assert re.search(r'value="refuse">\s*Refuser\s*<', content)
    assert "Dépublier" not in content


def test_a_centre_editor_sees_no_help_text_for_dates_they_cannot_set(world, staff):
    url = reverse("admin:news_newsitem_change", args=[world.a.news.pk])
    help_texts = ["A published item is visible from then on.", "The item is withdrawn from the public site"]
    editor_page = client_for(staff[CENTRE_EDITOR]).get(url).content.decode()
    reviewer_page = client_for(staff[REVIEWER]).get(url).content.decode()
    for help_text in help_texts:
        assert help_text not in editor_page
        assert help_text in reviewer_page


def test_every_slug_says_what_it_is(world, staff):
    client = client_for(staff[SUPERUSER])
    for url_name in [
        "news_newsitem_add",
        "pages_editorialpage_add",
        "research_trial_add",
        "centres_centre_add",
        "research_localisation_add",
    ]:
        form = client.get(reverse(f"admin:{url_name}")).context["adminform"].form
        assert form.fields["slug"].help_text == SLUG_HELP_TEXT, url_name
    french = _french(staff[SUPERUSER]).get(reverse("admin:news_newsitem_add")).content.decode()
    assert "La fin de l’adresse de la page" in french


def test_a_single_centre_editors_centre_is_filled_in_on_new_items(world, staff):
    client = client_for(staff[CENTRE_EDITOR])
    assert client.get(reverse("admin:news_newsitem_add")).context["adminform"].form.initial["centres"] == [
        world.a.centre.pk
    ]
    assert client.get(reverse("admin:centres_site_add")).context["adminform"].form.initial["centre"] == (
        world.a.centre.pk
    )
    # An editor of two centres chooses; so does the federation.
    two_centres = make_staff(CENTRE_EDITOR, centres=[world.a.centre, world.b.centre], username="two-centres")
    for user in [two_centres, staff[FEDERATION_EDITOR]]:
        assert (
            "centres" not in client_for(user).get(reverse("admin:news_newsitem_add")).context["adminform"].form.initial
        )


def test_lists_keep_their_width_for_their_columns(world, staff):
    """No navigation column beside the list and its filters (a browser test measures the news list at 1280 px)."""
    response = client_for(staff[SUPERUSER]).get(reverse("admin:news_newsitem_changelist"))
    assert response.context["is_nav_sidebar_enabled"] is False
    assert 'id="nav-sidebar"' not in response.content.decode()
