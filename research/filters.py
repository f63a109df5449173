"""The one FilterSet per resource, shared by the public trial finder and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from centres.filters import NearFilter
from centres.models import Centre, Region
from unicancer_site.core.filters import UtcIsoDateTimeFilter
from unicancer_site.core.search import filter_by_text, resolve_terms

from .models import Localisation, Phase, RecruitmentStatus, Trial

TRIAL_SEARCH_FIELDS = ["acronym", "title_fr", "title_en", "summary_fr", "summary_en", "collaborative_group", "nct_id"]


class TrialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    # The API schema: a slug (drf-spectacular cannot guess it through the relation).
    localisation = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelMultipleChoiceFilter(
            label=_("Cancer localisation"),
            field_name="localisations__slug",
            to_field_name="slug",
            queryset=Localisation.objects.all(),
        )
    )
    phase = django_filters.ModelMultipleChoiceFilter(
        label=_("Phase"), field_name="phases", queryset=Phase.objects.all()
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), field_name="recruitment_status", choices=RecruitmentStatus.choices
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Trial.Kind.choices)
    centre = django_filters.ModelChoiceFilter(
        label=_("Centre"), field_name="centres", to_field_name="slug", queryset=Centre.objects.all()
    )
    region = django_filters.ChoiceFilter(label=_("Region"), field_name="centres__sites__region", choices=Region.choices)
    # Trials at a centre with a site within 100 km of a postcode or commune (or at the nearest centre).
    near = NearFilter(label=_("Near (postcode or commune)"), field_name="centres")
    international = django_filters.BooleanFilter(label=_("International"), field_name="is_international")
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = Trial
        fields = [
            "q",
            "localisation",
            "phase",
            "status",
            "kind",
            "centre",
            "region",
            "near",
            "international",
            "updated_since",
        ]

    def filter_text(self, queryset, name, value):
        # The site search's (core.search): stems, accents, cancer types, centres and their cities, identifiers,
        # a misspelt word corrected. The rows carry ``search_rank`` for the finder's order. The terms are
        # resolved once per request: the finder filters again to count the trials by status.
        cache = self.__dict__.setdefault("_resolved_terms", {})
        if value not in cache:
            cache[value] = resolve_terms(queryset, value)
        return filter_by_text(queryset, value, terms=cache[value])

    def filter_queryset(self, queryset):
        # Joins on centres, sites, phases and localisations can repeat a trial.
        return super().filter_queryset(queryset).distinct()
