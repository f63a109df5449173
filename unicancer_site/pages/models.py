"""Editorial pages (the charter, the care model in 10 points): one page in both languages, French first."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unicancer_site.core.i18n import (
    FALLBACK_LANGUAGE,
    TranslatedMixin,
    TranslatedSlugMixin,
    active_language,
    language_codes,
    translated,
)
from unicancer_site.core.models import SEARCH_FIELDS, Searchable, Source, TimeStampedModel
from unicancer_site.core.sanitize import lead_repetition_errors, sanitize_html
from unicancer_site.publishing.models import Publishable, PublishableQuerySet


class EditorialPageQuerySet(PublishableQuerySet):
    def by_title(self):
        """Ordered by the title the visitor reads: the active language's, the French one where it is missing."""
        language = active_language()
        if language == FALLBACK_LANGUAGE:
            title = F(f"title_{FALLBACK_LANGUAGE}")
        else:
            title = Coalesce(NullIf(f"title_{language}", Value("")), f"title_{FALLBACK_LANGUAGE}")
        return self.order_by(title, "pk")


class EditorialPage(TranslatedSlugMixin, TranslatedMixin, Publishable, Searchable, TimeStampedModel):
    class Role(models.TextChoices):
        """A part the code gives a page; each is played by one page at most."""

        CHARTER = "charter", _("Charter (the trial pages link to it and quote it)")
        HAS_DECISION_LEVELS = (
            "has_decision_levels",
            _("What the HAS decision levels mean (the certification pages link to it)"),
        )

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
    role = models.CharField(
        pgettext_lazy("what an editorial page is for", "role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        default="",
        help_text=_("Leave empty for most pages. A role is given to one page at most."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="pages", verbose_name=_("source")
    )

    history = HistoricalRecords(excluded_fields=SEARCH_FIELDS)
    objects = EditorialPageQuerySet.as_manager()

    title = translated("title")
    summary = translated("summary")
    body = translated("body")
    # Its page is English only where these are translated (see TranslatedMixin.available_languages).
    translation_defining_fields = ("title", "body")

    class Meta:
        ordering = ["title_fr"]
        verbose_name = _("editorial page")
        verbose_name_plural = _("editorial pages")
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role=""),
                name="pages_editorialpage_one_page_per_role",
                violation_error_message=_("Another page already plays this role."),
            ),
        ]

    def __str__(self):
        return self.title_fr

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.translated_slug()})

    def clean(self):
        super().clean()
        errors = lead_repetition_errors(self, language_codes())
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.body_fr = sanitize_html(self.body_fr)
        self.body_en = sanitize_html(self.body_en)
        super().save(*args, **kwargs)
