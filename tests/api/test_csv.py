"""The CSV renderer on its own: flattening and formula neutralisation."""

import csv
import io
from decimal import Decimal

import pytest

from unicancer_site.api.renderers import CSVRenderer, flatten
from unicancer_site.core.spreadsheets import escape_formula


@pytest.mark.parametrize("dangerous", ["=1+1", "+1+1", "+A1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_are_neutralised(dangerous):
    assert escape_formula(dangerous) == "'" + dangerous
    assert flatten({"text": dangerous}) == {"text": "'" + dangerous}


def test_plain_text_and_numbers_are_left_alone():
    assert escape_formula("Sein") == "Sein"
    assert escape_formula("+1") == "+1"
    # One rule for the API and the admin's exports (core.spreadsheets): a plain signed number is no formula.
    assert flatten({"longitude": Decimal("-0.5632"), "value": -3, "text": "-3", "formula": "-3+A1"}) == {
        "longitude": "-0.5632",
        "value": "-3",
        "text": "-3",
        "formula": "'-3+A1",
    }


def test_flatten_nested_objects_and_lists():
    assert flatten(
        {
            "source": {"title": "=Doc", "date": "2024-01-01"},
            "phases": [{"code": "phase_2"}, {"code": "phase_3"}],
            "tags": ["a", "=b"],
            "empty": [],
            "none": None,
            "yes": True,
        }
    ) == {
        "source.title": "'=Doc",
        "source.date": "2024-01-01",
        "phases.code": "phase_2; phase_3",
        "tags": "a; '=b",
        "empty": "",
        "none": "",
        "yes": "true",
    }


def test_render_without_a_view_uses_the_data_columns():
    content = CSVRenderer().render([{"a": "1", "b": {"c": "@x"}}, {"a": "2", "b": None}])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["a", "b.c"], ["1", "'@x"], ["2", ""]]
