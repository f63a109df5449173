"""The admin of the shared reference data that the core app holds (the core imports no app, so its admin lives
on this top floor)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin
from unicancer_site.accounts.roles import CENTRE_EDITOR, QUALITY_EDITOR, RESEARCH_EDITOR, SOURCES, VIEW
from unicancer_site.core.models import Source


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    """The documents facts are taken from: every editor may cite one, the research and quality teams add them."""

    role_permissions = {CENTRE_EDITOR: VIEW, RESEARCH_EDITOR: SOURCES, QUALITY_EDITOR: SOURCES}
    list_display = ["title", "kind", "date_display", "document", "url"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "document", "url"]
    date_hierarchy = "date"

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return obj.date_display
