"""Import and export of the admin's lists (CSV and XLSX): formulas neutralised on the way out, rows
validated and limited to the user's centres on the way in, nothing imported when any row is invalid."""

import copy
import csv
import io
import re
from decimal import Decimal

import tablib
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    FieldError,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.text import Truncator, capfirst, slugify
from django.utils.timezone import localdate
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.results import RowResult

from unicancer_site.core.history import keep_one_version, latest_version_id, set_change_reason
from unicancer_site.core.i18n import language_codes
from unicancer_site.core.sanitize import html_to_text
from unicancer_site.core.scoping import is_centre_scoped
from unicancer_site.core.spreadsheets import escape_formula, unescape_formula

from ..scoping import may_work_on, scope_queryset_for_user
from .history import WHOLE_VALUE_LENGTH, readable_value, word_diff

# What staff's spreadsheets are saved as: UTF-8 (with or without the byte-order mark Excel writes), or
# Windows-1252, which Excel in French still writes for "CSV (séparateur : point-virgule)".
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
CSV_SEPARATORS = ",;\t"


class SpreadsheetCSV(CSV):
    """CSV both ways as French Excel reads and writes it (import-export's CSV knows one encoding and the comma).

    Import: the bytes are decoded as UTF-8 (a BOM is dropped) or else Windows-1252, and the separator (comma,
    semicolon or tab) is read from the header line. Export: UTF-8 with a BOM, so that Excel reads accents, and
    the separator of the interface's spreadsheets: a semicolon in French (where the comma is the decimal
    separator), a comma otherwise.
    """

    def is_binary(self):
        # The admin must hand over the file's bytes: the encoding is found here, not assumed.
        return True

    def get_read_mode(self):
        return "rb"

    def get_title(self):
        return "csv"

    @staticmethod
    def decode(data) -> str:
        """The file's text: UTF-8 (BOM or not) or else Windows-1252, which decodes any byte."""
        if isinstance(data, str):
            return data.removeprefix("\ufeff")
        for encoding in CSV_ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValueError(gettext("The file is neither UTF-8 nor Windows-1252 text."))  # pragma: no cover

    @staticmethod
    def separator(text: str) -> str:
        """The separator of the header line: the comma, semicolon or tab that occurs most, the comma if none."""
        header = text.split("\n", 1)[0]
        counts = {separator: header.count(separator) for separator in CSV_SEPARATORS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","

    def create_dataset(self, in_stream, **kwargs):
        text = self.decode(in_stream)
        separator = self.separator(text)
        dataset = tablib.import_set(text, format="csv", delimiter=separator)
        # tablib drops a truly empty line, which Excel counts as a row: each data row's spreadsheet row number,
        # for the messages (``ContentResource.spreadsheet_rows``).
        records = list(csv.reader(io.StringIO(text), delimiter=separator))
        dataset.spreadsheet_rows = [line for line, record in enumerate(records, 1) if record][1:]
        return dataset

    @staticmethod
    def export_separator() -> str:
        return ";" if (get_language() or "").startswith("fr") else ","

    def export_data(self, dataset, **kwargs):
        text = dataset.export("csv", delimiter=self.export_separator(), quoting=csv.QUOTE_MINIMAL)
        return ("\ufeff" + text).encode("utf-8")


def spreadsheet_row(number: int, rows: list[int] | None = None) -> int:
    """The spreadsheet's number of the data row import-export numbers ``number`` (from 1): the header is row 1.
    ``rows``: each data row's number when the file skips some (a CSV's empty lines, ``SpreadsheetCSV``)."""
    if rows and 0 < number <= len(rows):
        return rows[number - 1]
    return number + 1


class DayFirstDateWidget(widgets.DateWidget):
    """Dates as the federation's spreadsheets write them: ISO (2024-07-31), or day first as French Excel does
    (31/07/2024, 31/07/24, 31.07.2024). import-export reads Django's DATE_INPUT_FORMATS, month first (07/08/2024
    would be 8 July): never here. Exported as ISO."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y")

    def __init__(self, format=None, coerce_to_string=True):
        super().__init__(format=format, coerce_to_string=coerce_to_string)
        if format is None:
            self.formats = self.FORMATS


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number, exactly: import-export reads "1.500" (a French thousands separator) as 1 and 12.7 as 12.
    Raises ValueError for anything but digits (an optional sign) or an XLSX number without a fraction."""

    WHOLE = re.compile(r"[+-]?\d+")

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float | Decimal):
            if value != int(value):
                raise ValueError(value)
            return int(value)
        text = str(value).strip()
        if not self.WHOLE.fullmatch(text):
            raise ValueError(value)
        return int(text)


class ReferenceWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural key (a centre's slug); an unknown value is a row error that says what to write.

    ``user`` (set by the resource) narrows the examples the error gives to the rows that user may work on."""

    user = None

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(unknown_reference_message(self, [value], user=self.user)) from error


# Up to this many rows, a linked model's rows are also found by their names (a phase's "Phase III"), and all listed
# in an error; beyond it (trials), by their key only, with a few examples.
LABEL_LOOKUP_LIMIT = 300
EXAMPLES_SHOWN = 12


def shorten(value, length: int = 60) -> str:
    """A cell's value for a message: its text, cut to ``length`` characters with an ellipsis."""
    return Truncator("" if value is None else str(value)).chars(length)


def reference_queryset(widget):
    """The rows a reference column may name (a foreign-key widget may narrow them; a many-to-many one cannot)."""
    if hasattr(widget, "get_queryset"):
        return widget.get_queryset(None, None)
    return widget.model._default_manager.all()


ROMAN_NUMERALS = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_WORDS = re.compile(r"\w+")


def comparable_name(text: str) -> str:
    """A name as compared with what a cell says: case and spacing ignored, and a roman numeral as its digits
    (trial phases are written "Phase III" in European registries and "Phase 3" by ClinicalTrials.gov)."""
    words = _WORDS.sub(lambda match: ROMAN_NUMERALS.get(match.group().casefold(), match.group()), str(text))
    return " ".join(words.split()).casefold()


def reference_names(widget) -> dict[str, str] | None:
    """{casefolded key or name: key} of the rows a reference column may name, in every language (a phase by its
    code ``phase_3``, "Phase III" or its name), or None when the model has too many rows to list."""
    rows = list(reference_queryset(widget)[: LABEL_LOOKUP_LIMIT + 1])
    if len(rows) > LABEL_LOOKUP_LIMIT:
        return None
    name_fields = [
        field.name
        for field in widget.model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.name.split("_")[0] in {"name", "short"}
    ]
    names: dict[str, str] = {}
    for obj in rows:
        key = str(getattr(obj, widget.field))
        candidates = [getattr(obj, name) for name in name_fields]
        for language in language_codes():
            with translation.override(language):
                candidates.append(str(obj))
        for candidate in candidates:
            if candidate:
                names.setdefault(comparable_name(candidate), key)
        names[comparable_name(key)] = key
    return names


def accepted_references(widget, user=None) -> str:
    """What a reference column takes, for an error: "phase_1 (Phase I), phase_2 (Phase II)…": among the rows
    ``user`` may work on (a centre editor's own centre and trials), or all rows for shared reference data."""
    queryset = reference_queryset(widget)
    if user is not None:
        scoped = scope_queryset_for_user(user, queryset)
        # Shared reference data (phases) is nobody's: a centre editor's scope of it is empty, yet all are valid.
        queryset = scoped if scoped.exists() else queryset
    rows = list(queryset[: EXAMPLES_SHOWN + 1])
    shown = []
    for obj in rows[:EXAMPLES_SHOWN]:
        key, name = str(getattr(obj, widget.field)), str(obj)
        shown.append(key if name == key else f"{key} ({name})")
    return ", ".join(shown) + (", …" if len(rows) > EXAMPLES_SHOWN else "")


def unknown_reference_message(widget, values, user=None) -> str:
    """The error for values naming no row of the widget's model: which, and what to write instead."""
    model = widget.model._meta
    return gettext(
        "%(values)s: no %(model)s has this %(field)s. Write the %(field)s of an existing one, for example: "
        "%(accepted)s."
    ) % {
        "values": ", ".join(gettext("“%(value)s”") % {"value": shorten(value)} for value in values),
        "model": model.verbose_name,
        "field": model.get_field(widget.field).verbose_name,
        "accepted": accepted_references(widget, user) or "—",
    }


def preview_value(resource, field, instance) -> str:
    """An import column's value on ``instance`` as the editor reads it, in the active language: a choice's label,
    a localised date, rich text as its text, linked rows by their names (``readable_value``, as the history shows
    them); "" for an empty cell."""
    try:
        model_field = instance._meta.get_field(field.attribute)
    except (FieldDoesNotExist, TypeError):
        value = resource.export_field(field, instance)
        return "" if value is None else str(value)
    if model_field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(obj) for obj in getattr(instance, model_field.name).all()))
    if not model_field.concrete:
        return str(resource.export_field(field, instance) or "")
    value = getattr(instance, model_field.attname)
    return "" if value in (None, "") else readable_value(model_field, value, instance)


class ReadableDiff(resources.Diff):
    """The import preview's cells: each value as the editor reads it (``preview_value``: "Phase II", a localised
    date, rich text as text, never its markup), a changed value as old → new whole, or for a long text the words
    that changed (the history's ``word_diff``). import-export's Diff compares the stored values letter by letter
    with diff-match-patch ("Essai cliniqu<ins>e</ins>"), and its inline styles are refused by the site's
    Content-Security-Policy: the admin's stylesheet colours ``ins`` and ``del``."""

    # import-export's Diff calls its own reader by name, hence both methods.
    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self.read_values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self.read_values(resource, instance)

    @staticmethod
    def read_values(resource, instance) -> list[str]:
        return [preview_value(resource, field, instance) for field in resource.get_import_fields()]

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old = "" if self.new else old
            if old == new:
                cells.append(conditional_escape(new))
            elif not old:
                cells.append(format_html("<ins>{}</ins>", new))
            elif not new:
                cells.append(format_html("<del>{}</del>", old))
            elif max(len(old), len(new)) > WHOLE_VALUE_LENGTH:
                cells.append(word_diff(old, new))
            else:
                cells.append(format_html("<del>{}</del> → <ins>{}</ins>", old, new))
        return cells


class ContentResource(resources.ModelResource):
    """Exports with formulas neutralised; imports validated row by row and limited to the user's centres.

    On the way in, the apostrophe put before a formula on the way out is removed again (export then import
    changes nothing), and rows that contradict each other (the same identifying key or the same unique value,
    an NCT number say, twice in one file) are each a row error naming the other rows.
    """

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ReferenceWidget):
                # The class's widget is shared by every import: this resource's own copy knows its user.
                field.widget = copy.copy(field.widget)
                field.widget.user = user
        self._conflicts: dict[int, list[str]] = {}
        self.spreadsheet_rows: list[int] | None = None

    def get_diff_class(self):
        return ReadableDiff

    @classmethod
    def column_label(cls, field) -> str:
        """A column's readable name in the active language: the verbose name of the model field it reads
        ("Titre (français)" for ``title_fr``), else its key. The file itself is headed by the keys (``title_fr``),
        the same in every language, so that a file exported in English imports for French staff."""
        name = (field.attribute or field.column_name or "").split("__")[0]
        try:
            return capfirst(cls._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return field.column_name

    @classmethod
    def column_labels(cls) -> dict[str, str]:
        """{column key: readable name} for every column of the resource, in the active language."""
        return {field.column_name: cls.column_label(field) for field in cls.fields.values()}

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def export_field(self, field, instance, **kwargs):
        """A choice column as its label in the active language ("Terminé", not ``completed``): what staff read in
        the file and in the import preview; the import takes the label back (``read_choice``), so export then
        import changes nothing."""
        value = super().export_field(field, instance, **kwargs)
        choices = self.model_choices(field)
        if choices and value not in (None, ""):
            return str(dict((str(code), label) for code, label in choices).get(str(value), value))
        return value

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # The preview shows the file's own columns only (not the export-only status the resource adds).
        result.file_headers = [str(header).strip() for header in (dataset.headers or [])]
        result.spreadsheet_rows = self.spreadsheet_rows
        read = {field.column_name for field in self.get_import_fields() if not field.readonly}
        result.unread_columns = [header for header in result.file_headers if header and header not in read]

    def read_label_headers(self, dataset) -> None:
        """A column headed by its readable name in either language ("Titre (français)", as the import page and the
        preview show it) is read as its key (``title_fr``)."""
        keys = {field.column_name for field in self.fields.values()}
        by_label = {}
        for language in language_codes():
            with translation.override(language):
                for key, label in self.column_labels().items():
                    by_label.setdefault(str(label).strip().casefold(), key)
        headers = [str(header).strip() if header is not None else header for header in (dataset.headers or [])]
        renamed = [
            header if header is None or header in keys else by_label.get(header.casefold(), header)
            for header in headers
        ]
        if renamed != headers and len(set(renamed)) == len(renamed):
            dataset.headers = renamed

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        # An empty number or date is an empty cell (tablib writes None as the text "None" in XLSX).
        return [escape_formula("" if value is None else value) for value in row]

    # What a cell of each widget must hold, for the error that says how to fix it.
    EXPECTED = {
        widgets.DecimalWidget: _("a number, for example 47.2184 or 47,2184"),
        widgets.FloatWidget: _("a number, for example 47.2184 or 47,2184"),
        widgets.IntegerWidget: _("a whole number without separators or decimals, for example 1500"),
        widgets.DateWidget: _("a date, for example 2024-07-31"),
        widgets.DateTimeWidget: _("a date and time, for example 2024-07-31 14:30"),
        widgets.BooleanWidget: _("1 or 0"),
    }

    def model_choices(self, field) -> list | None:
        """The (code, label) choices of the model field behind an import column, or None."""
        try:
            model_field = self._meta.model._meta.get_field(field.attribute)
        except (FieldDoesNotExist, TypeError):
            return None
        return list(model_field.flatchoices) if model_field.choices and not model_field.is_relation else None

    def read_choice(self, field, row) -> None:
        """A column with choices takes the code (``recruiting``) or its label in either language ("En
        recrutement", "Recruiting"), as exported to French or English staff; anything else is a row error that
        lists what the column takes."""
        choices = self.model_choices(field)
        value = row.get(field.column_name)
        if not choices or value in (None, "") or str(value).strip() in {str(code) for code, _label in choices}:
            return
        wanted = str(value).strip().casefold()
        for code, label in choices:
            for language in language_codes():
                with translation.override(language):
                    if str(label).casefold() == wanted:
                        row[field.column_name] = code
                        return
        listed = "; ".join(f"{code} ({label})" for code, label in choices if code != "")
        raise ValueError(
            gettext("“%(value)s” is not one of this column's values; write one of: %(choices)s.")
            % {"value": shorten(value), "choices": listed}
        )

    def readable_cell(self, column: str, value) -> str:
        """A cell of the file as the editor reads it, for an invalid row of the preview: a choice's code as its
        label, a date localised, rich text as its text, linked rows' keys as the names of those the user may see;
        what cannot be read is shown as written (the error beside it says why)."""
        if value is None or str(value).strip() == "":
            return ""
        field = next((field for field in self.get_import_fields() if field.column_name == column), None)
        text = str(value).strip()
        if field is None:
            return text
        choices = self.model_choices(field)
        if choices:
            return str(dict((str(code), label) for code, label in choices).get(text, text))
        widget = field.widget
        if isinstance(widget, widgets.DateWidget) and not isinstance(widget, widgets.DateTimeWidget):
            try:
                return formats.date_format(widget.clean(text), "DATE_FORMAT")
            except (ValueError, TypeError):
                return text
        if isinstance(widget, widgets.ForeignKeyWidget | widgets.ManyToManyWidget):
            many = isinstance(widget, widgets.ManyToManyWidget)
            parts = [part.strip() for part in text.split(widget.separator)] if many else [text]
            queryset = reference_queryset(widget)
            if self.user is not None and is_centre_scoped(queryset.model):
                queryset = scope_queryset_for_user(self.user, queryset)
            names = {
                str(getattr(obj, widget.field)): str(obj) for obj in queryset.filter(**{f"{widget.field}__in": parts})
            }
            return ", ".join(names.get(part, part) for part in parts if part)
        if "<" in text:
            return html_to_text(text)
        return text

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """As import-export's, but a cell it cannot read is a row error naming the column, the value and the fix
        (import-export lets a decimal.InvalidOperation through as "[<class 'decimal.ConversionSyntax'>]")."""
        self.read_choice(field, row)
        if isinstance(field.widget, widgets.ForeignKeyWidget):
            self.read_references(field, row)
        try:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValidationError:
            raise
        except (ValueError, ArithmeticError, TypeError) as error:
            if isinstance(field.widget, ReferenceWidget):
                raise ValueError(str(error)) from error
            expected = next((text for kind, text in self.EXPECTED.items() if isinstance(field.widget, kind)), None)
            message = gettext("“%(value)s” cannot be read") % {"value": shorten(row.get(field.column_name))}
            if expected:
                message += gettext("; write %(expected)s.") % {"expected": expected}
            raise ValueError(message) from error

    def read_references(self, field, row) -> None:
        """A column that names other rows (a many-to-many column, "phase_2|Phase III", or a foreign key) takes
        their keys or their names in either language; the row is rewritten with the keys. Any value naming no row
        is a row error listing what the column takes: import-export would drop it from a many-to-many column
        without a word (a lost phase) and say "does not exist" of a foreign key.

        Raises ValueError."""
        value = row.get(field.column_name)
        if value in (None, "") or not str(value).strip():
            return
        widget = field.widget
        many = isinstance(widget, widgets.ManyToManyWidget)
        values = [part.strip() for part in str(value).split(widget.separator)] if many else [str(value).strip()]
        values = [part for part in values if part]
        cache = self.__dict__.setdefault("_reference_names", {})
        if field.column_name not in cache:
            cache[field.column_name] = reference_names(widget)
        names = cache[field.column_name]
        if names is None:
            existing = {
                str(key)
                for key in reference_queryset(widget)
                .filter(**{f"{widget.field}__in": values})
                .values_list(widget.field, flat=True)
            }
            names = {comparable_name(key): key for key in existing}
        keys, unknown = [], []
        for part in values:
            key = names.get(comparable_name(part))
            (keys if key is not None else unknown).append(key if key is not None else part)
        if unknown:
            raise ValueError(unknown_reference_message(widget, unknown, user=self.user))
        row[field.column_name] = widget.separator.join(keys) if many else keys[0]

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        # A TextField is text like a CharField: import-export gives it a bare Widget, which turns a blank cell into
        # None (a NOT NULL error) rather than "".
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DayFirstDateWidget
        if isinstance(f, models.IntegerField) and not f.is_relation:
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.CharField | models.TextField) and not django_field.null:
            # A blank cell (None in XLSX) is the empty text the field stores, never NULL.
            kwargs.update({"coerce_to_string": True, "allow_blank": True})
        return kwargs

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.spreadsheet_rows = getattr(dataset, "spreadsheet_rows", None)
        self.read_label_headers(dataset)
        self.check_key_columns(dataset)
        self._conflicts = self.conflicting_rows(dataset)

    def check_key_columns(self, dataset) -> None:
        """A file without the identifying columns cannot say which rows to update: one clear error for the file.

        Raises ValidationError naming the missing columns and the columns the file has.
        """
        columns_by_attribute = {field.attribute: field.column_name for field in self.get_import_fields()}
        needed = [columns_by_attribute.get(name, name) for name in self._meta.import_id_fields]
        headers = [str(header).strip() for header in (dataset.headers or [])]
        missing = [column for column in needed if column not in headers]
        if missing:
            hint = ""
            if len(headers) == 1 and any(separator in headers[0] for separator in ";,\t"):
                hint = " " + gettext("The whole header line was read as one column: save the file as CSV again.")
            raise ValidationError(
                gettext("The file has no column %(missing)s, which says which row is which. Its columns: %(found)s.")
                % {
                    "missing": ", ".join(gettext("“%(column)s”") % {"column": column} for column in missing),
                    "found": ", ".join(headers) or "—",
                }
                + hint
            )

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = unescape_formula(value)
        messages = self._conflicts.get(kwargs.get("row_number"))
        if messages:
            raise ValidationError(messages)

    def conflicting_columns(self) -> list[tuple[str, ...]]:
        """The column groups no two rows may share: the identifying columns, and each unique field's column."""
        columns_by_attribute = {field.attribute: field.column_name for field in self.get_import_fields()}
        groups = [tuple(columns_by_attribute.get(name, name) for name in self._meta.import_id_fields)]
        for model_field in self._meta.model._meta.concrete_fields:
            unique = model_field.unique and not model_field.primary_key
            unique = unique or any(
                list(getattr(constraint, "fields", ())) == [model_field.name]
                for constraint in self._meta.model._meta.constraints
            )
            if unique and model_field.name in columns_by_attribute:
                group = (columns_by_attribute[model_field.name],)
                if group not in groups:
                    groups.append(group)
        return groups

    def conflicting_rows(self, dataset) -> dict[int, list[str]]:
        """{row number: messages} for the rows of ``dataset`` (numbered from 1, as import-export numbers them) that
        share an identifying key or a unique value with another row; the messages name the rows as the spreadsheet
        does (``spreadsheet_row``). Empty values never conflict."""
        conflicts: dict[int, list[str]] = {}
        headers = list(dataset.headers or [])
        for columns in self.conflicting_columns():
            if not all(column in headers for column in columns):
                continue
            seen: dict[tuple, list[int]] = {}
            shown: dict[tuple, str] = {}
            for number, data_row in enumerate(dataset, 1):
                row = dict(zip(headers, data_row, strict=False))
                values = [str(unescape_formula(row[column]) or "").strip() for column in columns]
                # Exactly as the database compares them: slugs that differ by case are two items.
                key = tuple(values)
                if all(key):
                    seen.setdefault(key, []).append(number)
                    shown.setdefault(key, " / ".join(values))
            for key, numbers in seen.items():
                if len(numbers) < 2:
                    continue
                message = gettext("Rows %(rows)s have the same %(columns)s “%(value)s”: keep one of them.") % {
                    "rows": ", ".join(str(spreadsheet_row(number, self.spreadsheet_rows)) for number in numbers),
                    "columns": " + ".join(columns),
                    "value": shown[key],
                }
                for number in numbers:
                    conflicts.setdefault(number, []).append(message)
        return conflicts

    def save_instance(self, instance, is_create, row, **kwargs):
        # The object, then its many-to-many columns (save_m2m): one version for the row, as for a form's save,
        # and its history says where the change came from.
        instance._version_before_import = latest_version_id(instance) if instance.pk else None
        set_change_reason(instance, gettext("Imported from a spreadsheet"))
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if not kwargs.get("dry_run"):
            keep_one_version(instance, after_id=getattr(instance, "_version_before_import", None))

    def get_instance(self, instance_loader, row):
        # An unknown reference in the row's identifying columns is that row's validation error, on its column (the
        # preview names it: "Centre ``centre`` « xx » : …").
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            errors = {}
            for name in self._meta.import_id_fields:
                field = self.fields.get(name) or next(
                    (field for field in self.get_import_fields() if field.attribute == name), None
                )
                if field is None or not isinstance(field.widget, widgets.ForeignKeyWidget):
                    continue
                try:
                    self.read_references(field, row)
                    field.clean(row)
                except (ValueError, ObjectDoesNotExist) as column_error:
                    errors[field.attribute] = [str(column_error)]
            raise ValidationError(errors or str(error)) from error

    def get_queryset(self):
        queryset = super().get_queryset()
        return scope_queryset_for_user(self.user, queryset) if self.user is not None else queryset

    def row_centre_ids(self, instance, row) -> list:
        """The centres an imported row belongs to, for the centre-scope rule: its ``centre`` by default."""
        return [getattr(instance, "centre_id", None)]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """As import-export's, but a row outside the user's centres has that one error: the model's own checks
        would add what the user cannot act on (the row, unseen in their scope, "already exists")."""
        if getattr(instance, "_outside_user_centres", False):
            raise ValidationError(import_validation_errors)
        held = self.values_held_elsewhere(instance)
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            if not held:
                raise
            # The model's own "already exists" (a conditional constraint's, without the field) is said better
            # by the message naming the holder.
            errors = {field: list(messages) for field, messages in error.message_dict.items()}
            said = {str(message) for message in held.pop("_constraint_messages")}
            general = [message for message in errors.pop(NON_FIELD_ERRORS, []) if message not in said]
            for field, messages in held.items():
                errors[field] = [message for message in errors.get(field, []) if message not in said] + messages
            if general:
                errors[NON_FIELD_ERRORS] = general
            raise ValidationError(errors) from error
        if held:  # pragma: no cover (the model's own checks refuse the same value)
            held.pop("_constraint_messages")
            raise ValidationError(held)

    def values_held_elsewhere(self, instance) -> dict:
        """{field name: [message]} for each unique value of ``instance`` another row already holds, naming that
        row (by name if the user may see it), plus ``"_constraint_messages"``: the model's own messages for the same
        fault, which these replace. Empty when no value is taken."""
        model = type(instance)
        opts = model._meta
        held: dict = {}
        constraint_messages = []
        for field in opts.concrete_fields:
            constraints = [
                constraint for constraint in opts.constraints if list(getattr(constraint, "fields", ())) == [field.name]
            ]
            if field.primary_key or not (field.unique or constraints):
                continue
            value = getattr(instance, field.attname)
            if value in (None, ""):
                continue
            others = model._default_manager.filter(**{field.attname: value})
            if instance.pk is not None:
                others = others.exclude(pk=instance.pk)
            holder = others.first()
            if holder is None:
                continue
            visible = self.user is None or scope_queryset_for_user(self.user, others).filter(pk=holder.pk).exists()
            name = str(holder) if visible else gettext("one you cannot see (another centre's)")
            held[field.name] = [
                gettext("another %(model)s already has it: %(holder)s. Leave the cell empty or correct the value.")
                % {"model": opts.verbose_name, "holder": name}
            ]
            constraint_messages += [constraint.violation_error_message for constraint in constraints]
            constraint_messages += [
                message % {"model_name": capfirst(opts.verbose_name), "field_label": field.verbose_name}
                for message in [field.error_messages.get("unique", "")]
                if message
            ]
        if held:
            held["_constraint_messages"] = constraint_messages
        return held

    def import_instance(self, instance, row, **kwargs):
        is_new = instance.pk is None
        # import-export reads many-to-many columns only when saving, where an error is no longer the row's: they
        # are checked here, with the others.
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    self.read_references(field, row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            raise ValidationError({**error.error_dict, **errors}) from error
        if errors:
            raise ValidationError(errors)
        if self.user is None:
            return
        opts = instance._meta
        # The centres first: a row of another centre's is refused as such, whether or not it exists.
        if not may_work_on(self.user, centre_ids=self.row_centre_ids(instance, row)):
            instance._outside_user_centres = True
            raise ValidationError({"centre": gettext("You can only import rows for your own centres.")})
        if is_new and not self.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise ValidationError(
                gettext("This row names no existing %(model)s, and you may only update them: check its key columns.")
                % {"model": opts.verbose_name}
            )


class LabelledExportForm(SelectableFieldsExportForm):
    """The export form's columns named as the editor reads them: "Titre (français)", with the key the file's
    header carries (``title_fr``) beside it; import-export titles the key ("Title Fr")."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for field in self.fields.values():
            # import-export's own attribute, invalid in HTML and read by nothing: a data- attribute.
            if "resource-id" in field.widget.attrs:
                field.widget.attrs["data-resource-id"] = field.widget.attrs.pop("resource-id")
        for resource in resources:
            labels = resource.column_labels() if issubclass(resource, ContentResource) else {}
            for name in resource().get_export_order():
                field = resource.fields.get(name)
                if field is None or field.column_name not in labels:
                    continue
                self.fields[self.create_boolean_field_name(resource, name)].label = format_html(
                    '{} <code class="column-key">{}</code>', labels[field.column_name], field.column_name
                )


class ExportAdminMixin(ExportMixin):
    formats = [SpreadsheetCSV, XLSX]
    export_form_class = LabelledExportForm

    def get_resource_classes(self, request):
        if self.resource_classes:
            return self.resource_classes
        model = self.model
        meta = type("Meta", (ContentResource.Meta,), {"model": model})
        return [type(f"{model.__name__}Resource", (ContentResource,), {"Meta": meta})]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def export_action(self, request):
        """As import-export's, but filters in the address that the list cannot apply (``?id__exact=abc``, an
        unknown parameter) send the editor back to the list with a message, as the list itself does, not a 500."""
        try:
            return super().export_action(request)
        except (IncorrectLookupParameters, FieldError, ValidationError, ValueError):
            messages.error(
                request,
                gettext("The filters in the address could not be applied: choose them again on the list, then export."),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        """``essais-cliniques-2026-11-29.csv``: the model's plural name in the editor's language and the day."""
        name = slugify(str(self.model._meta.verbose_name_plural)) or self.model._meta.model_name
        return f"{name}-{localdate().isoformat()}.{file_format.get_extension()}"


class ImportExportAdminMixin(ImportExportMixin, ExportAdminMixin):
    """Import with a preview; a file with any invalid row imports nothing, even if confirmed by a forged POST.

    Import is for those who may change the model's rows; a row that would create one needs the add permission
    too (``ContentResource.import_instance``), so that a centre editor may update their recruitment statuses.
    """

    import_error_display = ("message",)

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def has_import_permission(self, request):
        return self.has_change_permission(request)

    def import_action(self, request, *args, **kwargs):
        """As import-export's, with the columns named for people: the import page lists each column the import
        reads by its name and its key (what a file's header must say), and the preview's tables and errors name
        columns and fields in the editor's language, not by their keys."""
        response = super().import_action(request, *args, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        labels = self.column_labels(request)
        if context.get("fields_list"):
            # Export-only columns (a trial's publication status) are not what the import reads: not listed.
            export_only = self.export_only_columns()
            context["fields_list"] = [
                (name, [(column, labels.get(column, column)) for column in columns if column not in export_only])
                for name, columns in context["fields_list"]
            ]
        result = context.get("result")
        if result is not None:
            self.name_preview_columns(result, labels, context, user=request.user)
        return response

    def name_preview_columns(self, result, labels: dict[str, str], context, user=None) -> None:
        """The preview's tables in the file's own columns (a file of five columns is previewed in five, not in the
        resource's twenty-two, nor with the export-only status it does not fill), headed by readable names, each
        row numbered as the spreadsheet numbers it (the header is row 1); each invalid row's errors by column.

        Sets ``context["column_headers"]`` to [(key, name)], and on each row ``line`` (its spreadsheet row number)
        and ``shown`` (its cells in the same order) and, on invalid rows, ``labelled_errors``
        [(name, key, shortened value, [messages])]."""
        valid_rows, invalid_rows = list(result.valid_rows()), list(result.invalid_rows)
        file_headers = getattr(result, "file_headers", None) or list(result.diff_headers)
        readonly = self.export_only_columns()
        rows = getattr(result, "spreadsheet_rows", None)
        context["unread_columns"] = getattr(result, "unread_columns", [])
        context["expected_columns"] = [
            (key, name) for key, name in labels.items() if key not in readonly and key not in file_headers
        ]
        kept = [key for key in result.diff_headers if key in file_headers and key not in readonly]
        context["column_headers"] = [(key, labels.get(key, key)) for key in kept]
        # import-export keeps every row's result in the file's order (the resource reports skipped rows).
        numbers = {id(row): number for number, row in enumerate(result.rows, 1)}
        for row in valid_rows:
            cells = dict(zip(result.diff_headers, list(row.diff or []), strict=False))
            row.shown = [cells.get(key, "") for key in kept]
            row.line = spreadsheet_row(numbers[id(row)], rows)
        attributes = self.column_attributes(None)
        resource_class = next(iter(self.get_import_resource_classes(None)), None)
        reader = resource_class(user=user) if resource_class and issubclass(resource_class, ContentResource) else None
        for row in invalid_rows:
            # import-export lists an invalid row's values in the order of its diff headers.
            cells = dict(zip(result.diff_headers, list(row.values), strict=False))
            row.shown = [reader.readable_cell(key, cells.get(key)) if reader else cells.get(key, "") for key in kept]
            row.line = spreadsheet_row(row.number, rows)
            row.labelled_errors = []
            for name, errors in row.field_specific_errors.items():
                key = attributes.get(name, name)
                row.labelled_errors.append(
                    (self.field_label(name, labels), key, shorten(cells[key]) if key in file_headers else None, errors)
                )
        # import-export's own list of rows that failed (an exception, not a validation error).
        context["row_failures"] = [(spreadsheet_row(number, rows), errors) for number, errors in result.row_errors()]

    def column_attributes(self, request) -> dict[str, str]:
        """{model attribute: column key} of the import's columns (an error names the attribute)."""
        return {
            field.attribute: field.column_name
            for resource_class in self.get_import_resource_classes(request)
            for field in resource_class().fields.values()
            if field.attribute
        }

    def add_success_message(self, result, request):
        """The end of an import in words, each count agreeing in number: "Importation terminée : 2 nouveaux,
        0 mis à jour, 0 supprimé, 3 sans changement."; import-export's says "0 sautés"."""
        totals = result.totals
        counts = [
            ngettext("%(count)d new", "%(count)d new", totals[RowResult.IMPORT_TYPE_NEW]),
            ngettext("%(count)d updated", "%(count)d updated", totals[RowResult.IMPORT_TYPE_UPDATE]),
            ngettext("%(count)d deleted", "%(count)d deleted", totals[RowResult.IMPORT_TYPE_DELETE]),
            ngettext("%(count)d with no change", "%(count)d with no change", totals[RowResult.IMPORT_TYPE_SKIP]),
        ]
        keys = [
            RowResult.IMPORT_TYPE_NEW,
            RowResult.IMPORT_TYPE_UPDATE,
            RowResult.IMPORT_TYPE_DELETE,
            RowResult.IMPORT_TYPE_SKIP,
        ]
        text = ", ".join(count % {"count": totals[key]} for count, key in zip(counts, keys, strict=True))
        messages.success(
            request,
            gettext("Import finished (%(model)s): %(counts)s.")
            % {"model": self.model._meta.verbose_name_plural, "counts": text},
        )

    def column_labels(self, request) -> dict[str, str]:
        """{column key: readable name} of the import's columns, in the active language."""
        labels = {}
        for resource_class in self.get_import_resource_classes(request):
            if issubclass(resource_class, ContentResource):
                labels.update(resource_class.column_labels())
        return labels

    def field_label(self, name: str, labels: dict[str, str]) -> str:
        """The readable name of a field a row error names (a model field or an import column)."""
        try:
            return str(capfirst(self.model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            return labels.get(name, name)

    def add_data_read_fail_error_to_form(self, form, e):
        # import-export names the exception ("'InvalidDimensions' encountered…"): say what to do instead.
        form.add_error(
            "import_file",
            gettext(
                "The file could not be read: save it as CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX, "
                "with the column names on its first line and as many cells on every line."
            ),
        )

    def export_only_columns(self) -> set[str]:
        return {
            field.column_name
            for resource_class in self.get_import_resource_classes(None)
            for field in resource_class().fields.values()
            if field.readonly
        }
