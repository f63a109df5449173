"""The site search: one entry point over every model an app registers, one function per backend.

Each content app registers what the search covers in its ``AppConfig.ready()`` (``register(model, SearchSpec(...))``):
the group's label, the weighted fields, the public rows, an optional extra match. This module names no model.

On PostgreSQL: full-text search with the ``french_unaccent`` configuration (French stemming, accents ignored,
created by core migration 0002), ranked by ``SearchRank``. On SQLite: every word must appear in one of the
fields, accents and case ignored (``core.db.accent_insensitive_search``), in a stable order.
Only published items are searched.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from .db import accent_insensitive_search, search_terms

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


@dataclass(frozen=True)
class SearchSpec:
    """What the site search covers of one model.

    ``key`` names the group ("trials"), ``label`` is shown above its results, ``weighted_fields`` maps the
    PostgreSQL weights "A" (titles) to "D" to field names, ``ordering`` orders results where there is no rank
    (SQLite), ``position`` orders the groups, ``public`` gives the rows the public may find from the model's
    default QuerySet (by default ``published()`` where the QuerySet has it, the one rule of what is public, and
    every row otherwise), ``also_matching`` gives a Q of further matches for a
    query text (a centre found by the city of one of its sites).
    """

    key: str
    label: str
    weighted_fields: dict[str, list[str]]
    ordering: list[str]
    position: int = 0
    public: Callable | None = None
    also_matching: Callable[[str], Q] | None = None


_registry: dict[type, SearchSpec] = {}


def register(model, spec: SearchSpec) -> None:
    """Make ``model`` searchable by the site search; called from the model's ``AppConfig.ready()``."""
    _registry[model] = spec


def registered() -> list[tuple[type, SearchSpec]]:
    """The searchable models and their specs, in the order of their groups."""
    return sorted(_registry.items(), key=lambda item: (item[1].position, item[1].key))


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


def public_rows(model, spec: SearchSpec):
    """The rows of ``model`` the public may find: ``spec.public``, else ``published()`` where there is one."""
    queryset = model._default_manager.all()
    if spec.public is not None:
        return spec.public(queryset)
    return queryset.published() if hasattr(queryset, "published") else queryset


def site_search(text: str, *, per_group: int = RESULTS_PER_GROUP) -> SearchResults:
    """Search every registered model's public rows; two queries per group (the count and the items).

    ``text`` is what the visitor typed (cut to MAX_QUERY_LENGTH characters); the result has one group per
    registered model, each with its count and at most ``per_group`` items.
    """
    # PostgreSQL refuses NUL characters in a query; nobody types them on purpose.
    text = text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    groups = []
    if not search_terms(text):
        return SearchResults(query=text, groups=[])
    for model, spec in registered():
        queryset = public_rows(model, spec)
        extra = spec.also_matching(text) if spec.also_matching is not None else None
        if connection.vendor == "postgresql":
            matches = search_postgresql(queryset, spec.weighted_fields, text, extra)
        else:
            matches = search_sqlite(queryset, spec.weighted_fields, text, spec.ordering, extra)
        groups.append(
            ResultGroup(key=spec.key, label=spec.label, count=matches.count(), items=list(matches[:per_group]))
        )
    return SearchResults(query=text, groups=groups)
