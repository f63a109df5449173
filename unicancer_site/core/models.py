"""What every app shares: timestamps and the sources that facts are taken from."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dates import DatePrecision, format_partial_date, normalised_date_condition, partial_date, period_start
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

    # Kept here too: the choices were first declared on this model.
    DatePrecision = DatePrecision

    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the document, as precisely as the document allows: leave it empty for an undated document. "
            "For a month or a year, any day in it (the first day is stored)."
        ),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("A document dated only by its month or year shows its month or year, never an invented day."),
    )
    url = models.URLField(_("URL"), blank=True)

    history = HistoricalRecords()

    dated = partial_date("date")

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["title", "date"], name="core_source_unique_title_date"),
            models.UniqueConstraint(
                fields=["title"],
                condition=Q(date__isnull=True),
                name="core_source_unique_undated_title",
                violation_error_message=_("An undated source with this title already exists."),
            ),
            models.CheckConstraint(
                name="core_source_date_at_its_precision",
                condition=normalised_date_condition("date", "date_precision"),
                violation_error_message=_("A date known to the month or the year is stored as its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_display})" if self.date else self.title

    def save(self, *args, **kwargs):
        if self.date is not None:
            self.date = period_start(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def date_display(self) -> str:
        """The date as the document gives it (« 22 août 2024 », « 2023 »), or "" for an undated document."""
        return format_partial_date(self.dated)


# Stored for the search, not content: no version in the history, no column in an export.
SEARCH_FIELDS = ["search_vector", "search_document"]


class Searchable(models.Model):
    """What the site search stores in each row of a searchable model (``core.search`` keeps both up to date).

    ``search_vector`` is PostgreSQL's weighted ``tsvector`` (GIN-indexed by the model's migration, which only
    PostgreSQL can run); ``search_document`` is the same document for SQLite, each stem written once per
    weight as `` stem:a `` between spaces, so that a word is matched whole ("nct" never inside "jonction").
    """

    search_vector = SearchVectorField(null=True, editable=False)
    search_document = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True


class SearchWord(models.Model):
    """A word found in the searchable text, folded and unstemmed: what a misspelt query word is corrected to.

    Filled as rows are indexed; ``rebuild_search_index`` drops the words no row holds any more.
    """

    word = models.CharField(_("word"), max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(_("length"), db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["word"]

    def __str__(self):
        return self.word


class FormerSlug(models.Model):
    """An address a public object had before its slug changed: the public page under that slug answers with a
    permanent redirect (301) to the object's current address, in the language asked for.

    Recorded for every model with a ``slug`` and a public page (``core.redirects``), not only editorial pages.
    It keeps the object, not a path: the redirect is built from the object's current address at each request,
    so it survives a change of the URLs' words (``/en/news/``) and serves both languages from one row.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(_("former slug"), max_length=200)
    created = models.DateTimeField(_("changed on"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "slug"]
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="core_formerslug_unique_slug_per_kind"),
        ]
        # The 404 fallback looks a slug up within one kind of content (the unique constraint's index serves it);
        # deleting an object's redirects goes by object.
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_formerslug_object")]

    def __str__(self):
        return self.slug
