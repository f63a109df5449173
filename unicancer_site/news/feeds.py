"""RSS and Atom feeds of the news and of the press releases, in the language of the URL (/fr/..., /en/...)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from unicancer_site.core.addresses import absolute_url

from .models import NewsItem
from .views import attachment_size

FEED_LENGTH = 30


class NewsFeed(Feed):
    """The latest published news items and press releases."""

    def title(self):
        return _("Unicancer news")

    def description(self):
        return _("News and press releases of Unicancer, the French federation of comprehensive cancer centres.")

    subtitle = description

    # Every link under settings.SITE_URL (core.addresses), not the request's host that Feed would add.
    def link(self):
        return absolute_url(reverse("news:newsitem_list"))

    def get_object(self, request, *args, **kwargs):
        # The feed's own path, handed to feed_url(): a Feed instance is shared by every request.
        return request.path

    def feed_url(self, path):
        return absolute_url(path)

    def items(self):
        return NewsItem.objects.published().select_related("source").by_date()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        """The item's day: its publication on the site, or its document's day. None (no pubDate) for an item
        dated only by a month or a year: a feed's date is a moment, which no document gives."""
        dated = item.dated
        if dated is None or not dated.is_exact:
            return None
        if item.source_id and item.source.date:
            return timezone.make_aware(datetime.datetime.combine(dated.start, datetime.time()))
        return item.publish_from

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        size = attachment_size(item)
        if size is None:
            return []
        return [Enclosure(absolute_url(item.attachment.url), str(size), "application/pdf")]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


class PressReleaseFeed(NewsFeed):
    """The latest published press releases."""

    def title(self):
        return _("Unicancer press releases")

    def description(self):
        return _("Press releases of Unicancer, the French federation of comprehensive cancer centres.")

    subtitle = description

    def link(self):
        return absolute_url(reverse("news:press_room"))

    def items(self):
        return NewsItem.objects.published().press_releases().select_related("source").by_date()[:FEED_LENGTH]


class PressReleaseAtomFeed(PressReleaseFeed):
    feed_type = Atom1Feed
