"""Filters every app's FilterSets share."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, converted to UTC.

    PostgreSQL refuses offsets beyond ±15:59 ("2025-01-01T00:00-18:09" is valid ISO 8601): in UTC, any
    offset reaches it safely; a value that leaves the calendar in UTC (year 9999 and a negative offset)
    is a form error, not a server error.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(_("Enter a date and time between the years 1 and 9999.")) from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """``IsoDateTimeFilter`` for every shared FilterSet: safe on PostgreSQL whatever the offset."""

    field_class = UtcIsoDateTimeField


class YearFilter(django_filters.NumberFilter):
    """A calendar year between 1900 and 2100: a whole number (``2024``, not ``2024.5``), for pages and the API."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
