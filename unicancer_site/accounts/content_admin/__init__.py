"""What every content ModelAdmin shares, one concern a module:

- ``scoping``: a centre editor's view of the admin (their centres' objects only, everywhere);
- ``history``: one version per save with its reason, a readable diff, and revert;
- ``spreadsheets``: CSV/XLSX export with formulas neutralised, import with a preview;
- ``rich_text``: the editor limited to what the sanitiser keeps;
- ``uploads``: files checked by their content.

``ContentAdmin`` puts them together; the publishing workflow adds ``unicancer_site.publishing.admin``.
"""

from django import forms
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from unicancer_site.core.scoping import is_centre_scoped

from ..roles import CONTENT_DEFAULTS
from ..scoping import is_restricted, may_work_on
from .history import HistoryAdminMixin, change_reason_field
from .rich_text import clean_rich_text, rich_text_widget
from .scoping import CentreScopedAdminMixin, ScopedChoicesMixin, ScopedInlineMixin
from .spreadsheets import ContentResource, ExportAdminMixin, ImportExportAdminMixin, ReferenceWidget
from .uploads import CheckedImageField

__all__ = [
    "CentreScopedAdminMixin",
    "ContentAdmin",
    "ContentAdminForm",
    "ContentImportExportAdmin",
    "ContentResource",
    "ReferenceWidget",
    "ScopedChoicesMixin",
    "ScopedInlineMixin",
]


class ContentAdminForm(forms.ModelForm):
    """The form every content admin builds on; the admin sets the per-request attributes in ``get_form``."""

    scope_user = None
    # For a centre editor, these many-to-many fields must name at least one of their centres.
    centre_required_fields: tuple[str, ...] = ()
    rich_text_fields: tuple[str, ...] = ()
    # Not a model field: kept with the version the save records (HistoryAdminMixin.save_model).
    change_reason = change_reason_field()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.rich_text_fields:
            if cleaned_data.get(name):
                cleaned_data[name] = clean_rich_text(cleaned_data[name])
        if self.scope_user is not None and is_restricted(self.scope_user):
            self._keep_hidden_links(cleaned_data)
            for name in self.centre_required_fields:
                chosen = cleaned_data.get(name)
                if name in self.fields and chosen is not None:
                    if not may_work_on(self.scope_user, centre_ids={centre.pk for centre in chosen}):
                        self.add_error(name, _("Choose at least one of your centres."))
        return cleaned_data

    def _keep_hidden_links(self, cleaned_data):
        """Links to other centres' rows are not offered to a centre editor: saving must not drop them."""
        if not self.instance.pk:
            return
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if not isinstance(field, forms.ModelMultipleChoiceField) or not is_centre_scoped(model):
                continue
            if name not in cleaned_data:
                continue
            visible = field.queryset.values("pk")
            hidden = list(getattr(self.instance, name).exclude(pk__in=visible).values_list("pk", flat=True))
            if hidden:
                chosen = [obj.pk for obj in cleaned_data[name]]
                cleaned_data[name] = model._default_manager.filter(pk__in=chosen + hidden)


SLUG_HELP_TEXT = _(
    "The end of the page's address: lowercase letters, digits and hyphens, no spaces or accents. "
    "Changing it once the page is public keeps the old address working: it redirects to the new one."
)


class ContentAdmin(CentreScopedAdminMixin, HistoryAdminMixin, ExportAdminMixin, SimpleHistoryAdmin):
    form = ContentAdminForm
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageField}}
    rich_text_fields: tuple[str, ...] = ()
    list_per_page = 50
    # {role: actions} beyond CONTENT_DEFAULTS; read by accounts.roles to build the role groups.
    role_permissions: dict[str, tuple[str, ...]] = {}

    # More words than this make SQLite refuse the search query ("Expression tree is too large"): a search is a
    # few words, the rest is dropped.
    search_max_words = 20

    def get_search_results(self, request, queryset, search_term):
        search_term = " ".join(search_term.split()[: self.search_max_words])
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        """Django's, but selected ids that are no ids (a forged POST: ``_selected_action=abc``) are a message, not
        a 500."""
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.to_python(value)
        except ValidationError:
            self.message_user(request, gettext("The selection could not be read: select the items again."), "error")
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def get_role_permissions(self) -> dict[str, tuple[str, ...]]:
        """{role name: actions ("view", "add", "change", "delete", "publish")} on this admin's model."""
        return {**CONTENT_DEFAULTS, **self.role_permissions}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.scope_user = request.user
        form_class.centre_required_fields = tuple(self.centre_required_fields)
        form_class.rich_text_fields = tuple(self.rich_text_fields)
        return form_class

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            kwargs["widget"] = rich_text_widget()
        if isinstance(db_field, models.SlugField) and not db_field.help_text:
            kwargs.setdefault("help_text", SLUG_HELP_TEXT)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentImportExportAdmin(ImportExportAdminMixin, ContentAdmin):
    pass
