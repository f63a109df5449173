"""News pages: the news list, a news item's page and the press room."""

import logging

from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.views.generic import DetailView, ListView

from centres.models import Centre
from research.models import Trial
from unicancer_site.core.addresses import absolute_url
from unicancer_site.core.i18n import TranslatedSlugDetailMixin
from unicancer_site.core.listing import FilteredListMixin, TolerantPaginationMixin

from .filters import NewsItemFilter
from .models import NewsItem, PressContact

logger = logging.getLogger(__name__)


class NewsItemListView(FilteredListMixin, ListView):
    """All news and press releases, newest first, filtered by kind, centre and year."""

    template_name = "news/newsitem_list.html"
    context_object_name = "news_items"
    paginate_by = 12
    filterset_class = NewsItemFilter
    integer_params = ("year",)

    def get_queryset(self):
        return self.filter_queryset(NewsItem.objects.published()).by_date()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["selected"] = self.selected()
        context["kinds"] = NewsItem.Kind.choices
        context["centres"] = list(Centre.objects.order_by("name").only("slug", "name"))
        context["years"] = list(
            NewsItem.objects.published()
            .annotate(year=ExtractYear("dated_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return context


class PressRoomView(TolerantPaginationMixin, ListView):
    """Press releases, newest first, with the press contacts named in them."""

    template_name = "news/press_room.html"
    context_object_name = "press_releases"
    paginate_by = 12

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
