"""The figures the federation publishes ('109 essais cliniques en cours', 2022), each with its year and source."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import Source, TimeStampedModel


class KeyFigureQuerySet(models.QuerySet):
    def for_topic(self, topic):
        return self.filter(topic=topic)

    def featured(self):
        """The figures staff chose for the home page, in the order they set (``home_position``)."""
        return self.filter(featured=True).order_by("home_position", "pk")


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
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order within its topic."))
    featured = models.BooleanField(
        _("on the home page"),
        default=False,
        db_index=True,
        help_text=_("Shown in « The network in figures » on the home page."),
    )
    home_position = models.PositiveSmallIntegerField(
        _("order on the home page"), default=0, help_text=_("Smaller first, among the figures on the home page.")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="key_figures", verbose_name=_("source"))

    history = HistoricalRecords(table_name="core_historicalkeyfigure")
    objects = KeyFigureQuerySet.as_manager()

    label = translated("label")

    class Meta:
        ordering = ["topic", "position", "-year"]
        # The tables were created by the core app, which held this model before the keyfigures app existed.
        db_table = "core_keyfigure"
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
