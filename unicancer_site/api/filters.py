"""Filter backends of the API: accent-insensitive search and an ordering that refuses unknown fields."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from unicancer_site.core.db import accent_insensitive_search
from unicancer_site.core.parsing import parse_yes_no

SEARCH_MAX_LENGTH = 200


class AccentInsensitiveSearchFilter(BaseFilterBackend):
    """``?search=therapie ciblee``: every word in one of the view's ``search_fields``, accents and case ignored."""

    search_param = "search"

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get(self.search_param, "")
        if len(text) > SEARCH_MAX_LENGTH:
            raise exceptions.ValidationError(
                {self.search_param: [_("At most %(length)d characters.") % {"length": SEARCH_MAX_LENGTH}]}
            )
        if not text.strip():
            return queryset
        fields = view.search_fields
        queryset = accent_insensitive_search(queryset, fields, text)
        # A field across a many-valued relation can repeat a row.
        return queryset.distinct() if any("__" in field for field in fields) else queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": "Words to find, accents and case ignored, in: " + ", ".join(view.search_fields) + ".",
                "schema": {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
            }
        ]


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=-start_date,acronym`` among the view's allowlist; an unknown field is a 400, not ignored.

    ``ordering_fields`` maps the API's names to model fields. The primary key always ends the ordering,
    so that pages never overlap or skip a row.
    """

    def get_ordering(self, request, queryset, view):
        allowed: dict[str, str] = view.ordering_fields
        raw = request.query_params.get(self.ordering_param)
        requested = list(view.ordering) if raw is None else [term.strip() for term in raw.split(",")]
        ranked = raw is None and "search_rank" in queryset.query.annotations
        unknown = [term for term in requested if term.lstrip("-") not in allowed]
        if unknown or not requested:
            raise exceptions.ValidationError(
                {
                    self.ordering_param: [
                        _("Unknown ordering field(s): %(unknown)s. Choose among: %(allowed)s.")
                        % {"unknown": ", ".join(repr(term) for term in unknown), "allowed": ", ".join(allowed)}
                    ]
                }
            )
        terms = [("-" if term.startswith("-") else "") + allowed[term.lstrip("-")] for term in requested]
        if not any(term.lstrip("-") in ("pk", "id") for term in terms):
            terms.append("pk")
        # Words searched (``q``, core.search) and no order asked for: the best matches first.
        return ["-search_rank", *terms] if ranked else terms

    def get_schema_operation_parameters(self, view):
        names = "|".join(view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Comma-separated fields to order by, '-' for descending, among: "
                + ", ".join(view.ordering_fields)
                + ". Default: "
                + ",".join(view.ordering)
                + " (the id always breaks ties)"
                + (", the best matches first when `q` is given." if _has_text_search(view) else "."),
                "schema": {"type": "string", "pattern": f"^-?({names})(,-?({names}))*$"},
                "example": ",".join(view.ordering),
            }
        ]


def _has_text_search(view) -> bool:
    filterset_class = getattr(view, "filterset_class", None)
    return filterset_class is not None and "q" in filterset_class.base_filters


def needs_a_value(declared) -> bool:
    """Filters the schema gives a type other than free text: present, they must hold a value."""
    free_text = (
        isinstance(declared, django_filters.CharFilter)
        or isinstance(declared, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter)
        or is_reference(declared)  # open text to the schema (``?near=``): empty is no filter, as for ``?q=``
    )
    return not free_text


def is_reference(declared) -> bool:
    """A filter naming objects stored in the database (``?centre=institut-curie``, ``?phase=phase_3``): open
    text to the schema, since the possible values are data, not code. A filter of an app says it is one with
    ``references_data = True`` (``?near=49000``: a place in the app's own tables)."""
    return getattr(declared, "references_data", False) or isinstance(
        declared, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
    )


def unknown_references_only(filterset) -> bool:
    """True when every error of the FilterSet is a value that names no object (a centre that does not exist)."""
    references = {name for name, declared in filterset.filters.items() if is_reference(declared)}
    errors = filterset.form.errors.as_data()
    return bool(errors) and all(
        name in references and all(error.code == "invalid_choice" for error in field_errors)
        for name, field_errors in errors.items()
    )


class StrictDjangoFilterBackend(DjangoFilterBackend):
    """The shared FilterSets, with yes/no filters that refuse what they do not understand.

    A reference to an object that does not exist (``?centre=no-such-centre``, ``?phase=phase_9``, ``?near=zzz``)
    matches nothing: a 200 with an empty list, as the schema says (it cannot list the objects, which are data),
    and an ``Unknown-Reference`` header naming the parameters and values that name nothing, in query-string form
    (``near=zzz``), so that a client can tell "no such place" from "nothing there". Any other invalid value is a
    400.

    Django's NullBooleanField reads any unknown value ("perhaps") as "no filter", which would answer a
    question the client did not ask; here it is a 400 like every other invalid value. Yes/no values are
    read by the site's one parser (``core.parsing``) and handed to the FilterSet as "true"/"false".
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return kwargs
        data = kwargs["data"].copy()
        for name, declared in filterset_class.base_filters.items():
            if name in data and needs_a_value(declared) and any(value == "" for value in data.getlist(name)):
                # The schema types it (a date, a number, one of a list): an empty value is none of them.
                raise exceptions.ValidationError({name: [_("Give a value, or leave the parameter out.")]})
            if isinstance(declared, django_filters.BooleanFilter) and name in data:
                try:
                    data.setlist(name, [str(parse_yes_no(value)).lower() for value in data.getlist(name)])
                except ValueError:
                    raise exceptions.ValidationError({name: [_("Give true or false.")]}) from None
        kwargs["data"] = data
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            if unknown_references_only(filterset):
                # Said in the ``Unknown-Reference`` header (``ApiViewSet.finalize_response``): an empty list
                # because the value names nothing, not because nothing matches.
                request.unknown_references = [
                    (name, value) for name in filterset.form.errors for value in filterset.form.data.getlist(name)
                ]
                return queryset.none()
            raise translate_validation(filterset.errors)
        # The view may tell what the filters found out (the trials' ``q``: the words searched when corrected).
        view.filterset = filterset
        return filterset.qs
