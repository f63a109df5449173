from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin
from unicancer_site.publishing.admin import PublicationStateFilter, WorkflowAdminMixin

from .models import EditorialPage
from .views import EditorialPageDetailView


@admin.register(EditorialPage)
class EditorialPageAdmin(WorkflowAdminMixin, ContentAdmin):
    public_view = EditorialPageDetailView
    rich_text_fields = ("body",)
    list_display = ["title", "language", "status", "publication", "publish_from", "translation_of"]
    list_filter = [PublicationStateFilter, "status", "language"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["translation_of"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of", "source"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "translation_of"]}),
        (_("Publication"), {"fields": ["status", "publish_from", "publish_until"]}),
        (_("Text"), {"fields": ["summary", "body"]}),
        (_("Source"), {"fields": ["source"]}),
    ]
