"""API tokens: issued and revoked by staff in the admin, stored hashed."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "uc_"  # noqa: S105 (not a secret: what every key starts with)
# What the admin shows to recognise a token: "uc_" and the first characters of the secret.
DISPLAY_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def hash_token_key(key: str) -> str:
    # The key is 256 random bits (secrets.token_urlsafe), so a plain SHA-256 is enough: no salt, no stretching.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires__isnull=True) | Q(expires__gt=at))


class ApiToken(models.Model):
    """A key an internal tool sends as ``Authorization: Bearer <key>``; only its SHA-256 is kept."""

    name = models.CharField(_("name"), max_length=120, help_text=_("What the token is for, e.g. the tool using it."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("owner"),
        help_text=_("The token reads what this user may see."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"), max_length=DISPLAY_PREFIX_LENGTH, editable=False, help_text=_("To recognise the token.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Optional."))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires is None or self.expires > at)
