"""Certification decisions (HAS, ISO 9001, ISO 50001, OECI): one record per decision, dated and sourced.

Whether a certification is current on a date is a query (``current_on``), never a stored flag.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre
from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import Source, TimeStampedModel
from unicancer_site.core.scoping import CentreScopedQuerySet

HAS_VALIDITY_YEARS = 4


class Scheme(models.TextChoices):
    HAS = "has", _("HAS certification")
    ISO_9001 = "iso_9001", _("ISO 9001")
    ISO_50001 = "iso_50001", _("ISO 50001")
    OECI = "oeci", _("OECI accreditation")


class Decision(models.TextChoices):
    # The HAS's official wording; « Certifié avec mention » is published as « Haute qualité des soins ».
    CERTIFIED = "certified", _("Certified")
    CERTIFIED_WITH_MENTION = "certified_with_mention", _("Certified with mention « Haute qualité des soins »")
    CERTIFIED_WITH_CONDITIONS = "certified_with_conditions", _("Certified with conditions")
    # A source may say "certified" without saying whether the mention was given: we record no more than that.
    CERTIFIED_LEVEL_NOT_STATED = "certified_level_not_stated", _("Certified (level not stated by the source)")
    NOT_CERTIFIED = "not_certified", _("Not certified")
    ACCREDITED = "accredited", _("Accredited")


GRANTED_DECISIONS = [
    Decision.CERTIFIED,
    Decision.CERTIFIED_WITH_MENTION,
    Decision.CERTIFIED_WITH_CONDITIONS,
    Decision.CERTIFIED_LEVEL_NOT_STATED,
    Decision.ACCREDITED,
]
HAS_ONLY_DECISIONS = [
    Decision.CERTIFIED_WITH_MENTION,
    Decision.CERTIFIED_WITH_CONDITIONS,
    Decision.CERTIFIED_LEVEL_NOT_STATED,
    Decision.NOT_CERTIFIED,
]


class Holder(models.TextChoices):
    CENTRE = "centre", _("A centre")
    UNICANCER_RD = "unicancer_rd", _("Unicancer R&D (the federation's research department)")


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CertificationQuerySet(CentreScopedQuerySet):
    def with_effective_from(self):
        """``effective_from``: the decision date, or the date a source states the decision was in force."""
        return self.annotate(effective_from=Coalesce("decision_date", "in_force_on"))

    def in_force_on(self, day: datetime.date):
        """The latest decision per holder, scheme and scope known on ``day`` (granted or not)."""
        superseding = (
            Certification.objects.with_effective_from()
            .filter(
                scheme=OuterRef("scheme"),
                holder=OuterRef("holder"),
                scope_fr=OuterRef("scope_fr"),
                effective_from__gt=OuterRef("effective_from"),
                effective_from__lte=day,
            )
            .filter(Q(centre=OuterRef("centre")) | Q(centre__isnull=True, holder=Holder.UNICANCER_RD))
        )
        return self.with_effective_from().filter(effective_from__lte=day).exclude(Exists(superseding))

    def current_on(self, day: datetime.date):
        """Certifications granted and valid on ``day``: a query, not a stored flag."""
        return (
            self.in_force_on(day)
            .filter(decision__in=GRANTED_DECISIONS)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        )

    def has(self):
        return self.filter(scheme=Scheme.HAS)

    def expiring_between(self, start: datetime.date, end: datetime.date):
        """Granted certifications whose validity ends between two dates (inclusive), soonest first.

        The staff dashboard finds this method on any model's QuerySet to list what expires soon.
        """
        return (
            self.filter(decision__in=GRANTED_DECISIONS, valid_until__gte=start, valid_until__lte=end)
            .select_related("centre")
            .order_by("valid_until")
        )


class Certification(TranslatedMixin, TimeStampedModel):
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices, db_index=True)
    referential = models.CharField(
        _("référentiel / standard"),
        max_length=40,
        blank=True,
        help_text=_("For HAS the référentiel (e.g. V2020); for ISO the standard's edition."),
    )
    scope_fr = models.CharField(
        _("scope (French)"), max_length=200, blank=True, help_text=_("e.g. « Recherche clinique » for ISO 9001.")
    )
    scope_en = models.CharField(_("scope (English)"), max_length=200, blank=True)
    designation = models.CharField(
        _("designation"), max_length=120, blank=True, help_text=_("OECI designation, e.g. Comprehensive Cancer Centre.")
    )
    holder = models.CharField(_("holder"), max_length=14, choices=Holder.choices, default=Holder.CENTRE)
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("centre"),
    )
    decision = models.CharField(_("decision"), max_length=28, choices=Decision.choices, db_index=True)
    visit_date = models.DateField(_("visit date"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, db_index=True)
    in_force_on = models.DateField(
        _("stated in force on"),
        null=True,
        blank=True,
        help_text=_("When the decision date is not known: a date on which the source states the decision held."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Left empty for HAS, it is the decision date plus four years."),
    )
    iteration = models.PositiveSmallIntegerField(_("iteration"), null=True, blank=True)
    global_score = models.DecimalField(_("global score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    certifying_body = models.CharField(_("certifying body"), max_length=120, blank=True)
    appeal_pending = models.BooleanField(_("appeal pending"), default=False)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certifications", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    scope = translated("scope")
    notes = translated("notes")

    class Meta:
        ordering = ["scheme", "centre__name", "-decision_date"]
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        indexes = [
            # current_on(): the latest decision per centre and scheme.
            models.Index(fields=["centre", "scheme", "decision_date"], name="cert_centre_scheme_date"),
        ]
        constraints = [
            models.CheckConstraint(
                name="certifications_global_score_range",
                condition=Q(global_score__isnull=True) | (Q(global_score__gte=0) & Q(global_score__lte=100)),
                violation_error_message=_("A score is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                name="certifications_valid_until_after_decision",
                condition=Q(valid_until__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(valid_until__gt=F("decision_date")),
                violation_error_message=_("The validity must end after the decision date."),
            ),
            models.CheckConstraint(
                name="certifications_visit_before_decision",
                condition=Q(visit_date__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(visit_date__lte=F("decision_date")),
                violation_error_message=_("The visit cannot come after the decision."),
            ),
            models.CheckConstraint(
                name="certifications_holder_matches_centre",
                condition=Q(holder=Holder.CENTRE, centre__isnull=False)
                | Q(holder=Holder.UNICANCER_RD, centre__isnull=True),
                violation_error_message=_("Choose a centre, unless the holder is Unicancer R&D."),
            ),
            models.CheckConstraint(
                name="certifications_has_only_decisions",
                condition=Q(scheme=Scheme.HAS) | ~Q(decision__in=HAS_ONLY_DECISIONS),
                violation_error_message=_("This decision only exists in HAS certification."),
            ),
            models.CheckConstraint(
                name="certifications_dated",
                condition=Q(decision_date__isnull=False) | Q(in_force_on__isnull=False),
                violation_error_message=_("Give the decision date, or a date on which it is stated in force."),
            ),
            models.CheckConstraint(
                name="certifications_iteration_positive",
                condition=Q(iteration__isnull=True) | Q(iteration__gte=1),
                violation_error_message=_("The iteration starts at 1."),
            ),
        ]

    def __str__(self):
        holder = self.centre.name if self.centre_id else Holder.UNICANCER_RD.label
        scheme = f"{self.get_scheme_display()} {self.referential}".strip()
        return f"{scheme} — {holder} — {self.get_decision_display()}"

    def get_absolute_url(self):
        return reverse("certifications:scheme_detail", kwargs={"scheme": self.scheme})

    @property
    def holder_name(self) -> str:
        return self.centre.name if self.centre_id else str(Holder.UNICANCER_RD.label)

    @property
    def is_granted(self) -> bool:
        return self.decision in GRANTED_DECISIONS

    def clean(self):
        super().clean()
        if self.holder == Holder.CENTRE and not self.centre_id:
            raise ValidationError({"centre": _("Choose the centre this decision is about.")})
        if self.holder == Holder.UNICANCER_RD and self.centre_id:
            raise ValidationError({"centre": _("Leave the centre empty when the holder is Unicancer R&D.")})
        self.fill_validity()

    def fill_validity(self):
        if self.scheme == Scheme.HAS and self.decision_date and not self.valid_until and self.is_granted:
            self.valid_until = add_years(self.decision_date, HAS_VALIDITY_YEARS)

    def save(self, *args, **kwargs):
        self.fill_validity()
        super().save(*args, **kwargs)


class ChapterScoreQuerySet(CentreScopedQuerySet):
    centre_lookup = "certification__centre"


class ChapterScore(TimeStampedModel):
    """A HAS V2020 chapter score: 1 « Le patient », 2 « Les équipes de soins », 3 « L'établissement »."""

    class Chapter(models.IntegerChoices):
        PATIENT = 1, _("Chapter 1 « Le patient »")
        CARE_TEAMS = 2, _("Chapter 2 « Les équipes de soins »")
        ESTABLISHMENT = 3, _("Chapter 3 « L'établissement »")

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="chapter_scores", verbose_name=_("certification")
    )
    chapter = models.PositiveSmallIntegerField(_("chapter"), choices=Chapter.choices)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()
    objects = ChapterScoreQuerySet.as_manager()

    class Meta:
        ordering = ["certification", "chapter"]
        verbose_name = _("chapter score")
        verbose_name_plural = _("chapter scores")
        constraints = [
            models.UniqueConstraint(fields=["certification", "chapter"], name="certifications_one_score_per_chapter"),
            models.CheckConstraint(
                name="certifications_chapter_score_range",
                condition=Q(score__gte=0) & Q(score__lte=100),
                violation_error_message=_("A score is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                name="certifications_chapter_known",
                condition=Q(chapter__gte=1) & Q(chapter__lte=3),
                violation_error_message=_("HAS V2020 has three chapters."),
            ),
        ]

    def __str__(self):
        return f"{self.get_chapter_display()}: {self.score} %"


class PlannedVisitQuerySet(CentreScopedQuerySet):
    def pending_on(self, day: datetime.date):
        """Visits still to come on ``day``: not past, and no decision for that centre and scheme
        has come since the visit was announced."""
        decided_since = Certification.objects.with_effective_from().filter(
            centre=OuterRef("centre"),
            scheme=OuterRef("scheme"),
            effective_from__gt=OuterRef("source__date"),
            effective_from__lte=day,
        )
        return (
            self.exclude(planned_date__lt=day)
            .exclude(planned_year__lt=day.year)
            .exclude(Exists(decided_since))
            .select_related("centre", "source")
        )


class PlannedVisit(TranslatedMixin, TimeStampedModel):
    """A certification visit announced for a centre that has no decision yet for that iteration."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="planned_visits", verbose_name=_("centre")
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices, default=Scheme.HAS)
    referential = models.CharField(_("référentiel / standard"), max_length=40, blank=True)
    iteration = models.PositiveSmallIntegerField(_("iteration"), null=True, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    planned_year = models.PositiveSmallIntegerField(
        _("planned year"), null=True, blank=True, help_text=_("When only the year is announced.")
    )
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="planned_visits", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = PlannedVisitQuerySet.as_manager()

    notes = translated("notes")

    class Meta:
        ordering = ["planned_date", "planned_year", "centre__name"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [
            models.CheckConstraint(
                name="certifications_planned_year_plausible",
                condition=Q(planned_year__isnull=True) | (Q(planned_year__gte=2000) & Q(planned_year__lte=2100)),
                violation_error_message=_("The planned year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        when = self.planned_date or self.planned_year or _("date to be announced")
        return f"{self.centre} — {self.get_scheme_display()} {self.referential} — {when}"
