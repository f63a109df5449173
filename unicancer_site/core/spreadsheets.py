"""Spreadsheet cells: the one defence against formula injection (OWASP "CSV injection"), both ways.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``, and some
also when it starts with a tab, a carriage return or a line feed, when those come after leading spaces, or
in their full-width forms (``＝ ＋ － ＠``, which Excel folds to the ASCII ones). Such a text is exported
with a leading apostrophe (and so is a text that starts with an apostrophe), and exactly one apostrophe is
removed again when the file comes back in an import, so that export then import changes nothing. A plain
signed number ("-1.5534", a western longitude) is no formula and is left alone. No library does this both
ways, and the rule is a few lines.
"""

import re

_TRIGGERS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
# Leading white space of any kind (a no-break space, an ideographic space) hides a trigger as well as a space.
_FORMULA = re.compile(rf"^[^\S\t\r\n]*[{re.escape(_TRIGGERS)}]")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?$")
ESCAPE = "'"


def is_formula(value) -> bool:
    """Whether a spreadsheet could run ``value`` (a str) as a formula."""
    return isinstance(value, str) and bool(_FORMULA.match(value)) and not _PLAIN_NUMBER.match(value)


def _needs_escape(value) -> bool:
    # A formula, or a text that starts with the escape itself: "'=1" must come back as "'=1", not "=1", so it is
    # escaped too ("''=1") and the import removes exactly one apostrophe.
    return is_formula(value) or (isinstance(value, str) and value.startswith(ESCAPE))


def escape_formula(value):
    """``value`` as a cell: a text a spreadsheet would run as a formula, or that starts with an apostrophe, gets a
    leading apostrophe. Anything that is not a str (a number, None) is returned unchanged."""
    return ESCAPE + value if _needs_escape(value) else value


def unescape_formula(value):
    """Undo :func:`escape_formula` exactly: ``"'=1+1"`` → ``"=1+1"``, ``"''x"`` → ``"'x"``; other values unchanged.

    ``unescape_formula(escape_formula(v)) == v`` for every ``v``.
    """
    if isinstance(value, str) and value.startswith(ESCAPE) and _needs_escape(value[1:]):
        return value[1:]
    return value
