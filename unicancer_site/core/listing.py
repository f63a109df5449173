"""Public lists filtered by a shared FilterSet: a bad value in the URL gives the page with a message, never a 500.

Used by the trial finder and the news lists. The visitor's query string is the state of the list (shareable);
a value the FilterSet refuses (an unknown centre, a bad phase code), an unreadable yes/no value or a page
number out of range is dropped, said in a message, and the rest of the search still applies.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _

from .parsing import parse_yes_no


def shorten(value: str, length: int = 40) -> str:
    """The visitor's value, cut short when quoted back in a message."""
    return value if len(value) <= length else f"{value[: length - 1]}…"


class TolerantPaginationMixin:
    """A ``ListView`` mixin: a bad page number (``abc``, ``0``, ``999``) shows the nearest page with a message.

    ``self.filter_messages`` collects what the visitor should be told; templates show ``filter_messages``.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filter_messages = []

    def paginate_queryset(self, queryset, page_size):
        """Like ``MultipleObjectMixin.paginate_queryset``, but a bad page number shows the nearest page."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = None
        if number is None or number < 1:
            self.filter_messages.append(
                _("There is no page “%(page)s”: here is the first page.") % {"page": shorten(raw)}
            )
            number = 1
        elif number > paginator.num_pages:
            self.filter_messages.append(
                _("There is no page %(page)s: here is the last page, page %(last)s.")
                % {"page": shorten(str(number)), "last": paginator.num_pages}
            )
            number = paginator.num_pages
        try:
            page = paginator.page(number)
        except InvalidPage:  # pragma: no cover - the number was brought within range above
            page = paginator.page(1)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_messages"] = self.filter_messages
        return context


class FilteredListMixin(TolerantPaginationMixin):
    """A ``ListView`` mixin: ``filterset_class`` applied to ``request.GET``, with tolerant pagination.

    Subclasses give ``filterset_class`` and may list ``boolean_params`` (checked by hand, since Django's
    NullBooleanField silently turns an unknown value into "no filter"), ``integer_params`` and ``excluded_params``.
    Their ``get_queryset`` calls ``filter_queryset``.
    """

    filterset_class = None
    boolean_params: tuple[str, ...] = ()
    integer_params: tuple[str, ...] = ()
    excluded_params: tuple[str, ...] = ("page",)

    def get_filter_data(self):
        """The query string the FilterSet sees (a mutable copy; subclasses add defaults here)."""
        data = self.request.GET.copy()
        for name in self.excluded_params:
            data.pop(name, None)
        # An empty value means "no filter" (a select's first option); among others it is noise ("phase=a&phase=").
        for name in list(data):
            values = [value for value in data.getlist(name) if value.strip()]
            if values:
                data.setlist(name, values)
            else:
                data.pop(name)
        for name in self.integer_params:
            values = data.getlist(name)
            if any(not value.strip().isdigit() for value in values):
                # A NumberFilter takes "2023.5" as a decimal, which a year lookup does not refuse.
                self.filter_messages.append(
                    _("“%(value)s” is not a whole number, so the filter “%(filter)s” was not applied.")
                    % {"value": shorten(", ".join(values)), "filter": self.filter_label(name)}
                )
                data.pop(name)
        for name in self.boolean_params:
            # Django's NullBooleanSelect silently reads a value it does not know ("maybe") as "no filter",
            # which would show a visitor results they did not ask for without a word: the site's one yes/no
            # parser reads it, and the FilterSet gets "true"/"false".
            values = data.getlist(name)
            try:
                data.setlist(name, [str(parse_yes_no(value)).lower() for value in values])
            except ValueError:
                self.filter_messages.append(
                    _("“%(value)s” is not a valid value for the filter “%(filter)s”: this filter was not applied.")
                    % {"value": shorten(", ".join(values)), "filter": self.filter_label(name)}
                )
                data.pop(name)
        return data

    def filter_label(self, name: str) -> str:
        field = self.filterset_class.base_filters.get(name)
        return str(field.label) if field is not None and field.label else name

    def filter_queryset(self, queryset):
        data = self.get_filter_data()
        filterset = self.filterset_class(data, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            for name, errors in filterset.errors.items():
                self.filter_messages.append(
                    _("The filter “%(filter)s” was not applied: %(errors)s")
                    % {"filter": self.filter_label(name), "errors": " ".join(errors)}
                )
                data.pop(name, None)
            filterset = self.filterset_class(data, queryset=queryset, request=self.request)
            filterset.is_valid()
        self.filterset = filterset
        self.filter_data = data
        return filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["is_filtered"] = any(key != self.page_kwarg for key in self.request.GET)
        return context

    def selected(self) -> dict[str, list[str]]:
        """The applied values of each filter, as strings, for the form's selected/checked states."""
        return {key: [value for value in values if value] for key, values in self.filter_data.lists()}
