"""Tags shared by every public template: language alternates, canonical URL, breadcrumbs, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _

from unicancer_site.core.addresses import absolute_url as absolute_url_of

register = template.Library()


def _absolute(path: str) -> str:
    return absolute_url_of(path)


def _shown_object(context):
    """The object a detail page shows (``object`` in a DetailView's context), if it has a public address."""
    obj = context.get("object")
    return obj if hasattr(obj, "get_absolute_url") else None


def _object_languages(obj) -> list[str]:
    available = getattr(obj, "available_languages", None)
    return available() if callable(available) else [code for code, _name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """The current page in every language: code, own name, path (with query string), absolute URL, current,
    default (x-default) and ``real`` flags.

    A detail page's object gives its own address in each language (``get_absolute_url()`` under that language:
    an English slug, English path words); other pages go through ``translate_url``, which resolves the path and
    reverses it under each language; a path that does not resolve (a 404) is returned unchanged by Django, so
    the prefix is swapped by hand in that case. ``real`` is False for a language the object's text does not exist
    in (``available_languages()``): the page is still reachable there (the French text, marked so), but is no
    hreflang alternate.
    """
    request = context.get("request")
    if request is None:
        return []
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    query = request.META.get("QUERY_STRING", "")
    obj = _shown_object(context)
    real_languages = _object_languages(obj) if obj is not None else None
    alternates = []
    for code, _name in settings.LANGUAGES:
        if obj is not None:
            with override(code):
                path = obj.get_absolute_url()
        else:
            path = translate_url(request.path, code)
            if path == request.path and code != current and request.path.startswith(f"/{current}/"):
                path = f"/{code}/{request.path[len(current) + 2 :]}"
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"].capitalize(),
                "path": f"{path}?{query}" if query else path,
                "url": _absolute(path),
                "current": code == current,
                # The reference language's page is the x-default (settings.LANGUAGE_CODE).
                "default": code == settings.LANGUAGE_CODE,
                "real": real_languages is None or code in real_languages,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's absolute URL without its query string (filters and pages are variants of one page).

    A detail page whose object has no text in the current language (an untranslated news item under ``/en/``)
    names its French page as canonical: the two show the same text.
    """
    request = context.get("request")
    if request is None:
        return settings.SITE_URL
    obj = _shown_object(context)
    if obj is not None:
        current = (get_language() or settings.LANGUAGE_CODE)[:2]
        if current not in _object_languages(obj):
            with override(settings.LANGUAGE_CODE):
                return _absolute(obj.get_absolute_url())
    return _absolute(request.path)


@register.simple_tag
def absolute_url(path: str) -> str:
    """``path`` under ``settings.SITE_URL`` (``core.addresses.absolute_url``)."""
    return _absolute(path)


@register.simple_tag(takes_context=True)
def url_replace(context, **changes) -> str:
    """The current query string with some parameters replaced (or removed when given None/"")."""
    request = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def breadcrumbs(*items) -> str:
    """``{% breadcrumbs label1 url1 label2 url2 current_label %}``: a breadcrumb trail from the home page.

    Pairs of (label, URL), then the label of the current page, which is not a link.
    """
    from django.urls import reverse

    *pairs, current = items
    links = [(_("Home"), reverse("home"))] + list(zip(pairs[::2], pairs[1::2], strict=True))
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}"><ol>{}<li><span aria-current="page">{}</span></li></ol></nav>',
        _("Breadcrumb"),
        format_html_join("", '<li><a href="{}">{}</a></li>', ((url, label) for label, url in links)),
        current,
    )


@register.filter
def json_ld(data) -> str:
    """A ``<script type="application/ld+json">`` block, escaped like ``json_script`` (no ``</script>`` breakout)."""
    encoded = json.dumps(data, ensure_ascii=False, default=str)
    escaped = encoded.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{escaped}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def nav_current(context, *namespaces) -> str:
    """``aria-current`` for a navigation link: "page" on the page itself, "true" inside its section.

    Arguments are URL names (``home``, ``research:trial_list``) or namespaces (``centres``).
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.view_name in namespaces:
        return mark_safe(' aria-current="page"')
    if match.namespace and match.namespace in namespaces:
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current page, with ellipses (``Paginator.ELLIPSIS``) for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def shown_in(obj, field: str) -> str:
    """The language a translated field is shown in (``fr`` when the English text is missing)."""
    return obj.language_of(field)


@register.filter
def is_fallback(obj, field: str) -> bool:
    """True when the English page shows the French text of ``field`` because the translation is missing."""
    return obj.translation_missing(field)


@register.filter
def sanitized(html: str) -> str:
    """Rich text from the database, cleaned again at display (it was cleaned when saved)."""
    from unicancer_site.core.sanitize import sanitize_html

    return mark_safe(sanitize_html(html or ""))  # noqa: S308 - sanitised by the allowlist


@register.filter
def figure_value(value) -> str:
    """A key figure without useless decimals, grouped the local way: 1.10 -> "1,1", 23000.00 -> "23 000"."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if value is None:
        return ""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def long_date(value) -> str:
    """A date as the document gives it, in words: « 1er octobre 2018 », « avril 2018 », « 2022 », « 2023–2024 ».

    Takes a ``datetime.date`` (a day), a ``datetime.datetime`` (its local day) or a ``PartialDate``; "" for None.
    """
    import datetime

    from django.utils import timezone

    from unicancer_site.core.dates import format_partial_date

    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return format_partial_date(value)


@register.simple_tag
def time_tag(value) -> str:
    """``<time datetime="2018-04">avril 2018</time>``: a date (or ``PartialDate``) at its precision, in words.

    A span (« 2023–2024 ») has no single machine-readable value: each end gets its own ``<time>``. "" for None.
    """
    import datetime

    from django.utils import timezone

    from unicancer_site.core.dates import PartialDate, format_partial_date

    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        value = PartialDate(value)
    if value.end:
        first, last = PartialDate(value.start, value.precision), PartialDate(value.end, value.precision)
        return format_html(
            '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>',
            first.isoformat(),
            format_partial_date(first),
            last.isoformat(),
            format_partial_date(last),
        )
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), format_partial_date(value))


# French sets these marks off with a no-break space (a narrow one before ; ! ?), and a percentage or a unit too.
NO_BREAK_SPACE = "\u00a0"


@register.filter
def with_unit(value: str, unit: str) -> str:
    """A formatted number and its unit, as each language writes them: « 97,67 % », « 1,1 Md€ » in French (a
    no-break space), "97.67%" but "1.1 Md€" in English (no space before a percent sign only)."""
    if not unit:
        return str(value)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    if unit == "%" and language == "en":
        return f"{value}%"
    return f"{value}{NO_BREAK_SPACE}{unit}"


@register.filter
def percent(value) -> str:
    """A percentage (a Decimal or a number) in the visitor's language: « 98,1 % » in French, "98.1%" in English."""
    if value is None or value == "":
        return ""
    return with_unit(figure_value(value), "%")


@register.filter
def search_snippet(text: str) -> str:
    """A search result's snippet (``core.search``): escaped, its matched words in ``<mark>``."""
    from unicancer_site.core.search import MARK_END, MARK_START

    if not text:
        return ""
    escaped = str(escape(text))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308 (escaped above)
