"""The one FilterSet per resource, shared by the public trial finder and the API."""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from centres.filters import NearFilter
from centres.models import Centre, Region
from unicancer_site.core.filters import UtcIsoDateTimeFilter
from unicancer_site.core.search import filter_by_text, resolve

from .models import Localisation, Phase, RecruitmentStatus, Trial

TRIAL_SEARCH_FIELDS = ["acronym", "title_fr", "title_en", "summary_fr", "summary_en", "collaborative_group", "nct_id"]


class TrialFilter(django_filters.FilterSet):
    """The trials' filters. Once filtered with ``q``: ``search_terms`` (the words looked for) and
    ``corrected_query`` (the corrected words, when the typed ones found nothing; else None)."""

    search_terms: list = []
    corrected_query: str | None = None

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    # The API schema: a slug (drf-spectacular cannot guess it through the relation).
    localisation = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelMultipleChoiceFilter(
            label=_("Cancer localisation"),
            field_name="localisations__slug",
            to_field_name="slug",
            queryset=Localisation.objects.all(),
            distinct=False,  # filter_queryset decides
        )
    )
    phase = django_filters.ModelMultipleChoiceFilter(
        label=_("Phase"), field_name="phases", queryset=Phase.objects.all(), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), field_name="recruitment_status", choices=RecruitmentStatus.choices, distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Trial.Kind.choices, distinct=False)
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
        # a misspelt word corrected. The rows carry ``search_rank`` for the finder's and the API's order. The
        # terms are resolved once per request: the finder filters again to count the trials by status.
        cache = self.__dict__.setdefault("_resolved_terms", {})
        if value not in cache:
            cache[value] = resolve(queryset, value)
        self.search_terms = cache[value].terms
        self.corrected_query = cache[value].corrected
        return filter_by_text(queryset, value, terms=cache[value].terms)

    def filter_queryset(self, queryset):
        # Joins on centres, sites, phases and localisations can repeat a trial: DISTINCT then, and only then
        # (over every column, it sorts or hashes the whole result: most searches join nothing).
        queryset = super().filter_queryset(queryset)
        active = [name for name, value in self.form.cleaned_data.items() if not is_empty(value)]
        if any(joins_to_many(Trial, self.filters[name].field_name) for name in active):
            queryset = queryset.distinct()
        return queryset


def is_empty(value) -> bool:
    """A filter's cleaned value that filters nothing (an empty multiple choice is ``queryset.none()``)."""
    if isinstance(value, QuerySet):
        return value.query.is_empty()
    return value in EMPTY_VALUES


def joins_to_many(model, path: str) -> bool:
    """Whether the lookup ``path`` (``centres__sites__region``) crosses a to-many relation from ``model``, so that
    filtering on it can repeat a row. A name that is not a field (a method filter's) joins nothing."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False
