"""Certification decisions (HAS, ISO 9001, ISO 50001, OECI): one record per decision, dated and sourced.

Where a decision stands on a day (in force, ended, or "no later information") is decided by one query,
``CertificationQuerySet.with_standing_on``, from the days the documents support (``validity.py``), never by a
stored flag. A validity the source does not state comes from its scheme's rule (``ValidityRule``), itself sourced.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from centres.models import Centre
from unicancer_site.core.dates import DatePrecision, PartialDate, normalised_date_condition, partial_date
from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import Source, TimeStampedModel
from unicancer_site.core.scoping import CentreScopedQuerySet

from .validity import supported_period, validity_end


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


class Standing(models.TextChoices):
    """Where a decision stands on a given day, by what the documents support (``with_standing_on``)."""

    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Validity ended")
    NO_LATER_INFORMATION = "no_later_information", _("No later information")
    NOT_GRANTED = "not_granted", _("Not granted")
    SUPERSEDED = "superseded", _("Replaced by a later decision")
    NOT_YET = "not_yet", _("Not yet established on this date")


def precision_field(verbose_name):
    """The precision (``DatePrecision``: day, month or year) of the date field it sits beside, a day by default."""
    return models.CharField(verbose_name, max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)


def precision_constraint(model: str, field: str):
    """The database rule that ``field`` is stored as the first day of its period at ``<field>_precision``."""
    return models.CheckConstraint(
        name=f"certifications_{model}_{field}_at_its_precision",
        condition=normalised_date_condition(field, f"{field}_precision"),
        violation_error_message=_("A date known to the month or the year is stored as its first day."),
    )


class ValidityRule(TranslatedMixin, TimeStampedModel):
    """How long a scheme's decisions are valid when their own source does not say, as a document states it.

    HAS V2020: four years from the decision (press release of 22 August 2024: « la certification est délivrée
    pour une période de 4 ans »). Saving a rule updates the decisions it applies to.
    """

    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    referential = models.CharField(
        _("référentiel / standard"),
        max_length=40,
        blank=True,
        help_text=_("The rule applies to the decisions of this référentiel; empty: to every decision of the scheme."),
    )
    years = models.PositiveSmallIntegerField(_("validity (years)"), help_text=_("From the decision date."))
    notes_fr = models.TextField(_("notes (French)"), blank=True, help_text=_("The document's words, quoted."))
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="validity_rules", verbose_name=_("source")
    )

    history = HistoricalRecords()

    notes = translated("notes")

    class Meta:
        ordering = ["scheme", "referential"]
        verbose_name = _("validity rule")
        verbose_name_plural = _("validity rules")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "referential"],
                name="certifications_one_validity_rule_per_referential",
                violation_error_message=_("This scheme and référentiel already have a rule."),
            ),
            models.CheckConstraint(
                name="certifications_validity_rule_years_plausible",
                condition=Q(years__gte=1) & Q(years__lte=20),
                violation_error_message=_("A validity lasts between 1 and 20 years."),
            ),
        ]

    def __str__(self):
        scheme = f"{self.get_scheme_display()} {self.referential}".strip()
        return ngettext("%(scheme)s: %(years)d year", "%(scheme)s: %(years)d years", self.years) % {
            "scheme": scheme,
            "years": self.years,
        }

    @classmethod
    def for_certification(cls, certification) -> "ValidityRule | None":
        """The rule of the decision's scheme and référentiel, else of its scheme, else None (one query)."""
        rules = cls.objects.filter(scheme=certification.scheme, referential__in=[certification.referential, ""])
        return min(rules, key=lambda rule: rule.referential == "", default=None)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for certification in Certification.objects.filter(scheme=self.scheme):
            certification.save()


class CertificationQuerySet(CentreScopedQuerySet):
    def with_standing_on(self, day: datetime.date):
        """Each decision annotated with ``standing``, a ``Standing`` value: where it stands on ``day``.

        The one rule: a decision the documents do not yet place by ``day`` is NOT_YET; one replaced by a later
        decision for the same holder, scheme and scope (surely taken by ``day``) is SUPERSEDED; then
        NOT_GRANTED for a refusal; IN_FORCE when ``day`` falls in the days the documents support
        (``in_force_from`` .. ``in_force_until``); ENDED when its validity surely ended before ``day``;
        NO_LATER_INFORMATION when ``day`` comes after the last supported day and the validity is unknown
        or may still run; NOT_YET before the decision is surely taken.
        """
        superseding = Certification.objects.filter(
            scheme=OuterRef("scheme"),
            holder=OuterRef("holder"),
            scope_fr=OuterRef("scope_fr"),
            known_from__gt=OuterRef("known_from"),
            in_force_from__lte=day,
        ).filter(Q(centre=OuterRef("centre")) | Q(centre__isnull=True, holder=Holder.UNICANCER_RD))
        return self.annotate(
            standing=Case(
                When(known_from__gt=day, then=Value(Standing.NOT_YET.value)),
                When(Exists(superseding), then=Value(Standing.SUPERSEDED.value)),
                When(~Q(decision__in=GRANTED_DECISIONS), then=Value(Standing.NOT_GRANTED.value)),
                When(in_force_from__lte=day, in_force_until__gte=day, then=Value(Standing.IN_FORCE.value)),
                When(validity_ends_by__lt=day, then=Value(Standing.ENDED.value)),
                When(in_force_until__lt=day, then=Value(Standing.NO_LATER_INFORMATION.value)),
                default=Value(Standing.NOT_YET.value),
                output_field=models.CharField(),
            )
        )

    def known_on(self, day: datetime.date):
        """The latest decision per holder, scheme and scope that the documents establish by ``day``, whatever its
        standing then (in force, ended, refused or with no later information), annotated with ``standing``."""
        return self.with_standing_on(day).exclude(standing__in=[Standing.NOT_YET, Standing.SUPERSEDED])

    def in_force_on(self, day: datetime.date):
        """Decisions granted and in force on ``day`` by what the documents support."""
        return self.with_standing_on(day).filter(standing=Standing.IN_FORCE)

    def unconfirmed_on(self, day: datetime.date):
        """Decisions last known as granted whose standing on ``day`` no document gives: "no later information"."""
        return self.with_standing_on(day).filter(standing=Standing.NO_LATER_INFORMATION)

    def has(self):
        return self.filter(scheme=Scheme.HAS)

    def expiring_between(self, start: datetime.date, end: datetime.date):
        """Decisions in force on ``start`` whose validity, known, may end by ``end``: soonest first.

        The staff dashboard finds this method on any model's QuerySet to list what expires soon.
        """
        return (
            self.in_force_on(start)
            .filter(validity_ends_from__isnull=False, validity_ends_from__lte=end)
            .select_related("centre", "source")
            .order_by("validity_ends_from", "pk")
        )


class Certification(TranslatedMixin, TimeStampedModel):
    """One decision of a certifying body about a centre (or Unicancer R&D), with the documents that state it.

    Dates keep their document's precision (``*_precision``: a day, a month or a year). The days the documents
    support it in force are computed on save (``refresh_validity``) into the read-only fields ``known_from``,
    ``in_force_from``, ``in_force_until``, ``validity_ends_from`` and ``validity_ends_by``.
    """

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
    visit_date_precision = precision_field(_("visit date precision"))
    decision_date = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("As precisely as the source gives it: « juin 2022 » is June 2022 at month precision."),
    )
    decision_date_precision = precision_field(_("decision date precision"))
    decision_date_end = models.DateField(
        _("decision date, end of the span"),
        null=True,
        blank=True,
        help_text=_("When the source gives a span (« en 2023 et 2024 »): its last month or year, same precision."),
    )
    in_force_on = models.DateField(
        _("stated in force on"),
        null=True,
        blank=True,
        help_text=_("A date on which the source states the decision held (« au 31 juillet 2024 »)."),
    )
    in_force_on_precision = precision_field(_("precision of the date stated in force"))
    confirmed_on = models.DateField(
        _("confirmed in force on"),
        null=True,
        blank=True,
        help_text=_("A later date on which another document states the decision still held."),
    )
    confirmed_on_precision = precision_field(_("precision of the confirmation date"))
    confirmed_by = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmed_certifications",
        verbose_name=_("confirmed by"),
        help_text=_("The document stating the decision still in force on the confirmation date."),
    )
    validity_years = models.PositiveSmallIntegerField(
        _("validity stated by the source (years)"),
        null=True,
        blank=True,
        help_text=_("Only when the source says it (« pour 4 ans »); otherwise the scheme's rule applies, if any."),
    )
    valid_until = models.DateField(
        _("valid until (stated by the source)"),
        null=True,
        blank=True,
        help_text=_("Only when the source states the end date; otherwise it is derived from the validity."),
    )
    valid_until_precision = precision_field(_("precision of the end date"))
    iteration = models.PositiveSmallIntegerField(_("iteration"), null=True, blank=True)
    global_score = models.DecimalField(_("global score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    certifying_body = models.CharField(_("certifying body"), max_length=120, blank=True)
    appeal_pending = models.BooleanField(_("appeal pending"), default=False)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certifications", verbose_name=_("source")
    )
    # Computed on save from the fields above (refresh_validity): what the documents support, in days.
    validity_rule = models.ForeignKey(
        ValidityRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="certifications",
        verbose_name=_("validity rule applied"),
    )
    known_from = models.DateField(_("known from"), null=True, editable=False)
    in_force_from = models.DateField(_("supported in force from"), null=True, editable=False)
    in_force_until = models.DateField(_("supported in force until"), null=True, editable=False)
    validity_ends_from = models.DateField(_("validity ends at the earliest"), null=True, editable=False)
    validity_ends_by = models.DateField(_("validity ends at the latest"), null=True, editable=False)

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    scope = translated("scope")
    notes = translated("notes")
    visited = partial_date("visit_date")
    decided = partial_date("decision_date", end_field="decision_date_end")
    stated_in_force = partial_date("in_force_on")
    confirmed = partial_date("confirmed_on")
    stated_end = partial_date("valid_until")

    class Meta:
        ordering = ["scheme", "centre__name", "-known_from"]
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        indexes = [
            # with_standing_on(): the decisions of a centre and scheme, by the day the documents place them.
            models.Index(fields=["centre", "scheme", "known_from"], name="cert_centre_scheme_known"),
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
            models.CheckConstraint(
                name="certifications_span_after_its_start",
                condition=Q(decision_date_end__isnull=True)
                | (Q(decision_date__isnull=False) & Q(decision_date_end__gt=F("decision_date"))),
                violation_error_message=_("A span ends after it starts, and needs its start."),
            ),
            models.CheckConstraint(
                name="certifications_confirmation_sourced",
                condition=Q(confirmed_on__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_on__isnull=False, confirmed_by__isnull=False),
                violation_error_message=_("A confirmation needs both its date and its document."),
            ),
            models.CheckConstraint(
                name="certifications_validity_stated_once",
                condition=Q(validity_years__isnull=True) | Q(valid_until__isnull=True),
                violation_error_message=_("Give the validity's duration or its end date, not both."),
            ),
            models.CheckConstraint(
                name="certifications_validity_years_plausible",
                condition=Q(validity_years__isnull=True) | (Q(validity_years__gte=1) & Q(validity_years__lte=20)),
                violation_error_message=_("A validity lasts between 1 and 20 years."),
            ),
            precision_constraint("certification", "visit_date"),
            precision_constraint("certification", "decision_date"),
            precision_constraint("certification", "in_force_on"),
            precision_constraint("certification", "confirmed_on"),
            precision_constraint("certification", "valid_until"),
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

    @property
    def validity_years_applied(self) -> int | None:
        """The validity's duration: stated by the source, else the scheme's rule (``validity_rule``), else None."""
        if self.validity_years:
            return self.validity_years
        return self.validity_rule.years if self.validity_rule_id else None

    @property
    def validity(self) -> PartialDate | None:
        """When the validity ends, at the documents' precision ("juin 2026", "2027–2028"), or None if unknown."""
        return validity_end(decided=self.decided, stated_end=self.stated_end, years=self.validity_years_applied)

    @property
    def last_statement(self) -> tuple[PartialDate, Source] | None:
        """The latest date a document states this decision in force, with that document: a confirmation, the
        source's own statement, else the decision itself (a decision is in force the day it is taken)."""
        if self.confirmed_on:
            return self.confirmed, self.confirmed_by
        if self.in_force_on:
            return self.stated_in_force, self.source
        if self.decision_date:
            return self.decided, self.source
        return None

    def clean(self):
        super().clean()
        if self.holder == Holder.CENTRE and not self.centre_id:
            raise ValidationError({"centre": _("Choose the centre this decision is about.")})
        if self.holder == Holder.UNICANCER_RD and self.centre_id:
            raise ValidationError({"centre": _("Leave the centre empty when the holder is Unicancer R&D.")})
        if self.decision_date_end and not self.decision_date:
            raise ValidationError({"decision_date_end": _("Give the start of the span first.")})
        if self.confirmed_on and self.in_force_on and self.confirmed_on < self.in_force_on:
            raise ValidationError({"confirmed_on": _("A confirmation comes after the date stated by the source.")})
        self.normalise_dates()

    def normalise_dates(self):
        """Store each date known to the month or the year as the first day of its period."""
        for field in ("visit_date", "decision_date", "decision_date_end", "in_force_on", "confirmed_on", "valid_until"):
            value = getattr(self, field)
            if value is not None:
                precision = "decision_date" if field == "decision_date_end" else field
                partial = PartialDate(value, getattr(self, f"{precision}_precision"))
                setattr(self, field, partial.first_day)

    def refresh_validity(self, rule: "ValidityRule | None | bool" = True):
        """Compute the read-only fields from the dates, the validity and the scheme's rule (``rule=True``: look it
        up, one query; or pass the rule, or None). Called by ``save()``."""
        self.normalise_dates()
        if rule is True:
            rule = ValidityRule.for_certification(self)
        stated = self.validity_years or self.valid_until
        self.validity_rule = None if stated or not self.is_granted else rule
        statements = [date for date in (self.stated_in_force, self.confirmed) if date is not None]
        if self.decision_date is None and not statements:
            self.known_from = self.in_force_from = self.in_force_until = None
            self.validity_ends_from = self.validity_ends_by = None
            return
        period = supported_period(
            decided=self.decided,
            visited=self.visited,
            statements=statements,
            stated_end=self.stated_end,
            years=self.validity_years_applied,
        )
        self.known_from = period.known_from
        self.in_force_from = period.in_force_from
        self.in_force_until = period.in_force_until
        self.validity_ends_from = period.validity_ends_from
        self.validity_ends_by = period.validity_ends_by

    def save(self, *args, **kwargs):
        self.refresh_validity()
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


class VisitStanding(models.TextChoices):
    """Where an announced visit stands on a day: still to come, or planned for a past period with no later word."""

    PLANNED = "planned", _("Planned")
    NO_LATER_INFORMATION = "no_later_information", _("No later information")


class PlannedVisitQuerySet(CentreScopedQuerySet):
    def outstanding_on(self, day: datetime.date):
        """Visits with no decision since they were announced, annotated with ``standing`` (``VisitStanding``).

        A visit is settled once a decision for its centre and scheme, reported by a document later than the one
        announcing the visit, is surely taken by ``day``. An outstanding visit is PLANNED while its planned period
        (or an unknown date) has not passed on ``day``, and NO_LATER_INFORMATION after: "planned for 2024; no
        later information", never "still to come".
        """
        decided_since = Certification.objects.filter(
            centre=OuterRef("centre"), scheme=OuterRef("scheme"), in_force_from__lte=day
        ).filter(Q(source__date__gt=OuterRef("source__date")) | Q(confirmed_by__date__gt=OuterRef("source__date")))
        return (
            self.exclude(Exists(decided_since))
            .annotate(
                standing=Case(
                    When(planned_until__lt=day, then=Value(VisitStanding.NO_LATER_INFORMATION.value)),
                    default=Value(VisitStanding.PLANNED.value),
                    output_field=models.CharField(),
                )
            )
            .select_related("centre", "source")
        )

    def pending_on(self, day: datetime.date):
        """Visits still to come on ``day``."""
        return self.outstanding_on(day).filter(standing=VisitStanding.PLANNED)

    def overdue_on(self, day: datetime.date):
        """Visits planned for a period over by ``day`` with no decision reported since: "no later information"."""
        return self.outstanding_on(day).filter(standing=VisitStanding.NO_LATER_INFORMATION)


class PlannedVisit(TranslatedMixin, TimeStampedModel):
    """A certification visit announced for a centre that has no decision yet for that iteration."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="planned_visits", verbose_name=_("centre")
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices, default=Scheme.HAS)
    referential = models.CharField(_("référentiel / standard"), max_length=40, blank=True)
    iteration = models.PositiveSmallIntegerField(_("iteration"), null=True, blank=True)
    planned_date = models.DateField(
        _("planned for"),
        null=True,
        blank=True,
        help_text=_("As precisely as the source announces it: « en mars 2024 » is March 2024 at month precision."),
    )
    planned_date_precision = precision_field(_("precision of the planned date"))
    planned_date_end = models.DateField(
        _("planned for, end of the span"),
        null=True,
        blank=True,
        help_text=_("When the source gives a span (« en 2024 et 2025 »): its last month or year, same precision."),
    )
    # Computed on save: the last day of the planned period, which outstanding_on() compares with the day asked.
    planned_until = models.DateField(_("planned period ends"), null=True, editable=False)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="planned_visits", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = PlannedVisitQuerySet.as_manager()

    notes = translated("notes")
    planned = partial_date("planned_date", end_field="planned_date_end")

    class Meta:
        ordering = [F("planned_date").asc(nulls_last=True), "centre__name"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [
            models.CheckConstraint(
                name="certifications_planned_date_plausible",
                condition=Q(planned_date__isnull=True)
                | (Q(planned_date__gte=datetime.date(2000, 1, 1)) & Q(planned_date__lte=datetime.date(2100, 12, 31))),
                violation_error_message=_("The planned date must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                name="certifications_planned_span_after_its_start",
                condition=Q(planned_date_end__isnull=True)
                | (Q(planned_date__isnull=False) & Q(planned_date_end__gt=F("planned_date"))),
                violation_error_message=_("A span ends after it starts, and needs its start."),
            ),
            precision_constraint("plannedvisit", "planned_date"),
        ]

    def __str__(self):
        when = self.planned or _("date to be announced")
        return f"{self.centre} — {self.get_scheme_display()} {self.referential} — {when}"

    def clean(self):
        super().clean()
        if self.planned_date_end and not self.planned_date:
            raise ValidationError({"planned_date_end": _("Give the start of the span first.")})
        self.refresh_period()

    def refresh_period(self):
        """Store the planned dates as the first days of their periods, and the period's last day."""
        planned = self.planned
        if planned is None:
            self.planned_date_end = self.planned_until = None
            return
        self.planned_date = planned.first_day
        self.planned_date_end = planned.end
        self.planned_until = planned.last_day

    def save(self, *args, **kwargs):
        self.refresh_period()
        super().save(*args, **kwargs)
