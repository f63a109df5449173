"""The publishing workflow's data: the states of a publishable item, the one visibility rule, and the log of moves.

A content model becomes publishable by inheriting ``Publishable`` (fields, constraints, QuerySet); the shared
machinery (workflow services, admin, previews, dashboard, API visibility) finds it by that base class.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.db import CurrentTime


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class PublicationState(models.TextChoices):
    """Where an item stands on the public site at a given moment, derived from its status and dates."""

    LIVE = "live", _("Live")
    SCHEDULED = "scheduled", _("Scheduled")
    EXPIRED = "expired", _("Expired")
    HIDDEN = "hidden", _("Not published")


def _state_conditions(at: datetime.datetime | None) -> dict[str, Q]:
    """The one definition of visibility: for each state but ``hidden``, the condition an item meets at ``at``.

    Without ``at``, "now" is read when the query runs (``CurrentTime``), so that a queryset built once, at import
    (a viewset's Prefetch), never freezes the moment it was built.

    ``published()``, ``scheduled()``, ``expired()`` and ``with_publication_state()`` are all built from it, so
    that the admin's "on the site" column, the API and the public pages can never disagree.
    """
    at = CurrentTime() if at is None else at
    # An item in the trash is off the public site at once, whatever its status (``publishing.trash``).
    published = Q(status=PublicationStatus.PUBLISHED, trashed_at__isnull=True)
    return {
        PublicationState.LIVE: published
        & Q(publish_from__lte=at)
        & (Q(publish_until__isnull=True) | Q(publish_until__gt=at)),
        PublicationState.SCHEDULED: published & Q(publish_from__gt=at),
        PublicationState.EXPIRED: published & Q(publish_until__lte=at),
    }


class PublishableQuerySet(models.QuerySet):
    """The one definition of what the public may see, used by views, feeds, sitemaps, search and the API.

    Visibility is decided by the query at request time: a scheduled item appears at its
    ``publish_from`` and disappears at its ``publish_until`` with no job to run. ``at`` is an aware
    datetime, now by default.
    """

    def published(self, at=None):
        return self.filter(_state_conditions(at)[PublicationState.LIVE])

    def scheduled(self, at=None):
        return self.filter(_state_conditions(at)[PublicationState.SCHEDULED])

    def expired(self, at=None):
        return self.filter(_state_conditions(at)[PublicationState.EXPIRED])

    def in_review(self):
        return self.filter(status=PublicationStatus.IN_REVIEW)

    def in_trash(self):
        """Items moved to the trash (``publishing.trash``): out of the public site, restorable by publishers."""
        return self.filter(trashed_at__isnull=False)

    def not_in_trash(self):
        """Items not in the trash: what the admin's lists and forms work on."""
        return self.filter(trashed_at__isnull=True)

    def latest_change(self, at=None) -> datetime.datetime | None:
        """The latest moment, up to ``at`` (now by default), at which a row changed or became visible or invisible.

        A scheduled item going live at its ``publish_from``, or leaving at its ``publish_until``, changes what the
        public sees without any save: validators (Last-Modified) must move then too. None for no rows.

        One query of three ``ORDER BY … DESC LIMIT 1`` subqueries, each answered by an index (``updated``,
        ``publish_from``, ``publish_until``), not ``MAX(…) FILTER (…)``, which reads every row (120 ms at 100 000
        rows, issue 13).
        """
        at = at or timezone.now()
        rows = self.order_by()
        markers = {
            "changed_saved": rows.order_by("-updated").values("updated")[:1],
            "changed_went_live": rows.published(at).order_by("-publish_from").values("publish_from")[:1],
            "changed_went_away": rows.expired(at).order_by("-publish_until").values("publish_until")[:1],
        }
        first = (
            rows.annotate(**{name: models.Subquery(marker) for name, marker in markers.items()})
            .values(*markers)
            .first()
        )
        if first is None:
            return None
        return max((date for date in first.values() if date is not None), default=None)

    def with_publication_state(self, at=None):
        """Each row annotated with ``publication_state``, one of ``PublicationState``'s values, at ``at``."""
        conditions = _state_conditions(at)
        return self.annotate(
            publication_state=Case(
                *[When(condition, then=Value(state.value)) for state, condition in conditions.items()],
                default=Value(PublicationState.HIDDEN.value),
                output_field=models.CharField(),
            )
        )


class Publishable(models.Model):
    """Abstract base of every item that goes through the workflow (trials, news items, editorial pages)."""

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Publication date and time. A published item is visible from then on."),
    )
    publish_until = models.DateTimeField(
        _("publish until"),
        null=True,
        blank=True,
        # latest_change() and the API's Last-Modified: the latest end of publication, without reading every row.
        db_index=True,
        help_text=_("Optional. The item is withdrawn from the public site at this date and time."),
    )
    # The trash (``publishing.trash``): set when the item is deleted, cleared when it is restored.
    trashed_at = models.DateTimeField(_("moved to the trash at"), null=True, blank=True, editable=False)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("moved to the trash by"),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_published_has_date",
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(publish_from__isnull=False),
                violation_error_message=_("A published item needs a publication date."),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_until_after_from",
                condition=Q(publish_until__isnull=True)
                | Q(publish_from__isnull=True)
                | Q(publish_until__gt=models.F("publish_from")),
                violation_error_message=_("'Publish until' must come after 'publish from'."),
            ),
        ]

    def get_publication_state(self, at=None) -> str:
        """This item's ``PublicationState`` value at ``at`` (now by default), by the QuerySet's rule.

        Reads the ``publication_state`` annotation when the row was loaded with ``with_publication_state()``
        for the same moment (the admin's lists do); otherwise one query.
        """
        annotated = getattr(self, "publication_state", None)
        if at is None and annotated is not None:
            return annotated
        if self.pk is None:
            return PublicationState.HIDDEN.value
        return (
            type(self)
            ._default_manager.with_publication_state(at)
            .filter(pk=self.pk)
            .values_list("publication_state", flat=True)
            .first()
        ) or PublicationState.HIDDEN.value

    def latest_change(self, at=None) -> datetime.datetime:
        """This item's ``PublishableQuerySet.latest_change()``: its last save, or the passing of its publication
        dates if later (an item scheduled before it went live)."""
        at = at or timezone.now()
        dates = [self.updated]
        if self.status == PublicationStatus.PUBLISHED:
            dates += [date for date in (self.publish_from, self.publish_until) if date is not None and date <= at]
        return max(dates)

    def is_published(self, at=None) -> bool:
        """Whether the public sees this item at ``at`` (now by default): ``published()`` decides."""
        return self.get_publication_state(at) == PublicationState.LIVE


class WorkflowTransitionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class WorkflowTransition(models.Model):
    """One move of a publishable item from a status to another: who, when, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=12, choices=PublicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=PublicationStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workflow_transitions",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = WorkflowTransitionQuerySet.as_manager()

    class Meta:
        # The table was created by the accounts app, which held this model before the publishing app existed.
        db_table = "accounts_workflowtransition"
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")
        indexes = [
            # for_object(): an item's own transitions, on its change form.
            models.Index(fields=["content_type", "object_id"], name="accounts_transition_object"),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}: {self.from_status} → {self.to_status}"


class WithdrawalRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class WithdrawalRequest(models.Model):
    """An editor's request that a publisher take an item off the site (``publishing.trash.request_withdrawal``).

    Editors who may not delete an item (it is published, or shared with another centre) ask for it instead; the
    request waits on the publishers' dashboard until the item is unpublished or moved to the trash.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="withdrawal_requests",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = WithdrawalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("withdrawal request")
        verbose_name_plural = _("withdrawal requests")
        indexes = [
            # for_object(): an item's requests, resolved when it leaves the site.
            models.Index(fields=["content_type", "object_id"], name="publishing_withdrawal_object"),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}"


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a later draft")
    DISCARDED = "discarded", _("Discarded")


# A revision that may still go live: at most one of them per item.
PENDING_REVISION_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.SCHEDULED)


class RevisionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def pending(self):
        return self.filter(status__in=PENDING_REVISION_STATUSES)

    def due(self, at=None):
        """Scheduled revisions whose go-live date has come (``at``, now by default)."""
        return self.filter(status=RevisionStatus.SCHEDULED, go_live_at__lte=at or timezone.now())


class Revision(models.Model):
    """A draft of a published item: the values its fields would take, kept aside until a publisher publishes them.

    The public reads the item's row, which a draft never touches; publishing the revision
    (``publishing.revisions.publish_revision``) writes ``data`` to the row through the workflow, and the row's
    history records it. ``data`` holds the fields the form edits (many-to-many fields as lists of ids, files as
    their stored names), in the shape of Django's "python" serializer.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("field values"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("author"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    base_version = models.PositiveBigIntegerField(
        _("based on version"),
        null=True,
        blank=True,
        help_text=_("The history version of the live item this draft was written from."),
    )
    go_live_at = models.DateTimeField(
        _("goes live at"), null=True, blank=True, help_text=_("When a scheduled revision replaces the live one.")
    )
    comment = models.CharField(_("comment"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published or discarded by"),
    )
    decided_at = models.DateTimeField(_("published or discarded at"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=PENDING_REVISION_STATUSES),
                name="publishing_revision_one_pending",
                violation_error_message=_("An item has at most one pending draft."),
            ),
        ]
        indexes = [
            # for_object().pending(): the change form, the preview and the public detail read an item's draft.
            models.Index(fields=["content_type", "object_id"], name="publishing_revision_object"),
            # due(): the command that publishes scheduled revisions.
            models.Index(fields=["status", "go_live_at"], name="publishing_revision_due"),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}: {self.get_status_display()} ({self.created:%Y-%m-%d %H:%M})"
