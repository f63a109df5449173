from rest_framework import serializers

from centres.api.serializers import CentreRefSerializer
from unicancer_site.api.fields import PublicUrlField, SourceSerializer

from ..models import Certification, ChapterScore


class ChapterScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChapterScore
        fields = ["chapter", "score"]


class CertificationSerializer(serializers.ModelSerializer):
    centre = CentreRefSerializer(read_only=True, allow_null=True)
    holder_name = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    notes = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    chapter_scores = ChapterScoreSerializer(many=True, read_only=True)
    url = PublicUrlField()
    source = SourceSerializer(read_only=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "scheme",
            "referential",
            "scope",
            "designation",
            "holder",
            "holder_name",
            "centre",
            "decision",
            "visit_date",
            "decision_date",
            "in_force_on",
            "valid_until",
            "iteration",
            "global_score",
            "chapter_scores",
            "certifying_body",
            "appeal_pending",
            "notes",
            "url",
            "source",
            "updated",
        ]
