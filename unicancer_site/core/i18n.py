"""Bilingual fields: ``title_fr``/``title_en`` stored, ``title`` read in the active language.

French is the reference language: where the English text is missing, the French one is shown
and ``translation_missing`` says so, so that templates can mark it (``lang="fr"``); ``available_languages`` says
which languages an object's page really exists in (its hreflang alternates and sitemap entries). Also here:
translated slugs (``slug_en``) and the redirect of an address written in the other language's path words.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

# The reference language: settings.LANGUAGE_CODE ("fr"), whose text every translated field must have.
FALLBACK_LANGUAGE = settings.LANGUAGE_CODE


def language_codes() -> list[str]:
    """The site's languages, ["fr", "en"]: the one list, read from ``settings.LANGUAGES``."""
    return [code for code, _name in settings.LANGUAGES]


def supported_language(code: str | None) -> str | None:
    """``code`` ("en", "en-GB", "EN") as one of the site's languages ("en"), or None if it is none of them."""
    if not code:
        return None
    primary = code.split("-")[0].lower()
    return primary if primary in language_codes() else None


def active_language() -> str:
    """The language of the request being answered, as one of the site's languages; French outside a request."""
    return supported_language(get_language()) or FALLBACK_LANGUAGE


def translated(field: str) -> property:
    """A read-only property giving ``<field>_<language>`` with the French fallback."""

    def getter(self):
        language = active_language()
        if language != FALLBACK_LANGUAGE:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, f"{field}_{FALLBACK_LANGUAGE}")

    getter.__name__ = field
    getter.__doc__ = f"{field} in the active language, French when the translation is missing."
    return property(getter)


class TranslatedMixin:
    """Adds ``translation_missing(field)`` and ``available_languages()`` to models using :func:`translated`."""

    #: The translated fields whose text makes the object's page exist in a language (a news item's title and
    #: body): a language missing one of them, where the French has it, shows the French text and is no real
    #: alternate (no hreflang, not in the sitemap). Empty: the page is real in every language.
    translation_defining_fields: tuple[str, ...] = ()

    def available_languages(self) -> list[str]:
        """The languages the object's page really exists in, in ``settings.LANGUAGES`` order (["fr", "en"] or
        ["fr"]); French always."""
        fields = self.translation_defining_fields
        return [
            code
            for code in language_codes()
            if code == FALLBACK_LANGUAGE
            or all(
                getattr(self, f"{field}_{code}", "") or not getattr(self, f"{field}_{FALLBACK_LANGUAGE}", "")
                for field in fields
            )
        ]

    def translation_missing(self, field: str) -> bool:
        language = active_language()
        if language == FALLBACK_LANGUAGE:
            return False
        return not getattr(self, f"{field}_{language}", "") and bool(getattr(self, f"{field}_{FALLBACK_LANGUAGE}", ""))

    def language_of(self, field: str) -> str:
        """The language the value of ``field`` is actually shown in."""
        return FALLBACK_LANGUAGE if self.translation_missing(field) else active_language()


# The language a visitor or an API client asked for, reading Accept-Language with its weights.
#
# Django's ``get_language_from_request`` takes the header's languages in order of weight but never drops those
# weighted ``q=0``, which means "not acceptable" (RFC 9110, 12.4.2): ``Accept-Language: en;q=0`` got English.
# :func:`preferred_language` is the one reading of the header, used by the site (``core.middleware``) and the API
# (``api.views.language_from_request``). It parses with Django's own ``parse_accept_lang_header`` and matches
# with ``get_supported_language_variant``; no library does the weighing the way a site with two languages needs.


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


def api_language(request) -> str:
    """The language an API client asked for: ``?lang=`` (one of the site's languages), else the best language of
    Accept-Language (its weights read), else French. An unknown ``?lang=`` gives French here; the API's views
    answer it with a 400."""
    asked = request.GET.get("lang")
    if asked is not None:
        return asked if asked in language_codes() else FALLBACK_LANGUAGE
    return preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or FALLBACK_LANGUAGE


def address_in_own_words(path: str) -> str | None:
    """The address a page has in its own language's path words, for a path that names a page in another
    language's words under this language's prefix (``/en/actualites/`` -> ``/en/news/``); None when the path is
    no such address (it has no language prefix, or no other language's words resolve it, or it is unchanged).

    Generic: it tries the path under each other language's URL patterns (``translate_url``, Django's own
    resolve-and-reverse), so a path word added or translated later needs no entry anywhere.
    """
    language = translation.get_language_from_path(path)
    if language is None:
        return None
    rest = path[len(language) + 2 :]
    for other in language_codes():
        if other == language:
            continue
        candidate = f"/{other}/{rest}"
        with translation.override(other):
            moved = translate_url(candidate, language)
        if moved not in (candidate, path):
            return moved
    return None


def slug_field_for(language: str) -> str:
    """The field holding a model's slug in ``language``: ``slug`` for French, ``slug_en`` for English."""
    return "slug" if language == FALLBACK_LANGUAGE else f"slug_{language}"


class TranslatedSlugMixin:
    """For a model with a ``slug`` (French) and a ``slug_<language>`` per other language (``slug_en``): its
    address words in each language. An empty translated slug is filled with the French one when saved, so that
    every row can be found under every language's address."""

    def translated_slug(self, language: str | None = None) -> str:
        """The slug in ``language`` (the active one by default), the French slug where there is none."""
        return getattr(self, slug_field_for(language or active_language()), "") or self.slug

    def fill_translated_slugs(self) -> None:
        """Give each empty translated slug the French one (in memory), as a save does."""
        for code in language_codes():
            field = slug_field_for(code)
            if field != "slug" and hasattr(self, field) and not getattr(self, field):
                setattr(self, field, self.slug)

    def save(self, *args, **kwargs):
        self.fill_translated_slugs()
        super().save(*args, **kwargs)


class TranslatedSlugDetailMixin:
    """For a ``DetailView`` of a :class:`TranslatedSlugMixin` model: the object by its slug in the page's
    language; found by its slug in another language instead (``/fr/pages/<English slug>/``, ``/en/news/<French
    slug>/``), a permanent redirect to its address in the page's language."""

    def get_slug_field(self):
        return slug_field_for(active_language())

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            own = self.get_slug_field()
            for code in language_codes():
                field = slug_field_for(code)
                if field == own:
                    continue
                found = self.get_queryset().filter(**{field: slug}).first()
                if found is not None:
                    return HttpResponsePermanentRedirect(found.get_absolute_url())
            raise


def derived_slug(title: str, fallback: str, taken: set[str], max_length: int = 120) -> str:
    """The slug a data migration gives a row in another language: ``title`` slugified where there is one (the
    existing English title), else ``fallback`` (the French slug), made unique against ``taken`` with "-2",
    "-3"... and added to it. Used by the migrations that add ``slug_en``: facts only, nothing invented."""
    words = slugify(title) if title else ""
    if len(words) > max_length:
        # Cut at a word's end, not inside a word ("...-awarded-by-the-has", not "...-awarded-by-t").
        words = words[: max_length + 1].rsplit("-", 1)[0]
    base = words.strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    taken.add(candidate)
    return candidate
