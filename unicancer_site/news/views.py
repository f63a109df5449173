"""News pages: the news list, a news item's page and the press room."""

import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Min, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.views.generic import DetailView, ListView

from centres.models import Centre
from research.models import Trial
from unicancer_site.core.addresses import absolute_url
from unicancer_site.core.i18n import TranslatedSlugDetailMixin
from unicancer_site.core.listing import FilteredListMixin, TolerantPaginationMixin
from unicancer_site.publishing.models import PublicationStatus

from .filters import NewsItemFilter
from .models import NewsItem, PressContact

logger = logging.getLogger(__name__)


class NewestFirstPaginator(Paginator):
    """A paginator over a ``NewsItemQuerySet``, newest first, whose pages read at most the rows before them
    (``by_date_window``) instead of sorting the whole table for each page."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.by_date_window(bottom, top), number, self)


# A day at most (the version changes with any save anyway).
YEARS_CACHE_SECONDS = 24 * 3600
YEARS_CACHE_VERSION_KEY = "news:published-years:version"


def forget_published_years(**kwargs):
    """Signal receiver (``NewsAppConfig.ready``): a news item or a source saved or deleted changes the years."""
    try:
        cache.incr(YEARS_CACHE_VERSION_KEY)
    except ValueError:  # no version yet: nothing cached under it either
        cache.set(YEARS_CACHE_VERSION_KEY, 1, None)


def published_years() -> list[int]:
    """The years of the published news items, newest first (the news list's year filter).

    Computed once and cached (``DISTINCT`` on the date shown reads every row: 1.2 s at 100 000 items, issue
    13), under a version that any save or deletion of a news item or a source bumps, in every instance sharing
    the cache. A scheduled item changes the list without a save: the list is kept only until the next
    scheduled publication or withdrawal (read when it is computed). No query when cached.
    """
    version = cache.get_or_set(YEARS_CACHE_VERSION_KEY, 1, None)
    key = f"news:published-years:{version}"
    years = cache.get(key)
    if years is None:
        years = list(
            NewsItem.objects.published()
            .annotate(year=ExtractYear("dated_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        now = timezone.now()
        next_change = NewsItem.objects.order_by().aggregate(
            starts=Min("publish_from", filter=Q(status=PublicationStatus.PUBLISHED, publish_from__gt=now)),
            ends=Min("publish_until", filter=Q(status=PublicationStatus.PUBLISHED, publish_until__gt=now)),
        )
        seconds = [(moment - now).total_seconds() for moment in next_change.values() if moment is not None]
        cache.set(key, years, max(1, int(min(seconds, default=YEARS_CACHE_SECONDS))))
    return years


class NewsItemListView(FilteredListMixin, ListView):
    """All news and press releases, newest first, filtered by kind, centre and year."""

    template_name = "news/newsitem_list.html"
    context_object_name = "news_items"
    paginate_by = 12
    paginator_class = NewestFirstPaginator
    filterset_class = NewsItemFilter
    integer_params = ("year",)

    def get_queryset(self):
        return self.filter_queryset(NewsItem.objects.published()).by_date()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selected"] = self.selected()
        context["kinds"] = NewsItem.Kind.choices
        context["centres"] = list(Centre.objects.order_by("name").only("slug", "name"))
        context["years"] = published_years()
        return context


class PressRoomView(TolerantPaginationMixin, ListView):
    """Press releases, newest first, with the press contacts named in them."""

    template_name = "news/press_room.html"
    context_object_name = "press_releases"
    paginate_by = 12
    paginator_class = NewestFirstPaginator

    def get_queryset(self):
        return NewsItem.objects.published().press_releases().by_date()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["press_contacts"] = PressContact.objects.filter(
            news_items__in=NewsItem.objects.published().press_releases()
        ).distinct()
        return context


def attachment_size(item: NewsItem) -> int | None:
    """The PDF's size in bytes, or None when the file is missing (the link is then not shown)."""
    if not item.attachment:
        return None
    try:
        return item.attachment.size
    except OSError:
        logger.warning("Attachment %s of news item %s is missing.", item.attachment.name, item.pk)
        return None


def news_json_ld(item: NewsItem, request, image_url: str | None) -> dict:
    """schema.org NewsArticle."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title[:110],
        "url": absolute_url(item.get_absolute_url()),
        # At the date's precision ("2023" for an item dated by its year): never an invented day.
        "datePublished": item.dated.isoformat(),
        "dateModified": item.updated.isoformat(),
        "inLanguage": item.language_of("title"),
        "publisher": {"@type": "Organization", "name": "Unicancer"},
        "author": {"@type": "Organization", "name": "Unicancer"},
    }
    if item.summary:
        data["description"] = item.summary
    if image_url:
        data["image"] = absolute_url(image_url)
    if item.kind == NewsItem.Kind.PRESS_RELEASE:
        data["genre"] = "Press release"
    mentions = [{"@type": "MedicalOrganization", "name": centre.name} for centre in item.centres.all()]
    if mentions:
        data["about"] = mentions
    return data


class NewsItemDetailView(TranslatedSlugDetailMixin, DetailView):
    """A published item by its slug in the page's language (its other slug redirects to it)."""

    template_name = "news/newsitem_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return (
            NewsItem.objects.published()
            .select_related("press_contact", "source")
            .prefetch_related(
                Prefetch("centres", queryset=Centre.objects.order_by("name")),
                Prefetch(
                    "trials",
                    queryset=Trial.objects.published().order_by("acronym"),
                    to_attr="published_trials",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["attachment_size"] = attachment_size(item)
        context["json_ld"] = news_json_ld(item, self.request, item.image.url if item.image else None)
        return context
