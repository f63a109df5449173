from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NewsItem, PressContact


@admin.register(NewsItem)
class NewsItemAdmin(SimpleHistoryAdmin):
    list_display = ["title_fr", "kind", "status", "publish_from"]
    list_filter = ["kind", "status", "centres"]
    search_fields = ["title_fr", "title_en", "summary_fr"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["centres", "trials", "certifications", "press_contact", "source"]
    date_hierarchy = "publish_from"


@admin.register(PressContact)
class PressContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "email", "phone"]
    search_fields = ["name", "organisation", "email"]
