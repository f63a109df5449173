"""Serializer pieces every resource uses: the public page URL and the source."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from unicancer_site.core.models import Source


def absolute_url(serializer_field, path: str) -> str:
    request = serializer_field.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.Field):
    """The object's public page, absolute, under the language asked for (``/fr/...`` or ``/en/...``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", "The public page, in the language asked for.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self, value.get_absolute_url())


class SourceSerializer(serializers.ModelSerializer):
    """The public document a fact was taken from."""

    class Meta:
        model = Source
        fields = ["title", "kind", "document", "date", "date_precision", "url"]
