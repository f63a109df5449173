"""CSV for spreadsheets: nested objects flattened to dotted columns, formulas neutralised."""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from unicancer_site.core.spreadsheets import escape_formula

LIST_SEPARATOR = "; "


def _cell(value) -> str:
    """Text a spreadsheet would run is neutralised; numbers are not (a negative longitude stays a number)."""
    if isinstance(value, str):
        return escape_formula(value)
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def flatten(data, prefix: str = "") -> dict[str, str]:
    """{"source": {"title": "A"}, "phases": [{"code": "p2"}, {"code": "p3"}]} ->
    {"source.title": "A", "phases.code": "p2; p3"}."""
    row: dict[str, list[str] | str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, prefix=f"{name}."))
        elif isinstance(value, list):
            if value and all(isinstance(item, dict) for item in value):
                columns: dict[str, list[str]] = {}
                for item in value:
                    for column, cell in flatten(item, prefix=f"{name}.").items():
                        columns.setdefault(column, []).append(cell)
                row.update({column: LIST_SEPARATOR.join(cells) for column, cells in columns.items()})
            else:
                row[name] = LIST_SEPARATOR.join(_cell(item) for item in value)
        else:
            row[name] = _cell(value)
    return row


def serializer_columns(serializer, prefix: str = "") -> list[str]:
    """The dotted columns a serializer gives, whatever the data (a null nested object keeps its columns)."""
    columns = []
    for name, field in serializer.fields.items():
        child = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(child, serializers.Serializer):
            columns.extend(serializer_columns(child, prefix=f"{prefix}{name}."))
        else:
            columns.append(f"{prefix}{name}")
    return columns


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            rows = [flatten(data)]
        else:
            rows = [flatten(item) for item in data]
        columns = self.columns(rows, renderer_context)
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
        # The BOM lets spreadsheets detect UTF-8 (accents in French text).
        return ("\ufeff" + output.getvalue()).encode(self.charset)

    @staticmethod
    def columns(rows, renderer_context) -> list[str]:
        view = (renderer_context or {}).get("view")
        columns = serializer_columns(view.get_serializer()) if hasattr(view, "get_serializer") else []
        for row in rows:
            columns.extend(column for column in row if column not in columns)
        # A field whose data gave dotted columns ("registry_links.url") loses its bare column.
        return [column for column in columns if not any(other.startswith(f"{column}.") for other in columns)]
