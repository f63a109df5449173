"""The site search: accents ignored on SQLite and PostgreSQL, only published items, grouped with counts.

The table of real queries on the demo content is in test_search_table.py."""

import datetime

import pytest
from django.urls import translate_url
from django.utils import timezone

from tests.factories import make_centre, make_news_item, make_page, make_site, make_trial
from unicancer_site.core.search import site_search
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


def group(results, key):
    return next(group for group in results.groups if group.key == key)


@pytest.fixture
def content():
    trial = make_trial(acronym="ZORBLAX", title_fr="Thérapie ciblée zorblaxienne du sein")
    news = make_news_item(title_fr="Une thérapie zorblaxienne innovante", title_en="An innovative zorblax therapy")
    draft = make_trial(
        acronym="ZORBDRAFT", title_fr="Thérapie zorblaxienne en brouillon", status=PublicationStatus.DRAFT
    )
    future = make_news_item(
        title_fr="Thérapie zorblaxienne annoncée demain", publish_from=timezone.now() + datetime.timedelta(days=1)
    )
    page = make_page(
        slug="zorblax-charte",
        title_fr="La charte zorblaxienne",
        title_en="The zorblaxian charter",
        body_fr="<p>Thérapies et soins</p>",
        body_en="<p>Quorvex therapies and care</p>",
    )
    centre = make_centre(name="Institut Zorblaxien", description_fr="Un centre de thérapie zorblaxienne")
    make_site(centre, city="Zorbléville")
    return {"trial": trial, "news": news, "draft": draft, "future": future, "page": page, "centre": centre}


def test_accents_are_optional(content):
    results = site_search("therapie zorblaxienne")
    assert content["trial"] in group(results, "trials").items
    assert content["news"] in group(results, "news").items
    assert content["centre"] in group(results, "centres").items


def test_accented_query_finds_the_same(content):
    assert content["trial"] in group(site_search("thérapie zorblaxienne"), "trials").items


def test_only_published_items(content):
    results = site_search("zorblaxienne")
    assert content["draft"] not in group(results, "trials").items
    assert content["future"] not in group(results, "news").items


def test_pages_are_searched_in_both_languages(content):
    assert content["page"] in group(site_search("charte zorblaxienne"), "pages").items
    assert content["page"] in group(site_search("zorblaxian charter"), "pages").items
    assert content["page"] in group(site_search("quorvex"), "pages").items


@pytest.mark.parametrize(("language", "title"), [("fr", "La charte zorblaxienne"), ("en", "The zorblaxian charter")])
def test_a_page_found_shows_its_title_in_the_visitors_language(client, content, language, title):
    html = client.get(translate_url("/fr/recherche-globale/", language), {"q": "zorblaxienne"}).content.decode()
    assert f'<a href="/{language}/pages/zorblax-charte/" lang="{language}">{title}</a>' in html


def test_an_untranslated_page_found_on_the_english_site_is_marked_french(client, content):
    make_page(slug="zorblax-seul", title_fr="Zorblaxie en français seulement")
    html = client.get("/en/search/", {"q": "zorblaxie"}).content.decode()
    assert (
        '<a href="/en/pages/zorblax-seul/" lang="fr">Zorblaxie en français seulement</a>'
        ' <span class="lang-note" lang="en">(in French)</span>'
    ) in html


def test_centres_are_found_by_city(content):
    assert content["centre"] in group(site_search("zorbleville"), "centres").items


def test_groups_with_counts(content):
    results = site_search("zorblaxienne")
    assert [group.key for group in results.groups] == ["centres", "trials", "news", "pages"]
    for result_group in results.groups:
        assert result_group.count == len(result_group.items)
    assert results.total == sum(group.count for group in results.groups) >= 4


def test_stems_and_ranks_on_both_databases(content):
    # "thérapies" (plural) finds "thérapie"; the title match ranks first.
    items = group(site_search("therapies zorblaxiennes"), "trials").items
    assert items and items[0] == content["trial"]
    assert items[0].search_rank == 2.0  # both words in the title (weight A: 1 each)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_search_page(client, content, language):
    response = client.get(translate_url("/fr/recherche-globale/", language), {"q": "therapie zorblaxienne"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ZORBLAX" in html and "ZORBDRAFT" not in html
    assert 'href="#results-trials"' in html
    assert '<meta name="robots" content="noindex">' in html


# NUL is stopped before the view, like in every parameter (tests/core/test_null_characters.py).
@pytest.mark.parametrize("query", ["", "   ", "a" * 5000, "' OR 1=1 --", '"unbalanced', "-", "<script>"])
def test_odd_queries_never_fail(client, query):
    response = client.get("/fr/recherche-globale/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('<main id="main"')[1]


def test_search_page_query_count(client, content, django_assert_num_queries):
    # For each of the 4 groups (centres, trials, news, pages): 1. the count, 2. the first results.
    with django_assert_num_queries(8):
        client.get("/fr/recherche-globale/", {"q": "zorblaxienne"})
