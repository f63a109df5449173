"""Page numbers with a client-chosen page size up to a cap; a cursor for synchronising the news feed."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination

from unicancer_site.core.addresses import absolute_url, on_site

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _positive_int(request, name: str, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise exceptions.ValidationError({name: [_("Give a whole number, 1 or more.")]})
    if maximum is not None and value > maximum:
        raise exceptions.ValidationError({name: [_("At most %(maximum)d.") % {"maximum": maximum}]})
    return value


def validate_page_parameters(request) -> None:
    """A 400 for a ``page`` or ``page_size`` that is not a whole number in range, even where they are unused
    (the CSV format gives every row)."""
    _positive_int(request, ApiPageNumberPagination.page_query_param)
    _positive_int(request, ApiPageNumberPagination.page_size_query_param, MAX_PAGE_SIZE)


class ApiPageNumberPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _positive_int(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        page_number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise exceptions.NotFound(
                {self.page_query_param: [_("There is no page %(page)d.") % {"page": page_number}]}
            ) from error
        return list(self.page)

    # next/previous under settings.SITE_URL, like every address the site gives out (core.addresses).
    def get_next_link(self):
        return on_site(super().get_next_link())

    def get_previous_link(self):
        return on_site(super().get_previous_link())

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = str(
                    _("Number of results per page, %(default)d by default, at most %(maximum)d.")
                    % {"default": self.page_size, "maximum": self.max_page_size}
                )
        return parameters


class SearchPageNumberPagination(ApiPageNumberPagination):
    """The page envelope of a resource searched with ``q`` (core.search): ``corrected_query`` gives the words
    searched instead of the typed ones when these found nothing and were corrected ("did you mean"), null
    otherwise. The view tells it (``corrected_query``)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["corrected_query"] = getattr(self.view, "corrected_query", None)
        return response

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"]["corrected_query"] = {
            "type": "string",
            "nullable": True,
            "description": "When the words of `q` found nothing and some were misspelt: the corrected words, "
            "whose results are given. Null when the words of `q` were searched as typed.",
            "example": None,
        }
        envelope.setdefault("required", [])
        if "corrected_query" not in envelope["required"]:
            envelope["required"].append("corrected_query")
        return envelope


class NewsSyncCursorPagination(CursorPagination):
    """Every news item, oldest change first: a tool follows ``next`` until it is null, and keeps the
    last ``next`` to resume from later (items changed since then come after it)."""

    ordering = ("updated", "pk")
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = _("Invalid cursor.")

    def get_page_size(self, request):
        return _positive_int(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        # The cursor links under settings.SITE_URL, like every address the site gives out (core.addresses).
        self.base_url = absolute_url(request.get_full_path())
        return page

    def decode_cursor(self, request):
        # A cursor is opaque (any text to the schema): one that is not ours names no page, a 404 like an
        # unknown page number, in the API's error shape.
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.NotFound({self.cursor_query_param: [self.invalid_cursor_message]}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
