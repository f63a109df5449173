"""Centre scoping in the admin: a centre editor sees, opens, changes, deletes, exports and reads the history of
their centres' objects only; choices of centre content are limited to theirs and the form refuses anything else
(a forged POST gets a form error, not a save). The rule itself is ``unicancer_site.accounts.scoping``.
"""

from django.http import Http404
from django.utils.translation import gettext

from unicancer_site.core.scoping import is_centre_scoped

from ..models import CentreMembership
from ..scoping import is_restricted, may_work_on, scope_queryset_for_user, user_centre_ids


class ScopedChoicesMixin:
    """Foreign keys and many-to-many fields to centre content offer a centre editor their centres' rows only.

    The form field's queryset is what Django validates against, so a forged POST naming another
    centre's row gets "Select a valid choice", whatever the widget showed.
    """

    def _scoped_related_queryset(self, request, db_field):
        related = db_field.related_model
        if is_restricted(request.user) and is_centre_scoped(related):
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
        if is_centre_scoped(self.model):
            return scope_queryset_for_user(request.user, queryset)
        return queryset


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: rows and choices limited to the user's centres."""


class CentreScopedAdminMixin(ScopedChoicesMixin):
    """A centre editor's view of the admin: their centres' objects only, everywhere."""

    centre_required_fields: tuple[str, ...] = ()

    def _in_scope(self, request, obj) -> bool:
        return obj is None or may_work_on(request.user, obj=obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def get_changeform_initial_data(self, request):
        """A new object of an editor who works for one centre starts with that centre (its centre foreign key,
        or its centres many-to-many field)."""
        initial = super().get_changeform_initial_data(request)
        centre_ids = user_centre_ids(request.user)
        if centre_ids is None or len(centre_ids) != 1:
            return initial
        (centre_id,) = centre_ids
        centre_model = CentreMembership._meta.get_field("centre").related_model
        for field in self.model._meta.get_fields():
            if field.related_model is not centre_model or not getattr(field, "editable", False):
                continue
            if field.name in initial:
                continue
            if field.many_to_one:
                initial[field.name] = centre_id
            elif field.many_to_many:
                initial[field.name] = [centre_id]
        return initial

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and is_restricted(request.user):
            # Another centre's object, or none: the same answer, so that nothing is revealed.
            raise Http404(gettext("No such object."))
        return obj
