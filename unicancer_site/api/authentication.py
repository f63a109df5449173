"""``Authorization: Bearer <key>`` (or ``Token <key>``): the API's only authentication."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token_key
from .throttling import FailedTokenThrottle

KEYWORDS = ("bearer", "token")
# last_used is written at most this often, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: give 'Bearer <token>'."))
        throttle = FailedTokenThrottle()
        wait = throttle.seconds_to_wait(request)
        if wait is not None:
            raise exceptions.Throttled(wait, detail=str(_("Too many invalid tokens from this address.")))
        try:
            key = header[1].decode()
        except UnicodeError as error:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        token = ApiToken.objects.select_related("owner").filter(key_hash=hash_token_key(key)).first()
        now = timezone.now()
        # Unknown, revoked and expired tokens get the same answer: nothing to learn by probing.
        if token is None or not token.is_active(now) or not token.owner.is_active:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid, revoked or expired token."))
        if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token.owner, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
