"""History in the admin: django-simple-history's versions, one per save, told the way an editor reads them.

Each version says who, when (in the editor's language and time zone), why (an optional reason typed on the
form, or "reverted to version N") and what changed: field labels and choice labels in the editor's language,
dates as dates, rich text compared as text, related objects by their name, an empty link as "—", and long texts
as the words that changed in their context rather than cut at a length. A revert is recorded as such.

simple-history's own rendering of a difference (``HistoricalRecordContextHelper``) shows raw values, cuts them
("[48 chars]") and reads the many-to-many links of every version with its own queries; the differences are
computed here instead, from the page's versions and their links read in one query per many-to-many field.
"""

import copy
import dataclasses
import difflib
from pathlib import PurePath

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.history import (
    CHANGE_REASON_MAX_LENGTH,
    forget_links,
    history_manager,
    keep_one_version,
    latest_version_id,
    missing_related,
    set_change_reason,
    set_links,
    version_links,
)
from unicancer_site.core.sanitize import html_to_text

from ..scoping import is_restricted, scope_versions_for_user

# Values up to this length are shown whole, old → new; longer texts as the words that changed, in context.
WHOLE_VALUE_LENGTH = 300
DIFF_CONTEXT_WORDS = 12
EMPTY = "—"


def change_reason_field() -> forms.CharField:
    """The optional "reason for this change" of a change form, kept with the version it records."""
    return forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=CHANGE_REASON_MAX_LENGTH,
        help_text=_("Optional. Shown in the history next to this change, e.g. “Dates from the 2024 report”."),
    )


@dataclasses.dataclass
class Change:
    """One field's change in a version: its label, and its old and new values as an editor reads them."""

    field: str
    old: str
    new: str
    diff: str = ""  # for long texts: the words that changed, in context (safe HTML with <del> and <ins>)

    def __getitem__(self, key):
        # Templates and tests read a change like simple-history's dicts: change.field, change["old"].
        return getattr(self, key)


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT_WORDS):
    """The words that changed between two texts, as safe HTML: removed words in <del>, added ones in <ins>,
    ``context`` unchanged words around each change and "…" for the unchanged stretches between them."""
    old_words, new_words = old.split(), new.split()
    parts = []
    opcodes = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old_words[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > context * (1 if first or last else 2):
                head = [] if first else words[:context]
                tail = [] if last else words[-context:]
                words = [*head, "…", *tail]
            parts.append(("{}", " ".join(words)))
            continue
        if i2 > i1:
            parts.append(("<del>{}</del>", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("<ins>{}</ins>", " ".join(new_words[j1:j2])))
    return format_html_join(" ", "{}", ((format_html(template, text),) for template, text in parts))


def readable_value(field, value, obj=None, rich_text=False) -> str:
    """``value`` of model ``field`` (as stored: a choice's code, a date, a foreign key's id) the way an editor reads
    it in the active language: a choice's label, a localised date, rich text as its text (also when ``rich_text``
    is False, if it holds markup), a foreign key as its object's name (read from ``obj``, an instance or a
    version), "—" for nothing. Shared by the history and the import preview."""
    if field.many_to_one or field.one_to_one:
        return related_name(field, value, obj)
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, models.FileField):
        return PurePath(str(value)).name or EMPTY
    if isinstance(value, str):
        if rich_text or "<" in value:
            return html_to_text(value) or EMPTY
        return value
    return str(formats.localize(value, use_l10n=True))


def related_name(field, value, obj) -> str:
    """The name of the object foreign key ``field`` of ``obj`` points to (id ``value``), or what became of it."""
    if value is None:
        return EMPTY
    try:
        related = getattr(obj, field.name) if obj is not None else None
    except ObjectDoesNotExist:
        related = None
    if related is None:
        return gettext("deleted %(kind)s (no. %(id)s)") % {
            "kind": field.related_model._meta.verbose_name,
            "id": value,
        }
    return str(related)


class ReadableHistory:
    """The differences between consecutive versions of one model's objects, as an editor reads them."""

    def __init__(self, model, rich_text_fields=()):
        self.model = model
        self.version_model = getattr(model, model._meta.simple_history_manager_attribute).model
        self.rich_text_fields = set(rich_text_fields)
        self.m2m_fields = list(self.version_model._history_m2m_fields)

    # -- values

    def display(self, field, value, version=None) -> str:
        """``value`` of ``field`` (as stored in a version) the way an editor reads it (``readable_value``)."""
        return readable_value(field, value, version, rich_text=field.name in self.rich_text_fields)

    @staticmethod
    def _names(names) -> str:
        return ", ".join(sorted(names)) or EMPTY

    # -- versions

    def links_by_version(self, versions) -> dict[str, dict[int, list[str]]]:
        """{m2m field name: {version id: [names of the linked objects]}}, one query per many-to-many field (and
        none per version: each linked object is named once)."""
        ids = [version.history_id for version in versions]
        links = {}
        for field in self.m2m_fields:
            link_model = getattr(self.version_model, field.name).model
            target = field.m2m_reverse_field_name()
            target_id = link_model._meta.get_field(target).attname
            by_version = links.setdefault(field.name, {version_id: [] for version_id in ids})
            names: dict = {}
            for link in link_model.objects.filter(history_id__in=ids).select_related(target):
                key = getattr(link, target_id)
                if key not in names:
                    try:
                        names[key] = str(getattr(link, target))
                    except ObjectDoesNotExist:
                        names[key] = gettext("deleted %(kind)s (no. %(id)s)") % {
                            "kind": field.related_model._meta.verbose_name,
                            "id": key,
                        }
                by_version[link.history_id].append(names[key])
        return links

    def changes(self, new, old, links) -> list[Change]:
        """What changed from version ``old`` to version ``new``."""
        m2m_names = [field.name for field in self.m2m_fields]
        delta = new.diff_against(old, excluded_fields=m2m_names)
        changes = []
        for model_change in delta.changes:
            field = self.model._meta.get_field(model_change.field)
            old_value = self.display(field, model_change.old, old)
            new_value = self.display(field, model_change.new, new)
            if old_value == new_value:
                # Markup that differs with the same text (rich text re-serialised): nothing a reader could see.
                continue
            changes.append(self._change(field, old_value, new_value))
        for field in self.m2m_fields:
            old_names = self._names(links[field.name][old.history_id])
            new_names = self._names(links[field.name][new.history_id])
            if old_names != new_names:
                changes.append(self._change(field, old_names, new_names))
        return changes

    def _change(self, field, old: str, new: str) -> Change:
        label = capfirst(field.verbose_name)
        if max(len(old), len(new)) > WHOLE_VALUE_LENGTH:
            return Change(str(label), old, new, diff=word_diff(old, new))
        return Change(str(label), old, new)

    def annotate(self, versions, older=None) -> None:
        """Give each of ``versions`` (newest first) ``history_delta_changes``: what changed since the version
        before it, ``older`` for the last one (the version that precedes the page), none for the first ever."""
        sequence = [*versions, *([older] if older is not None else [])]
        links = self.links_by_version(sequence)
        for new, old in zip(sequence, sequence[1:], strict=False):
            new.history_delta_changes = self.changes(new, old, links)


class HistoryAdminMixin:
    """simple-history's history, readable (see the module), with one version per save, an optional reason typed
    on the form, and revert, itself recorded as such."""

    history_list_per_page = 50
    object_history_template = "admin/history/object_history.html"
    object_history_form_template = "admin/history/object_history_form.html"
    object_history_list_template = "admin/history/object_history_list.html"
    change_reason_fieldset = "change_reason"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self.has_simple_history:
            # A model without HistoricalRecords: Django's own history, from the admin log.
            self.object_history_template = None

    @property
    def has_simple_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    # -- the change form's reason field

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != self.change_reason_fieldset]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        fieldsets = [(name, options) for name, options in fieldsets if options["fields"]]
        # The reason is a field of ContentAdminForm: an admin with a form of its own goes without.
        if self.has_simple_history and self.change_reason_fieldset in getattr(self.form, "declared_fields", {}):
            fieldsets.append((_("History"), {"fields": [self.change_reason_fieldset]}))
        return fieldsets

    # -- saving: one version per save, with its reason

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get(self.change_reason_fieldset) or "").strip()
        version = getattr(request, "_reverting_to_version", None)
        if version is not None:
            reverted = gettext("Reverted to version %(version)s") % {"version": version}
            reason = f"{reverted}: {reason}" if reason else reverted
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None:
                # Reverting restores the content; the fields a workflow owns move only through it.
                for name in self.get_reverted_fields_kept(request):
                    setattr(obj, name, getattr(current, name))
        set_change_reason(obj, reason)
        request._history_saved = (obj, latest_version_id(obj))
        # The form may have shown another version's links (a revert, a draft): the links are saved from the form.
        forget_links(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._keep_one_version(request)

    def _keep_one_version(self, request) -> None:
        saved = getattr(request, "_history_saved", None)
        if saved is not None:
            obj, after_id = saved
            keep_one_version(obj, after_id=after_id)
            request._history_saved = None

    # -- the history page

    def _object_in_scope_or_404(self, request, object_id):
        """A centre editor's history of another centre's object (or of a deleted one, whose centres are no longer
        known) answers like an id that does not exist: 404, not 403, so that nothing is revealed. A malformed id
        (``/22/change/history/``) is a 404 for everyone, never a 500."""
        pk = self.model._meta.pk
        try:
            value = pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404(gettext("No such object.")) from error
        if not is_restricted(request.user):
            return
        if not self.get_queryset(request).filter(pk=value).exists():
            raise Http404(gettext("No such object."))

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_simple_history:
            self._object_in_scope_or_404(request, object_id)
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        self._object_in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        """One title for everyone who reads the history, "Historique des changements : …" (simple-history gives
        those who may not revert "View history: …", which its French catalogue renders "Historique de vue: …")."""
        return gettext("Change history: %s") % obj

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        versions = list(historical_records)
        if not versions:
            return
        # The version before the page's last one, so that the last one says what it changed too.
        last = versions[-1]
        pk_name = self.model._meta.pk.attname
        older = (
            scope_versions_for_user(request.user, history_manager(self.model).all())
            .filter(**{pk_name: getattr(last, pk_name), "history_id__lt": last.history_id})
            ._select_related_history_tracked_objs()
            .order_by("-history_id")
            .first()
        )
        ReadableHistory(self.model, getattr(self, "rich_text_fields", ())).annotate(versions, older)

    def get_history_queryset(self, request, manager, pk_name, object_id):
        # Newest first, ties broken by id: versions saved within the same instant never swap places. A centre
        # editor reads the versions recorded while the object was their centre's.
        versions = super().get_history_queryset(request, manager, pk_name, object_id)
        return scope_versions_for_user(request.user, versions).order_by("-history_id")

    # -- revert

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_simple_history:
            raise Http404(gettext("This kind of object keeps no versions."))
        self._object_in_scope_or_404(request, object_id)
        if not str(version_id).isdigit():  # a malformed version id: no such version, never a 500
            raise Http404(gettext("No such version."))
        if is_restricted(request.user):
            versions = scope_versions_for_user(request.user, history_manager(self.model).all())
            try:
                found = versions.filter(history_id=int(version_id)).exists()
            except (TypeError, ValueError):
                found = False
            if not found:
                raise Http404(gettext("No such object."))
        if request.method == "POST":
            # simple-history saves a POSTed version for anyone who may view it: reverting is a change.
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        request._reverting_to_version = version_id
        pk_name = self.model._meta.pk.attname
        version = None
        if str(version_id).isdigit() and str(unquote(object_id)).isdigit():
            version = (
                history_manager(self.model).filter(**{pk_name: unquote(object_id), "history_id": version_id}).first()
            )
        missing = []
        if version is not None:
            # The form shows the version's links, not today's; what it linked to that is gone is named.
            request._revert_links = version_links(version)
            linked = {
                field.name: getattr(version, field.attname)
                for field in self.model._meta.concrete_fields
                if field.many_to_one
            }
            missing = missing_related(self.model, {**linked, **request._revert_links})
        # The breadcrumb names the application and the model, not the version model ("Historical …").
        extra_context = {
            **(extra_context or {}),
            "app_verbose_name": self.model._meta.app_config.verbose_name,
            "revert_missing": missing,
        }
        # simple-history reads the prepopulated_fields attribute, not get_prepopulated_fields(request): a field the
        # user may not change (a centre's slug for a centre editor) is missing from the form and the page failed.
        # A copy of this admin for this request carries the request's own (a copy: other requests are not touched).
        per_request = copy.copy(self)
        per_request.prepopulated_fields = self.get_prepopulated_fields(request)
        response = super(HistoryAdminMixin, per_request).history_form_view(
            request, object_id, version_id, extra_context
        )
        # simple-history saves the many-to-many fields after save_model, without save_related.
        self._keep_one_version(request)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        links = getattr(request, "_revert_links", None)
        if obj is not None and links:
            for name, ids in links.items():
                set_links(obj, name, ids)
        return super().get_form(request, obj, change, **kwargs)

    def get_reverted_fields_kept(self, request) -> list[str]:
        """Fields a revert leaves as they are now (the workflow's mixin names its own)."""
        return []
