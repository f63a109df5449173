"""What every content ModelAdmin shares: centre scoping, history, export, the workflow, rich text.

- ``CentreScopedAdminMixin``: a centre editor sees, opens, changes, deletes, exports and reads the
  history of their centres' objects only; choices of centre content are limited to theirs and the
  form refuses anything else (a forged POST gets a form error, not a save).
- ``ContentAdmin``: the base of every content admin (history with diffs and revert, CSV/XLSX export
  with formulas neutralised, the scoping above).
- ``WorkflowAdminMixin``: the publishing workflow for Publishable models (actions with a
  confirmation page, change-form buttons, preview link, "on the site" column and filter).
"""

import re
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from unicancer_site.core.models import PublicationStatus
from unicancer_site.core.sanitize import sanitize_html
from unicancer_site.core.validators import IMAGE_FORMATS, inspect_image

from . import services
from .models import WorkflowTransition
from .roles import can_publish
from .scoping import scope_queryset_for_user, user_centre_ids

# ---------------------------------------------------------------------------------------------
# Centre scoping


def centre_scoped_models():
    """The models whose rows belong to centres (the others are shared reference data)."""
    from centres.models import Centre, Site
    from certifications.models import Certification, ChapterScore, PlannedVisit
    from research.models import Trial, TrialCentre
    from unicancer_site.news.models import NewsItem

    return {Centre, Site, Certification, ChapterScore, PlannedVisit, Trial, TrialCentre, NewsItem}


def is_restricted(request) -> bool:
    return user_centre_ids(request.user) is not None


class ScopedChoicesMixin:
    """Foreign keys and many-to-many fields to centre content offer a centre editor their centres' rows only.

    The form field's queryset is what Django validates against, so a forged POST naming another
    centre's row gets "Select a valid choice", whatever the widget showed.
    """

    def _scoped_related_queryset(self, request, db_field):
        related = db_field.related_model
        if is_restricted(request) and related in centre_scoped_models():
            return scope_queryset_for_user(request.user, related._default_manager.all())
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._scoped_related_queryset(request, db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._scoped_related_queryset(request, db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.model in centre_scoped_models():
            return scope_queryset_for_user(request.user, queryset)
        return queryset


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: rows and choices limited to the user's centres."""


class ContentAdminForm(forms.ModelForm):
    """The form every content admin builds on; the admin sets the per-request attributes in ``get_form``."""

    scope_user = None
    # For a centre editor, these many-to-many fields must name at least one of their centres.
    centre_required_fields: tuple[str, ...] = ()
    rich_text_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.rich_text_fields:
            if cleaned_data.get(name):
                cleaned_data[name] = clean_rich_text(cleaned_data[name])
        centre_ids = user_centre_ids(self.scope_user) if self.scope_user is not None else None
        if centre_ids is not None:
            self._keep_hidden_links(cleaned_data)
            for name in self.centre_required_fields:
                chosen = cleaned_data.get(name)
                if name in self.fields and chosen is not None and not {c.pk for c in chosen} & centre_ids:
                    self.add_error(name, _("Choose at least one of your centres."))
        return cleaned_data

    def _keep_hidden_links(self, cleaned_data):
        """Links to other centres' rows are not offered to a centre editor: saving must not drop them."""
        if not self.instance.pk:
            return
        scoped_models = centre_scoped_models()
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if not isinstance(field, forms.ModelMultipleChoiceField) or model not in scoped_models:
                continue
            if name not in cleaned_data:
                continue
            visible = field.queryset.values("pk")
            hidden = list(getattr(self.instance, name).exclude(pk__in=visible).values_list("pk", flat=True))
            if hidden:
                chosen = [obj.pk for obj in cleaned_data[name]]
                cleaned_data[name] = model._default_manager.filter(pk__in=chosen + hidden)


class CentreScopedAdminMixin(ScopedChoicesMixin):
    """A centre editor's view of the admin: their centres' objects only, everywhere."""

    centre_required_fields: tuple[str, ...] = ()

    def _in_scope(self, request, obj) -> bool:
        if obj is None or obj.pk is None or not is_restricted(request):
            return True
        if self.model not in centre_scoped_models():
            return True
        return scope_queryset_for_user(request.user, self.model._default_manager.filter(pk=obj.pk)).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and is_restricted(request):
            # Another centre's object, or none: the same answer, so that nothing is revealed.
            raise Http404(gettext("No such object."))
        return obj


# ---------------------------------------------------------------------------------------------
# Uploads


class CheckedImageField(forms.ImageField):
    """Checks the image by its content before Django's own check, so that each refusal says what is wrong
    (format, weight, pixels) and a decompression bomb is refused before it is decoded."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            image_format = inspect_image(data)
            # The stored name's extension follows the content, not what the uploader called it.
            data.name = f"{PurePath(data.name).stem or 'image'}{IMAGE_FORMATS[image_format]}"
        return super().to_python(data)


# ---------------------------------------------------------------------------------------------
# Rich text

RICH_TEXT_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "HardBreak": True,
    "HorizontalRule": True,
}
_EMPTY_EDITOR_VALUE = re.compile(r"^\s*<p>\s*</p>\s*$")


def rich_text_widget():
    return AdminProseEditorWidget(config={"extensions": RICH_TEXT_EXTENSIONS}, preset="configurable")


def clean_rich_text(value: str) -> str:
    """The allowlist (core.sanitize) on what the editor sent; the model's save() applies it again."""
    if not value or _EMPTY_EDITOR_VALUE.match(value):
        return ""
    return sanitize_html(value)


# ---------------------------------------------------------------------------------------------
# Import and export

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+([.,][0-9]+)?$")


def escape_formula(value):
    """A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection).

    A plain signed number (a western longitude, -1.5534) is no formula and stays as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


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
        centre_ids = user_centre_ids(self.user) if self.user is not None else None
        centre_id = getattr(instance, "centre_id", None)
        if centre_ids is not None and centre_id not in centre_ids:
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


# ---------------------------------------------------------------------------------------------
# History


class HistoryAdminMixin:
    """simple-history's history (with its per-version diff) and revert; reverting is recorded as such."""

    history_list_per_page = 50

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self.has_simple_history:
            # A model without HistoricalRecords (Localisation): Django's own history, from the admin log.
            self.object_history_template = None

    @property
    def has_simple_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_simple_history:
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_simple_history:
            raise Http404(gettext("This kind of object keeps no versions."))
        if request.method == "POST":
            # simple-history saves a POSTed version for anyone who may view it: reverting is a change.
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        request._reverting_to_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        version = getattr(request, "_reverting_to_version", None)
        if version is not None:
            obj._change_reason = gettext("Reverted to version %(version)s") % {"version": version}
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None and hasattr(current, "status"):
                # Reverting restores the content; publication moves only through the workflow.
                obj.status = current.status
                if not can_publish(request.user, type(obj)):
                    obj.publish_from, obj.publish_until = current.publish_from, current.publish_until
        super().save_model(request, obj, form, change)


# ---------------------------------------------------------------------------------------------
# The base of every content admin


class ContentAdmin(CentreScopedAdminMixin, HistoryAdminMixin, ExportAdminMixin, SimpleHistoryAdmin):
    form = ContentAdminForm
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageField}}
    rich_text_fields: tuple[str, ...] = ()
    list_per_page = 50

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.scope_user = request.user
        form_class.centre_required_fields = tuple(self.centre_required_fields)
        form_class.rich_text_fields = tuple(self.rich_text_fields)
        return form_class

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            kwargs["widget"] = rich_text_widget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentImportExportAdmin(ImportExportAdminMixin, ContentAdmin):
    pass


# ---------------------------------------------------------------------------------------------
# Publishing workflow


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("on the site")
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("expired", _("Expired")),
            ("in_review", _("Waiting for review")),
            ("not_public", _("Not published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "live":
            return queryset.published(now)
        if value == "scheduled":
            return queryset.scheduled(now)
        if value == "expired":
            return queryset.expired(now)
        if value == "in_review":
            return queryset.in_review()
        if value == "not_public":
            return queryset.exclude(status=PublicationStatus.PUBLISHED)
        return queryset


WORKFLOW_LABELS = {
    "send_to_review": (_("Send to review"), _("sent to review")),
    "publish": (_("Publish"), _("published")),
    "unpublish": (_("Unpublish"), _("unpublished")),
}


class WorkflowAdminMixin:
    """Publishable models: status moves only through the workflow services."""

    change_form_template = "admin/accounts/workflow_change_form.html"
    actions = ["send_to_review_selected", "publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["accounts/admin.css"]}

    # -- columns and fields

    @admin.display(description=_("on the site"), ordering="publish_from")
    def publication(self, obj):
        code, label = services.publication_state(obj)
        return format_html('<span class="publication publication-{}">{}</span>', code, label)

    def view_on_site(self, obj):
        """The public page when the item is live; otherwise the staff preview of what it will look like."""
        if obj.is_published():
            return obj.get_absolute_url()
        opts = obj._meta
        return reverse(f"{self.admin_site.name}:preview", args=[opts.app_label, opts.model_name, obj.pk])

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        readonly.append("status")
        if not can_publish(request.user, self.model):
            readonly += ["publish_from", "publish_until"]
        return readonly

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def has_send_to_review_permission(self, request):
        return self.has_change_permission(request)

    # -- bulk actions, each with a confirmation page

    @admin.action(description=_("Send selected items to review"), permissions=["send_to_review"])
    def send_to_review_selected(self, request, queryset):
        return self._bulk_workflow(request, queryset, "send_to_review")

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._bulk_workflow(request, queryset, "publish")

    @admin.action(description=_("Unpublish selected items"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return self._bulk_workflow(request, queryset, "unpublish")

    def _bulk_workflow(self, request, queryset, action):
        if request.POST.get("post") != "yes":
            opts = self.model._meta
            context = {
                **self.admin_site.each_context(request),
                "title": WORKFLOW_LABELS[action][0],
                "action": action,
                "action_label": WORKFLOW_LABELS[action][0],
                "queryset": queryset,
                "objects_name": model_ngettext(queryset),
                "opts": opts,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action_name": f"{action}_selected",
                "media": self.media,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/accounts/workflow_confirmation.html", context)

        comment = request.POST.get("comment", "")[:2000]
        service = services.WORKFLOW_ACTIONS[action]
        done, skipped = 0, {}
        for obj in queryset:
            try:
                service(obj=obj, user=request.user, comment=comment)
                self.log_change(request, obj, WORKFLOW_LABELS[action][0])
            except PermissionDenied:
                reason = gettext("not allowed")
            except services.WorkflowError:
                reason = gettext("not possible from its status")
            except ValidationError:
                reason = gettext("invalid")
            else:
                done += 1
                continue
            skipped[reason] = skipped.get(reason, 0) + 1
        summary = gettext("%(count)d %(done)s") % {"count": done, "done": WORKFLOW_LABELS[action][1]}
        for reason, count in skipped.items():
            summary += ", " + gettext("%(count)d skipped: %(reason)s") % {"count": count, "reason": reason}
        self.message_user(request, summary + ".", messages.SUCCESS if not skipped else messages.WARNING)
        return None

    # -- the change form: buttons, preview link, the item's workflow log

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{opts.app_label}_{opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(gettext("No such object."))
        action = request.POST.get("workflow_action")
        if action not in services.WORKFLOW_ACTIONS:
            messages.error(request, gettext("Unknown action."))
        else:
            try:
                services.WORKFLOW_ACTIONS[action](obj=obj, user=request.user, comment=request.POST.get("comment", ""))
                # The admin log feeds the dashboard's recent changes.
                self.log_change(request, obj, WORKFLOW_LABELS[action][0])
            except PermissionDenied:
                messages.error(request, gettext("You are not allowed to do that."))
            except services.WorkflowError as error:
                messages.error(request, str(error))
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
            else:
                messages.success(
                    request,
                    gettext("“%(obj)s” %(done)s.") % {"obj": obj, "done": WORKFLOW_LABELS[action][1]},
                )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            opts = self.model._meta
            extra_context.update(
                {
                    "workflow_actions": [
                        (action, WORKFLOW_LABELS[action][0])
                        for action in services.allowed_actions(obj=obj, user=request.user)
                    ],
                    "workflow_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk]),
                    "workflow_transitions": WorkflowTransition.objects.for_object(obj).select_related("user")[:20],
                    "preview_url": reverse("admin:preview", args=[opts.app_label, opts.model_name, obj.pk]),
                    "publication_state": services.publication_state(obj),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)
