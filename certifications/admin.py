from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Certification, ChapterScore, PlannedVisit


class ChapterScoreInline(admin.TabularInline):
    model = ChapterScore
    extra = 0
    max_num = 3


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "scheme", "holder_name", "decision", "decision_date", "valid_until", "global_score"]
    list_filter = ["scheme", "decision", "holder", "centre"]
    search_fields = ["centre__name", "centre__short_name", "referential", "scope_fr", "designation"]
    list_select_related = ["centre", "source"]
    autocomplete_fields = ["centre", "source"]
    date_hierarchy = "decision_date"
    inlines = [ChapterScoreInline]


@admin.register(PlannedVisit)
class PlannedVisitAdmin(SimpleHistoryAdmin):
    list_display = ["centre", "scheme", "referential", "iteration", "planned_date", "planned_year"]
    list_filter = ["scheme"]
    search_fields = ["centre__name", "centre__short_name"]
    list_select_related = ["centre"]
    autocomplete_fields = ["centre", "source"]
