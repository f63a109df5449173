"""The federation's news items and press releases."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre
from certifications.models import Certification
from research.models import Trial
from unicancer_site.core.dates import DatePrecision, PartialDate
from unicancer_site.core.i18n import TranslatedMixin, TranslatedSlugMixin, language_codes, translated
from unicancer_site.core.models import SEARCH_FIELDS, Searchable, Source, TimeStampedModel
from unicancer_site.core.sanitize import lead_repetition_errors, sanitize_html
from unicancer_site.core.uploads import RandomName
from unicancer_site.core.validators import validate_image_content, validate_pdf_content
from unicancer_site.publishing.models import Publishable, PublishableQuerySet


class PressContact(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="press_contacts", verbose_name=_("source")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        constraints = [
            models.CheckConstraint(
                name="news_presscontact_reachable",
                condition=~Q(email="") | ~Q(phone=""),
                violation_error_message=_("Give an email address or a phone number."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class NewsItemQuerySet(PublishableQuerySet):
    def with_date(self):
        """Each item with its date as the site shows it: ``dated_on`` (a day) and ``dated_precision``.

        The one rule: an item taken from a document is dated by that document, at the document's precision (the
        2022 annual report's news by « 2023 »; a press release by its day); an item with no dated source by the
        day it was published on the site. The default manager applies it, so every list can order by it.
        """
        # Subqueries rather than a join on the source: the workflow locks items (select_for_update), which
        # PostgreSQL refuses on the nullable side of an outer join.
        source = Source.objects.filter(pk=OuterRef("source_id"), date__isnull=False)
        return self.annotate(
            dated_on=Coalesce(Subquery(source.values("date")[:1]), TruncDate("publish_from")),
            dated_precision=Coalesce(
                Subquery(source.values("date_precision")[:1]),
                Value(DatePrecision.DAY.value),
                output_field=models.CharField(),
            ),
        )

    def by_date(self):
        """Newest first by the date shown (``with_date``), then by publication on the site."""
        return self.order_by(F("dated_on").desc(nulls_last=True), F("publish_from").desc(nulls_last=True), "-pk")

    def by_date_window(self, start: int, stop: int) -> list["NewsItem"]:
        """``self.by_date()[start:stop]`` without sorting every row: the same items in the same order.

        Sorting by the date shown (a subquery per row) reads the whole table (1 s at 100 000 items, issue 13).
        But the order splits in two: an item without a dated source is dated by its publication, so among
        those the order is ``publish_from`` (an index scan); items dated by their source are few, sorted by the
        source's date. The first ``stop`` of each, merged, hold the first ``stop`` overall. Three queries: the
        first ``stop`` of each half (narrow rows: date, publication, id), then the page's items by primary key.
        The dates compared are the database's own ``dated_on`` (``with_date``), so the rule stays in one place.
        """
        if stop <= start:
            return []
        queryset = self.with_date() if "dated_on" not in self.query.annotations else self
        # Plain descending orders (no NULLS LAST), which the index on publish_from answers read backwards.
        undated = queryset.filter(Q(source__isnull=True) | Q(source__date__isnull=True)).order_by(
            "-publish_from", "-pk"
        )
        dated = queryset.filter(source__date__isnull=False).order_by("-source__date", "-publish_from", "-pk")
        columns = ("dated_on", "publish_from", "pk")
        # Two queries rather than one UNION: SQLite refuses LIMIT inside a UNION, and the count pinned by the
        # tests is then the same on SQLite and PostgreSQL.
        candidates = [*undated.values_list(*columns)[:stop], *dated.values_list(*columns)[:stop]]
        # Newest first, an empty date last (nulls_last above).
        oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        candidates.sort(key=lambda row: (row[0] or datetime.date.min, row[1] or oldest, row[2]), reverse=True)
        page = [pk for _dated, _published, pk in candidates[start:stop]]
        items = {item.pk: item for item in queryset.filter(pk__in=page).order_by()}
        return [items[pk] for pk in page if pk in items]

    def press_releases(self):
        return self.filter(kind=NewsItem.Kind.PRESS_RELEASE)

    def news(self):
        return self.filter(kind=NewsItem.Kind.NEWS)

    def for_list(self):
        return self.prefetch_related("centres")

    # The many-to-many field that ties an item to centres, copied into each version: a centre editor reads the
    # versions recorded while one of their centres was linked (core.scoping.scope_versions_to_centres).
    centre_links = "centres"

    def for_centres(self, centre_ids):
        """Items linked to one of the centres (a subquery, not a join: no duplicate rows and no distinct(),
        which delete() refuses)."""
        linked = NewsItem.centres.through.objects.filter(centre_id__in=list(centre_ids)).values("newsitem_id")
        return self.filter(pk__in=linked)


class NewsItemManager(models.Manager.from_queryset(NewsItemQuerySet)):
    """Every query of news items carries the date the site shows (``NewsItemQuerySet.with_date``)."""

    def get_queryset(self):
        return super().get_queryset().with_date()


class NewsItem(TranslatedSlugMixin, TranslatedMixin, Publishable, Searchable, TimeStampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PRESS_RELEASE = "press_release", _("Press release")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    slug_en = models.SlugField(
        _("slug (English)"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("The words of the English address; the French slug where left empty."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body_fr = models.TextField(_("body (French)"), blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=RandomName("news/images"),
        blank=True,
        validators=[validate_image_content],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels."),
    )
    image_alt_fr = models.CharField(_("image alt text (French)"), max_length=250, blank=True)
    image_alt_en = models.CharField(_("image alt text (English)"), max_length=250, blank=True)
    attachment = models.FileField(
        _("PDF attachment"),
        upload_to=RandomName("news/attachments"),
        blank=True,
        validators=[validate_pdf_content],
        help_text=_("A PDF document, at most 20 MB."),
    )
    centres = models.ManyToManyField(Centre, blank=True, related_name="news_items", verbose_name=_("centres"))
    trials = models.ManyToManyField(Trial, blank=True, related_name="news_items", verbose_name=_("trials"))
    certifications = models.ManyToManyField(
        Certification, blank=True, related_name="news_items", verbose_name=_("certifications")
    )
    press_contact = models.ForeignKey(
        PressContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_items",
        verbose_name=_("press contact"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="news_items", verbose_name=_("source")
    )

    history = HistoricalRecords(m2m_fields=[centres, trials, certifications], excluded_fields=SEARCH_FIELDS)
    objects = NewsItemManager()

    title = translated("title")
    summary = translated("summary")
    body = translated("body")
    image_alt = translated("image_alt")
    # Its page is English only where these are translated (see TranslatedMixin.available_languages).
    translation_defining_fields = ("title", "body")

    class Meta:
        ordering = ["-publish_from", "-pk"]
        indexes = [
            # latest_change() (the API's Last-Modified, the cached year list): the latest save, one index probe.
            models.Index(fields=["updated"], name="news_newsitem_updated"),
        ]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                name="news_newsitem_image_has_alt",
                condition=Q(image="") | ~Q(image_alt_fr=""),
                violation_error_message=_("An image needs its alternative text."),
            ),
        ]

    def __str__(self):
        return self.title_fr

    def get_absolute_url(self):
        return reverse("news:newsitem_detail", kwargs={"slug": self.translated_slug()})

    @property
    def dated(self) -> PartialDate | None:
        """The item's date as the site shows it, at its precision (``NewsItemQuerySet.with_date``'s rule, read from
        the query's annotation; an instance loaded without it applies the same rule)."""
        if getattr(self, "dated_on", None) is not None:
            return PartialDate(self.dated_on, self.dated_precision)
        if self.source_id and self.source.date:
            return self.source.dated
        return PartialDate(timezone.localdate(self.publish_from)) if self.publish_from else None

    def clean(self):
        super().clean()
        errors = lead_repetition_errors(self, language_codes())
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.body_fr = sanitize_html(self.body_fr)
        self.body_en = sanitize_html(self.body_en)
        super().save(*args, **kwargs)
