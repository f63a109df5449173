from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from unicancer_site.api.views import ApiViewSet

from ..filters import EditorialPageFilter
from ..models import EditorialPage
from .serializers import EditorialPageSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Editorial pages",
        description="Each page is written in one language (`language`); `lang` does not translate it.",
    ),
    retrieve=extend_schema(summary="An editorial page"),
)
class EditorialPageViewSet(ApiViewSet):
    route = "pages"
    basename = "page"
    publishable = True
    queryset = (
        EditorialPage.objects.select_related("source", "translation_of")
        .annotate(
            translation_is_published=Exists(EditorialPage.objects.published().filter(pk=OuterRef("translation_of")))
        )
        .prefetch_related(
            Prefetch("translations", queryset=EditorialPage.objects.published(), to_attr="published_translations")
        )
    )
    serializer_class = EditorialPageSerializer
    filterset_class = EditorialPageFilter
    lookup_field = "slug"
    search_fields = ["title", "summary"]
    ordering_fields = {"title": "title", "published": "publish_from", "updated": "updated"}
    ordering = ["title"]
