import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin, ScopedInlineMixin
from unicancer_site.accounts.roles import ALL, CENTRE_EDITOR, QUALITY_EDITOR, VIEW
from unicancer_site.core.dates import format_partial_date

from .models import Certification, ChapterScore, PlannedVisit, Standing, ValidityRule

EXPIRY_WARNING = datetime.timedelta(days=183)


class ChapterScoreInline(ScopedInlineMixin, admin.TabularInline):
    model = ChapterScore
    extra = 0
    max_num = 3


class StandingFilter(admin.SimpleListFilter):
    """Where each decision stands today, by the one rule (``CertificationQuerySet.with_standing_on``)."""

    title = _("standing today")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("In force, validity may end within six months")),
            *[(standing.value, standing.label) for standing in Standing],
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expiring":
            return queryset.expiring_between(today, today + EXPIRY_WARNING)
        if self.value() in Standing.values:
            return queryset.with_standing_on(today).filter(standing=self.value())
        return queryset


@admin.register(Certification)
class CertificationAdmin(ContentAdmin):
    role_permissions = {CENTRE_EDITOR: VIEW, QUALITY_EDITOR: ALL}
    list_display = ["__str__", "scheme", "holder_name", "decision", "decision_when", "standing_today", "validity_end"]
    list_filter = [
        "scheme",
        "decision",
        StandingFilter,
        "holder",
        ("centre", admin.RelatedOnlyFieldListFilter),
        "appeal_pending",
    ]
    search_fields = ["centre__name", "centre__short_name", "referential", "scope_fr", "designation"]
    list_select_related = ["centre", "validity_rule"]
    autocomplete_fields = ["centre", "source", "confirmed_by"]
    date_hierarchy = "known_from"
    inlines = [ChapterScoreInline]
    readonly_fields = [
        "validity_rule",
        "known_from",
        "in_force_from",
        "in_force_until",
        "validity_ends_from",
        "validity_ends_by",
    ]
    fieldsets = [
        (None, {"fields": ["scheme", "referential", "holder", "centre", "scope_fr", "scope_en", "designation"]}),
        (
            _("Decision"),
            {
                "fields": [
                    "decision",
                    ("visit_date", "visit_date_precision"),
                    ("decision_date", "decision_date_precision", "decision_date_end"),
                    "iteration",
                    "global_score",
                    "certifying_body",
                    "appeal_pending",
                    "source",
                ]
            },
        ),
        (
            _("What the documents say of its validity"),
            {
                "description": _(
                    "A decision is shown in force only on the days these dates support. Give the dates as precisely "
                    "as the documents do, and no more: a month or a year is entered as any day in it."
                ),
                "fields": [
                    ("in_force_on", "in_force_on_precision"),
                    ("confirmed_on", "confirmed_on_precision", "confirmed_by"),
                    "validity_years",
                    ("valid_until", "valid_until_precision"),
                ],
            },
        ),
        (
            _("Computed from the dates above"),
            {"classes": ["collapse"], "fields": readonly_fields},
        ),
        (_("Notes"), {"fields": ["notes_fr", "notes_en"]}),
    ]

    class Media:
        css = {"all": ["accounts/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_standing_on(timezone.localdate())

    @admin.display(description=_("holder"), ordering="centre__name")
    def holder_name(self, obj):
        return obj.holder_name

    @admin.display(description=_("decision date"), ordering="known_from")
    def decision_when(self, obj):
        if obj.decided:
            return format_partial_date(obj.decided)
        if obj.stated_in_force:
            return gettext("in force on %(day)s") % {"day": format_partial_date(obj.stated_in_force)}
        return "—"

    @admin.display(description=_("today"), ordering="standing")
    def standing_today(self, obj):
        standing = Standing(obj.standing)
        if standing == Standing.IN_FORCE and obj.validity_ends_from:
            if obj.validity_ends_from <= timezone.localdate() + EXPIRY_WARNING:
                return format_html('<strong class="validity-ending">{}</strong>', gettext("In force, ending soon"))
        css = {Standing.ENDED: "validity-ended", Standing.NO_LATER_INFORMATION: "validity-unknown"}.get(standing, "")
        return format_html('<span class="{}">{}</span>', css, standing.label)

    @admin.display(description=_("valid until"), ordering="validity_ends_from")
    def validity_end(self, obj):
        validity = obj.validity
        if validity is None:
            return "—"
        return format_partial_date(validity)


@admin.register(ValidityRule)
class ValidityRuleAdmin(ContentAdmin):
    """The validity a scheme's decisions have when their own source does not state it, with the document saying so."""

    role_permissions = {QUALITY_EDITOR: ALL}
    list_display = ["__str__", "scheme", "referential", "years", "source"]
    list_filter = ["scheme"]
    search_fields = ["referential", "notes_fr"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]


@admin.register(PlannedVisit)
class PlannedVisitAdmin(ContentAdmin):
    role_permissions = {QUALITY_EDITOR: ALL}
    list_display = ["centre", "scheme", "referential", "iteration", "planned_when"]
    list_filter = ["scheme", ("centre", admin.RelatedOnlyFieldListFilter), "planned_date_precision"]
    search_fields = ["centre__name", "centre__short_name", "referential"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
    date_hierarchy = "planned_date"
    fields = [
        "centre",
        "scheme",
        "referential",
        "iteration",
        ("planned_date", "planned_date_precision", "planned_date_end"),
        "source",
        "notes_fr",
        "notes_en",
    ]

    @admin.display(description=_("planned for"), ordering="planned_date")
    def planned_when(self, obj):
        return format_partial_date(obj.planned) or gettext("date to be announced")


@admin.register(ChapterScore)
class ChapterScoreAdmin(ContentAdmin):
    """Chapter scores are edited in their certification; this list compares them across centres."""

    role_permissions = {QUALITY_EDITOR: ALL}

    list_display = ["certification", "chapter", "score"]
    list_filter = ["chapter", ("certification__centre", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["certification__centre__name", "certification__centre__short_name"]
    list_select_related = ["certification__centre"]
    autocomplete_fields = ["certification"]
