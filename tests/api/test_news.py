import datetime

import pytest
from django.utils import timezone

from tests.factories import make_centre, make_news_item, make_source, make_trial
from unicancer_site.news.models import NewsItem, PressContact
from unicancer_site.publishing.models import PublicationStatus

from .conftest import FROZEN_AT, FROZEN_AT_JSON, slugs

# The trials' path words in each language.
TRIALS_WORDS = {"fr": "recherche/essais", "en": "research/trials"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(frozen):
    with frozen:
        centre = make_centre(slug="api-news-centre", name="Centre des actualités API")
        trial = make_trial(slug="api-news-trial", acronym="API-NEWS")
        hidden_trial = make_trial(slug="api-news-draft-trial", status=PublicationStatus.DRAFT, publish_from=None)
        contact = PressContact.objects.create(name="Marie Test", organisation="Unicancer", email="presse@example.org")
        item = make_news_item(
            slug="api-communique",
            kind=NewsItem.Kind.PRESS_RELEASE,
            title_fr="Communiqué de test",
            title_en="Test press release",
            summary_fr="Résumé du communiqué.",
            body_fr="<p>Texte <strong>important</strong>.</p>",
            press_contact=contact,
            source=make_source(title="Communiqué API", date=datetime.date(2025, 2, 27)),
            publish_from=FROZEN_AT - datetime.timedelta(days=2),
        )
        item.centres.add(centre)
        item.trials.add(trial, hidden_trial)
    return item


def expected(item, lang="fr"):
    return {
        "id": item.pk,
        "slug": "api-communique",
        "kind": "press_release",
        "title": "Test press release" if lang == "en" else "Communiqué de test",
        "summary": "Résumé du communiqué.",
        "body": "<p>Texte <strong>important</strong>.</p>",
        "image": None,
        "image_alt": "",
        "attachment": None,
        "centres": [
            {
                "slug": "api-news-centre",
                "name": "Centre des actualités API",
                "url": f"http://testserver/{lang}/centres/api-news-centre/",
            }
        ],
        # The draft trial is not shown.
        "trials": [
            {
                "slug": "api-news-trial",
                "acronym": "API-NEWS",
                "url": f"http://testserver/{lang}/{TRIALS_WORDS[lang]}/api-news-trial/",
            }
        ],
        "press_contact": {
            "name": "Marie Test",
            "role": "",
            "organisation": "Unicancer",
            "email": "presse@example.org",
            "phone": "",
        },
        "url": f"http://testserver/{lang}/{'news' if lang == 'en' else 'actualites'}/api-communique/",
        # Dated by its document.
        "date": "2025-02-27",
        "date_precision": "day",
        "source": {
            "title": "Communiqué API",
            "kind": "press_release",
            "document": "",
            "date": "2025-02-27",
            "date_precision": "day",
            "url": "",
        },
        "publication_status": "published",
        "publish_from": "2025-02-27T10:30:00+01:00",
        "publish_until": None,
        "updated": FROZEN_AT_JSON,
    }


def test_detail_whole_payload(api, release):
    response = api.get("/api/v1/news/api-communique/")
    assert response.status_code == 200
    assert response.json() == expected(release)


def test_list_whole_payload_in_english(api, release):
    response = api.get("/api/v1/news/", {"centre": "api-news-centre", "lang": "en"})
    assert response.json()["results"] == [expected(release, lang="en")]


def test_drafts_are_not_listed(api, release):
    make_news_item(slug="api-news-draft", status=PublicationStatus.DRAFT, publish_from=None)
    assert api.get("/api/v1/news/api-news-draft/").status_code == 404


def test_filters(api, release):
    centre = release.centres.get()
    old = make_news_item(slug="api-old-news", publish_from=datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC))
    old.centres.add(centre)
    mine = {"centre": "api-news-centre", "page_size": 100}
    assert slugs(api.get("/api/v1/news/", mine)) == ["api-communique", "api-old-news"]
    assert slugs(api.get("/api/v1/news/", {**mine, "kind": "press_release"})) == ["api-communique"]
    assert slugs(api.get("/api/v1/news/", {**mine, "kind": "news"})) == ["api-old-news"]
    between = {**mine, "published_after": "2020-01-01T00:00:00Z", "published_before": "2021-01-01T00:00:00Z"}
    assert slugs(api.get("/api/v1/news/", between)) == ["api-old-news"]
    assert slugs(api.get("/api/v1/news/", {**mine, "published_after": "2025-01-01"})) == ["api-communique"]
    assert slugs(api.get("/api/v1/news/", {**mine, "search": "communique"})) == ["api-communique"]
    assert slugs(api.get("/api/v1/news/", {**mine, "ordering": "published"})) == ["api-old-news", "api-communique"]


@pytest.mark.parametrize("params", [{"kind": "rumour"}, {"published_after": "soon"}])
def test_invalid_filters(api, params):
    response = api.get("/api/v1/news/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_cursor_sync_walks_the_whole_feed_once(api):
    centre = make_centre(slug="api-sync-centre")
    made = []
    for n in range(7):
        item = make_news_item(slug=f"api-sync-{n}", publish_from=timezone.now() - datetime.timedelta(days=n + 1))
        item.centres.add(centre)
        made.append(item.slug)
    seen = []
    response = api.get("/api/v1/news/sync/", {"centre": "api-sync-centre", "page_size": 3})
    pages = 0
    while True:
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        seen.extend(item["slug"] for item in body["results"])
        pages += 1
        if body["next"] is None:
            break
        response = api.get(body["next"])
    assert pages == 3
    # Oldest change first, each item once.
    assert seen == made


def test_cursor_sync_rejects_a_bad_cursor_and_ordering_is_not_offered(api):
    # A cursor is opaque text to the schema: one that is not ours names no page (404, like an unknown page).
    response = api.get("/api/v1/news/sync/", {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert list(response.json()["errors"]) == ["cursor"]


def test_page_size_is_capped(api):
    response = api.get("/api/v1/news/sync/", {"page_size": 101})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    centre = make_centre(slug=f"api-news-count-{count}")
    contact = PressContact.objects.create(name="Contact", email="c@example.org")
    trial = make_trial()
    for _n in range(count):
        item = make_news_item(press_contact=contact, source=make_source())
        item.centres.add(centre, make_centre())
        item.trials.add(trial)
    # 1 the centre filter's choice, 2 count, 3 news items with source and press contact, 4 centres,
    # 5 published trials, 6 the latest `updated`.
    with django_assert_num_queries(6):
        response = api.get("/api/v1/news/", {"centre": centre.slug, "page_size": 100})
    assert len(response.json()["results"]) == count
    # The cursor mode: the same, without the count.
    with django_assert_num_queries(5):
        response = api.get("/api/v1/news/sync/", {"centre": centre.slug, "page_size": 100})
    assert len(response.json()["results"]) == count


def test_detail_query_count(api, release, django_assert_num_queries):
    # 1 the item with source and press contact, 2 centres, 3 published trials, 4 the latest change (Last-Modified).
    with django_assert_num_queries(4):
        assert api.get("/api/v1/news/api-communique/").status_code == 200


def test_linked_trials_follow_the_clock_not_the_server_start(api):
    """The viewset's queryset is built once, at import: "published" must still mean now at each request."""
    import time_machine

    start = timezone.now()
    item = make_news_item(slug="avec-essai-programme", publish_from=start - datetime.timedelta(days=1))
    trial = make_trial(slug="essai-programme", publish_from=start + datetime.timedelta(hours=1))
    item.trials.add(trial)
    assert api.get("/api/v1/news/avec-essai-programme/").json()["trials"] == []
    with time_machine.travel(start + datetime.timedelta(hours=2)):
        trials = api.get("/api/v1/news/avec-essai-programme/").json()["trials"]
    assert [linked["slug"] for linked in trials] == ["essai-programme"]
