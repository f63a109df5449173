"""Spreadsheet cells: the one defence against formula injection (OWASP "CSV injection"), both ways.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``, and some
also when it starts with a tab, a carriage return or a line feed, when those come after leading spaces, or
in their full-width forms (``＝ ＋ － ＠``, which Excel folds to the ASCII ones). Such a text is exported
with a leading apostrophe, and the apostrophe is removed again when the file comes back in an import, so
that export then import changes nothing. A plain signed number ("-1.5534", a western longitude) is no
formula and is left alone. No library does this both ways, and the rule is a few lines.
"""

import re

_TRIGGERS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
_FORMULA = re.compile(rf"^ *[{re.escape(_TRIGGERS)}]")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?$")
ESCAPE = "'"


def is_formula(value) -> bool:
    """Whether a spreadsheet could run ``value`` (a str) as a formula."""
    return isinstance(value, str) and bool(_FORMULA.match(value)) and not _PLAIN_NUMBER.match(value)


def escape_formula(value):
    """``value`` as a cell: a text a spreadsheet would run as a formula gets a leading apostrophe.

    Anything that is not a str (a number, None) is returned unchanged.
    """
    return ESCAPE + value if is_formula(value) else value


def unescape_formula(value):
    """Undo :func:`escape_formula`: ``"'=1+1"`` → ``"=1+1"``; any other value unchanged."""
    if isinstance(value, str) and value.startswith(ESCAPE) and is_formula(value[1:]):
        return value[1:]
    return value
