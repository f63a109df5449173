from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from unicancer_site.api.views import ApiViewSet

from ..filters import CentreFilter
from ..models import Centre, Site
from .serializers import CentreSerializer


@extend_schema_view(
    list=extend_schema(summary="Centres of the network, with their sites"),
    retrieve=extend_schema(summary="A centre, with its sites"),
)
class CentreViewSet(ApiViewSet):
    route = "centres"
    basename = "centre"
    queryset = Centre.objects.select_related("source").prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("source"))
    )
    serializer_class = CentreSerializer
    filterset_class = CentreFilter
    lookup_field = "slug"
    search_fields = ["name", "short_name", "sites__city"]
    ordering_fields = {"name": "name", "kind": "kind", "updated": "updated"}
    ordering = ["name"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # With ?near=, nearest first, unless the client chose an ordering.
        if "distance_km" in queryset.query.annotations and "ordering" not in self.request.query_params:
            queryset = queryset.order_by("distance_km", "name", "pk")
        return queryset
