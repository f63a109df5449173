from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import CentreMembership, WorkflowTransition

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


@admin.register(WorkflowTransition)
class WorkflowTransitionAdmin(admin.ModelAdmin):
    """Who moved what through the workflow, and when: a log, never edited."""

    list_display = ["at", "content_type", "object_link", "from_status", "to_status", "user", "comment"]
    list_filter = ["to_status", "content_type"]
    search_fields = ["comment", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "user"]

    @admin.display(description=_("item"))
    def object_link(self, obj):
        label = f"{obj.content_type.name} #{obj.object_id}"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
