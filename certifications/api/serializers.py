from rest_framework import serializers

from centres.api.serializers import CentreRefSerializer
from unicancer_site.api.fields import PartialDateField, PublicUrlField, SourceSerializer

from ..models import Certification, ChapterScore, ValidityRule


class ChapterScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChapterScore
        fields = ["chapter", "score"]


class ValidityRuleSerializer(serializers.ModelSerializer):
    """The scheme's rule a decision's validity was derived from, with the document stating it."""

    source = SourceSerializer(read_only=True)

    class Meta:
        model = ValidityRule
        fields = ["scheme", "referential", "years", "source"]


class CertificationSerializer(serializers.ModelSerializer):
    centre = CentreRefSerializer(read_only=True, allow_null=True)
    holder_name = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    notes = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    chapter_scores = ChapterScoreSerializer(many=True, read_only=True)
    visit_date = PartialDateField(source="visited")
    decision_date = PartialDateField(source="decided", help_text="At its source's precision; a span reads 2023/2024.")
    in_force_on = PartialDateField(source="stated_in_force", help_text="A date on which the source states it held.")
    confirmed_on = PartialDateField(
        source="confirmed", help_text="A later date on which another document states it held."
    )
    confirmed_by = SourceSerializer(read_only=True, allow_null=True)
    valid_until = PartialDateField(
        source="validity",
        help_text="When the validity ends, at the documents' precision: stated by the source, or derived from the "
        "scheme's rule (validity_rule); null when no document gives it.",
    )
    validity_years = serializers.IntegerField(
        source="validity_years_applied", read_only=True, allow_null=True, help_text="The validity's duration in years."
    )
    validity_rule = ValidityRuleSerializer(read_only=True, allow_null=True)
    standing = serializers.CharField(
        read_only=True,
        help_text="Where the decision stands on the day asked (current_on), else today: in_force, ended, "
        "no_later_information (no document supports it on that day), not_granted, superseded or not_yet.",
    )
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
            "confirmed_on",
            "confirmed_by",
            "valid_until",
            "validity_years",
            "validity_rule",
            "standing",
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
