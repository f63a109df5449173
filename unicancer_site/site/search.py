"""The site search across centres, trials, news and editorial pages: one entry point, one function per backend.

On PostgreSQL: full-text search with the ``french_unaccent`` configuration (French stemming, accents ignored,
created by core migration 0002), ranked by ``SearchRank``. On SQLite: every word must appear in one of the
fields, accents and case ignored (``core.db.accent_insensitive_search``), in a stable order.
Only published items are searched.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Site
from research.models import Trial
from unicancer_site.core.db import Unaccent, accent_insensitive_search, search_terms
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 20
SEARCH_CONFIG = "french_unaccent"


@dataclass
class ResultGroup:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    groups: list[ResultGroup]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


# (key, label, queryset factory, fields weighted A (titles) / B (summaries) / C (bodies), fallback ordering)
def _sources():
    return [
        (
            "centres",
            _("Centres"),
            lambda: Centre.objects.all(),
            {"A": ["name", "short_name"], "B": ["description_fr", "description_en"]},
            ["name"],
        ),
        (
            "trials",
            _("Trials and programmes"),
            lambda: Trial.objects.published(),
            {"A": ["acronym", "title_fr", "title_en", "nct_id"], "B": ["summary_fr", "summary_en"]},
            ["acronym"],
        ),
        (
            "news",
            _("News and press releases"),
            lambda: NewsItem.objects.published(),
            {"A": ["title_fr", "title_en"], "B": ["summary_fr", "summary_en"], "C": ["body_fr", "body_en"]},
            ["-publish_from"],
        ),
        (
            "pages",
            _("Pages"),
            lambda: EditorialPage.objects.published(),
            {"A": ["title_fr", "title_en"], "B": ["summary_fr", "summary_en"], "C": ["body_fr", "body_en"]},
            ["title_fr"],
        ),
    ]


def _centres_by_place(text: str):
    """Centres with a site in a city (or named) like the query: 'Lyon' finds the Lyon centre."""
    sites = Site.objects.alias(_city=Unaccent("city"), _name=Unaccent("name"))
    for term in search_terms(text):
        sites = sites.filter(Q(_city__icontains=term) | Q(_name__icontains=term))
    return Q(pk__in=sites.values("centre"))


def search_postgresql(queryset, weighted_fields: dict[str, list[str]], text: str, extra: Q | None = None):
    """Ranked full-text search: French stemming, accents ignored, web-search syntax ("...", -word, or)."""
    vector = None
    for weight, fields in weighted_fields.items():
        part = SearchVector(*fields, config=SEARCH_CONFIG, weight=weight)
        vector = part if vector is None else vector + part
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    matches = Q(_search=query)
    if extra is not None:
        matches |= extra
    return queryset.annotate(_search=vector, rank=SearchRank(vector, query)).filter(matches).order_by("-rank", "pk")


def search_sqlite(queryset, weighted_fields: dict[str, list[str]], text: str, ordering, extra: Q | None = None):
    """Every word in one of the fields, accents and case ignored; not ranked."""
    fields = [name for names in weighted_fields.values() for name in names]
    matches = accent_insensitive_search(queryset, fields, text)
    if extra is not None:
        matches = queryset.filter(Q(pk__in=matches.values("pk")) | extra)
    return matches.order_by(*ordering)


def site_search(text: str, *, per_group: int = RESULTS_PER_GROUP) -> SearchResults:
    """Search centres, published trials, news and pages; two queries per group (the count and the items)."""
    # PostgreSQL refuses NUL characters in a query; nobody types them on purpose.
    text = text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    groups = []
    if not search_terms(text):
        return SearchResults(query=text, groups=[])
    for key, label, queryset_factory, weighted_fields, ordering in _sources():
        extra = _centres_by_place(text) if key == "centres" else None
        if connection.vendor == "postgresql":
            matches = search_postgresql(queryset_factory(), weighted_fields, text, extra)
        else:
            matches = search_sqlite(queryset_factory(), weighted_fields, text, ordering, extra)
        groups.append(ResultGroup(key=key, label=label, count=matches.count(), items=list(matches[:per_group])))
    return SearchResults(query=text, groups=groups)
