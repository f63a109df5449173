"""The publishing workflow: draft → in review → published (or refused: back to draft) → unpublished, and who
moved what when.

Every move goes through one of these keyword-only services, used by the admin's actions and
change-form buttons alike. Each checks the user may make the move, validates the object and
records a ``WorkflowTransition`` in the same transaction.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unicancer_site.accounts.roles import can_publish
from unicancer_site.accounts.scoping import may_work_on
from unicancer_site.core.history import set_change_reason

from .models import PublicationState, PublicationStatus, Publishable, WorkflowTransition

# The moves each service makes: from these statuses, to that one.
SEND_TO_REVIEW_FROM = {PublicationStatus.DRAFT, PublicationStatus.UNPUBLISHED}
PUBLISH_FROM = {PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.UNPUBLISHED}
REFUSE_FROM = {PublicationStatus.IN_REVIEW}
UNPUBLISH_FROM = {PublicationStatus.PUBLISHED}


class WorkflowError(Exception):
    """A move that is not possible from the item's current status."""


def _check_scope(*, obj: Publishable, user) -> None:
    if not may_work_on(user, obj=obj):
        raise PermissionDenied(_("You cannot work on this item."))


def _lock(obj: Publishable) -> None:
    """Read the item's status again under a row lock: two reviewers cannot both move it from the same state."""
    current = type(obj)._default_manager.select_for_update().only("status").get(pk=obj.pk)
    obj.status = current.status


def can_edit(user, obj: Publishable) -> bool:
    opts = obj._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def _record(*, obj: Publishable, user, from_status: str, comment: str, at: datetime.datetime):
    obj._history_user = user  # simple-history: the version names who moved it, and why (the comment).
    set_change_reason(obj, comment)
    obj.full_clean()
    obj.save()
    return WorkflowTransition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=from_status,
        to_status=obj.status,
        user=user,
        at=at,
        comment=comment,
    )


@transaction.atomic
def send_to_review(*, obj: Publishable, user, comment: str = "") -> WorkflowTransition:
    """Ask a reviewer to publish the item. Anyone who may change the item may ask."""
    if not can_edit(user, obj):
        raise PermissionDenied(_("You may not change this item."))
    _check_scope(obj=obj, user=user)
    _lock(obj)
    if obj.status not in SEND_TO_REVIEW_FROM:
        raise WorkflowError(_("Only a draft or an unpublished item can be sent to review."))
    from_status = obj.status
    obj.status = PublicationStatus.IN_REVIEW
    return _record(obj=obj, user=user, from_status=from_status, comment=comment, at=timezone.now())


@transaction.atomic
def publish(*, obj: Publishable, user, at: datetime.datetime | None = None, comment: str = "") -> WorkflowTransition:
    """Publish the item, from ``at`` (or its own ``publish_from``, or now): reviewers and federation editors only.

    A ``publish_from`` in the future schedules the item: ``published()`` shows it from then on, no job needed.
    """
    if not can_publish(user, type(obj)):
        raise PermissionDenied(_("You may not publish."))
    _check_scope(obj=obj, user=user)
    _lock(obj)
    if obj.status not in PUBLISH_FROM:
        raise WorkflowError(_("This item is already published."))
    now = timezone.now()
    from_status = obj.status
    if at is not None:
        obj.publish_from = at
    elif obj.publish_from is None:
        obj.publish_from = now
    obj.status = PublicationStatus.PUBLISHED
    return _record(obj=obj, user=user, from_status=from_status, comment=comment, at=now)


@transaction.atomic
def refuse(*, obj: Publishable, user, comment: str = "") -> WorkflowTransition:
    """Send an item in review back to its editors as a draft (the comment says why): publishers only."""
    if not can_publish(user, type(obj)):
        raise PermissionDenied(_("You may not refuse an item."))
    _check_scope(obj=obj, user=user)
    _lock(obj)
    if obj.status not in REFUSE_FROM:
        raise WorkflowError(_("Only an item in review can be refused."))
    from_status = obj.status
    obj.status = PublicationStatus.DRAFT
    return _record(obj=obj, user=user, from_status=from_status, comment=comment, at=timezone.now())


@transaction.atomic
def unpublish(*, obj: Publishable, user, comment: str = "") -> WorkflowTransition:
    """Withdraw a published item from the public site: publishers only."""
    if not can_publish(user, type(obj)):
        raise PermissionDenied(_("You may not unpublish."))
    _check_scope(obj=obj, user=user)
    _lock(obj)
    if obj.status not in UNPUBLISH_FROM:
        raise WorkflowError(_("Only a published item can be unpublished."))
    from_status = obj.status
    obj.status = PublicationStatus.UNPUBLISHED
    return _record(obj=obj, user=user, from_status=from_status, comment=comment, at=timezone.now())


WORKFLOW_ACTIONS = {
    "send_to_review": send_to_review,
    "publish": publish,
    "refuse": refuse,
    "unpublish": unpublish,
}


def allowed_actions(*, obj: Publishable, user) -> list[str]:
    """The moves the user may make on the item now, for the change form's buttons."""
    actions = []
    if obj.status in SEND_TO_REVIEW_FROM and can_edit(user, obj):
        actions.append("send_to_review")
    if can_publish(user, type(obj)):
        if obj.status in PUBLISH_FROM:
            actions.append("publish")
        if obj.status in REFUSE_FROM:
            actions.append("refuse")
        if obj.status in UNPUBLISH_FROM:
            actions.append("unpublish")
    return actions


def publication_state(obj: Publishable, at: datetime.datetime | None = None) -> tuple[str, str]:
    """(code, label) of where the item stands on the public site at ``at``: live, scheduled, expired or hidden.

    The code is ``Publishable.get_publication_state()`` (the QuerySet's rule); the label adds the date.
    """
    state = obj.get_publication_state(at)
    if state == PublicationState.HIDDEN:
        return state, obj.get_status_display()
    if state == PublicationState.SCHEDULED:
        local = timezone.localtime(obj.publish_from)
        return state, _("Scheduled for %(when)s") % {"when": local.strftime("%d/%m/%Y %H:%M")}
    if state == PublicationState.EXPIRED:
        local = timezone.localtime(obj.publish_until)
        return state, _("Expired on %(when)s") % {"when": local.strftime("%d/%m/%Y %H:%M")}
    return state, _("Live")


__all__ = [
    "WorkflowError",
    "allowed_actions",
    "publication_state",
    "publish",
    "refuse",
    "send_to_review",
    "unpublish",
]
