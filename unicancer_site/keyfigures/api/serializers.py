from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from unicancer_site.api.fields import SourceSerializer, absolute_url

from ..models import KeyFigure

# The public page each topic's figures appear on.
TOPIC_PAGES = {
    KeyFigure.Topic.NETWORK: "home",
    KeyFigure.Topic.RESEARCH: "research:figures",
    KeyFigure.Topic.QUALITY: "certifications:overview",
    KeyFigure.Topic.CARE: "home",
}


class KeyFigureSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    url = serializers.SerializerMethodField(help_text="The public page showing the figures of this topic.")
    source = SourceSerializer(read_only=True)

    class Meta:
        model = KeyFigure
        fields = ["id", "topic", "label", "value", "unit", "year", "position", "url", "source", "updated"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, figure):
        return absolute_url(self, reverse(TOPIC_PAGES.get(figure.topic, "home")))
