"""What every app shares: timestamps and the sources that facts are taken from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import clean_text_fields


class TimeStampedModel(models.Model):
    """Abstract base of the project's models: when a row was created and last changed; text cleaned before it is
    validated."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Clean the text first (core.text), so that uniqueness and the other constraints are checked on what
        # will be stored: "Centre<vertical tab>X" must be refused as a duplicate of "Centre X" by the form, not by
        # the database after the pre_save cleaning (an IntegrityError).
        clean_text_fields(type(self), self)
        super().clean_fields(exclude)


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
