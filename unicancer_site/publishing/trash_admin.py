"""The trash in the admin (``publishing.trash``): "Delete" moves to the trash, never deletes; the trash's list,
with restore and emptying; withdrawal requests from editors who may not delete.

``TrashAdminMixin`` is part of every publishable model's admin (``WorkflowAdminMixin``); ``trash_view`` is the
admin site's page at ``/admin/trash/``, listing the trashed items of every publishable model the user may see.
"""

import datetime

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.roles import can_publish
from unicancer_site.accounts.scoping import may_work_on, scope_queryset_for_user

from . import trash

TRASH_LABEL = _("Move to the trash")


class TrashAdminMixin:
    """Deleting a publishable item, one or in bulk, moves it to the trash by the rules of ``trash.trash_refusal``.

    Django's own ``delete_selected`` action is removed: it would delete rows for good.
    """

    def get_queryset(self, request):
        # The admin's lists and forms: items in the trash are found in the trash only.
        return super().get_queryset(request).not_in_trash()

    def has_delete_permission(self, request, obj=None):
        """Publishers take items off the site too (into the trash), without Django's delete permission."""
        if super().has_delete_permission(request, obj):
            return True
        return can_publish(request.user, self.model) and (obj is None or may_work_on(request.user, obj=obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if self.has_delete_permission(request):
            actions["move_to_trash_selected"] = self.get_action("move_to_trash_selected")
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Publishers learn on the item itself that an editor asked for its withdrawal (the dashboard lists them too).
        if request.method == "GET" and can_publish(request.user, self.model):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                for withdrawal in trash.WithdrawalRequest.objects.for_object(obj).open().select_related("requested_by"):
                    messages.warning(
                        request,
                        gettext("%(user)s asked for its withdrawal: %(reason)s")
                        % {"user": withdrawal.requested_by or "—", "reason": withdrawal.reason},
                    )
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        trash.move_to_trash(obj=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                trash.move_to_trash(obj=obj, user=request.user)
            except (PermissionDenied, trash.TrashError):
                continue

    @admin.action(description=_("Move selected items to the trash"))
    def move_to_trash_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": TRASH_LABEL,
                "action": "move_to_trash",
                "action_label": TRASH_LABEL,
                "queryset": queryset,
                "objects_name": model_ngettext(queryset),
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action_name": "move_to_trash_selected",
                "media": self.media,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/publishing/workflow_confirmation.html", context)
        comment = request.POST.get("comment", "")[:2000]
        done, refused = 0, []
        for obj in queryset:
            try:
                trash.move_to_trash(obj=obj, user=request.user, comment=comment)
            except PermissionDenied as error:
                refused.append(f"“{obj}”: {error}")
            except trash.TrashError:
                continue
            else:
                self.log_deletion(request, obj, str(obj))
                done += 1
        summary = gettext("%(count)d moved to the trash.") % {"count": done}
        self.message_user(request, summary, messages.SUCCESS if not refused else messages.WARNING)
        for refusal in refused:
            self.message_user(request, refusal, messages.ERROR)
        return None

    def delete_view(self, request, object_id, extra_context=None):
        """The item's "Delete" page: move it to the trash, or, for an editor who may not, ask for its withdrawal."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404(gettext("No such object."))
        if not self.has_delete_permission(request, obj) and not trash.may_request_withdrawal(request.user, obj):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        refusal = trash.trash_refusal(request.user, obj)
        may_request = trash.may_request_withdrawal(request.user, obj)
        error = ""
        if request.method == "POST":
            if request.POST.get("request_withdrawal") and may_request:
                try:
                    trash.request_withdrawal(obj=obj, user=request.user, reason=request.POST.get("reason", ""))
                except ValueError as problem:
                    error = str(problem)
                else:
                    messages.success(request, gettext("Your request was sent to the reviewers."))
                    return HttpResponseRedirect(change_url)
            elif request.POST.get("post") == "yes":
                try:
                    trash.move_to_trash(obj=obj, user=request.user, comment=request.POST.get("comment", "")[:2000])
                except PermissionDenied as denied:
                    messages.error(request, str(denied))
                except trash.TrashError as problem:
                    messages.error(request, str(problem))
                else:
                    self.log_deletion(request, obj, str(obj))
                    messages.success(
                        request,
                        gettext("“%(obj)s” was moved to the trash. A reviewer can restore it until it is emptied.")
                        % {"obj": obj},
                    )
                    return HttpResponseRedirect(
                        reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": TRASH_LABEL,
            "object": obj,
            "opts": opts,
            "change_url": change_url,
            "refusal": refusal,
            "may_request_withdrawal": may_request,
            "pending_requests": trash.WithdrawalRequest.objects.for_object(obj).open().count(),
            "retention_days": trash.retention_days(),
            "error": error,
            "media": self.media,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/trash_confirmation.html", context)


def _item_key(obj) -> str:
    opts = obj._meta
    return f"{opts.app_label}.{opts.model_name}.{obj.pk}"


def trashed_items(admin_site, request) -> list:
    """The items in the trash the user may see, newest first: (model admin, item) pairs."""
    items = []
    for model, model_admin in admin_site._registry.items():
        if not isinstance(model_admin, TrashAdminMixin) or not model_admin.has_view_permission(request):
            continue
        queryset = scope_queryset_for_user(request.user, model._default_manager.in_trash().select_related("trashed_by"))
        items += [(model_admin, obj) for obj in queryset]
    return sorted(items, key=lambda pair: pair[1].trashed_at, reverse=True)


def trash_view(admin_site, request):
    """``/admin/trash/``: what is in the trash; publishers restore an item, or empty what is past retention."""
    items = trashed_items(admin_site, request)
    if request.method == "POST":
        if request.POST.get("empty_expired"):
            count = trash.empty_expired(user=request.user)
            messages.success(request, gettext("%(count)d items deleted for good.") % {"count": count})
        else:
            by_key = {_item_key(obj): (model_admin, obj) for model_admin, obj in items}
            found = by_key.get(request.POST.get("restore", ""))
            if found is None:
                messages.error(request, gettext("That item is not in the trash."))
            else:
                model_admin, obj = found
                try:
                    trash.restore(obj=obj, user=request.user)
                except (PermissionDenied, trash.TrashError) as error:
                    messages.error(request, str(error) or gettext("You are not allowed to do that."))
                else:
                    model_admin.log_change(request, obj, gettext("Restored from the trash"))
                    messages.success(request, gettext("“%(obj)s” was restored.") % {"obj": obj})
        return HttpResponseRedirect(reverse(f"{admin_site.name}:trash"))
    now = timezone.now()
    limit = now - datetime.timedelta(days=trash.retention_days())
    rows = [
        {
            "obj": obj,
            "key": _item_key(obj),
            "verbose_name": obj._meta.verbose_name,
            "may_restore": can_publish(request.user, type(obj)),
            "past_retention": obj.trashed_at <= limit,
        }
        for model_admin, obj in items
    ]
    context = {
        **admin_site.each_context(request),
        "title": gettext("Trash"),
        "rows": rows,
        "retention_days": trash.retention_days(),
        "may_empty": any(row["may_restore"] for row in rows),
    }
    request.current_app = admin_site.name
    return TemplateResponse(request, "admin/publishing/trash.html", context)
