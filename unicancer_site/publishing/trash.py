"""The trash: deleting a publishable item moves it here, out of the public site at once; publishers restore it,
or empty the trash of what has stayed longer than ``TRASH_RETENTION_DAYS``.

An item in the trash keeps its row, so its many-to-many links, its children (a trial's participating centres),
its history and its files stay as they were, and a restore gives all of them back. ``published()`` leaves it out
(``trashed_at`` is part of the one visibility rule), and with it every public page, feed, sitemap, search result
and API answer; the admin's lists and forms leave it out too (``not_in_trash()``).

Who may do what:

- publishers (reviewers, federation editors; ``can_publish``) move any item of their scope to the trash, restore
  it, and empty the trash;
- other editors who may delete the model move an item to the trash only while it is not published, and a centre
  editor only when it is not shared with another centre; otherwise they ask for its withdrawal
  (:func:`request_withdrawal`), which waits on the publishers' dashboard.

django-safedelete was considered and not adopted: its manager hides deleted rows from every query of the model,
so the trash, the history's reverts and the admin's lookups of a trashed item would each have to ask for them
back, and it would replace the managers that carry our QuerySets (``NewsItemManager``'s dates); its deletion
policies know nothing of the roles above. Here the trash is two columns that ``published()`` reads, and these
services.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unicancer_site.accounts.roles import can_publish
from unicancer_site.accounts.scoping import may_work_on, shared_beyond
from unicancer_site.core.history import set_change_reason

from .models import PublicationStatus, Publishable, WithdrawalRequest


class TrashError(Exception):
    """A trash move that is not possible from the item's state (already in the trash, or not in it)."""


def retention_days() -> int:
    return settings.TRASH_RETENTION_DAYS


def _may_delete_model(user, model) -> bool:
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.delete_{opts.model_name}")


def trash_refusal(user, obj: Publishable) -> str | None:
    """Why ``user`` may not move ``obj`` to the trash (a sentence for the editor), or None when they may.

    The one rule of who deletes what, used by the admin's delete page, its bulk action and :func:`move_to_trash`.
    """
    model = type(obj)
    if not may_work_on(user, obj=obj):
        return _("You cannot work on this item.")
    if can_publish(user, model):
        return None
    if not _may_delete_model(user, model):
        return _("You may not delete this item.")
    if obj.status == PublicationStatus.PUBLISHED:
        return _(
            "This item is published: only a reviewer or a federation editor may take it off the site. "
            "Ask for its withdrawal instead."
        )
    if shared_beyond(user, obj):
        return _("This item is shared with another centre: ask for its withdrawal instead.")
    return None


def may_request_withdrawal(user, obj: Publishable) -> bool:
    """Whether ``user`` may ask publishers to take ``obj`` off the site: any editor of it who may not do it."""
    opts = type(obj)._meta
    may_edit = user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    return may_edit and may_work_on(user, obj=obj) and trash_refusal(user, obj) is not None


def _save_trash_state(obj: Publishable, *, user, reason: str) -> None:
    obj._history_user = user  # simple-history: the version names who moved it, and why.
    set_change_reason(obj, reason)
    obj.save(update_fields=["trashed_at", "trashed_by", "updated"])


def _lock(obj: Publishable) -> None:
    """Read the trash state again under a row lock: two people cannot both move the item from the same state."""
    current = type(obj)._default_manager.select_for_update().only("trashed_at", "status").get(pk=obj.pk)
    obj.trashed_at, obj.status = current.trashed_at, current.status


@transaction.atomic
def move_to_trash(*, obj: Publishable, user, comment: str = "") -> Publishable:
    """Move ``obj`` to the trash: off the public site at once, restorable by publishers.

    Raises ``PermissionDenied`` (with the reason, :func:`trash_refusal`) or ``TrashError`` (already there).
    Open withdrawal requests on the item are resolved.
    """
    _lock(obj)
    refusal = trash_refusal(user, obj)
    if refusal:
        raise PermissionDenied(refusal)
    if obj.trashed_at is not None:
        raise TrashError(_("This item is already in the trash."))
    obj.trashed_at = timezone.now()
    obj.trashed_by = user
    _save_trash_state(obj, user=user, reason=comment or _("Moved to the trash"))
    WithdrawalRequest.objects.for_object(obj).open().update(resolved_at=obj.trashed_at)
    return obj


@transaction.atomic
def restore(*, obj: Publishable, user) -> Publishable:
    """Take ``obj`` out of the trash as it was: same status, dates, links, children and history. Publishers only.

    Raises ``PermissionDenied`` or ``TrashError`` (not in the trash).
    """
    if not can_publish(user, type(obj)) or not may_work_on(user, obj=obj):
        raise PermissionDenied(_("Only a reviewer or a federation editor may restore an item."))
    _lock(obj)
    if obj.trashed_at is None:
        raise TrashError(_("This item is not in the trash."))
    obj.trashed_at = None
    obj.trashed_by = None
    _save_trash_state(obj, user=user, reason=_("Restored from the trash"))
    return obj


def _file_names(obj) -> list[tuple[models.FileField, str]]:
    return [
        (field, getattr(obj, field.attname).name)
        for field in obj._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(obj, field.attname)
    ]


def _delete_unreferenced_files(files: list[tuple[models.FileField, str]]) -> None:
    """Delete from storage the files no remaining row of their model refers to (any storage: disk or S3)."""
    for field, name in files:
        if not field.model._default_manager.filter(**{field.attname: name}).exists():
            field.storage.delete(name)


def purge(*, obj: Publishable, user=None) -> None:
    """Delete an item of the trash for good, with its files; its history keeps the record of the deletion.

    ``user`` None is the retention command (cron); a user must be a publisher. Raises ``PermissionDenied`` or
    ``TrashError`` (not in the trash).
    """
    if user is not None and (not can_publish(user, type(obj)) or not may_work_on(user, obj=obj)):
        raise PermissionDenied(_("Only a reviewer or a federation editor may empty the trash."))
    with transaction.atomic():
        _lock(obj)
        if obj.trashed_at is None:
            raise TrashError(_("This item is not in the trash."))
        files = _file_names(obj)
        obj._history_user = user
        set_change_reason(obj, _("Emptied from the trash"))
        WithdrawalRequest.objects.for_object(obj).delete()
        obj.delete()
    # After the commit: a rolled-back deletion must not have lost its files.
    transaction.on_commit(lambda: _delete_unreferenced_files(files))


def publishable_models() -> list[type[Publishable]]:
    """Every concrete model that goes through the workflow, found by its base class (historical models aside)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and getattr(model, "instance_type", model) is model
    ]


def expired(*, now: datetime.datetime | None = None) -> list[Publishable]:
    """The items in the trash for longer than the retention period, oldest first."""
    limit = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    items = []
    for model in publishable_models():
        items += list(model._default_manager.in_trash().filter(trashed_at__lte=limit))
    return sorted(items, key=lambda item: item.trashed_at)


def empty_expired(*, user=None, now: datetime.datetime | None = None) -> int:
    """Delete for good the items kept in the trash longer than ``TRASH_RETENTION_DAYS``; how many."""
    count = 0
    for obj in expired(now=now):
        if user is not None and (not can_publish(user, type(obj)) or not may_work_on(user, obj=obj)):
            continue
        purge(obj=obj, user=user)
        count += 1
    return count


@transaction.atomic
def request_withdrawal(*, obj: Publishable, user, reason: str) -> WithdrawalRequest:
    """Ask the publishers to take ``obj`` off the site (it is published or shared, so the editor may not).

    Raises ``PermissionDenied`` when the user may delete it themselves or may not edit it, ``ValueError`` without
    a reason.
    """
    if not may_request_withdrawal(user, obj):
        raise PermissionDenied(_("You cannot ask for the withdrawal of this item."))
    reason = " ".join((reason or "").split())[:2000]
    if not reason:
        raise ValueError(_("Say why the item should be withdrawn."))
    return WithdrawalRequest.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, requested_by=user, reason=reason
    )


def open_withdrawal_requests(queryset_for_model) -> list[WithdrawalRequest]:
    """The open requests whose item is still on the site (published, not in the trash), oldest first.

    ``queryset_for_model(model)`` gives the items the viewer may see of that model (the admin's queryset), or None
    to skip the model. A request whose item was unpublished or deleted meanwhile is no longer shown.
    """
    requests = list(WithdrawalRequest.objects.open().select_related("content_type", "requested_by"))
    shown = []
    by_type: dict[int, list[WithdrawalRequest]] = {}
    for request in requests:
        by_type.setdefault(request.content_type_id, []).append(request)
    for content_type_requests in by_type.values():
        model = content_type_requests[0].content_type.model_class()
        queryset = queryset_for_model(model) if model is not None else None
        if queryset is None:
            continue
        ids = {request.object_id for request in content_type_requests}
        items = {
            item.pk: item
            for item in queryset.filter(pk__in=ids, status=PublicationStatus.PUBLISHED, trashed_at__isnull=True)
        }
        for request in content_type_requests:
            if request.object_id in items:
                request.item = items[request.object_id]
                shown.append(request)
    return sorted(shown, key=lambda request: request.requested_at)
