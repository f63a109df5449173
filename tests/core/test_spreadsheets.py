"""Formula escaping, the one rule for every export (API CSV, admin CSV/XLSX) and its undoing on import."""

import pytest

from unicancer_site.core.spreadsheets import escape_formula, is_formula, unescape_formula

FORMULAS = [
    "=1+1",
    "+33 Unicancer",
    "-",
    "-1+1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\nx",
    "  =1+1",  # leading spaces before a trigger
    " @cmd",
    "\uff1d1+1",  # full-width equals sign, which spreadsheets fold to "="
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    "\u00a0=1+1",  # a no-break space before the trigger
    "\u3000@cmd",  # an ideographic space
]
SAFE = ["Sein", "-1.5534", "+33", "12", "", " ", "a=b", "UNICANCER-ACRONYM"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formulas_get_an_apostrophe_that_import_removes(value):
    assert is_formula(value)
    assert escape_formula(value) == "'" + value
    assert unescape_formula(escape_formula(value)) == value


@pytest.mark.parametrize("value", SAFE)
def test_text_and_plain_numbers_are_left_alone(value):
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


@pytest.mark.parametrize("value", [None, 3, -1.5])
def test_values_that_are_not_text_pass_through(value):
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


@pytest.mark.parametrize("value", ["'quoted", "'=1", "''=1", "'- (tiret)", "'"])
def test_a_text_starting_with_the_escape_round_trips_exactly(value):
    assert escape_formula(value) == "'" + value
    assert unescape_formula(escape_formula(value)) == value
