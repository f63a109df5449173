"""Failed sign-ins lock the attacker, not the team.

- An account is locked from one address after ``AXES_FAILURE_LIMIT`` failures there (django-axes, lockout
  parameter ``[["username", "ip_address"]]``: the pair, so the same address may still sign in to other accounts
  and the same account from other addresses).
- One address that fails on many accounts (guessing across the team) is locked for every account after
  ``AXES_ADDRESS_FAILURE_LIMIT`` failures in the cool-off period (30 by default: six accounts' worth).
  django-axes has one failure limit for every lockout parameter, so the address-wide limit is this small handler.
- The address is ``core.addresses.client_address`` (``TRUSTED_PROXY_COUNT``).
- A locked-out person resets their password by e-mail (Django's views; a successful reset clears their
  failures), or an administrator unlocks them in the admin (the attempts list, action "Unlock").
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Sum

ADDRESS_LOCKED_ATTRIBUTE = "unicancer_address_locked"


def address_failures(ip_address: str | None, since) -> int:
    """Failed sign-ins from ``ip_address`` on any account since ``since`` (an aware datetime)."""
    if not ip_address:
        return 0
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler (account and address together), plus a higher limit for the address alone."""

    def _address_locked(self, request) -> bool:
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        ip_address = getattr(request, "axes_ip_address", None)
        if limit and address_failures(ip_address, get_cool_off_threshold(request)) >= limit:
            # Read by the lockout page, which then says the address, not the account, is locked.
            setattr(request, ADDRESS_LOCKED_ATTRIBUTE, True)
            return True
        return False

    def is_locked(self, request, credentials=None) -> bool:
        """Asked before the password is checked: the pair over its limit, or the address over its own."""
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """axes records the failure and marks the request locked out when the pair is over its limit (then the
        lockout page is shown); the address over its own limit is a lockout too."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def clear_lockout(username: str) -> int:
    """Forget the failed sign-ins of ``username`` from every address; returns how many records went."""
    return axes_reset(username=username)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view, after which the person is no longer locked out: they proved they own the address."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_lockout(form.user.get_username())
        return response
