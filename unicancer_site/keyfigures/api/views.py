from drf_spectacular.utils import extend_schema, extend_schema_view

from unicancer_site.api.views import ApiViewSet

from ..filters import KeyFigureFilter
from ..models import KeyFigure
from .serializers import KeyFigureSerializer


@extend_schema_view(
    list=extend_schema(summary="Key figures the federation publishes, each with its year and source"),
    retrieve=extend_schema(summary="A key figure"),
)
class KeyFigureViewSet(ApiViewSet):
    route = "key-figures"
    basename = "keyfigure"
    queryset = KeyFigure.objects.select_related("source")
    serializer_class = KeyFigureSerializer
    filterset_class = KeyFigureFilter
    search_fields = ["label_fr", "label_en"]
    ordering_fields = {"topic": "topic", "position": "position", "year": "year", "updated": "updated"}
    ordering = ["topic", "position", "-year"]
