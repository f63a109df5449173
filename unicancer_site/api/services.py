"""Issuing and revoking API tokens: the admin and the tests call these."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from .models import DISPLAY_PREFIX_LENGTH, TOKEN_PREFIX, ApiToken, hash_token_key


def api_token_set_new_key(*, token: ApiToken) -> str:
    """Give ``token`` a new random key (not saved) and return the plaintext, which is never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token.key_hash = hash_token_key(key)
    token.prefix = key[:DISPLAY_PREFIX_LENGTH]
    return key


@transaction.atomic
def api_token_issue(*, name: str, owner, expires: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token and its plaintext key, to be shown once."""
    token = ApiToken(name=name, owner=owner, expires=expires)
    key = api_token_set_new_key(token=token)
    token.full_clean()
    token.save()
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
