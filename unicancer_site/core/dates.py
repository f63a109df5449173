"""Dates at the precision the documents give them: a day, a month, a year, or a span of them.

A document says « en avril 2018 », « en 2022 » or « en 2023 et 2024 » as often as « le 1er octobre 2018 ». The site
stores such a date as the first day of its period with its precision (``DatePrecision``), and, for a span, the
first day of the span's last period; it shows it as the document gave it ("avril 2018", "2022", "2023–2024"),
never as an invented day. Rules that need a day use the period's bounds: ``first_day`` (the earliest the date
can be) and ``last_day`` (the latest).

Own code: Django has no partial date, and its ``j F Y`` format writes « 1 janvier » where French writes
« 1er janvier ».
"""

import calendar
import dataclasses
import datetime

from django.db import models
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def period_start(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the month or year ``day`` falls in, at ``precision``; ``day`` itself at day precision."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def period_end(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the month or year ``day`` falls in, at ``precision``; ``day`` itself at day precision."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved ``years`` years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def normalised_date_condition(date_field: str, precision_field: str) -> Q:
    """The database rule for a stored partial date: empty, or the first day of its period at its precision."""
    return (
        Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: DatePrecision.DAY})
        | Q(**{precision_field: DatePrecision.MONTH, f"{date_field}__day": 1})
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1})
    )


@dataclasses.dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year, or a span of such periods (``end``).

    ``start``: the first day of the (first) period; ``precision``: a ``DatePrecision`` value; ``end``: for a span
    (« en 2023 et 2024 »), the first day of its last period, else None. ``str()`` gives it in the active language.
    """

    start: datetime.date
    precision: str = DatePrecision.DAY
    end: datetime.date | None = None

    def __post_init__(self):
        object.__setattr__(self, "start", period_start(self.start, self.precision))
        if self.end is not None:
            end = period_start(self.end, self.precision)
            object.__setattr__(self, "end", None if end == self.start else end)

    @property
    def first_day(self) -> datetime.date:
        """The earliest day the date can be."""
        return self.start

    @property
    def last_day(self) -> datetime.date:
        """The latest day the date can be."""
        return period_end(self.end or self.start, self.precision)

    @property
    def is_exact(self) -> bool:
        return self.precision == DatePrecision.DAY and self.end is None

    def add_years(self, years: int) -> "PartialDate":
        """The same date ``years`` years on, at the same precision ("juin 2022" + 4 = "juin 2026")."""
        end = add_years(self.end, years) if self.end else None
        return PartialDate(add_years(self.start, years), self.precision, end)

    def isoformat(self) -> str:
        """ISO 8601 at the precision: "2018-10-01", "2018-04", "2022"; a span as an interval "2023/2024"."""
        text = iso_at_precision(self.start, self.precision)
        if self.end:
            return f"{text}/{iso_at_precision(self.end, self.precision)}"
        return text

    def __str__(self) -> str:
        return format_partial_date(self)


def iso_at_precision(day: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}"
    return day.isoformat()


def format_day(day: datetime.date, language: str | None = None) -> str:
    """A day in words: « 1er octobre 2018 », « 22 août 2024 » in French, "Oct. 1, 2018" in English.

    Django's French ``DATE_FORMAT`` writes « 1 octobre »: French writes the first of the month « 1er ».
    """
    language = (language or get_language() or "fr")[:2]
    with translation.override(language):
        if language == "fr":
            month_year = formats.date_format(day, "F Y", use_l10n=True)
            return f"{day.day}er {month_year}" if day.day == 1 else f"{day.day} {month_year}"
        return formats.date_format(day, "DATE_FORMAT", use_l10n=True)


def _format_period(day: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT", use_l10n=True)
    return format_day(day)


def format_partial_date(value: PartialDate | datetime.date | None) -> str:
    """A partial date as its document gives it: « 1er octobre 2018 », « avril 2018 », « 2022 », « 2023–2024 »."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return format_day(value)
    text = _format_period(value.start, value.precision)
    if value.end:
        return f"{text}–{_format_period(value.end, value.precision)}"
    return text


def partial_date(date_field: str, precision_field: str | None = None, end_field: str | None = None) -> property:
    """A read-only property giving a model's ``PartialDate`` from its fields, or None when the date is empty.

    ``precision_field`` defaults to ``<date_field>_precision``; ``end_field`` (a span's last period) is optional.
    """
    precision_field = precision_field or f"{date_field}_precision"

    def getter(self) -> PartialDate | None:
        start = getattr(self, date_field)
        if start is None:
            return None
        end = getattr(self, end_field) if end_field else None
        return PartialDate(start, getattr(self, precision_field) or DatePrecision.DAY, end)

    return property(getter)
