from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Localisation, Trial, TrialCentre


class TrialCentreInline(admin.TabularInline):
    model = TrialCentre
    extra = 0
    autocomplete_fields = ["centre", "source"]


@admin.register(Trial)
class TrialAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "kind", "recruitment_status", "status", "sponsor", "is_international"]
    list_filter = ["kind", "recruitment_status", "status", "phases", "localisations", "is_international"]
    search_fields = ["acronym", "title_fr", "title_en", "nct_id", "eudract_id", "eu_ct_id"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["sponsor_centre", "source", "localisations"]
    filter_horizontal = ["phases"]
    inlines = [TrialCentreInline]


@admin.register(Localisation)
class LocalisationAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_en", "position"]
    search_fields = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}
