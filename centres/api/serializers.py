from drf_spectacular.utils import extend_schema_field
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
    distance_km = serializers.SerializerMethodField(
        help_text=(
            "With ?near=: the distance as the crow flies from the place to the centre's nearest site, in km (0.1 km);"
            " null otherwise."
        )
    )

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
            "distance_km",
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, centre) -> float | None:
        # Annotated by the ``near`` filter (``centres.filters.CentreNearFilter``) only.
        return getattr(centre, "distance_km", None)


class CentreRefSerializer(serializers.ModelSerializer):
    """A centre mentioned by another object."""

    url = PublicUrlField()

    class Meta:
        model = Centre
        fields = ["slug", "name", "url"]
