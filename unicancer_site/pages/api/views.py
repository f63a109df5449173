from drf_spectacular.utils import extend_schema, extend_schema_view

from unicancer_site.api.views import ApiViewSet

from ..filters import EditorialPageFilter
from ..models import EditorialPage
from .serializers import EditorialPageSerializer


@extend_schema_view(
    list=extend_schema(summary="Editorial pages"),
    retrieve=extend_schema(summary="An editorial page"),
)
class EditorialPageViewSet(ApiViewSet):
    route = "pages"
    basename = "page"
    queryset = EditorialPage.objects.select_related("source")
    serializer_class = EditorialPageSerializer
    filterset_class = EditorialPageFilter
    lookup_field = "slug"
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en"]
    ordering_fields = {"title": "title_fr", "published": "publish_from", "updated": "updated"}
    ordering = ["title"]
