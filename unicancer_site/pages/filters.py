import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.filters import UtcIsoDateTimeFilter

from .models import EditorialPage


class EditorialPageFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = EditorialPage
        fields = ["language", "updated_since"]
