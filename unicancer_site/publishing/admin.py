"""The publishing workflow in the admin: status moves only through the services, with a confirmation page for
bulk actions, change-form buttons, a preview link, an "on the site" column and filter; and the log of moves."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.roles import PUBLISH, PUBLISHING_ROLES, READ_ONLY_DEFAULTS, can_publish
from unicancer_site.core.history import missing_related

from . import revisions, services
from .models import PublicationStatus, RevisionStatus, WorkflowTransition
from .trash_admin import TrashAdminMixin


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


# The moves of a live item's pending draft: (button, done).
DRAFT_LABELS = {
    "submit_draft": (_("Send the draft to review"), _("draft sent to review")),
    "publish_draft": (_("Publish the draft"), _("draft published")),
    "discard_draft": (_("Discard the draft"), _("draft discarded")),
}

WORKFLOW_LABELS = {
    "send_to_review": (_("Send to review"), _("sent to review")),
    "publish": (_("Publish"), _("published")),
    "refuse": (_("Refuse"), _("refused")),
    "unpublish": (_("Unpublish"), _("unpublished")),
}
# The dates of a publishable item's change form; its status is shown, and moved, by the workflow panel above.
PUBLICATION_FIELDSET = (_("Publication dates"), {"fields": ["publish_from", "publish_until"]})


def _fields_read_by(condition) -> set[str]:
    """The names of the fields a constraint's condition (a Q) reads."""
    names = set()
    for child in getattr(condition, "children", ()):
        if isinstance(child, Q):
            names |= _fields_read_by(child)
        else:
            names.add(child[0].split(LOOKUP_SEP)[0])
    return names


VERSION_FIELD = "version_token"


class WorkflowFormMixin:
    """A publishable item's form checks the model's constraints that read the workflow's fields.

    The status is not a field of the form (it moves through the workflow only), so Django leaves out every
    constraint that reads it: a publisher who cleared the date of a published item reached the database, which
    refused the row (a 500). These constraints are checked here, with the stored status, and their message shown
    on the form.
    """

    workflow_fields = frozenset({"status"})
    # What others changed since the form was opened, when a save is refused for it (the template lists it).
    conflict_changes = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version the form was opened on, sent back with the input (rendered by the workflow change form).
        field = forms.CharField(widget=forms.HiddenInput, required=False)
        # Not content: never listed among the fields a save changed (the admin's log, the history).
        field.has_changed = lambda initial, data: False
        self.fields[VERSION_FIELD] = field
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = revisions.version_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        token = cleaned_data.get(VERSION_FIELD)
        changes = revisions.find_conflict(self.instance, token)
        if changes is not None:
            self.conflict_changes = changes
            # Saving again after reading what changed is a deliberate choice: the next save is based on now.
            self.data = self.data.copy()
            self._take_others_changes(revisions.conflict_versions(self.instance, token))
            self.data[self.add_prefix(VERSION_FIELD)] = revisions.version_token(self.instance)
            self.add_error(
                None,
                gettext(
                    "Someone else saved this item after you opened it, so your changes were not saved. What they "
                    "changed is listed below; your input is still in the form. Check it, then save again to keep "
                    "your version."
                ),
            )
        return cleaned_data

    def _take_others_changes(self, versions) -> None:
        """In the refused form, a field its user left as it was when they opened the form takes the value the
        other person saved: saving again keeps both people's changes, never undoing the other's by accident.
        Fields both changed keep this user's input (the list of the other's changes shows theirs)."""
        if versions is None:
            return
        before, now = versions
        for name, field in self.fields.items():
            if name not in before or name not in now or revisions.same_value(before[name], now[name]):
                continue
            if isinstance(field, forms.FileField) or name not in self.cleaned_data:
                continue
            mine = self.cleaned_data[name]
            if isinstance(field, forms.ModelMultipleChoiceField):
                mine = sorted(related.pk for related in mine or [])
            elif isinstance(field, forms.ModelChoiceField):
                mine = mine.pk if mine is not None else None
            if not revisions.same_value(mine, before[name]):
                continue  # this user changed it too: their input stays
            key, theirs = self.add_prefix(name), now[name]
            if isinstance(theirs, list):
                self.data.setlist(key, [str(value) for value in theirs])
            elif isinstance(field, forms.BooleanField):
                if theirs:
                    self.data[key] = "on"
                else:
                    self.data.pop(key, None)
            else:
                self.data[key] = "" if theirs is None else str(theirs)

    def validate_unique(self):
        super().validate_unique()
        model = self._meta.model
        exclude = {field.name for field in model._meta.concrete_fields if field.name not in self.fields}
        exclude = (exclude - self.workflow_fields) | set(self.errors)
        for constraint in model._meta.constraints:
            if self.workflow_fields & _fields_read_by(getattr(constraint, "condition", None)):
                try:
                    constraint.validate(model, self.instance, exclude=exclude)
                except ValidationError as error:
                    self.add_error(None, error)


class LiveRowsFormSetMixin:
    """An inline formset (a trial's participating centres) on a live item edited by someone who may not publish.

    The main row of such an edit becomes a draft, but the inline rows would be saved straight to the tables the
    public reads. Keeping them in the draft would need the revision to carry each row's changes, scoped to the
    editor's centres, and to apply them on publish; until it does, a change to them is refused, with the way to
    proceed, and the editor's input stays in the form.
    """

    def clean(self):
        super().clean()
        if self.has_changed():
            raise ValidationError(
                gettext(
                    "This item is published: changes to its %(rows)s would reach the public without a review, so "
                    "they cannot be saved with a draft. Undo them here and save your other changes; then ask a "
                    "reviewer or a federation editor to make them (say which in the comment when you send the "
                    "draft to review)."
                )
                % {"rows": self.model._meta.verbose_name_plural}
            )


def parse_go_live(value: str):
    """The go-live date typed for a draft ("YYYY-MM-DDTHH:MM", the editor's time zone), or None if blank.
    Raises ValidationError for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(gettext("Enter the go-live date as a date and a time.")) from error
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class WorkflowAdminMixin(TrashAdminMixin):
    """Publishable models: status moves only through the workflow services; deleting moves to the trash; an edit
    of a live item by someone who may not publish is a draft revision.

    A content app's ModelAdmin declares the public view that shows an item (``public_view``, a DetailView
    class, or ``get_public_view(obj)`` when it depends on the item): previews are built from it.
    """

    public_view = None

    change_form_template = "admin/publishing/workflow_change_form.html"
    actions = ["send_to_review_selected", "publish_selected", "refuse_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["accounts/admin.css"]}

    def get_role_permissions(self) -> dict[str, tuple[str, ...]]:
        """The content admin's, plus the workflow's own "publish" for the publishing roles."""
        declared = super().get_role_permissions()
        return {
            role: (PUBLISH, *actions) if role in PUBLISHING_ROLES else actions for role, actions in declared.items()
        }

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "_edit_draft", False):
            # The change form edits a live item's pending draft, not the values the public reads.
            revision = revisions.pending_revision(obj)
            if revision is not None:
                revisions.show_data(obj, revision.data)
        return obj

    def get_formsets_with_inlines(self, request, obj=None):
        draft = obj is not None and revisions.saves_as_draft(request.user, obj)
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            if draft:
                formset_class = type(formset_class.__name__, (LiveRowsFormSetMixin, formset_class), {})
            yield formset_class, inline

    def get_import_resource_classes(self, request):
        # An import that updates a live item makes a draft for someone who may not publish, as the form does.
        return [
            type(resource.__name__, (revisions.DraftImportMixin, resource), {})
            for resource in super().get_import_resource_classes(request)
        ]

    # -- saving: a live item edited by someone who may not publish becomes a draft

    def save_model(self, request, obj, form, change):
        if change and revisions.saves_as_draft(request.user, obj):
            reason = (form.cleaned_data.get(self.change_reason_fieldset) or "").strip()
            version = getattr(request, "_reverting_to_version", None)
            if version is not None:
                reverted = gettext("Reverted to version %(version)s") % {"version": version}
                reason = f"{reverted}: {reason}" if reason else reverted
            data = revisions.form_data(obj, form)
            request._saved_draft = revisions.save_draft(obj=obj, user=request.user, data=data, comment=reason)
            # The chosen links belong to the draft: the live row keeps its own.
            form.save_m2m = lambda: None
            return
        super().save_model(request, obj, form, change)
        if change and getattr(request, "_edit_draft", False) and can_publish(request.user, self.model):
            # The form showed the pending draft: a publisher's save made it the live version.
            revisions.mark_published_with_row(obj, request.user)

    def response_change(self, request, obj):
        if getattr(request, "_saved_draft", None) is None:
            return super().response_change(request, obj)
        messages.success(
            request,
            gettext(
                "Saved as a draft of “%(obj)s”. The public site still shows the published version until a "
                "reviewer publishes this draft: send it to review when it is ready."
            )
            % {"obj": obj},
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def get_public_view(self, obj):
        """The public DetailView class that shows ``obj``; its preview is built from it."""
        return self.public_view

    def get_queryset(self, request):
        # The "on the site" column reads the state computed by the query, not a rule of its own.
        return super().get_queryset(request).with_publication_state()

    def get_reverted_fields_kept(self, request) -> list[str]:
        # Reverting restores the content; publication moves only through the workflow.
        kept = [*super().get_reverted_fields_kept(request), "status"]
        if not can_publish(request.user, self.model):
            kept += ["publish_from", "publish_until"]
        return kept

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not can_publish(request.user, self.model):
            # The dates are read-only for them: no help text on how to fill them in.
            kwargs["help_texts"] = {**kwargs.get("help_texts", {}), "publish_from": "", "publish_until": ""}
        form_class = super().get_form(request, obj, change, **kwargs)
        return type(form_class.__name__, (WorkflowFormMixin, form_class), {})

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

    @admin.action(description=_("Refuse selected items (back to draft)"), permissions=["publish"])
    def refuse_selected(self, request, queryset):
        return self._bulk_workflow(request, queryset, "refuse")

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
            return TemplateResponse(request, "admin/publishing/workflow_confirmation.html", context)

        comment = request.POST.get("comment", "")[:2000]
        service = services.WORKFLOW_ACTIONS[action]
        done, skipped = 0, {}
        for obj in queryset:
            try:
                self._bulk_move(obj, action, service, request.user, comment)
                self.log_change(request, obj, WORKFLOW_LABELS[action][0])
            except PermissionDenied:
                reason = gettext("not allowed")
            except (services.WorkflowError, revisions.RevisionError):
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

    @staticmethod
    def _bulk_move(obj, action, service, user, comment):
        """One item's bulk move; on a live item with a pending draft, "publish" and "send to review" move the
        draft (through the same services as its buttons)."""
        revision = revisions.pending_revision(obj) if obj.status == PublicationStatus.PUBLISHED else None
        if revision is not None and action == "publish":
            revisions.publish_revision(revision=revision, user=user, comment=comment)
        elif revision is not None and action == "send_to_review" and revision.status == RevisionStatus.DRAFT:
            revisions.submit_revision(revision=revision, user=user, comment=comment)
        else:
            service(obj=obj, user=user, comment=comment)

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
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if action in DRAFT_LABELS:
            self._draft_move(request, obj, action)
            return HttpResponseRedirect(change_url)
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
        return HttpResponseRedirect(change_url)

    def _draft_move(self, request, obj, action) -> None:
        revision = revisions.pending_revision(obj)
        if revision is None:
            messages.error(request, gettext("This item has no pending draft."))
            return
        comment = request.POST.get("comment", "")[:2000]
        try:
            if action == "submit_draft":
                revisions.submit_revision(revision=revision, user=request.user, comment=comment)
            elif action == "discard_draft":
                revisions.discard_revision(revision=revision, user=request.user, comment=comment)
            else:
                at = parse_go_live(request.POST.get("go_live_at", ""))
                revision = revisions.publish_revision(revision=revision, user=request.user, at=at, comment=comment)
        except PermissionDenied:
            messages.error(request, gettext("You are not allowed to do that."))
        except revisions.RevisionError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            self.log_change(request, obj, DRAFT_LABELS[action][0])
            if revision.status == RevisionStatus.SCHEDULED:
                when = timezone.localtime(revision.go_live_at).strftime("%d/%m/%Y %H:%M")
                messages.success(request, gettext("The draft goes live on %(when)s.") % {"when": when})
            else:
                messages.success(
                    request, gettext("“%(obj)s”: %(done)s.") % {"obj": obj, "done": DRAFT_LABELS[action][1]}
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and revisions.publish_due_revisions(obj=obj):
            obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context.update(self._draft_context(request, obj))
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
                    "status_label": obj.get_status_display(),
                }
            )
        request._edit_draft = True
        return super().change_view(request, object_id, form_url, extra_context)

    def _draft_context(self, request, obj) -> dict:
        """The pending draft of ``obj`` (as stored, live values): what differs, what it links to that is gone,
        and the moves the user may make on it."""
        revision = revisions.pending_revision(obj)
        if revision is None:
            return {}
        publisher = can_publish(request.user, self.model)
        actions = []
        if revision.status == RevisionStatus.DRAFT and self.has_change_permission(request, obj):
            actions.append("submit_draft")
        if publisher:
            actions.append("publish_draft")
        if publisher or revision.author_id == request.user.pk:
            actions.append("discard_draft")
        return {
            "draft": revision,
            "draft_changes": revisions.describe_changes(self.model, revisions.serialize(obj), revision.data),
            "draft_missing": missing_related(self.model, revision.data),
            "draft_actions": [(action, DRAFT_LABELS[action][0]) for action in actions],
            "draft_publisher": publisher,
        }


@admin.register(WorkflowTransition)
class WorkflowTransitionAdmin(admin.ModelAdmin):
    """Who moved what through the workflow, and when: a log, never edited."""

    role_permissions = READ_ONLY_DEFAULTS

    list_display = ["at", "content_type", "object_link", "from_status", "to_status", "user", "comment"]
    # Only the kinds of items that have moved: not every model of the project and its libraries.
    list_filter = ["to_status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["comment", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "user"]

    @admin.display(description=_("item"))
    def object_link(self, obj):
        label = f"{obj.content_type.name} #{obj.object_id}"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    def get_role_permissions(self):
        return self.role_permissions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
