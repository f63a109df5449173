from rest_framework import serializers

from centres.api.serializers import CentreRefSerializer
from research.models import Trial
from unicancer_site.api.fields import PartialDateField, PublicUrlField, SourceSerializer

from ..models import NewsItem, PressContact


class TrialRefSerializer(serializers.ModelSerializer):
    url = PublicUrlField()

    class Meta:
        model = Trial
        fields = ["slug", "acronym", "url"]


class PressContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PressContact
        fields = ["name", "role", "organisation", "email", "phone"]


class NewsItemSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    summary = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML, in the language asked for.")
    image = serializers.ImageField(read_only=True, allow_null=True, use_url=True)
    image_alt = serializers.CharField(read_only=True)
    attachment = serializers.FileField(read_only=True, allow_null=True, use_url=True)
    centres = CentreRefSerializer(many=True, read_only=True)
    # Only the trials the public may see (the viewset prefetches them as ``published_trials``).
    trials = TrialRefSerializer(source="published_trials", many=True, read_only=True)
    press_contact = PressContactSerializer(read_only=True, allow_null=True)
    url = PublicUrlField()
    source = SourceSerializer(read_only=True, allow_null=True)
    publication_status = serializers.CharField(source="status", read_only=True)
    date = PartialDateField(
        source="dated",
        help_text="The item's date as the site shows it: its document's, at the document's precision, else the day "
        "it was published on the site.",
    )
    date_precision = serializers.CharField(source="dated_precision", read_only=True)

    class Meta:
        model = NewsItem
        fields = [
            "id",
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "image",
            "image_alt",
            "attachment",
            "centres",
            "trials",
            "press_contact",
            "url",
            "date",
            "date_precision",
            "source",
            "publication_status",
            "publish_from",
            "publish_until",
            "updated",
        ]


class NewsItemSyncSerializer(NewsItemSerializer):
    """The same item; its own name gives the cursor-paginated list its own schema component."""

    class Meta(NewsItemSerializer.Meta):
        pass
