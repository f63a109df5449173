import django_filters
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from unicancer_site.core.filters import UtcIsoDateTimeFilter

from .models import Certification, Decision, Holder, Scheme


class CertificationFilter(django_filters.FilterSet):
    scheme = django_filters.ChoiceFilter(label=_("Scheme"), choices=Scheme.choices)
    decision = django_filters.MultipleChoiceFilter(label=_("Decision"), choices=Decision.choices)
    holder = django_filters.ChoiceFilter(label=_("Holder"), choices=Holder.choices)
    centre = django_filters.ModelChoiceFilter(
        label=_("Centre"), field_name="centre", to_field_name="slug", queryset=Centre.objects.all()
    )
    current_on = django_filters.DateFilter(
        label=_("In force on"),
        method="filter_current_on",
        help_text=_("The decisions the documents support as in force on this day (YYYY-MM-DD)."),
    )
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = Certification
        fields = ["scheme", "decision", "holder", "centre", "current_on", "updated_since"]

    def filter_current_on(self, queryset, name, value):
        return queryset.in_force_on(value)
