from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from centres.models import Centre
from unicancer_site.accounts.content_admin import (
    ContentAdmin,
    ContentAdminForm,
    ContentImportExportAdmin,
    ContentResource,
)
from unicancer_site.accounts.roles import ALL, CENTRE_EDITOR, VIEW
from unicancer_site.publishing.admin import PUBLICATION_FIELDSET, PublicationStateFilter, WorkflowAdminMixin

from .models import NewsItem, PressContact
from .views import NewsItemDetailView


class NewsItemForm(ContentAdminForm):
    def clean(self):
        cleaned_data = super().clean()
        # The database refuses an image without its alternative text; say so next to the field.
        if cleaned_data.get("image") and not cleaned_data.get("image_alt_fr"):
            self.add_error("image_alt_fr", _("Describe the image for people who cannot see it."))
        return cleaned_data


class NewsItemResource(ContentResource):
    """News items by slug, with their centres (slugs separated by "|"). Imported items keep their publication
    status and dates: the workflow publishes them."""

    centres = fields.Field(
        attribute="centres", column_name="centres", widget=widgets.ManyToManyWidget(Centre, field="slug", separator="|")
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    publish_from = fields.Field(attribute="publish_from", column_name="publish_from", readonly=True)

    class Meta(ContentResource.Meta):
        model = NewsItem
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "body_fr",
            "body_en",
            "centres",
            "status",
            "publish_from",
        ]
        export_order = fields

    def row_centre_ids(self, instance, row) -> list:
        # A centre editor's item names at least one of their centres, as in the change form. A file without the
        # column leaves an existing item's centres as they are (and a new item has none).
        if self.fields["centres"].column_name not in row:
            return list(instance.centres.values_list("pk", flat=True)) if instance.pk is not None else []
        centres = self.fields["centres"].clean(row)
        return [centre.pk for centre in centres] if centres is not None else []


@admin.register(NewsItem)
class NewsItemAdmin(WorkflowAdminMixin, ContentImportExportAdmin):
    role_permissions = {CENTRE_EDITOR: ALL}
    resource_classes = [NewsItemResource]
    public_view = NewsItemDetailView
    form = NewsItemForm
    rich_text_fields = ("body_fr", "body_en")
    centre_required_fields = ("centres",)
    list_display = ["title_fr", "kind", "status", "publication", "publish_from", "centre_list"]
    list_filter = [
        PublicationStateFilter,
        "status",
        "kind",
        ("centres", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en", "slug", "slug_en"]
    prepopulated_fields = {"slug": ["title_fr"], "slug_en": ["title_en"]}
    autocomplete_fields = ["centres", "trials", "certifications", "press_contact", "source"]
    date_hierarchy = "publish_from"
    fieldsets = [
        (None, {"fields": ["kind", "title_fr", "slug", "title_en", "slug_en"]}),
        PUBLICATION_FIELDSET,
        (_("Text"), {"fields": ["summary_fr", "summary_en", "body_fr", "body_en"]}),
        (_("Media"), {"fields": ["image", "image_alt_fr", "image_alt_en", "attachment"]}),
        (_("Links"), {"fields": ["centres", "trials", "certifications", "press_contact", "source"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("centres")

    @admin.display(description=_("centres"))
    def centre_list(self, obj):
        return ", ".join(centre.short_name or centre.name for centre in obj.centres.all())


@admin.register(PressContact)
class PressContactAdmin(ContentAdmin):
    role_permissions = {CENTRE_EDITOR: VIEW}
    list_display = ["name", "role", "organisation", "email", "phone"]
    search_fields = ["name", "organisation", "email"]
