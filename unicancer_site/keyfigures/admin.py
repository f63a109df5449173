from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.content_admin import ContentAdmin
from unicancer_site.accounts.roles import ALL, FEDERATION_EDITOR, RESEARCH_EDITOR, user_roles

from .models import KeyFigure


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    # Research editors: the research figures only (limited_topics).
    role_permissions = {RESEARCH_EDITOR: ALL}
    list_display = ["label_fr", "display_value", "unit", "year", "topic", "featured", "home_position", "source"]
    list_editable = ["featured", "home_position"]
    list_filter = ["topic", "featured", "year"]
    search_fields = ["label_fr", "label_en"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]

    @admin.display(description=_("value"), ordering="value")
    def display_value(self, obj):
        return obj.display_value

    def limited_topics(self, request):
        """A research editor works on the research figures only."""
        if request.user.is_superuser:
            return None
        roles = user_roles(request.user)
        if FEDERATION_EDITOR in roles or RESEARCH_EDITOR not in roles:
            return None
        return [KeyFigure.Topic.RESEARCH]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        topics = self.limited_topics(request)
        return queryset if topics is None else queryset.filter(topic__in=topics)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        topics = self.limited_topics(request)
        if db_field.name == "topic" and topics is not None:
            kwargs["choices"] = [(value, label) for value, label in db_field.choices if value in topics]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
