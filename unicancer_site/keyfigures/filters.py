import django_filters
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.filters import UtcIsoDateTimeFilter, YearFilter

from .models import KeyFigure


class KeyFigureFilter(django_filters.FilterSet):
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=KeyFigure.Topic.choices)
    year = YearFilter(label=_("Year"))
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = KeyFigure
        fields = ["topic", "year", "updated_since"]
