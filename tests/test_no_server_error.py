"""Property: whatever text a request parameter holds, no public page and no API endpoint answers 5xx.

Arbitrary text (NUL and the other control characters, lone surrogates, non-characters, very long strings, values
close to valid ones) is sent to every parameter of every public page without a URL argument (lists, search,
feeds) and of every API list, and to the lookup of every API detail. The targets and their parameters are found,
not listed: pages from the URLconf, their parameters from their FilterSet, pagination, forms and the parameters
their code reads; API endpoints from the router, their parameters from the viewset's filterset_class, filter
backends and paginator. A few dozen examples per target keep the suite fast; CI runs it on SQLite and PostgreSQL.
"""

import inspect
import re
from urllib.parse import quote

import pytest
from django import forms
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.settings import api_settings

from unicancer_site.api.urls import router

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = ("unicancer_site", "centres", "certifications", "research")
# Parameters the code reads by name: request.GET.get("q"), self.request.query_params.getlist("lang")...
READS_PARAMETER = re.compile(r"""(?:GET|query_params)\.get(?:list)?\(\s*["'](\w+)["']""")


def _own_classes(view):
    return [klass for klass in inspect.getmro(view) if klass.__module__.startswith(PROJECT_PACKAGES)]


def _forms_used_by(klass) -> set[str]:
    """The fields of the forms of ``klass``'s module that its code builds (``DateForm(self.request.GET)``)."""
    module = inspect.getmodule(klass)
    source = inspect.getsource(klass)
    names = set()
    for name, value in vars(module).items():
        if inspect.isclass(value) and issubclass(value, forms.BaseForm) and f"{name}(" in source:
            names |= set(value.base_fields)
    return names


def view_parameters(view) -> set[str]:
    """The query parameters a page or API view reads: FilterSet, pagination, forms, literal reads in its code."""
    names = set()
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    if getattr(view, "paginate_by", None):
        names.add(view.page_kwarg)
    for klass in _own_classes(view):
        names |= set(READS_PARAMETER.findall(inspect.getsource(klass)))
        names |= _forms_used_by(klass)
    parts = [*(getattr(view, "filter_backends", None) or ()), getattr(view, "pagination_class", None)]
    for part in parts:
        for attribute in (
            "search_param",
            "ordering_param",
            "page_query_param",
            "page_size_query_param",
            "cursor_query_param",
        ):
            if getattr(part, attribute, None):
                names.add(getattr(part, attribute))
    return names


def _named_patterns(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _named_patterns(entry.url_patterns, inner)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def public_pages() -> list[tuple[str, set[str]]]:
    """(path, parameters) of every page under the language prefix that takes no URL argument."""
    pages = []
    with translation.override("fr"):
        for name, callback in _named_patterns(get_resolver().url_patterns):
            try:
                path = reverse(name)
            except NoReverseMatch:
                continue  # a detail page: its URL needs an argument
            if path.startswith("/fr/"):
                view = getattr(callback, "view_class", None) or type(callback)
                pages.append((path, view_parameters(view)))
    return sorted(pages)


def api_endpoints() -> list[tuple[str, set[str]]]:
    """(path, parameters) of every API list and list action, from the router."""
    endpoints = []
    for prefix, viewset, _basename in router.registry:
        common = view_parameters(viewset) | {api_settings.URL_FORMAT_OVERRIDE}
        endpoints.append((f"/api/v1/{prefix}/", common))
        for extra in viewset.get_extra_actions():
            if not extra.detail:
                action_view = type("Action", (viewset,), extra.kwargs)
                endpoints.append((f"/api/v1/{prefix}/{extra.url_path}/", view_parameters(action_view) | common))
    return sorted(endpoints)


PAGES = public_pages()
ENDPOINTS = api_endpoints()
ALL_PARAMETERS = sorted(set().union(*(names for _path, names in PAGES + ENDPOINTS)))


def test_the_targets_are_found():
    """The discovery above finds what the site has; if it found nothing, the property would prove nothing."""
    pages = dict(PAGES)
    assert {"q", "status", "phase", "centre", "international", "page"} <= pages["/fr/recherche/essais/"]
    assert {"kind", "centre", "year", "page"} <= pages["/fr/actualites/"]
    assert "on" in pages["/fr/certifications/"]
    assert "q" in pages["/fr/recherche-globale/"]
    assert "/fr/actualites/flux/rss/" in pages
    endpoints = dict(ENDPOINTS)
    assert {"status", "region", "search", "ordering", "page", "page_size", "lang", "include_unpublished", "format"} <= (
        endpoints["/api/v1/trials/"]
    )
    assert {"cursor", "updated_since"} <= endpoints["/api/v1/news/sync/"]
    assert len(ENDPOINTS) == len(router.registry) + 1


# Text a visitor or a tool could send: anything at all, the characters that broke things, huge and near-valid values.
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates included
TROUBLE = st.sampled_from(list("\x00\x01\x08\x0b\x0c\x1f\x7f\x85\u2028\ud800\udfff\ufffe\uffff%'\"<>&;=,.-+*:/\\ "))
NEAR_VALID = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1e309",
        "nan",
        "9" * 30,
        "9" * 5000,
        "2024",
        "2025-01-01",
        "0000-00-00",
        "9999-12-31",
        "2025-01-01T00:00-18:09",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "true",
        "maybe",
        "recruiting",
        "phase_3",
        "press_release",
        "centre-leon-berard",
        "-start_date,acronym",
        "csv",
        "json",
        "any",
    ]
)
TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.text(TROUBLE, max_size=12),
    NEAR_VALID,
    st.builds(
        lambda piece, times: piece * times, st.text(ANY_CHARACTER, min_size=1, max_size=3), st.integers(300, 3000)
    ),
    st.builds(lambda value, tail: value + tail, NEAR_VALID, st.text(TROUBLE, min_size=1, max_size=3)),
)


def encode(value: str) -> str:
    """Percent-encoded UTF-8, lone surrogates included (as the bytes a broken client would send)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def query_strategy(names):
    pairs = st.tuples(st.sampled_from(sorted(names)), TEXT)
    return st.lists(pairs, min_size=1, max_size=4).map(
        lambda items: "&".join(f"{encode(name)}={encode(value)}" for name, value in items)
    )


# Examples share the test's database transaction and a Client built inside the test: the function-scoped
# fixtures hold no state an example could leave behind for the next.
PROPERTY = hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_no_server_error(client, url):
    cache.clear()  # the API's rate limits count in the cache: each example is a first request
    response = client.get(url)
    assert response.status_code < 500, url


@pytest.mark.parametrize(("path", "names"), PAGES, ids=[path for path, _names in PAGES])
@PROPERTY
@given(data=st.data())
def test_public_pages_never_answer_5xx(path, names, data):
    query = data.draw(query_strategy(names or ALL_PARAMETERS), label="query")
    assert_no_server_error(Client(), f"{path}?{query}")


@pytest.mark.parametrize(("path", "names"), ENDPOINTS, ids=[path for path, _names in ENDPOINTS])
@PROPERTY
@given(data=st.data())
def test_api_lists_never_answer_5xx(path, names, data):
    query = data.draw(query_strategy(names), label="query")
    assert_no_server_error(Client(), f"{path}?{query}")


@pytest.mark.parametrize("prefix", [prefix for prefix, _viewset, _basename in router.registry])
@PROPERTY
@given(lookup=TEXT.filter(lambda value: value not in ("", ".", "..")))
def test_api_details_never_answer_5xx(prefix, lookup):
    assert_no_server_error(Client(), f"/api/v1/{prefix}/{encode(lookup)}/")
