"""Yes/no values: one parser for settings, the API's parameters and the public filters."""

import pytest

from unicancer_site.core.parsing import parse_yes_no


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", " on "])
def test_yes(value):
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "OFF"])
def test_no(value):
    assert parse_yes_no(value) is False


@pytest.mark.parametrize("value", ["", "maybe", "unknown", "2", "tru", "\x00"])
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        parse_yes_no(value)
