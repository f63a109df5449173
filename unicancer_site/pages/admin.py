from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin
from unicancer_site.publishing.admin import PUBLICATION_FIELDSET, PublicationStateFilter, WorkflowAdminMixin

from .models import EditorialPage
from .views import EditorialPageDetailView


@admin.register(EditorialPage)
class EditorialPageAdmin(WorkflowAdminMixin, ContentAdmin):
    public_view = EditorialPageDetailView
    rich_text_fields = ("body_fr", "body_en")
    list_display = ["title_fr", "role", "status", "publication", "publish_from"]
    list_filter = [PublicationStateFilter, "status", "role"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en", "slug", "slug_en"]
    prepopulated_fields = {"slug": ["title_fr"], "slug_en": ["title_en"]}
    autocomplete_fields = ["source"]
    fieldsets = [
        (_("French"), {"fields": ["title_fr", "slug", "summary_fr", "body_fr"]}),
        (
            _("English"),
            {
                "fields": ["title_en", "slug_en", "summary_en", "body_en"],
                "description": _("Where an English field is empty, the English site shows the French text."),
            },
        ),
        PUBLICATION_FIELDSET,
        (_("Role and source"), {"fields": ["role", "source"]}),
    ]
