from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken
from .services import api_token_revoke, api_token_set_new_key


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "owner", "created", "last_used", "expires", "revoked_at", "is_active_display"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created"]
    search_fields = ["name", "prefix", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    readonly_fields = ["prefix", "created", "last_used", "revoked_at"]
    actions = ["revoke_tokens"]
    date_hierarchy = "created"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "expires"]
        return ["name", "owner", "prefix", "created", "last_used", "expires", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        # A token keeps its owner: issue a new one for someone else.
        return [*self.readonly_fields, "owner"] if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A staff user who is not a superuser issues tokens for themselves only, so that nobody hands out
        # a token reading more than they may see.
        if db_field.name == "owner" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(owner=request.user)

    def save_model(self, request, obj, form, change):
        key = None if change else api_token_set_new_key(token=obj)
        super().save_model(request, obj, form, change)
        if key:
            self.message_user(
                request,
                _("The token's key is %(key)s — copy it now: it is not stored and will not be shown again.")
                % {"key": key},
                messages.WARNING,
            )

    @admin.display(description=_("active"), boolean=True)
    def is_active_display(self, obj):
        return obj.is_active()

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens)) % {"count": len(tokens)},
            messages.SUCCESS,
        )
