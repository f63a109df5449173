"""Staff accounts: which centres a staff user edits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreMembership(models.Model):
    """A staff user works for a centre: a centre editor edits only the content of their centres."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        settings.CENTRE_MODEL, on_delete=models.CASCADE, related_name="staff_memberships", verbose_name=_("centre")
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
