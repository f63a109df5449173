"""Import and export of the admin's lists (CSV and XLSX): formulas neutralised on the way out, rows
validated and limited to the user's centres on the way in, nothing imported when any row is invalid."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from unicancer_site.core.spreadsheets import escape_formula, unescape_formula

from ..scoping import may_work_on, scope_queryset_for_user


class ReferenceWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural key (a centre's slug); an unknown value is a row error that names it."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(
                gettext("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from error


class ContentResource(resources.ModelResource):
    """Exports with formulas neutralised; imports validated row by row and limited to the user's centres.

    On the way in, the apostrophe put before a formula on the way out is removed again (export then import
    changes nothing), and rows that contradict each other (the same identifying key or the same unique value,
    an NCT number say, twice in one file) are each a row error naming the other rows.
    """

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._conflicts: dict[int, list[str]] = {}

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_formula(value) for value in row]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._conflicts = self.conflicting_rows(dataset)

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
        """{row number: messages} for the rows of ``dataset`` (numbered from 1, as the import reports them) that
        share an identifying key or a unique value with another row. Empty values never conflict."""
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
                key = tuple(value.casefold() for value in values)
                if all(key):
                    seen.setdefault(key, []).append(number)
                    shown.setdefault(key, " / ".join(values))
            for key, numbers in seen.items():
                if len(numbers) < 2:
                    continue
                message = gettext("Rows %(rows)s have the same %(columns)s “%(value)s”: keep one of them.") % {
                    "rows": ", ".join(str(number) for number in numbers),
                    "columns": " + ".join(columns),
                    "value": shown[key],
                }
                for number in numbers:
                    conflicts.setdefault(number, []).append(message)
        return conflicts

    def get_instance(self, instance_loader, row):
        # An unknown reference in the row's identifying columns is that row's validation error.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def get_queryset(self):
        queryset = super().get_queryset()
        return scope_queryset_for_user(self.user, queryset) if self.user is not None else queryset

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if self.user is not None and not may_work_on(self.user, centre_ids=[getattr(instance, "centre_id", None)]):
            raise ValidationError({"centre": gettext("You can only import rows for your own centres.")})


class ExportAdminMixin(ExportMixin):
    formats = [CSV, XLSX]

    def get_resource_classes(self, request):
        if self.resource_classes:
            return self.resource_classes
        model = self.model
        meta = type("Meta", (ContentResource.Meta,), {"model": model})
        return [type(f"{model.__name__}Resource", (ContentResource,), {"Meta": meta})]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ImportExportAdminMixin(ImportExportMixin, ExportAdminMixin):
    """Import with a preview; a file with any invalid row imports nothing, even if confirmed by a forged POST."""

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)
