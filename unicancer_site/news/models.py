"""The federation's news items and press releases."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre
from certifications.models import Certification
from research.models import Trial
from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import Source, TimeStampedModel
from unicancer_site.core.sanitize import sanitize_html
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
    def press_releases(self):
        return self.filter(kind=NewsItem.Kind.PRESS_RELEASE)

    def news(self):
        return self.filter(kind=NewsItem.Kind.NEWS)

    def for_list(self):
        return self.prefetch_related("centres")

    def for_centres(self, centre_ids):
        """Items linked to one of the centres (a subquery, not a join: no duplicate rows and no distinct(),
        which delete() refuses)."""
        linked = NewsItem.centres.through.objects.filter(centre_id__in=list(centre_ids)).values("newsitem_id")
        return self.filter(pk__in=linked)


class NewsItem(TranslatedMixin, Publishable, TimeStampedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PRESS_RELEASE = "press_release", _("Press release")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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

    history = HistoricalRecords(m2m_fields=[centres, trials, certifications])
    objects = NewsItemQuerySet.as_manager()

    title = translated("title")
    summary = translated("summary")
    body = translated("body")
    image_alt = translated("image_alt")

    class Meta:
        ordering = ["-publish_from", "-pk"]
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
        return reverse("news:newsitem_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.body_fr = sanitize_html(self.body_fr)
        self.body_en = sanitize_html(self.body_en)
        super().save(*args, **kwargs)
