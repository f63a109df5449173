import django_filters
from django import forms
from django.db.models import Case, FloatField, Value, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from unicancer_site.core.db import accent_insensitive_search
from unicancer_site.core.filters import UtcIsoDateTimeFilter

from .models import Centre, Region, Site
from .places import PlaceMatch, find_place, near


class PlaceField(forms.CharField):
    """A postcode, a commune or a département, cleaned to a ``places.PlaceMatch``; a name no table holds is a
    ValidationError that says what to type."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = find_place(text)
        if match is None:
            raise forms.ValidationError(
                _(
                    "No French postcode, commune or département is called “%(text)s”: type a postcode (49000) or "
                    "the name of a commune (Angers)."
                ),
                # The code of a choice that names nothing: the API answers an empty list (``api.filters``).
                code="invalid_choice",
                params={"text": text},
            )
        return match


def sites_near(match: PlaceMatch) -> list[tuple[Site, float]]:
    """[(site, km)]: the sites within ``places.NEAR_RADIUS_KM`` of the place, nearest first, or the nearest alone.
    One query (the sites with coordinates, with their centre)."""
    sites = Site.objects.filter(latitude__isnull=False, longitude__isnull=False).select_related("centre")
    return near(match.place, sites)


@extend_schema_field(OpenApiTypes.STR)
class NearFilter(django_filters.Filter):
    """Keep the rows linked to a centre near the place typed (``field_name`` leads to the centre's primary key)."""

    field_class = PlaceField
    # A name looked up in data (the places' tables): the API treats an unknown one like an unknown centre.
    references_data = True

    def filter(self, qs, value):
        if not value:
            return qs
        centre_ids = {site.centre_id for site, _km in sites_near(value)}
        return qs.filter(**{f"{self.field_name}__in": centre_ids})


class CentreNearFilter(NearFilter):
    """The centres with a site near the place typed, each annotated with ``distance_km``: the great-circle distance
    from the place to its nearest site, in kilometres, rounded to 0.1 km (what the API's centre list shows and, by
    default, orders by)."""

    def filter(self, qs, value):
        if not value:
            return qs
        nearest: dict[int, float] = {}
        for site, km in sites_near(value):  # nearest first: the first of each centre is its nearest site
            nearest.setdefault(site.centre_id, round(km, 1))
        distance = Case(
            *(When(pk=pk, then=Value(km)) for pk, km in nearest.items()), default=None, output_field=FloatField()
        )
        return qs.filter(pk__in=nearest).annotate(distance_km=distance)


class CentreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Centre.Kind.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), field_name="sites__region", choices=Region.choices)
    near = CentreNearFilter(
        label=_("Near (postcode or commune)"),
        field_name="pk",
        help_text=(
            "A French postcode, commune or département (49000, Angers, Saint-Denis (93), 2A): the centres with a site"
            " within 100 km, or the nearest one, each with distance_km (to its nearest site), nearest first unless"
            " ordering is given."
        ),
    )
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = Centre
        fields = ["q", "kind", "region", "near", "updated_since"]

    def filter_text(self, queryset, name, value):
        return accent_insensitive_search(queryset, ["name", "short_name", "sites__city"], value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
