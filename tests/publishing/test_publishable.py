"""The one definition of what the public sees: PublishableQuerySet.published()."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from research.models import Trial
from tests.factories import make_news_item, make_trial
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "publish_from", "publish_until", "visible"),
    [
        (PublicationStatus.PUBLISHED, NOW - HOUR, None, True),
        (PublicationStatus.PUBLISHED, NOW - HOUR, NOW + HOUR, True),
        (PublicationStatus.PUBLISHED, NOW + HOUR, None, False),  # scheduled
        (PublicationStatus.PUBLISHED, NOW - 2 * HOUR, NOW - HOUR, False),  # expired
        (PublicationStatus.DRAFT, NOW - HOUR, None, False),
        (PublicationStatus.IN_REVIEW, NOW - HOUR, None, False),
        (PublicationStatus.UNPUBLISHED, NOW - HOUR, None, False),
    ],
)
def test_published_news_items(status, publish_from, publish_until, visible):
    item = make_news_item(status=status, publish_from=publish_from, publish_until=publish_until)
    assert (item in NewsItem.objects.published(at=NOW)) is visible
    assert item.is_published(at=NOW) is visible


def test_scheduled_and_expired():
    scheduled = make_news_item(publish_from=NOW + HOUR)
    expired = make_news_item(publish_from=NOW - 2 * HOUR, publish_until=NOW - HOUR)
    assert scheduled in NewsItem.objects.scheduled(at=NOW)
    assert expired in NewsItem.objects.expired(at=NOW)
    assert scheduled in NewsItem.objects.published(at=NOW + 2 * HOUR)


def test_trials_and_pages_share_the_rule():
    draft = make_trial(status=PublicationStatus.DRAFT)
    live = make_trial()
    assert live in Trial.objects.published() and draft not in Trial.objects.published()
    page = EditorialPage.objects.create(slug="test-page", title_fr="Page", status="published", publish_from=NOW - HOUR)
    assert page in EditorialPage.objects.published()


def test_published_needs_a_date_and_until_comes_after_from():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_news_item(publish_from=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_news_item(publish_from=NOW, publish_until=NOW - HOUR)


def test_bodies_are_sanitised_when_saved():
    item = make_news_item(
        body_fr='<p onclick="steal()">Texte <script>alert(1)</script><a href="javascript:alert(1)">lien</a></p>'
        '<iframe src="https://example.org"></iframe><img src="data:image/png;base64,AAAA">',
    )
    item.refresh_from_db()
    assert "script" not in item.body_fr
    assert "onclick" not in item.body_fr
    assert "javascript:" not in item.body_fr
    assert "iframe" not in item.body_fr
    assert "data:" not in item.body_fr
    assert "<p>Texte" in item.body_fr
    page = EditorialPage.objects.create(
        slug="xss",
        title_fr="XSS",
        body_fr='<h2 style="color:red">Titre</h2>',
        body_en='<h2 onclick="steal()">Title</h2><script>alert(1)</script>',
    )
    page.refresh_from_db()
    assert page.body_fr == "<h2>Titre</h2>"
    assert page.body_en == "<h2>Title</h2>"
