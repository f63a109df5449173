from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centres.api.serializers import CentreRefSerializer
from unicancer_site.api.fields import PartialDateField, PublicUrlField, SourceSerializer, absolute_url

from ..models import Localisation, Phase, Trial, TrialCentre


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["code", "name"]


class LocalisationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")

    class Meta:
        model = Localisation
        fields = ["slug", "name"]


class ParticipationSerializer(serializers.ModelSerializer):
    """A participating centre and the trial's recruitment status there."""

    slug = serializers.CharField(source="centre.slug", read_only=True)
    name = serializers.CharField(source="centre.name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = TrialCentre
        fields = ["slug", "name", "url", "recruitment_status"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, participation) -> str:
        return absolute_url(self, participation.centre.get_absolute_url())


class RegistryLinkSerializer(serializers.Serializer):
    """One of ``Trial.registry_links``: (registry, identifier, URL)."""

    registry = serializers.CharField()
    identifier = serializers.CharField()
    url = serializers.URLField()

    def to_representation(self, instance):
        registry, identifier, url = instance
        return {"registry": registry, "identifier": identifier, "url": url}


class TrialSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    summary = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    eligibility = serializers.CharField(
        read_only=True, help_text="Who may take part, in the language asked for, French as fallback."
    )
    enrolment_unit = serializers.CharField(read_only=True)
    enrolment_date = PartialDateField(source="enrolment_counted", help_text="The day, month or year of the count.")
    phases = PhaseSerializer(many=True, read_only=True)
    localisations = LocalisationSerializer(many=True, read_only=True)
    sponsor_centre = CentreRefSerializer(read_only=True, allow_null=True)
    sponsor_display = serializers.CharField(read_only=True, help_text="The sponsor's name.")
    registry_links = RegistryLinkSerializer(many=True, read_only=True)
    centres = ParticipationSerializer(source="participations", many=True, read_only=True)
    url = PublicUrlField()
    source = SourceSerializer(read_only=True, allow_null=True)
    publication_status = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = Trial
        fields = [
            "id",
            "slug",
            "acronym",
            "kind",
            "title",
            "summary",
            "phases",
            "recruitment_status",
            "localisations",
            "sponsor",
            "sponsor_centre",
            "sponsor_display",
            "collaborative_group",
            "nct_id",
            "eudract_id",
            "eu_ct_id",
            "registry_links",
            "target_enrolment",
            "actual_enrolment",
            "enrolment_date",
            "enrolment_unit",
            "start_date",
            "end_date",
            "is_international",
            "countries_count",
            "partners_count",
            "website",
            "eligibility",
            "contact_name",
            "contact_email",
            "contact_phone",
            "centres",
            "url",
            "source",
            "publication_status",
            "publish_from",
            "publish_until",
            "updated",
        ]
