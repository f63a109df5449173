"""History in the admin: django-simple-history's versions with their diff, and a revert recorded as such."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext


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

    def get_reverted_fields_kept(self, request) -> list[str]:
        """Fields a revert leaves as they are now (the workflow's mixin names its own)."""
        return []

    def save_model(self, request, obj, form, change):
        version = getattr(request, "_reverting_to_version", None)
        if version is not None:
            obj._change_reason = gettext("Reverted to version %(version)s") % {"version": version}
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None:
                # Reverting restores the content; the fields a workflow owns move only through it.
                for name in self.get_reverted_fields_kept(request):
                    setattr(obj, name, getattr(current, name))
        super().save_model(request, obj, form, change)
