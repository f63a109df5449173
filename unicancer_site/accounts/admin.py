from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import CentreMembership

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
