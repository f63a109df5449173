"""Bilingual fields: ``title_fr``/``title_en`` stored, ``title`` read in the active language.

French is the reference language: where the English text is missing, the French one is shown
and ``translation_missing`` says so, so that templates can mark it (``lang="fr"``).
"""

from django.conf import settings
from django.utils.translation import get_language

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
    """Adds ``translation_missing(field)`` to models using :func:`translated`."""

    def translation_missing(self, field: str) -> bool:
        language = active_language()
        if language == FALLBACK_LANGUAGE:
            return False
        return not getattr(self, f"{field}_{language}", "") and bool(getattr(self, f"{field}_{FALLBACK_LANGUAGE}", ""))

    def language_of(self, field: str) -> str:
        """The language the value of ``field`` is actually shown in."""
        return FALLBACK_LANGUAGE if self.translation_missing(field) else active_language()
