import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin, ScopedInlineMixin
from unicancer_site.accounts.roles import ALL, CENTRE_EDITOR, QUALITY_EDITOR, VIEW

from .models import Certification, ChapterScore, PlannedVisit

EXPIRY_WARNING = datetime.timedelta(days=183)


class ChapterScoreInline(ScopedInlineMixin, admin.TabularInline):
    model = ChapterScore
    extra = 0
    max_num = 3


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("expiring", _("Ends within six months")), ("expired", _("Ended"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expiring":
            return queryset.expiring_between(today, today + EXPIRY_WARNING)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset


@admin.register(Certification)
class CertificationAdmin(ContentAdmin):
    role_permissions = {CENTRE_EDITOR: VIEW, QUALITY_EDITOR: ALL}
    list_display = ["__str__", "scheme", "holder_name", "decision", "decision_date", "validity", "global_score"]
    list_filter = [
        "scheme",
        "decision",
        ValidityFilter,
        "holder",
        ("centre", admin.RelatedOnlyFieldListFilter),
        "appeal_pending",
    ]
    search_fields = ["centre__name", "centre__short_name", "referential", "scope_fr", "designation"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
    date_hierarchy = "decision_date"
    inlines = [ChapterScoreInline]

    class Media:
        css = {"all": ["accounts/admin.css"]}

    @admin.display(description=_("holder"), ordering="centre__name")
    def holder_name(self, obj):
        return obj.holder_name

    @admin.display(description=_("valid until"), ordering="valid_until")
    def validity(self, obj):
        if obj.valid_until is None:
            return "—"
        today = timezone.localdate()
        if obj.valid_until < today:
            return format_html('<span class="validity-ended">{}</span>', gettext("Ended on %s") % obj.valid_until)
        if obj.valid_until <= today + EXPIRY_WARNING:
            return format_html('<strong class="validity-ending">{}</strong>', gettext("Ends on %s") % obj.valid_until)
        return obj.valid_until


@admin.register(PlannedVisit)
class PlannedVisitAdmin(ContentAdmin):
    role_permissions = {QUALITY_EDITOR: ALL}
    list_display = ["centre", "scheme", "referential", "iteration", "planned_date", "planned_year"]
    list_filter = ["scheme", ("centre", admin.RelatedOnlyFieldListFilter), "planned_year"]
    search_fields = ["centre__name", "centre__short_name", "referential"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
    date_hierarchy = "planned_date"


@admin.register(ChapterScore)
class ChapterScoreAdmin(ContentAdmin):
    """Chapter scores are edited in their certification; this list compares them across centres."""

    role_permissions = {QUALITY_EDITOR: ALL}

    list_display = ["certification", "chapter", "score"]
    list_filter = ["chapter", ("certification__centre", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["certification__centre__name", "certification__centre__short_name"]
    list_select_related = ["certification__centre"]
    autocomplete_fields = ["certification"]
