"""Clinical trials and research programmes, with the centres taking part in them."""

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import PHONE_PATTERN, Centre, phone_validator
from unicancer_site.core.dates import DatePrecision, normalised_date_condition, partial_date, period_start
from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import SEARCH_FIELDS, Searchable, Source, TimeStampedModel
from unicancer_site.core.scoping import CentreScopedQuerySet
from unicancer_site.publishing.models import Publishable, PublishableQuerySet

NCT_PATTERN = r"^NCT[0-9]{8}$"
# The largest cancer screening trials enrol a few hundred thousand people: ten million is a typing error, said as
# such (the database's own bound, 9 223 372 036 854 775 807, tells staff nothing).
MAX_ENROLMENT = 10_000_000
EUDRACT_PATTERN = r"^[0-9]{4}-[0-9]{6}-[0-9]{2}$"
EU_CT_PATTERN = r"^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}$"

nct_validator = RegexValidator(NCT_PATTERN, _("A ClinicalTrials.gov identifier reads NCT followed by 8 digits."))
eudract_validator = RegexValidator(EUDRACT_PATTERN, _("A EudraCT number reads YYYY-NNNNNN-CC."))
eu_ct_validator = RegexValidator(EU_CT_PATTERN, _("An EU CT number reads YYYY-NNNNNN-CC-NN."))


class RecruitmentStatus(models.TextChoices):
    """ClinicalTrials.gov's overall status vocabulary."""

    NOT_YET_RECRUITING = "not_yet_recruiting", _("Not yet recruiting")
    RECRUITING = "recruiting", _("Recruiting")
    ENROLLING_BY_INVITATION = "enrolling_by_invitation", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "active_not_recruiting", _("Active, not recruiting")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The phases' names as shown, in the visitor's language (the rows store ClinicalTrials.gov's English names).
PHASE_NAMES = {
    "early_phase_1": _("Early phase 1"),
    "phase_1": _("Phase 1"),
    "phase_2": _("Phase 2"),
    "phase_3": _("Phase 3"),
    "phase_4": _("Phase 4"),
    "not_applicable": _("Not applicable"),
}


class Phase(models.Model):
    """A trial phase in ClinicalTrials.gov's vocabulary; the rows are created by a migration."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return str(PHASE_NAMES.get(self.code, self.name))


class Localisation(TranslatedMixin, TimeStampedModel):
    """A cancer localisation (breast, lung, ...): the small taxonomy trials are filed under."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    name = translated("name")

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name = _("cancer localisation")
        verbose_name_plural = _("cancer localisations")

    def __str__(self):
        return self.name_fr


class TrialQuerySet(PublishableQuerySet):
    # A trial's centres are its participations (rows with their own history), not copied into its versions: a
    # centre editor reads a trial's versions from the one current when their centre joined it
    # (``core.scoping.scope_versions_to_centres``).
    centre_link_rows = "participations"

    def recruiting(self):
        return self.filter(recruitment_status=RecruitmentStatus.RECRUITING)

    def trials(self):
        return self.filter(kind=Trial.Kind.TRIAL)

    def programmes(self):
        return self.exclude(kind=Trial.Kind.TRIAL)

    def for_list(self):
        return self.select_related("sponsor_centre").prefetch_related("phases", "localisations")

    def for_centres(self, centre_ids):
        """Trials in which one of the centres takes part (a subquery: no duplicate rows, no distinct())."""
        return self.filter(pk__in=TrialCentre.objects.for_centres(centre_ids).values("trial_id"))


class Trial(TranslatedMixin, Publishable, Searchable, TimeStampedModel):
    """A clinical trial or a research programme (cohort, programme, platform)."""

    class Kind(models.TextChoices):
        TRIAL = "trial", _("Clinical trial")
        COHORT = "cohort", _("Cohort")
        PROGRAMME = "programme", _("Research programme")
        PLATFORM = "platform", _("Platform")

    class Sponsor(models.TextChoices):
        UNICANCER = "unicancer", _("Unicancer R&D")
        CENTRE = "centre", _("A centre")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=60, db_index=True)
    title_fr = models.CharField(_("title (French)"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TRIAL, db_index=True)
    phases = models.ManyToManyField(Phase, blank=True, related_name="trials", verbose_name=_("phases"))
    recruitment_status = models.CharField(
        _("recruitment status"), max_length=28, choices=RecruitmentStatus.choices, blank=True, db_index=True
    )
    localisations = models.ManyToManyField(
        Localisation, blank=True, related_name="trials", verbose_name=_("cancer localisations")
    )
    sponsor = models.CharField(_("sponsor"), max_length=12, choices=Sponsor.choices, blank=True)
    sponsor_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_trials",
        verbose_name=_("sponsoring centre"),
    )
    sponsor_name = models.CharField(_("sponsor name"), max_length=200, blank=True, help_text=_("For another sponsor."))
    collaborative_group = models.CharField(
        _("collaborative group"), max_length=120, blank=True, help_text=_("e.g. PEACE, UCBG, GETUG.")
    )
    nct_id = models.CharField(_("ClinicalTrials.gov ID"), max_length=11, blank=True, validators=[nct_validator])
    eudract_id = models.CharField(_("EudraCT number"), max_length=14, blank=True, validators=[eudract_validator])
    eu_ct_id = models.CharField(_("EU CT number"), max_length=17, blank=True, validators=[eu_ct_validator])
    target_enrolment = models.PositiveIntegerField(
        _("target enrolment"), null=True, blank=True, validators=[MaxValueValidator(MAX_ENROLMENT)]
    )
    actual_enrolment = models.PositiveIntegerField(
        _("actual enrolment"), null=True, blank=True, validators=[MaxValueValidator(MAX_ENROLMENT)]
    )
    enrolment_date = models.DateField(
        _("enrolment counted on"),
        null=True,
        blank=True,
        help_text=_("As precisely as the source gives it: « en 2022 » is 2022 at year precision."),
    )
    enrolment_date_precision = models.CharField(
        _("precision of the count's date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    enrolment_unit_fr = models.CharField(
        _("enrolment unit (French)"),
        max_length=60,
        blank=True,
        help_text=_("e.g. patientes, femmes. Default: patients."),
    )
    enrolment_unit_en = models.CharField(_("enrolment unit (English)"), max_length=60, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_international = models.BooleanField(_("international"), null=True, blank=True)
    countries_count = models.PositiveSmallIntegerField(_("number of countries"), null=True, blank=True)
    partners_count = models.PositiveSmallIntegerField(_("number of partners"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    eligibility_fr = models.TextField(
        _("who may take part (French)"),
        blank=True,
        help_text=_("The main criteria, in plain words, as the trial's protocol or registry record states them."),
    )
    eligibility_en = models.TextField(_("who may take part (English)"), blank=True)
    contact_name = models.CharField(
        _("contact: name"), max_length=200, blank=True, help_text=_("Who answers questions about the trial.")
    )
    contact_email = models.EmailField(_("contact: email"), blank=True)
    contact_phone = models.CharField(_("contact: telephone"), max_length=30, blank=True, validators=[phone_validator])
    centres = models.ManyToManyField(
        Centre, through="TrialCentre", related_name="trials", blank=True, verbose_name=_("participating centres")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="trials", verbose_name=_("source")
    )

    history = HistoricalRecords(m2m_fields=[phases, localisations], excluded_fields=SEARCH_FIELDS)
    objects = TrialQuerySet.as_manager()

    title = translated("title")
    summary = translated("summary")
    enrolment_unit = translated("enrolment_unit")
    eligibility = translated("eligibility")
    # Its page is English only where these are translated (see TranslatedMixin.available_languages).
    translation_defining_fields = ("title", "summary")
    enrolment_counted = partial_date("enrolment_date")

    class Meta:
        ordering = ["acronym"]
        indexes = [
            # latest_change() (the API's Last-Modified): the latest save, one index probe.
            models.Index(fields=["updated"], name="research_trial_updated"),
        ]
        verbose_name = _("trial or programme")
        verbose_name_plural = _("trials and programmes")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                name="research_trial_nct_format",
                condition=Q(nct_id="") | Q(nct_id__regex=NCT_PATTERN),
                violation_error_message=_("A ClinicalTrials.gov identifier reads NCT followed by 8 digits."),
            ),
            models.CheckConstraint(
                name="research_trial_eudract_format",
                condition=Q(eudract_id="") | Q(eudract_id__regex=EUDRACT_PATTERN),
                violation_error_message=_("A EudraCT number reads YYYY-NNNNNN-CC."),
            ),
            models.CheckConstraint(
                name="research_trial_eu_ct_format",
                condition=Q(eu_ct_id="") | Q(eu_ct_id__regex=EU_CT_PATTERN),
                violation_error_message=_("An EU CT number reads YYYY-NNNNNN-CC-NN."),
            ),
            models.UniqueConstraint(
                fields=["nct_id"],
                condition=~Q(nct_id=""),
                name="research_trial_unique_nct",
                violation_error_message=_("Another trial already has this NCT number: a trial is recorded once."),
            ),
            models.CheckConstraint(
                name="research_trial_sponsor_centre",
                condition=Q(sponsor="centre", sponsor_centre__isnull=False)
                | (~Q(sponsor="centre") & Q(sponsor_centre__isnull=True)),
                violation_error_message=_("Choose the sponsoring centre when the sponsor is a centre, only then."),
            ),
            models.CheckConstraint(
                name="research_trial_dates_in_order",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("The end date cannot come before the start date."),
            ),
            models.CheckConstraint(
                name="research_trial_contact_phone_format",
                condition=Q(contact_phone="") | Q(contact_phone__regex=PHONE_PATTERN),
                violation_error_message=_("A telephone number: digits, spaces, dots or hyphens, and an optional +."),
            ),
            models.CheckConstraint(
                name="research_trial_enrolment_date_at_its_precision",
                condition=normalised_date_condition("enrolment_date", "enrolment_date_precision"),
                violation_error_message=_("A date known to the month or the year is stored as its first day."),
            ),
            models.CheckConstraint(
                name="research_trial_enrolment_counted",
                condition=Q(actual_enrolment__isnull=True) | Q(enrolment_date__isnull=False),
                violation_error_message=_("Give the date of the enrolment count."),
            ),
        ]

    def __str__(self):
        return self.acronym

    def save(self, *args, **kwargs):
        if self.enrolment_date is not None:
            self.enrolment_date = period_start(self.enrolment_date, self.enrolment_date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == self.Kind.TRIAL:
            return reverse("research:trial_detail", kwargs={"slug": self.slug})
        return reverse("research:programme_detail", kwargs={"slug": self.slug})

    @property
    def sponsor_display(self) -> str:
        if self.sponsor == self.Sponsor.CENTRE and self.sponsor_centre_id:
            return self.sponsor_centre.name
        if self.sponsor == self.Sponsor.OTHER:
            return self.sponsor_name
        return self.get_sponsor_display()

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.contact_phone)

    @property
    def registry_links(self) -> list[tuple[str, str, str]]:
        """(registry, identifier, public URL) for each identifier the trial has."""
        links = []
        if self.nct_id:
            links.append(("ClinicalTrials.gov", self.nct_id, f"https://clinicaltrials.gov/study/{self.nct_id}"))
        if self.eudract_id:
            links.append(
                (
                    "EudraCT",
                    self.eudract_id,
                    f"https://www.clinicaltrialsregister.eu/ctr-search/search?query={self.eudract_id}",
                )
            )
        if self.eu_ct_id:
            links.append(
                (
                    "EU CTIS",
                    self.eu_ct_id,
                    f"https://euclinicaltrials.eu/search-for-clinical-trials/?lang=en&EUCT={self.eu_ct_id}",
                )
            )
        return links


class TrialCentre(TimeStampedModel):
    """A centre taking part in a trial, with its own recruitment status there."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="participations", verbose_name=_("trial"))
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="trial_participations", verbose_name=_("centre")
    )
    recruitment_status = models.CharField(
        _("recruitment status at this centre"), max_length=28, choices=RecruitmentStatus.choices, blank=True
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = CentreScopedQuerySet.as_manager()

    class Meta:
        ordering = ["trial", "centre__name"]
        verbose_name = _("participating centre")
        verbose_name_plural = _("participating centres")
        constraints = [
            models.UniqueConstraint(fields=["trial", "centre"], name="research_one_participation_per_centre"),
        ]

    def __str__(self):
        return f"{self.trial} — {self.centre}"
