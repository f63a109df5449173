"""The admin site: the editors' dashboard on the index, and the staff previews.

Both find their content by declaration: the dashboard lists the models whose admin is a
``WorkflowAdminMixin`` (publishable items) and those whose QuerySet has ``expiring_between``
(certifications); the preview asks the item's admin for its public view.
"""

import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from unicancer_site.accounts.scoping import scope_queryset_for_user, user_centre_ids

from .models import Revision, RevisionStatus

DASHBOARD_LIMIT = 10
EXPIRY_WINDOW_DAYS = 183  # six months


class UnicancerAdminSite(admin.AdminSite):
    site_header = _("Unicancer — staff")
    site_title = _("Unicancer staff")
    index_title = _("Dashboard")
    # No navigation column beside every page: with it and the filters, a list's table had 630 px of a 1280 px
    # screen and its last columns were cut off. The dashboard lists every model; the breadcrumbs lead back to it.
    enable_nav_sidebar = False

    def get_urls(self):
        return [
            path(
                "preview/<str:app_label>/<str:model_name>/<int:pk>/",
                self.admin_view(self.preview_view),
                name="preview",
            ),
            path("trash/", self.admin_view(self.trash_view), name="trash"),
            *super().get_urls(),
        ]

    def preview_view(self, request, app_label, model_name, pk):
        from .admin import WorkflowAdminMixin
        from .previews import preview_view_for

        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if not isinstance(model_admin, WorkflowAdminMixin):
            raise Http404
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        obj = model_admin.get_queryset(request).filter(pk=pk).first()
        view = preview_view_for(model, model_admin.get_public_view(obj)) if obj is not None else None
        if view is None:
            raise Http404
        return view(request, pk=pk)

    def trash_view(self, request):
        from .trash_admin import trash_view

        return trash_view(self, request)

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript catalogue, with the rich-text editor's (the labels of its link dialog)."""
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin", "django_prose_editor"])(request)

    def index(self, request, extra_context=None):
        return super().index(request, {**self.dashboard(request), **(extra_context or {})})

    def dashboard(self, request) -> dict:
        from .admin import WorkflowAdminMixin

        user = request.user
        now = timezone.now()
        in_review, scheduled, expiring = [], [], []
        today = timezone.localdate()
        for model, model_admin in self._registry.items():
            if not model_admin.has_view_permission(request):
                continue
            if hasattr(model._default_manager.all(), "expiring_between"):
                window_end = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
                # expiring_between(start, end): rows whose ``valid_until`` falls between the two dates.
                expiring += [
                    (model, obj) for obj in model_admin.get_queryset(request).expiring_between(today, window_end)
                ]
            if not isinstance(model_admin, WorkflowAdminMixin):
                continue
            queryset = model_admin.get_queryset(request)
            in_review += [(model, obj) for obj in queryset.in_review().order_by("-updated")[:DASHBOARD_LIMIT]]
            # Live items whose pending draft waits for a reviewer: the item itself is published, its draft is not.
            drafts = Revision.objects.filter(
                content_type=ContentType.objects.get_for_model(model), status=RevisionStatus.IN_REVIEW
            )
            in_review += [
                (model, obj)
                for obj in queryset.filter(pk__in=drafts.values("object_id")).order_by("-updated")[:DASHBOARD_LIMIT]
            ]
            scheduled += [(model, obj) for obj in queryset.scheduled(now).order_by("publish_from")[:DASHBOARD_LIMIT]]

        return {
            "dashboard": {
                "in_review": [self._item(model, obj) for model, obj in in_review],
                "scheduled": sorted(
                    (self._item(model, obj) for model, obj in scheduled), key=lambda item: item["obj"].publish_from
                ),
                "expiring": [obj for _model, obj in expiring],
                # In each QuerySet's own order (expiring_between: soonest first).
                "expiring_items": [self._item(model, obj) for model, obj in expiring],
                "recent_changes": self.recent_changes(user),
                **self.trash_dashboard(request),
            }
        }

    def trash_dashboard(self, request) -> dict:
        """The withdrawal requests waiting for a publisher (publishers only), and the trash's link."""
        from .admin import WorkflowAdminMixin
        from .trash import open_withdrawal_requests

        def queryset_for_model(model):
            model_admin = self._registry.get(model)
            if not isinstance(model_admin, WorkflowAdminMixin) or not model_admin.has_publish_permission(request):
                return None
            return model_admin.get_queryset(request)

        return {
            "withdrawal_requests": [
                {**self._item(type(request_.item), request_.item), "request": request_}
                for request_ in open_withdrawal_requests(queryset_for_model)
            ],
            "trash_url": reverse(f"{self.name}:trash"),
        }

    def _item(self, model, obj):
        opts = model._meta
        url = reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return {"obj": obj, "verbose_name": opts.verbose_name, "url": url}

    def recent_changes(self, user):
        """The latest changes by anyone; a centre editor sees those to their centres' objects only."""
        entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
        if user_centre_ids(user) is None:
            return list(entries[: DASHBOARD_LIMIT * 2])
        candidates = list(entries[:200])
        visible_ids = {}
        for content_type in {entry.content_type for entry in candidates if entry.content_type_id}:
            model = content_type.model_class()
            if model is None:
                continue
            ids = {entry.object_id for entry in candidates if entry.content_type_id == content_type.pk}
            scoped = scope_queryset_for_user(user, model._default_manager.filter(pk__in=ids))
            visible_ids[content_type.pk] = {str(pk) for pk in scoped.values_list("pk", flat=True)}
        visible = [entry for entry in candidates if entry.object_id in visible_ids.get(entry.content_type_id, ())]
        return visible[: DASHBOARD_LIMIT * 2]
