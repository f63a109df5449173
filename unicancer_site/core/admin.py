from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from unicancer_site.accounts.admin_mixins import ContentAdmin
from unicancer_site.accounts.roles import FEDERATION_EDITOR, RESEARCH_EDITOR, user_roles

from .models import KeyFigure, Source


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["title", "kind", "date_display", "document", "url"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "document", "url"]
    date_hierarchy = "date"

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    list_display = ["label_fr", "display_value", "unit", "year", "topic", "source"]
    list_filter = ["topic", "year"]
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
