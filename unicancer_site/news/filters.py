import django_filters
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from unicancer_site.core.filters import UtcIsoDateTimeFilter, YearFilter

from .models import NewsItem


class NewsItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NewsItem.Kind.choices)
    centre = django_filters.ModelChoiceFilter(
        label=_("Centre"), field_name="centres", to_field_name="slug", queryset=Centre.objects.all()
    )
    # The year of the date the site shows (NewsItemQuerySet.with_date): the document's, else the publication's.
    year = YearFilter(label=_("Year"), field_name="dated_on", lookup_expr="year")
    published_after = UtcIsoDateTimeFilter(label=_("Published after"), field_name="publish_from", lookup_expr="gte")
    published_before = UtcIsoDateTimeFilter(label=_("Published before"), field_name="publish_from", lookup_expr="lt")
    updated_since = UtcIsoDateTimeFilter(label=_("Updated since"), field_name="updated", lookup_expr="gte")

    class Meta:
        model = NewsItem
        fields = ["kind", "centre", "year", "published_after", "published_before", "updated_since"]
