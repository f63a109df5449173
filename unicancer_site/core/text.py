"""Stored text is text every output can carry: no control character but tab and line breaks.

The database takes any character but NUL (PostgreSQL); XML 1.0, the format of the RSS and Atom feeds, the
sitemap and XLSX files, allows only tab, LF and CR among the C0 control characters, and neither U+FFFE nor
U+FFFF. Django's feed generator refuses the others (``UnserializableContentError``, so a 500) and openpyxl too
(``IllegalCharacterError``). Word pastes a vertical tab (U+000B) for a soft line break, so a title copied from a
document was enough to break every feed.

So every text field of every model is cleaned when it is saved (:func:`clean_text_fields`, connected to
``pre_save`` in ``CoreConfig.ready``), whatever the path: admin form, import, service, fixture, and the models
of Django and of the libraries (admin log, history, login attempts) as well. A signal rather than a base class or
a field subclass because those would miss the models the project does not define, and any field added later.
``QuerySet.update()`` and ``bulk_create()`` send no signal: pass them text cleaned with :func:`clean_text`.

Own code: Django and openpyxl only refuse such text, and no library cleans it for storage.
"""

import re

from django.db import models

# Word's soft line break (vertical tab) and the form feed: a line break in a text, a space in a one-line field.
LINE_BREAK_CONTROLS = re.compile("[\x0b\x0c]")
# The other C0 control characters but tab, LF and CR (NUL included), and the non-characters U+FFFE and U+FFFF.
UNSUPPORTED = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
# Lone surrogates are no text at all: no database encodes them (UnicodeEncodeError). The replacement character.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")
NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` with only characters XML 1.0 and the databases accept.

    A vertical tab or a form feed becomes a line break (``multiline``) or a space; a lone surrogate becomes
    U+FFFD; the other control characters (but tab, LF and CR) and U+FFFE/U+FFFF are removed. The text is
    never longer than it was, so it still fits its field.
    """
    if not value or NEEDS_CLEANING.search(value) is None:
        return value
    value = LINE_BREAK_CONTROLS.sub("\n" if multiline else " ", value)
    value = UNSUPPORTED.sub("", value)
    return LONE_SURROGATES.sub("\ufffd", value)


def clean_text_fields(sender, instance, **kwargs) -> None:
    """``pre_save`` receiver: :func:`clean_text` on every CharField and TextField of ``instance``."""
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, clean_text(value, multiline=isinstance(field, models.TextField)))


# French typography: a no-break space before the colon and the percent sign, a narrow no-break space before the
# semicolon, the exclamation and the question marks, so that a line never starts with them.
FRENCH_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+([:%;!?])(?=[\s<\"»),.]|$)")
FRENCH_SPACES = {":": "\u00a0", "%": "\u00a0", ";": "\u202f", "!": "\u202f", "?": "\u202f"}


def french_spacing(value: str) -> str:
    """``value`` with French spacing before « : ; ! ? % »: the space written before them becomes a no-break one.

    Only a mark preceded by a space and followed by a space, the end, a tag or closing punctuation is touched:
    "https://", "10:30", "%(name)s" or "?q=" are left as they are. Same length or shorter.
    """
    if not value:
        return value
    return FRENCH_SPACE_BEFORE.sub(lambda match: FRENCH_SPACES[match.group(1)] + match.group(1), value)


def french_spacing_fields(sender, instance, **kwargs) -> None:
    """``pre_save`` receiver: :func:`french_spacing` on the French text fields (``<name>_fr``) of every model."""
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.name.endswith("_fr"):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, french_spacing(value))
