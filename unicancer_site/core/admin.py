from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import KeyFigure, Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "document"]
    list_filter = ["kind"]
    search_fields = ["title", "document", "url"]
    date_hierarchy = "date"


@admin.register(KeyFigure)
class KeyFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label_fr", "value", "unit", "year", "topic", "source"]
    list_filter = ["topic", "year"]
    search_fields = ["label_fr", "label_en"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
