"""Bilingual fields: ``title_fr``/``title_en`` stored, ``title`` read in the active language.

French is the reference language: where the English text is missing, the French one is shown
and ``translation_missing`` says so, so that templates can mark it (``lang="fr"``).
"""

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "fr"


def active_language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE)[:2]
    return language if language in ("fr", "en") else FALLBACK_LANGUAGE


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
