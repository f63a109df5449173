"""Issue 13: news pages that cost the same at 100 000 items as at 100 — the windowed newest-first order gives
exactly the items the full sort gives, and the cached year list follows every change."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_news_item, make_source
from unicancer_site.core.models import Source
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.django_db


def at(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def mixed_news():
    """Items dated by their publication and items dated by their source (older or newer than their publication),
    ties on the same day included."""
    recent_document = make_source(date=datetime.date(2031, 1, 1), date_precision=Source.DatePrecision.YEAR)
    old_document = make_source(date=datetime.date(2001, 3, 5))
    undated_document = make_source(date=None, title="Zz undated document")
    items = [make_news_item(title_fr=f"Zz plain {n}", publish_from=at(2003 + n)) for n in range(8)]
    items += [make_news_item(title_fr=f"Zz same day {n}", publish_from=at(2005)) for n in range(3)]
    items.append(make_news_item(title_fr="Zz from a recent document", publish_from=at(2002), source=recent_document))
    items.append(make_news_item(title_fr="Zz from an old document", publish_from=at(2012), source=old_document))
    items.append(make_news_item(title_fr="Zz undated document", publish_from=at(2004), source=undated_document))
    return items


@pytest.mark.parametrize(("start", "stop"), [(0, 3), (0, 12), (2, 7), (5, 40), (30, 42)])
def test_window_gives_the_items_of_the_full_sort(mixed_news, start, stop):
    published = NewsItem.objects.published()
    expected = [item.pk for item in published.by_date()[start:stop]]
    assert [item.pk for item in published.by_date_window(start, stop)] == expected
    assert expected  # the window is not empty (the demo content's items are there too)


def test_window_keeps_filters_and_prefetches(mixed_news):
    press = NewsItem.objects.published().press_releases().for_list()
    expected = [item.pk for item in press.by_date()[:5]]
    window = press.by_date_window(0, 5)
    assert [item.pk for item in window] == expected
    assert all(item.kind == NewsItem.Kind.PRESS_RELEASE for item in window)
    assert all("centres" in item._prefetched_objects_cache for item in window)


def test_item_dated_by_a_recent_document_leads_the_list(client, mixed_news):
    response = client.get(reverse("news:newsitem_list"))
    assert response.context["news_items"][0].title_fr == "Zz from a recent document"


def years_offered(client):
    return client.get(reverse("news:newsitem_list")).context["years"]


def test_year_list_follows_a_new_item_an_edit_and_a_deletion(client):
    cache.clear()
    assert 1999 not in years_offered(client)
    item = make_news_item(title_fr="Zz 1999", publish_from=at(1999))
    assert 1999 in years_offered(client)  # created: shown at the next request
    item.publish_from = at(1998)
    item.save()
    assert 1998 in years_offered(client) and 1999 not in years_offered(client)  # edited
    item.delete()
    assert 1998 not in years_offered(client)  # deleted


def test_year_list_follows_a_source_redated(client):
    cache.clear()
    document = make_source(date=datetime.date(2024, 8, 22))
    make_news_item(title_fr="Zz from a document", publish_from=at(2024), source=document)
    assert 1997 not in years_offered(client)
    document.date = datetime.date(1997, 2, 3)
    document.save()
    assert 1997 in years_offered(client)


def test_year_list_is_kept_only_until_the_next_scheduled_item(client, django_assert_num_queries):
    cache.clear()
    soon = timezone.now() + datetime.timedelta(seconds=2)
    make_news_item(title_fr="Zz scheduled", publish_from=soon)
    years_offered(client)
    key = f"news:published-years:{cache.get('news:published-years:version')}"
    assert cache.get(key) is not None
    # locmem keeps the expiry: the entry lives at most until the scheduled item goes live.
    expiry = cache._expire_info[cache.make_and_validate_key(key)]
    assert expiry <= soon.timestamp() + 1
