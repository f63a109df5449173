import django_filters
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.filters import UtcIsoDateTimeFilter

from .models import EditorialPage


class EditorialPageFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label=_("Role"), choices=EditorialPage.Role.choices)
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = EditorialPage
        fields = ["role", "updated_since"]
