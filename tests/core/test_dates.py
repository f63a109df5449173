"""Dates at the precision the documents give them (core.dates), and the filters that write them and their numbers."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation

from tests.factories import make_source
from unicancer_site.core.dates import DatePrecision, PartialDate, add_years, format_day, format_partial_date
from unicancer_site.core.text import french_spacing

APRIL_2018 = PartialDate(datetime.date(2018, 4, 17), DatePrecision.MONTH)


def test_a_partial_date_is_its_period():
    assert APRIL_2018.start == datetime.date(2018, 4, 1)  # any day in it: the first is kept
    assert (APRIL_2018.first_day, APRIL_2018.last_day) == (datetime.date(2018, 4, 1), datetime.date(2018, 4, 30))
    year = PartialDate(datetime.date(2022, 6, 1), DatePrecision.YEAR)
    assert (year.first_day, year.last_day) == (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    span = PartialDate(datetime.date(2023, 1, 1), DatePrecision.YEAR, datetime.date(2024, 1, 1))
    assert (span.first_day, span.last_day) == (datetime.date(2023, 1, 1), datetime.date(2024, 12, 31))
    assert PartialDate(datetime.date(2024, 2, 10), DatePrecision.MONTH).last_day == datetime.date(2024, 2, 29)


def test_iso_8601_at_the_precision():
    assert PartialDate(datetime.date(2018, 10, 1)).isoformat() == "2018-10-01"
    assert APRIL_2018.isoformat() == "2018-04"
    assert PartialDate(datetime.date(2022, 1, 1), DatePrecision.YEAR).isoformat() == "2022"
    assert PartialDate(datetime.date(2023, 1, 1), DatePrecision.YEAR, datetime.date(2024, 1, 1)).isoformat() == (
        "2023/2024"
    )


def test_adding_years_keeps_the_precision():
    assert APRIL_2018.add_years(4) == PartialDate(datetime.date(2022, 4, 1), DatePrecision.MONTH)
    assert add_years(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)
    assert add_years(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (PartialDate(datetime.date(2018, 10, 1)), "1er octobre 2018", "Oct. 1, 2018"),
        (PartialDate(datetime.date(2024, 8, 22)), "22 août 2024", "Aug. 22, 2024"),
        (APRIL_2018, "avril 2018", "April 2018"),
        (PartialDate(datetime.date(2022, 1, 1), DatePrecision.YEAR), "2022", "2022"),
        (PartialDate(datetime.date(2023, 1, 1), DatePrecision.YEAR, datetime.date(2024, 1, 1)), "2023–2024", None),
        (datetime.date(2023, 1, 1), "1er janvier 2023", "Jan. 1, 2023"),
    ],
)
def test_a_date_written_as_each_language_writes_it(value, french, english):
    with translation.override("fr"):
        assert format_partial_date(value) == french
    if english:
        with translation.override("en"):
            assert format_partial_date(value) == english


def test_the_first_of_the_month_is_1er_in_french_only():
    assert format_day(datetime.date(2030, 1, 1), "fr") == "1er janvier 2030"
    assert format_day(datetime.date(2030, 1, 2), "fr") == "2 janvier 2030"
    assert "1er" not in format_day(datetime.date(2030, 1, 1), "en")


def render(template: str, **context) -> str:
    return Template("{% load site_tags %}" + template).render(Context(context))


def test_time_tag_gives_the_machine_value_at_the_precision():
    with translation.override("fr"):
        assert render("{% time_tag value %}", value=APRIL_2018) == '<time datetime="2018-04">avril 2018</time>'
        span = PartialDate(datetime.date(2024, 1, 1), DatePrecision.YEAR, datetime.date(2025, 1, 1))
        assert render("{% time_tag value %}", value=span) == (
            '<time datetime="2024">2024</time>–<time datetime="2025">2025</time>'
        )
        assert render("{% time_tag value %}", value=None) == ""
        assert render("{{ value|long_date }}", value=datetime.date(2026, 11, 1)) == "1er novembre 2026"


def test_numbers_with_their_unit_as_each_language_writes_them():
    with translation.override("fr"):
        assert render("{{ value|percent }}", value="97.67") == "97,67\u00a0%"
        assert render("{{ value|with_unit:'Md€' }}", value="1,1") == "1,1\u00a0Md€"
    with translation.override("en"):
        assert render("{{ value|percent }}", value="97.67") == "97.67%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source : le rapport", "Source\u00a0: le rapport"),
        ("77 % des CLCC", "77\u00a0% des CLCC"),
        ("un ; deux", "un\u202f; deux"),
        ("Pourquoi ? Parce que !", "Pourquoi\u202f? Parce que\u202f!"),
        ("<p>Note :</p>", "<p>Note\u00a0:</p>"),
        ("https://www.unicancer.fr/?q=1 à 10:30, %(name)s", "https://www.unicancer.fr/?q=1 à 10:30, %(name)s"),
    ],
)
def test_french_spacing(text, expected):
    assert french_spacing(text) == expected


@pytest.mark.django_db
def test_french_text_is_spaced_when_saved_whatever_the_path():
    from tests.factories import make_news_item

    item = make_news_item(title_fr="Pourquoi la HAS ? Réponse : 77 %", title_en="Why? Answer: 77 %")
    item.refresh_from_db()
    assert item.title_fr == "Pourquoi la HAS\u202f? Réponse\u00a0: 77\u00a0%"
    assert item.title_en == "Why? Answer: 77 %"  # English is left as typed


@pytest.mark.django_db
class TestSourceDates:
    def test_a_month_or_year_is_stored_as_its_first_day_and_shown_as_such(self):
        source = make_source(date=datetime.date(2023, 3, 22), date_precision=DatePrecision.YEAR)
        source.refresh_from_db()
        assert source.date == datetime.date(2023, 1, 1)
        assert source.date_display == "2023"

    def test_the_database_refuses_a_day_inside_a_year(self):
        source = make_source(date=datetime.date(2023, 1, 1), date_precision=DatePrecision.YEAR)
        with pytest.raises(IntegrityError), transaction.atomic():
            type(source).objects.filter(pk=source.pk).update(date=datetime.date(2023, 3, 22))

    def test_an_undated_document_shows_no_date(self):
        source = make_source(title="Document sans date", date=None)
        assert source.date_display == ""
        assert str(source) == "Document sans date"
        html = Template('{% include "certifications/includes/source.html" %}').render(Context({"source": source}))
        assert "Document sans date" in html and "(" not in html
