from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from unicancer_site.api.renderers import CSVRenderer
from unicancer_site.api.views import ApiViewSet

from ..filters import CertificationFilter
from ..models import Certification
from .serializers import CertificationSerializer


@extend_schema_view(
    list=extend_schema(summary="Certification decisions (HAS, ISO 9001, ISO 50001, OECI), with HAS chapter scores"),
    retrieve=extend_schema(summary="A certification decision"),
)
class CertificationViewSet(ApiViewSet):
    route = "certifications"
    basename = "certification"
    queryset = Certification.objects.select_related(
        "centre", "source", "confirmed_by", "validity_rule__source"
    ).prefetch_related("chapter_scores")
    serializer_class = CertificationSerializer
    filterset_class = CertificationFilter
    renderer_classes = [JSONRenderer, CSVRenderer]
    search_fields = ["centre__name", "centre__short_name", "referential", "scope_fr", "scope_en", "certifying_body"]
    ordering_fields = {
        "decision_date": "known_from",
        "valid_until": "validity_ends_from",
        "scheme": "scheme",
        "centre": "centre__name",
        "global_score": "global_score",
        "updated": "updated",
    }
    ordering = ["scheme", "centre", "-decision_date"]

    def get_queryset(self):
        # Where each decision stands today; the current_on filter asks again for its own day.
        return super().get_queryset().with_standing_on(timezone.localdate())
