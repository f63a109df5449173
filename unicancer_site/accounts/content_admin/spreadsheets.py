"""Import and export of the admin's lists (CSV and XLSX): formulas neutralised on the way out, rows
validated and limited to the user's centres on the way in, nothing imported when any row is invalid."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from unicancer_site.core.spreadsheets import escape_formula

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
    """Exports with formulas neutralised; imports validated row by row and limited to the user's centres."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_formula(value) for value in row]

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
