"""The language a visitor or an API client asked for, reading Accept-Language with its weights.

Django's ``get_language_from_request`` takes the header's languages in order of weight but never drops those
weighted ``q=0``, which means "not acceptable" (RFC 9110, 12.4.2): ``Accept-Language: en;q=0`` got English.
:func:`preferred_language` is the one reading of the header, used by the site (``core.middleware``) and the API
(``api.views.language_from_request``). It parses with Django's own ``parse_accept_lang_header`` and matches
with ``get_supported_language_variant``; no library does the weighing the way a site with two languages needs.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def preferred_language(accept_language: str) -> str | None:
    """The language of ``settings.LANGUAGES`` the header prefers, or None when it accepts none of them.

    Each language gets the weight of the range naming it exactly (``en``), else the highest weight of the
    ranges it serves (``en-GB``, ``en-US``), else the weight of ``*``; a language with no weight, or weight 0,
    is not acceptable. The highest weight wins; on a tie, the language named first in the header, then the
    order of ``settings.LANGUAGES``. An empty or malformed header accepts nothing in particular: None.
    """
    ranges = parse_accept_lang_header(accept_language or "")
    exact: dict[str, tuple[float, int]] = {}
    served: dict[str, tuple[float, int]] = {}
    wildcard: float | None = None
    for position, (tag, quality) in enumerate(ranges):
        if tag == "*":
            wildcard = quality if wildcard is None else wildcard
            continue
        try:
            code = get_supported_language_variant(tag)
        except LookupError:
            continue
        if tag == code.lower():
            exact.setdefault(code, (quality, position))
        elif quality > served.get(code, (-1.0, 0))[0]:
            served[code] = (quality, position)
    candidates = []
    for order, (code, _name) in enumerate(settings.LANGUAGES):
        quality, position = exact.get(code) or served.get(code) or (wildcard, len(ranges) + order)
        if quality:
            candidates.append((-quality, position, code))
    return min(candidates)[2] if candidates else None


def site_language(request, *, check_path: bool) -> str:
    """The site's language for ``request``: the URL's prefix, the language cookie, Accept-Language, LANGUAGE_CODE.

    Django's ``get_language_from_request`` in the same order, with :func:`preferred_language` for the header.
    """
    if check_path:
        language = translation.get_language_from_path(request.path_info)
        if language is not None:
            return language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return get_supported_language_variant(cookie)
        except LookupError:
            pass
    return preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or settings.LANGUAGE_CODE
