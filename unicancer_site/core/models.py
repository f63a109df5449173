"""What every app shares: timestamps, the publishing states, sources and key figures."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .i18n import TranslatedMixin, translated


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class PublishableQuerySet(models.QuerySet):
    """The one definition of what the public may see, used by views, feeds, sitemaps and the API.

    Visibility is decided by the query at request time: a scheduled item appears at its
    ``publish_from`` and disappears at its ``publish_until`` with no job to run.
    """

    def published(self, at=None):
        at = at or timezone.now()
        return self.filter(status=PublicationStatus.PUBLISHED, publish_from__lte=at).filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=at)
        )

    def scheduled(self, at=None):
        at = at or timezone.now()
        return self.filter(status=PublicationStatus.PUBLISHED, publish_from__gt=at)

    def expired(self, at=None):
        at = at or timezone.now()
        return self.filter(status=PublicationStatus.PUBLISHED, publish_until__lte=at)

    def in_review(self):
        return self.filter(status=PublicationStatus.IN_REVIEW)


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Publication date and time. A published item is visible from then on."),
    )
    publish_until = models.DateTimeField(
        _("publish until"),
        null=True,
        blank=True,
        help_text=_("Optional. The item is withdrawn from the public site at this date and time."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_published_has_date",
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(publish_from__isnull=False),
                violation_error_message=_("A published item needs a publication date."),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_until_after_from",
                condition=Q(publish_until__isnull=True)
                | Q(publish_from__isnull=True)
                | Q(publish_until__gt=models.F("publish_from")),
                violation_error_message=_("'Publish until' must come after 'publish from'."),
            ),
        ]

    def is_published(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publish_from is not None
            and self.publish_from <= at
            and (self.publish_until is None or self.publish_until > at)
        )


class Source(TimeStampedModel):
    """A public document a fact was taken from. Every app's facts point here."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Press release")
        ANNUAL_REPORT = "annual_report", _("Annual report")
        WEB_PAGE = "web_page", _("Web page")
        DOCUMENT = "document", _("Document")
        DECISION = "decision", _("Official decision")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    document = models.CharField(
        _("document"), max_length=200, blank=True, help_text=_("File name or reference of the document.")
    )

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    date = models.DateField(_("date"), help_text=_("Date of the document."))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("An undated document known only by its year shows its year, never an invented day."),
    )
    url = models.URLField(_("URL"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="core_source_unique_title_date"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    @property
    def date_display(self) -> str:
        if self.date_precision == self.DatePrecision.YEAR:
            return f"{self.date:%Y}"
        if self.date_precision == self.DatePrecision.MONTH:
            return f"{self.date:%m/%Y}"
        return f"{self.date:%d/%m/%Y}"


class KeyFigureQuerySet(models.QuerySet):
    def for_topic(self, topic):
        return self.filter(topic=topic)


class KeyFigure(TranslatedMixin, TimeStampedModel):
    """A figure the federation publishes ('109 essais cliniques en cours', 2022), with its source."""

    class Topic(models.TextChoices):
        NETWORK = "network", _("Network")
        RESEARCH = "research", _("Research")
        QUALITY = "quality", _("Quality and certification")
        CARE = "care", _("Care")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, db_index=True)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("For example %, €, M€."))
    year = models.PositiveSmallIntegerField(_("year"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="key_figures", verbose_name=_("source"))

    history = HistoricalRecords()
    objects = KeyFigureQuerySet.as_manager()

    label = translated("label")

    class Meta:
        ordering = ["topic", "position", "-year"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.CheckConstraint(
                name="core_keyfigure_year_plausible",
                condition=Q(year__gte=1900) & Q(year__lte=2100),
                violation_error_message=_("The year must be between 1900 and 2100."),
            ),
            models.CheckConstraint(
                name="core_keyfigure_value_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("A key figure cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.label_fr} ({self.year})"

    @property
    def display_value(self):
        """The value without a useless '.00'."""
        value = self.value.normalize() if self.value is not None else self.value
        return value.quantize(1) if value == value.to_integral() else value
