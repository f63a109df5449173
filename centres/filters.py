import django_filters
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.db import accent_insensitive_search
from unicancer_site.core.filters import UtcIsoDateTimeFilter

from .models import Centre, Region


class CentreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Centre.Kind.choices)
    region = django_filters.ChoiceFilter(label=_("Region"), field_name="sites__region", choices=Region.choices)
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = Centre
        fields = ["q", "kind", "region", "updated_since"]

    def filter_text(self, queryset, name, value):
        return accent_insensitive_search(queryset, ["name", "short_name", "sites__city"], value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
