from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CentreMembership
from .roles import FEDERATION_EDITOR

User = get_user_model()


class CentreMembershipInline(admin.TabularInline):
    model = CentreMembership
    extra = 0
    autocomplete_fields = ["centre"]
    verbose_name = CentreMembership._meta.verbose_name
    verbose_name_plural = CentreMembership._meta.verbose_name_plural


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Users, with the centres a centre editor works for."""

    inlines = [*UserAdmin.inlines, CentreMembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "roles", "centres"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "centre_memberships__centre"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "centre_memberships__centre")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("centres"))
    def centres(self, obj):
        return ", ".join(
            membership.centre.short_name or membership.centre.name for membership in obj.centre_memberships.all()
        )


# Sign-in lockouts (django-axes): axes' own list of attempts, with an "Unlock" action that federation editors
# may use too (accounts/lockout.py).
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins by account and address; "Unlock" forgets them, so the person may sign in again."""

    actions = ["unlock"]
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "status"]

    def get_role_permissions(self) -> dict[str, tuple[str, ...]]:
        """Federation editors read the lockouts and unlock (delete the failures); superusers may anyway."""
        return {FEDERATION_EDITOR: ("view", "delete")}

    @admin.action(description=_("Unlock the selected accounts"), permissions=["delete"])
    def unlock(self, request, queryset):
        count, _deleted = queryset.delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d lockout lifted: the account may sign in again.",
                "%(count)d lockouts lifted: the accounts may sign in again.",
                count,
            )
            % {"count": count},
        )
