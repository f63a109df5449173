"""Drafts of live items, and the version an edit was based on (edit conflicts).

A published item's row is what the public reads (``published()``). When someone who may not publish edits it
(change form, revert, import), the new values go to a ``Revision`` instead, and the row stays as it is until a
publisher publishes the revision (:func:`publish_revision`), at once or at a date (:func:`publish_due_revisions`,
run by ``manage.py publish_due_revisions`` from cron, and for an item whenever its change form is opened).

A revision's ``data`` is the item as Django's "python" serializer writes it (``django.core.serializers``): the
serializer already knows every field type, many-to-many ids and file names included, and its deserializer turns
them back into values without reading the database. Only the workflow's own fields (status, publication dates)
and the automatic timestamps are left out: they move through the workflow, never through a draft.

Edit conflicts: a form carries the version it was opened on (:func:`version_token`: the id of the row's latest
history version and of its pending revision); :func:`find_conflict` compares it with the current one under
the row lock, and says what the other person changed.
"""

import datetime
import json
import logging

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.widgets import ManyToManyWidget

from unicancer_site.accounts.content_admin.history import EMPTY, Change, ReadableHistory
from unicancer_site.accounts.roles import can_publish
from unicancer_site.accounts.scoping import may_work_on
from unicancer_site.core.history import (
    history_manager,
    keep_one_version,
    latest_version_id,
    set_change_reason,
    set_links,
    version_links,
)
from unicancer_site.core.i18n import TranslatedSlugMixin

from .models import PublicationStatus, Revision, RevisionStatus, WorkflowTransition

# Moved by the workflow only: a draft never carries them.
logger = logging.getLogger(__name__)

WORKFLOW_FIELDS = frozenset({"status", "publish_from", "publish_until"})


class RevisionError(Exception):
    """A move that is not possible from the revision's current status."""


# -- what a draft holds


def draft_field_names(model) -> list[str]:
    """The names of the fields a draft of ``model`` carries: every editable concrete field and every plain
    many-to-many field (not those with a model of their own between: they are edited as rows of their own)."""
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in WORKFLOW_FIELDS or not field.editable:
            continue  # not editable: what the site keeps for itself (the search document, the trash's marks)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        names.append(field.name)
    for field in model._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            names.append(field.name)
    return names


def serialize(obj, m2m: dict[str, list] | None = None) -> dict:
    """``obj``'s draft fields as {name: value} (JSON-ready with DjangoJSONEncoder): many-to-many fields as lists
    of ids, from ``m2m`` when given (a form's choice), else from ``obj`` (its prefetched links if any)."""
    names = draft_field_names(type(obj))
    if isinstance(obj, TranslatedSlugMixin):
        # The row's save would fill an empty English slug with the French one (a form's or an import's empty
        # field): a draft holds what its publication will save, and does not list it as a change.
        obj.fill_translated_slugs()
    [entry] = serializers.serialize("python", [obj], fields=names)
    data = entry["fields"]
    for name, ids in (m2m or {}).items():
        if name in data:
            data[name] = sorted(ids)
    return data


def commit_files(obj) -> None:
    """Store the files uploaded with a draft (the row is not saved, so Django would not store them)."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.FileField):
            file = getattr(obj, field.attname)
            if file and not file._committed:
                file.save(file.name, file.file, save=False)


def form_data(obj, form) -> dict:
    """The draft a change form's valid input makes: ``obj`` (the form's instance, with the input applied) and the
    form's many-to-many choices."""
    commit_files(obj)
    m2m = {}
    for name in draft_field_names(type(obj)):
        field = obj._meta.get_field(name)
        if field.many_to_many and name in form.cleaned_data:
            m2m[name] = [related.pk for related in form.cleaned_data[name]]
    return serialize(obj, m2m)


def _deserialize(model, pk, data):
    entry = {"model": model._meta.label_lower, "pk": pk, "fields": data}
    return next(serializers.deserialize("python", [entry], ignorenonexistent=True))


def apply_data(obj, data: dict) -> dict[str, list]:
    """Set ``obj``'s fields (in memory) to ``data``'s values; returns the many-to-many ids {name: [ids]}."""
    restored = _deserialize(type(obj), obj.pk, data)
    for name in data:
        try:
            field = obj._meta.get_field(name)
        except Exception:  # noqa: S112 - a field removed since the draft was written: nothing to restore
            continue
        if field.many_to_many:
            continue
        value = getattr(restored.object, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        setattr(obj, field.attname, value)
    return dict(restored.m2m_data)


def show_data(obj, data: dict) -> None:
    """``obj`` as ``data`` would make it, in memory only: fields set, many-to-many links read from ``data`` (as
    prefetched links), so that a form or a template shows the draft, never today's row."""
    for name, ids in apply_data(obj, data).items():
        set_links(obj, name, ids)


def version_data(version) -> dict:
    """The draft fields of a history version (simple-history), its many-to-many links included."""
    instance = version.instance
    for name, ids in version_links(version).items():
        set_links(instance, name, ids)
    return serialize(instance)


# -- what differs


def describe_changes(model, old: dict, new: dict) -> list[Change]:
    """What changed from ``old`` to ``new`` (two draft dicts), told as the history tells it."""
    readable = ReadableHistory(model)
    changes = []
    for name in draft_field_names(model):
        if name not in old and name not in new:
            continue
        field = model._meta.get_field(name)
        before, after = old.get(name), new.get(name)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
            if before != after:
                names = _names(field.related_model, {*before, *after})
                changes.append(
                    readable._change(
                        field,
                        ", ".join(sorted(names[key] for key in before)) or EMPTY,
                        ", ".join(sorted(names[key] for key in after)) or EMPTY,
                    )
                )
            continue
        before, after = _to_python(field, before), _to_python(field, after)
        if before == after or ({before, after} <= {None, ""}):
            continue
        if field.many_to_one:
            names = _names(field.related_model, {key for key in (before, after) if key is not None})
            shown = [names[key] if key is not None else EMPTY for key in (before, after)]
        else:
            shown = [readable.display(field, value) for value in (before, after)]
            if shown[0] == shown[1]:
                continue  # markup the rich-text editor rewrote, the same text: nothing an editor would call a change
        changes.append(readable._change(field, *shown))
    return changes


def _to_python(field, value):
    try:
        return field.to_python(value)
    except Exception:  # a value the field no longer accepts is shown as it was stored
        return value


def _names(model, keys) -> dict:
    found = model._base_manager.in_bulk(list(keys))
    return {
        key: str(found[key])
        if key in found
        else _("deleted %(kind)s (no. %(id)s)") % {"kind": model._meta.verbose_name, "id": key}
        for key in keys
    }


# -- the pending draft, and the version a form was opened on


def pending_revision(obj) -> Revision | None:
    """``obj``'s draft waiting to go live (draft, in review or scheduled), or None."""
    if obj.pk is None:
        return None
    return Revision.objects.for_object(obj).pending().select_related("author").first()


def version_token(obj) -> str:
    """The version ``obj`` is at: "<latest history version id>.<pending revision id>" (0 for none)."""
    revision_id = Revision.objects.for_object(obj).pending().values_list("pk", flat=True).first() if obj.pk else None
    return f"{latest_version_id(obj) or 0}.{revision_id or 0}"


def _parse_token(token: str) -> tuple[int, int] | None:
    try:
        history_id, revision_id = (int(part) for part in token.split("."))
    except (AttributeError, ValueError):
        return None
    return history_id, revision_id


def current_data(obj) -> dict:
    """What an editor of ``obj`` works on now: its pending draft, or else its row as stored."""
    revision = pending_revision(obj)
    if revision is not None:
        return revision.data
    return serialize(type(obj)._default_manager.get(pk=obj.pk))


def _data_at(obj, history_id: int, revision_id: int) -> dict | None:
    if revision_id:
        revision = Revision.objects.filter(pk=revision_id).first()
        return revision.data if revision is not None else None
    version = history_manager(obj).filter(history_id=history_id).first() if history_id else None
    return version_data(version) if version is not None else None


def find_conflict(obj, token: str | None) -> list[Change] | None:
    """None when a save based on ``token`` (the version the form was opened on) may go ahead; otherwise what
    others changed since (a list, possibly empty when the version it was based on is no longer known).

    No token (a form posted without one) is no conflict: the check protects the people using the form.
    Inside a transaction (the admin's form views), the row stays locked until the save commits.
    """
    if not token or obj.pk is None:
        return None
    if transaction.get_connection().in_atomic_block:
        # The admin validates and saves a form in one transaction: holding the row from here to the save, a
        # second save that started at the same time waits, then sees the first one's version (a conflict).
        list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
    current = version_token(obj)
    base = _parse_token(token)
    if base is None or token == current:
        return None
    before = _data_at(obj, *base)
    now = current_data(obj)
    if before is None:
        return []
    changes = describe_changes(type(obj), before, now)
    return changes or None


def conflict_versions(obj, token: str | None) -> tuple[dict, dict] | None:
    """(the item's draft data when the form was opened on ``token``, its data now), or None when either is unknown.
    What a refused save's form needs to tell the fields the other person changed from those its user changed."""
    base = _parse_token(token) if token else None
    if base is None or obj.pk is None:
        return None
    before = _data_at(obj, *base)
    return None if before is None else (before, current_data(obj))


def same_value(a, b) -> bool:
    """Two draft values alike once written as JSON (a stored draft holds "2026-01-31", a fresh one a date)."""
    return json.dumps(a, cls=DjangoJSONEncoder, sort_keys=True) == json.dumps(b, cls=DjangoJSONEncoder, sort_keys=True)


# -- moves


def saves_as_draft(user, obj) -> bool:
    """Whether ``user``'s edit of ``obj`` becomes a draft: the item is published (live or scheduled, as stored)
    and the user may not publish."""
    if obj.pk is None or can_publish(user, type(obj)):
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    return stored == PublicationStatus.PUBLISHED


def _check(obj, user, *, publisher: bool) -> None:
    opts = obj._meta
    allowed = can_publish(user, type(obj)) if publisher else user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    if not (user.is_active and allowed) or not may_work_on(user, obj=obj):
        raise PermissionDenied(_("You may not do that with this item."))


def _locked(obj):
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


@transaction.atomic
def save_draft(*, obj, user, data: dict, comment: str = "") -> Revision:
    """Keep ``data`` as ``obj``'s draft (the row is not touched); a pending draft it replaces is kept, marked
    as replaced. Raises PermissionDenied if the user may not change the item."""
    _check(obj, user, publisher=False)
    _locked(obj)
    previous = Revision.objects.for_object(obj).pending().select_for_update().first()
    if previous is not None:
        previous.status = RevisionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        data=data,
        author=user,
        base_version=latest_version_id(obj),
        comment=comment[:2000],
    )


@transaction.atomic
def submit_revision(*, revision: Revision, user, comment: str = "") -> Revision:
    """Ask a reviewer to publish the draft. Anyone who may change the item may ask."""
    _check(revision.content_object, user, publisher=False)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.DRAFT:
        raise RevisionError(_("Only a draft can be sent to review."))
    revision.status = RevisionStatus.IN_REVIEW
    if comment:
        revision.comment = comment[:2000]
    revision.save(update_fields=["status", "comment"])
    return revision


@transaction.atomic
def publish_revision(*, revision: Revision, user, at: datetime.datetime | None = None, comment: str = "") -> Revision:
    """Publish the draft: its values replace the live ones now, or at ``at`` if later (the revision is then
    scheduled: :func:`publish_due_revisions` applies it). Reviewers and federation editors only."""
    _check(revision.content_object, user, publisher=True)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status not in (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.SCHEDULED):
        raise RevisionError(_("This draft is no longer pending."))
    now = timezone.now()
    revision.decided_by, revision.decided_at = user, now
    if at is not None and at > now:
        revision.status, revision.go_live_at = RevisionStatus.SCHEDULED, at
        revision.save(update_fields=["status", "go_live_at", "decided_by", "decided_at"])
        return revision
    return _apply(revision, user=user, comment=comment)


@transaction.atomic
def discard_revision(*, revision: Revision, user, comment: str = "") -> Revision:
    """Drop the draft (kept, marked discarded): its author or a publisher."""
    obj = revision.content_object
    if revision.author_id != user.pk:
        _check(obj, user, publisher=True)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status not in (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.SCHEDULED):
        raise RevisionError(_("This draft is no longer pending."))
    revision.status = RevisionStatus.DISCARDED
    revision.decided_by, revision.decided_at = user, timezone.now()
    if comment:
        revision.comment = comment[:2000]
    revision.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    return revision


def mark_published_with_row(obj, user) -> None:
    """A publisher saved ``obj``'s form, which showed its pending draft: that draft is now the live version."""
    Revision.objects.for_object(obj).pending().update(
        status=RevisionStatus.PUBLISHED, decided_by=user, decided_at=timezone.now()
    )


def _apply(revision: Revision, *, user, comment: str = "") -> Revision:
    """Write the revision to the row (one history version, a workflow transition), in the caller's transaction."""
    obj = _locked(revision.content_object)
    links = apply_data(obj, revision.data)
    obj._history_user = user
    set_change_reason(obj, comment or _("Draft published"))
    after_id = latest_version_id(obj)
    obj.full_clean()
    obj.save()
    for name, ids in links.items():
        related = obj._meta.get_field(name).related_model
        getattr(obj, name).set(related._base_manager.filter(pk__in=ids))
    keep_one_version(obj, after_id=after_id)
    revision.status = RevisionStatus.PUBLISHED
    revision.decided_by = revision.decided_by or user
    revision.decided_at = timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    WorkflowTransition.objects.create(
        content_type=revision.content_type,
        object_id=obj.pk,
        from_status=obj.status,
        to_status=obj.status,
        user=user,
        comment=comment or _("Draft published"),
    )
    return revision


def publish_due_revisions(at: datetime.datetime | None = None, *, obj=None) -> int:
    """Apply every scheduled revision whose date has come (of ``obj`` only, if given); returns how many.

    Each in its own transaction: one that no longer validates (its slug taken since) stays scheduled and the
    others go ahead. Run every minute by cron (``manage.py publish_due_revisions``).
    """
    due = Revision.objects.due(at)
    if obj is not None:
        due = due.for_object(obj)
    applied = 0
    for revision in due.select_related("decided_by").order_by("go_live_at", "pk"):
        try:
            with transaction.atomic():
                _apply(revision, user=revision.decided_by, comment=_("Scheduled draft published"))
        except Exception:  # noqa: BLE001 - logged; the next run tries again, the other revisions go ahead
            logger.exception("Scheduled revision %s could not be published", revision.pk)
            continue
        applied += 1
    return applied


def onto_pending_draft(obj, data: dict) -> dict:
    """``data`` (a draft of ``obj`` made from the live row plus some changes, as an import makes it) laid onto
    ``obj``'s pending draft, if it has one: what ``data`` changes on the live row wins, every other field keeps the
    pending draft's value, so that an import changing a title does not undo a draft's new file."""
    pending = Revision.objects.for_object(obj).pending().first()
    if pending is None:
        return data
    live = serialize(type(obj)._default_manager.get(pk=obj.pk))
    merged = dict(pending.data)
    for name, value in data.items():
        if name not in merged or not same_value(value, live.get(name)):
            merged[name] = value
    return merged


class DraftImportMixin:
    """Put before an import-export resource: a row that updates a live item, imported by someone who may not
    publish, becomes a draft of that item (the row the public reads is not touched), as the change form does.

    The resource must have ``user`` (``ContentResource`` has).
    """

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create and self.user is not None and saves_as_draft(self.user, instance):
            instance._imported_as_draft = True
            return  # save_m2m makes the draft, with the row's many-to-many columns
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if not getattr(instance, "_imported_as_draft", False):
            return super().save_m2m(instance, row, **kwargs)
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return None
        links = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and not field.readonly:
                chosen = field.clean(row)
                if chosen is not None:
                    links[field.attribute] = [related.pk for related in chosen]
        save_draft(
            obj=instance,
            user=self.user,
            data=onto_pending_draft(instance, serialize(instance, links)),
            comment=_("Imported from a spreadsheet"),
        )
        # The preview's diff reads the links from the instance: the draft's, not the live ones.
        for name, ids in links.items():
            set_links(instance, name, ids)
        return None
