"""Editorial pages (the charter, the care model in 10 points): each written in one language."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unicancer_site.core.models import Source, TimeStampedModel
from unicancer_site.core.sanitize import sanitize_html
from unicancer_site.publishing.models import Publishable, PublishableQuerySet


class EditorialPageQuerySet(PublishableQuerySet):
    def in_language(self, language):
        return self.filter(language=language)


class EditorialPage(Publishable, TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="fr")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The same page in the other language, if there is one."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="pages", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = EditorialPageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("editorial page")
        verbose_name_plural = _("editorial pages")
        constraints = [*Publishable.Meta.constraints]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
