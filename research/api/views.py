from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from unicancer_site.api.pagination import SearchPageNumberPagination
from unicancer_site.api.renderers import CSVRenderer
from unicancer_site.api.views import ApiViewSet

from ..filters import TRIAL_SEARCH_FIELDS, TrialFilter
from ..models import Trial, TrialCentre
from .serializers import TrialSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Clinical trials and research programmes, with their participating centres",
        description="Trials and programmes (cohorts, programmes, platforms) in one list: `kind` tells them apart.",
        parameters=[
            OpenApiParameter(
                "localisation",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="Cancer localisation slug (repeat the parameter for several: any of them). "
                "An unknown value matches nothing (an empty list).",
            )
        ],
    ),
    retrieve=extend_schema(summary="A trial or programme"),
)
class TrialViewSet(ApiViewSet):
    route = "trials"
    basename = "trial"
    queryset = Trial.objects.select_related("sponsor_centre", "source").prefetch_related(
        "phases",
        "localisations",
        Prefetch("participations", queryset=TrialCentre.objects.select_related("centre").order_by("centre__name")),
    )
    serializer_class = TrialSerializer
    filterset_class = TrialFilter
    pagination_class = SearchPageNumberPagination
    renderer_classes = [JSONRenderer, CSVRenderer]
    lookup_field = "slug"
    search_fields = TRIAL_SEARCH_FIELDS
    ordering_fields = {
        "acronym": "acronym",
        "start_date": "start_date",
        "end_date": "end_date",
        "target_enrolment": "target_enrolment",
        "published": "publish_from",
        "updated": "updated",
    }
    ordering = ["acronym"]

    @property
    def corrected_query(self) -> str | None:
        """The words searched instead of those of ``q`` when these were corrected (``TrialFilter``), else None."""
        return getattr(getattr(self, "filterset", None), "corrected_query", None)
