from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from research.models import Trial
from unicancer_site.api.filters import AccentInsensitiveSearchFilter, StrictDjangoFilterBackend
from unicancer_site.api.pagination import NewsSyncCursorPagination
from unicancer_site.api.views import ApiViewSet

from ..filters import NewsItemFilter
from ..models import NewsItem
from .serializers import NewsItemSerializer, NewsItemSyncSerializer


@extend_schema_view(
    list=extend_schema(summary="News items and press releases, newest first"),
    retrieve=extend_schema(summary="A news item or press release"),
    sync=extend_schema(
        summary="Every news item, oldest change first, page by page with a cursor",
        description=(
            "For tools that keep a copy of the whole feed: follow `next` until it is null. "
            "To catch up later, ask again with `updated_since` set to the largest `updated` you received. "
            "The filters apply; `ordering` does not (the order is `updated`, then `id`)."
        ),
        responses=NewsItemSyncSerializer(many=True),
    ),
)
class NewsItemViewSet(ApiViewSet):
    route = "news"
    basename = "newsitem"
    queryset = NewsItem.objects.select_related("source", "press_contact").prefetch_related(
        "centres",
        Prefetch("trials", queryset=Trial.objects.published().order_by("acronym"), to_attr="published_trials"),
    )
    serializer_class = NewsItemSerializer
    filterset_class = NewsItemFilter
    lookup_field = "slug"
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    ordering_fields = {"date": "dated_on", "published": "publish_from", "title": "title_fr", "updated": "updated"}
    ordering = ["-date", "-published"]

    @action(
        detail=False,
        pagination_class=NewsSyncCursorPagination,
        serializer_class=NewsItemSyncSerializer,
        filter_backends=[StrictDjangoFilterBackend, AccentInsensitiveSearchFilter],
    )
    def sync(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)
