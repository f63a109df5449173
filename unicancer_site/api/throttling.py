"""Anonymous clients share a low rate per address; each token has its own, higher rate."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request (DRF binds the rates at import time), so that settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_SettingsRateThrottle):
    """API_ANON_RATE, per client address, for requests without a token."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_SettingsRateThrottle):
    """API_TOKEN_RATE, per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class FailedTokenThrottle(_SettingsRateThrottle):
    """API_TOKEN_FAILURE_RATE: wrong tokens per client address. Past it, the address gets a 429 before its token
    is even looked up, so that guessing keys costs the guesser time and the database nothing.

    Only failures count; a valid token is never slowed down by them. Kept in the cache like the other throttles:
    with the cache down, it lets requests through (and the failures cost a query each, as before).
    """

    scope = "token_failure"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def seconds_to_wait(self, request) -> float | None:
        """None if the address may try a token now, else how long it must wait."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.wait()
        return None

    def record_failure(self, request) -> None:
        """Count one more wrong token for the address (call after ``seconds_to_wait``)."""
        if self.rate is None:
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
