"""The site search: one search, used by the site search page, the trial finder's text box and the API's ``q``.

Each content app registers what the search covers in its ``AppConfig.ready()`` (``register(model, SearchSpec(...))``):
the group's label, the weighted fields (related ones too: a trial's cancer types, centres and their cities), the
identifiers, the snippet's fields, the public rows. This module names no model. A searchable model inherits
``core.models.Searchable``: its rows store their own search document, kept up to date here when a row, or a
row it reads (a centre's site, a trial's participation), is saved or deleted, and rebuilt by
``manage.py rebuild_search_index``.

- On PostgreSQL: a weighted ``tsvector`` (GIN index), French text read with ``french_unaccent`` and English text
  with ``english_unaccent`` (French or English stemming, accents and ligatures ignored), identifiers with
  ``simple``; snippets by ``ts_headline``.
- On SQLite: the same document built in Python (``core.search_text``: the same folding, stop words and Snowball
  stems), stored as text and matched word by word; ranked by the same weights.

Both rank alike (``match``): each word counts the weight of the best field it is found in. Words are matched
whole ("NCT" never finds "jonction"), but a word of 5 letters or more also finds the words it begins ("chimio",
"chimiothérapie"); every word of the query must be found. When nothing is found, the misspelt words are
corrected and the corrected query is searched ("did you mean"): the same way on both databases (``closest_word``:
a close word of the site, by edit distance; never a word of the page's language).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import translation
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .sanitize import plain_text
from .search_text import (
    ENGLISH,
    FRENCH,
    Term,
    dictionary,
    document_tokens,
    fold,
    identifier_forms,
    joined_compounds,
    query_terms,
    stem,
    vocabulary_words,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 20
# PostgreSQL's text search configurations (core migrations 0002 and 0007).
CONFIGS = {FRENCH: "french_unaccent", ENGLISH: "english_unaccent", "identifier": "simple"}
# ts_rank's default weights (D, C, B, A), used for SQLite's rank too.
WEIGHTS = {"a": 1.0, "b": 0.4, "c": 0.2, "d": 0.1}
# A misspelt word is corrected to a word of the site at most one edit away per LETTERS_PER_EDIT letters (one edit
# for 4 to 7 letters, two for 8 to 11...; a swap of two letters is one edit), of the same first letter and about
# its length: "cnato" -> "canto", "montpelier" -> "montpellier", never "cerveau" -> "cervix" or "colon" -> "col".
# Pg_trgm's similarity and difflib's ratio, tried first, let such far words through, and disagreed.
LETTERS_PER_EDIT = 4
# The correction compares with the words of the same first letter and about the same length, at most this many
# (a bound on the time).
MAX_CORRECTION_CANDIDATES = 20_000
# Where a snippet's matched words start and end: private-use characters, which no text of the site contains;
# the template escapes the snippet, then turns them into <mark> (``site_tags.search_snippet``).
MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_WORDS = 30


@dataclass
class ResultGroup:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)


@dataclass
class SearchResults:
    """What ``site_search`` found: ``groups`` (one per registered model), ``corrected`` the words searched
    instead of the typed ones when these found nothing (``None`` when the typed words were searched)."""

    query: str
    groups: list[ResultGroup]
    corrected: str | None = None

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


@dataclass(frozen=True)
class SearchSpec:
    """What the site search covers of one model.

    ``key`` names the group ("trials"), ``label`` is shown above its results, ``weighted_fields`` maps the
    weights "A" (titles) to "D" to field paths (``localisations__name_fr`` reads a related model; a path
    ending in ``_en`` is English, the others French), ``identifier_fields`` are matched whole, in any case, with
    or without hyphens (weight B), ``snippet_fields`` are the translated fields the snippet is taken from
    (``"summary"`` for ``summary_fr``/``summary_en``, HTML allowed), ``ordering`` breaks ties of rank,
    ``position`` orders the groups, ``public`` gives the rows the public may find from the model's default
    QuerySet (by default ``published()`` where the QuerySet has it, the one rule of what is public, and every
    row otherwise).
    """

    key: str
    label: str
    weighted_fields: dict[str, list[str]]
    ordering: list[str]
    position: int = 0
    public: Callable | None = None
    identifier_fields: list[str] = field(default_factory=list)
    snippet_fields: list[str] = field(default_factory=list)


_registry: dict[type, SearchSpec] = {}


def register(model, spec: SearchSpec) -> None:
    """Make ``model`` (a ``core.models.Searchable``) searchable; called from the model's ``AppConfig.ready()``.

    Connects what keeps its rows' search documents up to date: its own saves, and those of every model a
    related path of ``spec.weighted_fields`` reads.
    """
    _registry[model] = spec
    _connect_index_updates(model, spec)


def registered() -> list[tuple[type, SearchSpec]]:
    """The searchable models and their specs, in the order of their groups."""
    return sorted(_registry.items(), key=lambda item: (item[1].position, item[1].key))


def spec_for(model) -> SearchSpec:
    """The spec registered for ``model`` (raises KeyError for a model that is not searchable)."""
    return _registry[model]


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------------------------------------- documents


def _language(path: str) -> str:
    return ENGLISH if path.endswith("_en") else FRENCH


def _as_text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return plain_text(text) if "<" in text else text


def document_parts(model, spec: SearchSpec, pks: Iterable) -> dict:
    """The texts each row's document is made of: ``{pk: [(weight, language, text), ...]}``.

    One query for the row's own fields and one per related path; ``model`` may be a migration's historical
    model (only field paths are read). Identifiers are compacted, with the language "identifier".
    """
    pks = list(pks)
    parts: dict = {pk: [] for pk in pks}
    if not pks:
        return parts
    manager = model._base_manager
    local = [(weight, path) for weight, paths in spec.weighted_fields.items() for path in paths if "__" not in path]
    related = [(weight, path) for weight, paths in spec.weighted_fields.items() for path in paths if "__" in path]
    columns = [path for _, path in local] + list(spec.identifier_fields)
    for row in manager.filter(pk__in=pks).values_list("pk", *columns):
        pk, values = row[0], row[1:]
        for (weight, path), value in zip(local, values, strict=False):
            parts[pk].append((weight.lower(), _language(path), _as_text(value)))
        for value in values[len(local) :]:
            if value:
                parts[pk].extend(("b", "identifier", form) for form in identifier_forms(value))
    for weight, path in related:
        for pk, value in manager.filter(pk__in=pks).values_list("pk", path).distinct():
            if value:
                parts[pk].append((weight.lower(), _language(path), _as_text(value)))
    return parts


def sqlite_document(parts: list) -> str:
    """The SQLite document of one row: `` stem:weight `` for each stem and weight, between spaces."""
    tokens = set()
    for weight, language, text in parts:
        if language == "identifier":
            tokens.add(f"{text}:{weight}")
        else:
            tokens.update(f"{token}:{weight}" for token in document_tokens(text, language))
    return " " + " ".join(sorted(tokens)) + " " if tokens else ""


def postgresql_vector(parts: list):
    """The PostgreSQL ``tsvector`` expression of one row: one weighted vector per weight and language."""
    grouped: dict = {}
    for weight, language, text in parts:
        if text:
            grouped.setdefault((weight, language), []).append(text)
    vector = None
    for (weight, language), texts in sorted(grouped.items()):
        text = "\n".join(texts)
        if language != "identifier":
            # The parser keeps "pada-1", "pada" and "1": "pada1" is added, as search_text.words() does.
            text = f"{text}\n{joined_compounds(text)}"
        part = SearchVector(Value(text), config=CONFIGS[language], weight=weight.upper())
        vector = part if vector is None else vector + part
    return vector


def index_rows(model, pks: Iterable, *, spec: SearchSpec | None = None) -> None:
    """Rebuild the stored search document of the rows ``pks`` of ``model`` and add their words to the
    vocabulary. About 3 + the number of related paths queries, plus one UPDATE per row."""
    from .models import SearchWord

    spec = spec or _registry[model]
    parts_by_pk = document_parts(model, spec, pks)
    words = set()
    manager = model._base_manager
    for pk, parts in parts_by_pk.items():
        if _is_postgresql():
            vector = postgresql_vector(parts)
            manager.filter(pk=pk).update(search_vector=vector if vector is not None else Value(""))
        else:
            manager.filter(pk=pk).update(search_document=sqlite_document(parts))
        for _, language, text in parts:
            if language != "identifier":
                words |= vocabulary_words(text)
    if words:
        word_model = SearchWord if model.__module__ != "__fake__" else model._meta.apps.get_model("core", "SearchWord")
        word_model.objects.bulk_create(
            [word_model(word=word[:100], length=min(len(word), 100)) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=500,
        )


def index_all(model, *, spec: SearchSpec | None = None, batch_size: int = 500) -> int:
    """Rebuild the search document of every row of ``model``; returns the number of rows."""
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        index_rows(model, pks[start : start + batch_size], spec=spec)
    return len(pks)


def rebuild_index() -> dict[str, int]:
    """Rebuild every registered model's documents and the vocabulary; returns the rows indexed per model."""
    from .models import SearchWord

    SearchWord.objects.all().delete()
    return {model._meta.label: index_all(model, spec=spec) for model, spec in registered()}


# ------------------------------------------------------------------------------------- keeping it up to date
# Signals, not services: every way a row changes (admin, spreadsheet import, fixtures, shell) must reach the
# index, as it reaches the history (django-simple-history works the same way). Bulk updates do not send them:
# ``rebuild_search_index`` is run after those.


def _reindex_instance(model, spec):
    def handler(sender, instance, **kwargs):
        index_rows(model, [instance.pk], spec=spec)

    return handler


def _dependants(model, lookup, instance) -> set:
    return set(model._base_manager.filter(**{lookup: instance}).values_list("pk", flat=True).distinct())


def _reindex_dependants(model, spec, lookup, read: list[str]):
    """Handlers of a related model (a centre's site): the rows of ``model`` that read it through ``lookup``
    are reindexed when one of the columns ``read`` changes (a site's city, or its centre), when it is added,
    and when it is deleted; not when anything else of it changes (a site's phone number)."""

    key = (model._meta.label, lookup)  # several searchable models may read the same related model

    def before_save(sender, instance, **kwargs):
        remembered = instance.__dict__.setdefault("_search_before", {})
        remembered.pop(key, None)
        if instance.pk is None:
            return
        old = sender._base_manager.filter(pk=instance.pk).values(*read).first()
        if old is not None:
            remembered[key] = (old, _dependants(model, lookup, instance))

    def after_save(sender, instance, **kwargs):
        old, before = instance.__dict__.get("_search_before", {}).get(key, (None, set()))
        if old is not None and all(old[name] == getattr(instance, name) for name in read):
            return
        pks = before | _dependants(model, lookup, instance)
        if pks:
            index_rows(model, pks, spec=spec)

    def before_delete(sender, instance, **kwargs):
        # Before a delete, the rows that read ``instance`` can still be found through it.
        instance.__dict__.setdefault("_search_deleted", {})[key] = _dependants(model, lookup, instance)

    def after_delete(sender, instance, **kwargs):
        pks = instance.__dict__.get("_search_deleted", {}).get(key)
        if pks:
            index_rows(model, pks, spec=spec)

    return before_save, after_save, before_delete, after_delete


def _reindex_m2m(model, spec):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if isinstance(instance, model):
            index_rows(model, [instance.pk], spec=spec)
        elif pk_set:
            index_rows(model, pk_set, spec=spec)

    return handler


def _reindex_through(model, spec, field_name):
    def handler(sender, instance, **kwargs):
        index_rows(model, [getattr(instance, f"{field_name}_id")], spec=spec)

    return handler


def _connect_index_updates(model, spec: SearchSpec) -> None:
    uid = f"search:{model._meta.label}"
    handler = _reindex_instance(model, spec)
    post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid)
    # For each related model a path goes through: the lookup from ``model`` to it, and what is read of it
    # (the last field of the path, and the foreign key that ties it to the previous hop).
    hops_read: dict = {}
    paths = {path for paths in spec.weighted_fields.values() for path in paths if "__" in path}
    for path in sorted(paths):
        current = model
        names = path.split("__")
        for depth, name in enumerate(names[:-1]):
            relation = current._meta.get_field(name)
            related = relation.related_model
            lookup = "__".join(names[: depth + 1])
            read = hops_read.setdefault((related, lookup), set())
            if relation.one_to_many:
                read.add(relation.field.attname)  # a site moved to another centre
            if depth == len(names) - 2:
                read.add(related._meta.get_field(names[-1]).attname)
            if relation.many_to_many and depth == 0 and not relation.auto_created:
                key = f"{uid}:{lookup}"
                through = relation.remote_field.through
                m2m_changed.connect(_reindex_m2m(model, spec), sender=through, weak=False, dispatch_uid=key)
                if not through._meta.auto_created:
                    # An explicit through model (a trial's participations) is saved row by row.
                    through_handler = _reindex_through(model, spec, relation.m2m_field_name())
                    post_save.connect(through_handler, sender=through, weak=False, dispatch_uid=f"{key}:through")
                    post_delete.connect(through_handler, sender=through, weak=False, dispatch_uid=f"{key}:through")
            current = related
    for (related, lookup), read in hops_read.items():
        key = f"{uid}:{lookup}"
        before_save, after_save, before_delete, after_delete = _reindex_dependants(model, spec, lookup, sorted(read))
        if read:
            pre_save.connect(before_save, sender=related, weak=False, dispatch_uid=key)
            post_save.connect(after_save, sender=related, weak=False, dispatch_uid=key)
        pre_delete.connect(before_delete, sender=related, weak=False, dispatch_uid=key)
        post_delete.connect(after_delete, sender=related, weak=False, dispatch_uid=key)


# ------------------------------------------------------------------------------------------------ matching


def _postgresql_query(terms: list[Term]):
    query = None
    for term in terms:
        if term.identifier:
            part = SearchQuery(term.word, config=CONFIGS["identifier"])
        else:
            part = None
            for language in term.languages:
                if term.prefix:  # folded words are letters only: safe in to_tsquery's syntax
                    in_language = SearchQuery(f"{term.word}:*", config=CONFIGS[language], search_type="raw")
                else:
                    in_language = SearchQuery(term.word, config=CONFIGS[language])
                part = in_language if part is None else part | in_language
        query = part if query is None else query & part
    return query


def _sqlite_has(term: Term, weight: str | None = None) -> Q:
    condition = Q()
    for found in term.stems:
        if term.prefix and weight:
            # A word beginning with the stem, at this weight (a document is " stem:weight stem:weight ").
            condition |= Q(search_document__regex=f" {re.escape(found)}[^ :]*:{weight} ")
        elif term.prefix:
            condition |= Q(search_document__contains=f" {found}")
        else:
            needle = f" {found}:{weight} " if weight else f" {found}:"
            condition |= Q(search_document__contains=needle)
    return condition


def _postgresql_has(term: Term, weight: str):
    """The tsquery "this term, at this weight" (``poumon:A``): folded words are letters and digits only, safe
    in to_tsquery's syntax."""
    if term.identifier:
        return SearchQuery(f"{term.word}:{weight.upper()}", config=CONFIGS["identifier"], search_type="raw")
    query = None
    star = "*" if term.prefix else ""
    for language in term.languages:
        part = SearchQuery(f"{term.word}:{star}{weight.upper()}", config=CONFIGS[language], search_type="raw")
        query = part if query is None else query | part
    return query


def match(queryset, terms: list[Term]):
    """``queryset`` narrowed to the rows holding every term, annotated with ``search_rank`` (higher first).

    The rank is the same on both databases: for each term, the weight of the best field it is found in
    (1 for A, 0.4 for B, 0.2 for C, 0.1 for D: ts_rank's weights), added up; ties are broken by the group's
    ordering. (``ts_rank`` would also count occurrences, which SQLite cannot, and the two databases would
    then order the same rows differently.) The caller orders; with no terms, no row.
    """
    if not terms:
        return queryset.none()
    postgresql = _is_postgresql()
    if postgresql:
        queryset = queryset.filter(search_vector=_postgresql_query(terms))
    rank = None
    for term in terms:
        if postgresql:
            found_at = [(Q(search_vector=_postgresql_has(term, weight)), value) for weight, value in WEIGHTS.items()]
        else:
            queryset = queryset.filter(_sqlite_has(term))
            found_at = [(_sqlite_has(term, weight), value) for weight, value in WEIGHTS.items()]
        weighted = Case(
            *(When(condition, then=Value(value)) for condition, value in found_at),
            default=Value(0.0),
            output_field=FloatField(),
        )
        rank = weighted if rank is None else rank + weighted
    return queryset.annotate(search_rank=rank)


def page_language() -> str:
    """The language of the current page as the search names it: ENGLISH on English pages, FRENCH otherwise."""
    return ENGLISH if (translation.get_language() or "fr").startswith("en") else FRENCH


def closest_word(word: str) -> str | None:
    """The word of the site nearest to a misspelt ``word`` (folded), or None when none is close enough: same
    first letter, at most 2 letters longer or shorter, at most ``max(1, len(word) // LETTERS_PER_EDIT)`` edits
    (optimal string alignment distance: insertions, deletions, substitutions, swaps of two neighbours); the
    fewest edits, then the first in alphabetical order. The same on both databases (the candidates are read by
    the same query, compared in Python). One query."""
    from .models import SearchWord

    candidates = sorted(
        SearchWord.objects.filter(length__range=(len(word) - 2, len(word) + 2), word__startswith=word[0])
        .order_by("word")
        .values_list("word", flat=True)[:MAX_CORRECTION_CANDIDATES]
    )
    # rapidfuzz (a maintained C++ library) rather than difflib: a true edit distance, fast over thousands.
    found = process.extractOne(
        word, candidates, scorer=OSA.distance, score_cutoff=max(1, len(word) // LETTERS_PER_EDIT)
    )
    return found[0] if found else None


def corrected_terms(terms: list[Term], language: str | None = None) -> list[Term] | None:
    """The terms with each misspelt word replaced by the nearest word of the site (``closest_word``), or None
    when there is nothing to correct. A word is misspelt when the site never uses it and it is not an everyday
    word of ``language`` (the page's by default): "foie" or "cerveau" typed on a French page find nothing rather
    than something else. One query, and one per word to correct."""
    from .models import SearchWord

    correctable = [term for term in terms if term.correctable]
    if not correctable:
        return None
    everyday = dictionary(language or page_language())
    known = set(SearchWord.objects.filter(word__in=[term.word for term in correctable]).values_list("word", flat=True))
    corrected, changed = [], False
    for term in terms:
        if term.correctable and term.word not in known and term.word not in everyday:
            nearest = closest_word(term.word)
            if nearest and nearest != term.word:
                term = Term.for_word(nearest)
                changed = True
        corrected.append(term)
    return corrected if changed else None


@dataclass(frozen=True)
class Resolved:
    """What to look for: ``terms``, and ``corrected`` the words searched instead of the typed ones (``None``
    when the typed words are searched)."""

    terms: list[Term]
    corrected: str | None = None


def resolve(queryset, text: str) -> Resolved:
    """The terms to look for in ``queryset`` for ``text``: the typed words, or the corrected ones when the typed
    words find nothing there, some are misspelt, and the corrected ones find something. No terms when there is
    nothing to look for (only stop words, punctuation). One query (whether the typed words find something),
    and when they find nothing those of ``corrected_terms`` and one more (whether the corrected ones do)."""
    terms = query_terms(clean_query(text))
    if terms and not match(queryset, terms).exists():
        corrected = corrected_terms(terms)
        if corrected and match(queryset, corrected).exists():
            return Resolved(corrected, " ".join(term.word for term in corrected))
    return Resolved(terms)


def resolve_terms(queryset, text: str) -> list[Term]:
    """``resolve(queryset, text).terms``."""
    return resolve(queryset, text).terms


def filter_by_text(queryset, text: str, terms: list[Term] | None = None):
    """The trial finder's and the API's text filter: the rows of ``queryset`` that ``text`` finds (through
    ``resolve_terms``, unless ``terms`` are given), annotated with ``search_rank``. A text with nothing to look
    for leaves ``queryset`` as it is."""
    if terms is None:
        terms = resolve_terms(queryset, text)
    return match(queryset, terms) if terms else queryset


# ------------------------------------------------------------------------------------------------ snippets


def _translated(name: str, language: str):
    """The field ``name`` in ``language``, the French one where it is empty."""
    if language == "fr":
        return F(f"{name}_fr")
    return Coalesce(NullIf(F(f"{name}_{language}"), Value("")), F(f"{name}_fr"), output_field=TextField())


class _StripTags(Func):
    function = "regexp_replace"
    output_field = TextField()
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"


def _postgresql_snippet(spec: SearchSpec, terms: list[Term], language: str):
    pieces = []
    for name in spec.snippet_fields:
        pieces += [_StripTags(_translated(name, language)), Value(" ")]
    text = Concat(*pieces, output_field=TextField())
    return SearchHeadline(
        text,
        _postgresql_query(terms),
        config=CONFIGS[ENGLISH if language == "en" else FRENCH],
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )


def python_snippet(text: str, terms: list[Term]) -> str:
    """About SNIPPET_WORDS words of ``text`` around its first matched word, matched words between MARK_START and
    MARK_END (SQLite's ``ts_headline``)."""
    pieces = re.split(r"(\s+)", text.strip())
    words = pieces[::2]

    def matched(word: str) -> bool:
        for part in re.findall(r"[^\W_]+", fold(word)):
            forms = {part} | {stem(part, language) for language in (FRENCH, ENGLISH)}
            if any(term.matches(form) for term in terms for form in forms):
                return True
        return False

    hits = [index for index, word in enumerate(words) if matched(word)]
    first = max(0, hits[0] - 5) if hits else 0
    shown = words[first : first + SNIPPET_WORDS]

    def mark(chunk: str) -> str:
        # Only the word is marked, not the punctuation around it ("(cancer" -> "(" + marked "cancer").
        return re.sub(
            r"[^\W_]+", lambda found: f"{MARK_START}{found[0]}{MARK_END}" if matched(found[0]) else found[0], chunk
        )

    marked = [mark(word) if matched(word) else word for word in shown]
    snippet = " ".join(marked)
    if first > 0:
        snippet = "… " + snippet
    if first + SNIPPET_WORDS < len(words):
        snippet += " …"
    return snippet


def _add_snippets(items: list, spec: SearchSpec, terms: list[Term], language: str) -> None:
    for item in items:
        if not hasattr(item, "search_snippet"):
            texts = []
            for name in spec.snippet_fields:
                value = getattr(item, f"{name}_{language}", "") or getattr(item, f"{name}_fr", "")
                texts.append(plain_text(value or ""))
            item.search_snippet = python_snippet(" ".join(text for text in texts if text), terms)


def add_snippets(items: list, model, terms: list[Term]) -> None:
    """Give each of ``items`` (rows of the searchable ``model``) ``search_snippet``: its snippet fields in the
    page's language, matched words between MARK_START and MARK_END (``python_snippet``; no query). For lists
    searched through ``filter_by_text`` (the trial finder)."""
    language = "en" if page_language() == ENGLISH else "fr"
    _add_snippets(items, spec_for(model), terms, language)


# ------------------------------------------------------------------------------------------------ the page


def public_rows(model, spec: SearchSpec):
    """The rows of ``model`` the public may find: ``spec.public``, else ``published()`` where there is one."""
    queryset = model._default_manager.all()
    if spec.public is not None:
        return spec.public(queryset)
    return queryset.published() if hasattr(queryset, "published") else queryset


def clean_query(text: str) -> str:
    """What the visitor typed, ready to search: NUL characters dropped (PostgreSQL refuses them), cut to
    MAX_QUERY_LENGTH characters."""
    return text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def _search_groups(terms: list[Term], per_group: int) -> list[ResultGroup]:
    language = "en" if page_language() == ENGLISH else "fr"
    groups = []
    for model, spec in registered():
        rows = public_rows(model, spec)
        matches = match(rows, terms)
        count = matches.count()
        items = []
        if count:
            order = ["-search_rank", *spec.ordering, "pk"]
            # The best rows are chosen by their keys alone (a narrow sort, in memory even over 100 000 news),
            # then only those are read whole, with their snippet: one query.
            best = matches.order_by(*order).values("pk")[:per_group]
            chosen = match(rows.filter(pk__in=best), terms)
            if _is_postgresql() and spec.snippet_fields:
                chosen = chosen.annotate(search_snippet=_postgresql_snippet(spec, terms, language))
            items = list(chosen.order_by(*order))
        if spec.snippet_fields:
            _add_snippets(items, spec, terms, language)
        groups.append(ResultGroup(key=spec.key, label=spec.label, count=count, items=items))
    return groups


def site_search(text: str, *, per_group: int = RESULTS_PER_GROUP) -> SearchResults:
    """Search every registered model's public rows, best first; two queries per group (the count and the
    items, these only when there are some).

    ``text`` is what the visitor typed (cut to MAX_QUERY_LENGTH characters). When it finds nothing and has
    misspelt words, the corrected words are searched (one query, and one per word corrected) and named in
    ``corrected``. Each item found has ``search_rank`` and ``search_snippet`` (text with the matched words
    between MARK_START and MARK_END; empty for a model with no ``snippet_fields``).
    """
    text = clean_query(text)
    terms = query_terms(text)
    if not terms:
        return SearchResults(query=text, groups=[])
    groups = _search_groups(terms, per_group)
    if not any(group.count for group in groups):
        corrected = corrected_terms(terms)
        if corrected:
            corrected_groups = _search_groups(corrected, per_group)
            if any(group.count for group in corrected_groups):
                words = " ".join(term.word for term in corrected)
                return SearchResults(query=text, groups=corrected_groups, corrected=words)
    return SearchResults(query=text, groups=groups)
