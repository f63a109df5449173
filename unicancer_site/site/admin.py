"""The admin of the shared reference data that the core app holds (the core imports no app, so its admin lives
on this top floor)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin
from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    FEDERATION_EDITOR,
    QUALITY_EDITOR,
    READ_ONLY,
    RESEARCH_EDITOR,
    REVIEWER,
    SOURCES,
    VIEW,
)
from unicancer_site.core.models import FormerSlug, Source


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


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    """The redirects: each former slug of a public object, which answers with a 301 to its current address.

    Recorded when a public object's slug changes (core/redirects.py), never typed: no add or change form;
    federation editors may delete one (the old address then answers 404).
    """

    list_display = ["slug", "target_link", "content_type", "current_address", "created"]
    list_filter = ["content_type"]
    search_fields = ["slug"]
    list_select_related = ["content_type"]
    list_per_page = 50

    def get_role_permissions(self) -> dict[str, tuple[str, ...]]:
        """Read by accounts.roles: the federation reads and removes redirects, reviewers and read-only staff read."""
        return {FEDERATION_EDITOR: ("view", "delete"), REVIEWER: VIEW, READ_ONLY: VIEW}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    @admin.display(description=_("redirects to"))
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return "—"
        opts = target._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        return format_html('<a href="{}">{}</a>', url, target)

    @admin.display(description=_("current address"))
    def current_address(self, obj):
        target = obj.target
        return target.get_absolute_url() if target is not None else "—"
