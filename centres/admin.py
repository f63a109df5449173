from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Centre, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "city", "postcode", "address", "region", "latitude", "longitude", "source"]
    autocomplete_fields = ["source"]


@admin.register(Centre)
class CentreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind", "sites__region"]
    search_fields = ["name", "short_name", "sites__city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "centre", "city", "region"]
    list_filter = ["region", "centre__kind"]
    search_fields = ["name", "city", "centre__name", "centre__short_name"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
