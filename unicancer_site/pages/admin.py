from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EditorialPage


@admin.register(EditorialPage)
class EditorialPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "language", "status", "publish_from"]
    list_filter = ["language", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of", "source"]
