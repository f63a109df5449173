from rest_framework import serializers

from unicancer_site.api.fields import PublicUrlField, SourceSerializer

from ..models import EditorialPage


class EditorialPageSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    summary = serializers.CharField(read_only=True, help_text="In the language asked for, French as fallback.")
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML, in the language asked for.")
    url = PublicUrlField()
    source = SourceSerializer(read_only=True, allow_null=True)
    publication_status = serializers.CharField(source="status", read_only=True)

    class Meta:
        model = EditorialPage
        fields = [
            "id",
            "slug",
            "role",
            "title",
            "summary",
            "body",
            "url",
            "source",
            "publication_status",
            "publish_from",
            "publish_until",
            "updated",
        ]
