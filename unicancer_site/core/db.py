"""Database helpers that must behave the same on SQLite and PostgreSQL."""

import unicodedata

from django.db.models import DateTimeField, Expression, Func, TextField
from django.utils import timezone


def strip_accents(value: str | None) -> str | None:
    """'Thérapie ciblée' -> 'Therapie ciblee' (what PostgreSQL's unaccent does)."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def register_sqlite_functions(sender, connection, **kwargs):
    # PostgreSQL gets unaccent() from its extension (core migration 0002); SQLite gets ours.
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, strip_accents, deterministic=True)


class Unaccent(Func):
    """unaccent(expression) on both SQLite and PostgreSQL."""

    function = "unaccent"
    output_field = TextField()


def search_terms(text: str) -> list[str]:
    return [term for term in (strip_accents(text) or "").split() if term][:10]


def accent_insensitive_search(queryset, fields: list[str], text: str):
    """Keep the rows where every word of ``text`` is in one of ``fields``, ignoring accents and case.

    Works on SQLite and PostgreSQL alike (both have ``unaccent``); the site search adds
    PostgreSQL's ranked full-text search on top of this.
    """
    from django.db.models import Q

    terms = search_terms(text)
    if not terms:
        return queryset
    aliases = {f"_unaccent_{index}": Unaccent(field) for index, field in enumerate(fields)}
    queryset = queryset.alias(**aliases)
    for term in terms:
        matches = Q()
        for alias in aliases:
            matches |= Q(**{f"{alias}__icontains": term})
        queryset = queryset.filter(matches)
    return queryset


class CurrentTime(Expression):
    """The current time, read from the application's clock when the query runs, not when it is built.

    ``Q(publish_from__lte=CurrentTime())`` in a queryset built once (a class attribute, a Prefetch) still means
    "now" at each request; ``timezone.now()`` there would freeze the moment the module was imported. The clock is
    Python's (``django.utils.timezone.now``), not the database's ``NOW()``, so that both agree with the rest of
    the code (and tests can move time).
    """

    output_field = DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [self.output_field.get_db_prep_value(timezone.now(), connection)]
