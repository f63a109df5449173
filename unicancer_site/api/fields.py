"""Serializer pieces every resource uses: the public page URL and the source."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from unicancer_site.core.addresses import absolute_url as absolute_url_of
from unicancer_site.core.models import Source

PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"


def absolute_url(serializer_field, path: str) -> str:
    """``path`` under ``settings.SITE_URL`` (the site's one public address, ``core.addresses``), whatever host
    the API was reached by. ``serializer_field`` is kept so every resource calls it the same way."""
    return absolute_url_of(path)


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


@extend_schema_field({"type": "string", "nullable": True, "example": "2018-04", "pattern": PARTIAL_DATE_PATTERN})
class PartialDateField(serializers.Field):
    """A date at the precision its document gives (ISO 8601): "2018-10-01", "2018-04", "2022", a span "2023/2024".

    ``source`` names a ``PartialDate`` property of the object (``decided``, ``dated``...); null when empty.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", "ISO 8601 at the document's precision: day, month (YYYY-MM) or year (YYYY).")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.isoformat() if value is not None else None

    def get_attribute(self, instance):
        # A None on the way is an empty date, not an error.
        try:
            return super().get_attribute(instance)
        except (AttributeError, KeyError):
            return None


class SourceSerializer(serializers.ModelSerializer):
    """The public document a fact was taken from; ``date`` at its precision, null for an undated document."""

    date = PartialDateField(source="dated")

    class Meta:
        model = Source
        fields = ["title", "kind", "document", "date", "date_precision", "url"]
