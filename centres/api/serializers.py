from rest_framework import serializers

from unicancer_site.api.fields import PublicUrlField, SourceSerializer

from ..models import Centre, Site


class SiteSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Site
        fields = ["id", "name", "city", "postcode", "address", "phone", "region", "latitude", "longitude", "source"]


class CentreSerializer(serializers.ModelSerializer):
    description = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    sites = SiteSerializer(many=True, read_only=True)
    url = PublicUrlField()
    source = SourceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Centre
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "description",
            "website",
            "trial_office_phone",
            "trial_office_email",
            "sites",
            "url",
            "source",
            "updated",
        ]


class CentreRefSerializer(serializers.ModelSerializer):
    """A centre mentioned by another object."""

    url = PublicUrlField()

    class Meta:
        model = Centre
        fields = ["slug", "name", "url"]
