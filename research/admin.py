from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from centres.models import Centre
from unicancer_site.accounts.content_admin import (
    ContentAdmin,
    ContentImportExportAdmin,
    ContentResource,
    ReferenceWidget,
    ScopedInlineMixin,
)
from unicancer_site.accounts.roles import ALL, CENTRE_EDITOR, READ_ONLY_DEFAULTS, RESEARCH_EDITOR, VIEW
from unicancer_site.accounts.scoping import is_restricted
from unicancer_site.publishing.admin import PUBLICATION_FIELDSET, PublicationStateFilter, WorkflowAdminMixin

from .models import Localisation, Phase, Trial, TrialCentre
from .views import ProgrammeDetailView, TrialDetailView


class TrialResource(ContentResource):
    """Trials import by slug. Imported trials keep their publication status: the workflow publishes them."""

    sponsor_centre = fields.Field(
        attribute="sponsor_centre",
        column_name="sponsor_centre",
        widget=ReferenceWidget(Centre, field="slug"),
    )
    phases = fields.Field(
        attribute="phases", column_name="phases", widget=widgets.ManyToManyWidget(Phase, field="code", separator="|")
    )
    localisations = fields.Field(
        attribute="localisations",
        column_name="localisations",
        widget=widgets.ManyToManyWidget(Localisation, field="slug", separator="|"),
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta(ContentResource.Meta):
        model = Trial
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "acronym",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "kind",
            "phases",
            "recruitment_status",
            "localisations",
            "sponsor",
            "sponsor_centre",
            "sponsor_name",
            "collaborative_group",
            "nct_id",
            "eudract_id",
            "eu_ct_id",
            "target_enrolment",
            "start_date",
            "end_date",
            "website",
            "status",
        ]
        export_order = fields


class TrialCentreResource(ContentResource):
    """Participating centres by trial slug and centre slug, with the centre's recruitment status in the trial.

    A centre editor updates the statuses of their centres' participations; adding a participation is the
    research team's.
    """

    trial = fields.Field(attribute="trial", column_name="trial", widget=ReferenceWidget(Trial, field="slug"))
    centre = fields.Field(attribute="centre", column_name="centre", widget=ReferenceWidget(Centre, field="slug"))

    class Meta(ContentResource.Meta):
        model = TrialCentre
        import_id_fields = ["trial", "centre"]
        fields = ["trial", "centre", "recruitment_status"]
        export_order = fields


class TrialCentreInline(ScopedInlineMixin, admin.TabularInline):
    model = TrialCentre
    extra = 0
    autocomplete_fields = ["centre", "source"]


@admin.register(Trial)
class TrialAdmin(WorkflowAdminMixin, ContentImportExportAdmin):
    role_permissions = {CENTRE_EDITOR: VIEW, RESEARCH_EDITOR: ALL}
    resource_classes = [TrialResource]

    def get_public_view(self, obj):
        """Trials and programmes have pages of their own."""
        return TrialDetailView if obj.kind == Trial.Kind.TRIAL else ProgrammeDetailView

    list_display = ["acronym", "kind", "phase_list", "recruitment_status", "status", "publication", "sponsor"]
    list_filter = [
        PublicationStateFilter,
        "status",
        "kind",
        "phases",
        "recruitment_status",
        "localisations",
        ("centres", admin.RelatedOnlyFieldListFilter),
        "is_international",
    ]
    search_fields = ["acronym", "title_fr", "title_en", "nct_id", "eudract_id", "eu_ct_id", "collaborative_group"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["sponsor_centre", "source", "localisations"]
    filter_horizontal = ["phases"]
    date_hierarchy = "start_date"
    inlines = [TrialCentreInline]
    fieldsets = [
        (None, {"fields": ["acronym", "slug", "kind", "title_fr", "title_en", "summary_fr", "summary_en"]}),
        PUBLICATION_FIELDSET,
        (_("Research"), {"fields": ["phases", "localisations", "recruitment_status", "collaborative_group"]}),
        (_("Sponsor"), {"fields": ["sponsor", "sponsor_centre", "sponsor_name"]}),
        (_("Registries"), {"fields": ["nct_id", "eudract_id", "eu_ct_id", "website"]}),
        (
            _("For patients"),
            {
                "description": _(
                    "Shown on the trial's page only where filled in: leave empty what the trial's documents do not say."
                ),
                "fields": ["eligibility_fr", "eligibility_en", "contact_name", "contact_email", "contact_phone"],
            },
        ),
        (
            _("Enrolment and dates"),
            {
                "fields": [
                    "target_enrolment",
                    "actual_enrolment",
                    ("enrolment_date", "enrolment_date_precision"),
                    "enrolment_unit_fr",
                    "enrolment_unit_en",
                    "start_date",
                    "end_date",
                    "is_international",
                    "countries_count",
                    "partners_count",
                ]
            },
        ),
        (_("Source"), {"fields": ["source"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("phases")

    @admin.display(description=_("phases"))
    def phase_list(self, obj):
        return ", ".join(str(phase) for phase in obj.phases.all())


@admin.register(TrialCentre)
class TrialCentreAdmin(ContentImportExportAdmin):
    """A centre's participation in a trial: where a centre editor sets their recruitment status."""

    role_permissions = {CENTRE_EDITOR: ("view", "change"), RESEARCH_EDITOR: ALL}
    resource_classes = [TrialCentreResource]

    list_display = ["trial", "centre", "recruitment_status"]
    list_editable = ["recruitment_status"]
    list_filter = ["recruitment_status", ("centre", admin.RelatedOnlyFieldListFilter), "trial__kind"]
    search_fields = ["trial__acronym", "trial__title_fr", "centre__name", "centre__short_name"]
    list_select_related = ["trial", "centre"]
    autocomplete_fields = ["trial", "centre", "source"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and is_restricted(request.user):
            readonly += ["trial", "centre"]
        return readonly


@admin.register(Localisation)
class LocalisationAdmin(ContentAdmin):
    role_permissions = {CENTRE_EDITOR: VIEW, RESEARCH_EDITOR: ALL}
    list_display = ["name_fr", "name_en", "position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    """ClinicalTrials.gov's phases: a fixed vocabulary made by a migration, listed here, never edited."""

    role_permissions = {**READ_ONLY_DEFAULTS, CENTRE_EDITOR: VIEW, RESEARCH_EDITOR: VIEW}

    def get_role_permissions(self):
        return self.role_permissions

    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
