from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from unicancer_site.api.fields import SourceSerializer, absolute_url

from ..models import EditorialPage


class EditorialPageSerializer(serializers.ModelSerializer):
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML.")
    translation = serializers.SerializerMethodField(help_text="The same page in the other language, when published.")
    url = serializers.SerializerMethodField(help_text="The public page, under its own language (/fr/ or /en/).")
    source = SourceSerializer(read_only=True, allow_null=True)
    publication_status = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = EditorialPage
        fields = [
            "id",
            "slug",
            "language",
            "title",
            "summary",
            "body",
            "translation",
            "url",
            "source",
            "publication_status",
            "publish_from",
            "publish_until",
            "updated",
        ]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, page):
        # A page is written in one language: its URL is under that language, whatever was asked for.
        with translation.override(page.language):
            return absolute_url(self, page.get_absolute_url())

    @extend_schema_field({"type": "string", "nullable": True, "description": "Slug of the translated page."})
    def get_translation(self, page):
        # Either way round: this page translates another, or another translates this one.
        if page.translation_of is not None:
            return page.translation_of.slug if page.translation_is_published else None
        return page.published_translations[0].slug if page.published_translations else None
