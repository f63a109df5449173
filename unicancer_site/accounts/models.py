"""Staff accounts: which centres a staff user edits, and who moved content through the workflow."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicancer_site.core.models import PublicationStatus


class CentreMembership(models.Model):
    """A staff user works for a centre: a centre editor edits only the content of their centres."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.CASCADE, related_name="staff_memberships", verbose_name=_("centre")
    )

    class Meta:
        ordering = ["user", "centre__name"]
        verbose_name = _("centre membership")
        verbose_name_plural = _("centre memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="accounts_one_membership_per_centre"),
        ]

    def __str__(self):
        return f"{self.user} — {self.centre}"


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
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")
        indexes = [
            # for_object(): an item's own transitions, on its change form.
            models.Index(fields=["content_type", "object_id"], name="accounts_transition_object"),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}: {self.from_status} → {self.to_status}"
