from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export import fields

from unicancer_site.accounts.content_admin import (
    ContentAdmin,
    ContentImportExportAdmin,
    ContentResource,
    ReferenceWidget,
    ScopedInlineMixin,
)
from unicancer_site.accounts.roles import ALL, CENTRE_EDITOR, QUALITY_EDITOR, RESEARCH_EDITOR, VIEW
from unicancer_site.accounts.scoping import is_restricted

from .models import Centre, Site


class SiteResource(ContentResource):
    """Sites import from CSV/XLSX by centre slug and site name: one row per site, updated in place."""

    centre = fields.Field(attribute="centre", column_name="centre", widget=ReferenceWidget(Centre, field="slug"))

    class Meta(ContentResource.Meta):
        model = Site
        import_id_fields = ["centre", "name"]
        fields = ["centre", "name", "city", "postcode", "address", "phone", "region", "latitude", "longitude"]
        export_order = fields


class SiteInline(ScopedInlineMixin, admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "city", "postcode", "address", "phone", "region", "latitude", "longitude", "source"]
    autocomplete_fields = ["source"]


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    role_permissions = {CENTRE_EDITOR: ("view", "change"), RESEARCH_EDITOR: VIEW, QUALITY_EDITOR: VIEW}
    list_display = ["name", "short_name", "kind", "site_count", "website"]
    list_filter = ["kind", "sites__region"]
    search_fields = ["name", "short_name", "slug", "sites__city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]
    inlines = [SiteInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "website"]}),
        (_("Description"), {"fields": ["description_fr", "description_en"]}),
        (
            _("Clinical trial office"),
            {
                "description": _("Shown on the pages of the trials the centre takes part in. Leave empty if unknown."),
                "fields": ["trial_office_phone", "trial_office_email"],
            },
        ),
        (_("Source"), {"fields": ["source"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(site_count=Count("sites", distinct=True))

    @admin.display(description=_("sites"), ordering="site_count")
    def site_count(self, obj):
        return obj.site_count

    def get_prepopulated_fields(self, request, obj=None):
        return {} if is_restricted(request.user) else super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_restricted(request.user):
            # A centre editor edits their centre's page, not its identity.
            readonly += ["slug", "kind"]
        return readonly


@admin.register(Site)
class SiteAdmin(ContentImportExportAdmin):
    role_permissions = {CENTRE_EDITOR: ALL}
    resource_classes = [SiteResource]
    list_display = ["name", "centre", "city", "postcode", "region"]
    list_filter = ["region", ("centre", admin.RelatedOnlyFieldListFilter), "centre__kind"]
    search_fields = ["name", "city", "postcode", "centre__name", "centre__short_name"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
