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
    queryset = Certification.objects.select_related("centre", "source").prefetch_related("chapter_scores")
    serializer_class = CertificationSerializer
    filterset_class = CertificationFilter
    renderer_classes = [JSONRenderer, CSVRenderer]
    search_fields = ["centre__name", "centre__short_name", "referential", "scope_fr", "scope_en", "certifying_body"]
    ordering_fields = {
        "decision_date": "decision_date",
        "valid_until": "valid_until",
        "scheme": "scheme",
        "centre": "centre__name",
        "global_score": "global_score",
        "updated": "updated",
    }
    ordering = ["scheme", "centre", "-decision_date"]
