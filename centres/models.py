"""The network: comprehensive cancer centres (CLCC), affiliated centres, and their sites."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unicancer_site.core.db import Unaccent, search_terms
from unicancer_site.core.i18n import TranslatedMixin, translated
from unicancer_site.core.models import SEARCH_FIELDS, Searchable, Source, TimeStampedModel
from unicancer_site.core.scoping import CentreScopedQuerySet


class Region(models.TextChoices):
    """France's regions (2016 map), where the network's sites are; their names in English, French in the catalogue
    (a region whose English name is the French one, « Grand Est », has no entry there)."""

    AUVERGNE_RHONE_ALPES = "auvergne-rhone-alpes", _("Auvergne-Rhône-Alpes")
    BOURGOGNE_FRANCHE_COMTE = "bourgogne-franche-comte", _("Burgundy-Franche-Comté")
    BRETAGNE = "bretagne", _("Brittany")
    CENTRE_VAL_DE_LOIRE = "centre-val-de-loire", _("Centre-Val de Loire")
    CORSE = "corse", _("Corsica")
    GRAND_EST = "grand-est", _("Grand Est")
    HAUTS_DE_FRANCE = "hauts-de-france", _("Hauts-de-France")
    ILE_DE_FRANCE = "ile-de-france", _("Île-de-France")
    NORMANDIE = "normandie", _("Normandy")
    NOUVELLE_AQUITAINE = "nouvelle-aquitaine", _("Nouvelle-Aquitaine")
    OCCITANIE = "occitanie", _("Occitania")
    PAYS_DE_LA_LOIRE = "pays-de-la-loire", _("Pays de la Loire")
    PROVENCE_ALPES_COTE_D_AZUR = "provence-alpes-cote-d-azur", _("Provence-Alpes-Côte d'Azur")
    OUTRE_MER = "outre-mer", _("Overseas France")


# Digits, spaces, dots, hyphens and brackets, an optional leading +: « 01 23 45 67 89 », « +33 1 23 45 67 89 ».
PHONE_PATTERN = r"^\+?[0-9][0-9 .()-]{5,28}$"
phone_validator = RegexValidator(
    PHONE_PATTERN, _("A telephone number: digits, spaces, dots or hyphens, and an optional leading +.")
)


class CentreQuerySet(models.QuerySet):
    def clcc(self):
        return self.filter(kind=Centre.Kind.CLCC)

    def affiliated(self):
        return self.filter(kind=Centre.Kind.AFFILIATED)

    def in_region(self, region):
        return self.filter(sites__region=region).distinct()

    def with_sites(self):
        return self.prefetch_related("sites")

    def for_centres(self, centre_ids):
        """The centres themselves (centre scoping, see ``unicancer_site.core.scoping``)."""
        return self.filter(pk__in=list(centre_ids))


class Centre(TranslatedMixin, Searchable, TimeStampedModel):
    class Kind(models.TextChoices):
        CLCC = "clcc", _("Comprehensive cancer centre (CLCC)")
        AFFILIATED = "affiliated", _("Affiliated centre")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Acronym or usual short name, e.g. ICO.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CLCC, db_index=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    trial_office_phone = models.CharField(
        _("clinical trial office: telephone"),
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text=_("Where patients and doctors ask about the centre's trials. Shown on the trials it takes part in."),
    )
    trial_office_email = models.EmailField(_("clinical trial office: email"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="centres", verbose_name=_("source")
    )

    history = HistoricalRecords(excluded_fields=SEARCH_FIELDS)
    objects = CentreQuerySet.as_manager()

    description = translated("description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [
            models.CheckConstraint(
                name="centres_centre_trial_office_phone_format",
                condition=Q(trial_office_phone="") | Q(trial_office_phone__regex=PHONE_PATTERN),
                violation_error_message=_("A telephone number: digits, spaces, dots or hyphens, and an optional +."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:centre_detail", kwargs={"slug": self.slug})

    @property
    def has_trial_office(self) -> bool:
        return bool(self.trial_office_phone or self.trial_office_email)

    @property
    def display_name(self):
        return f"{self.name} ({self.short_name})" if self.short_name and self.short_name not in self.name else self.name


postcode_validator = RegexValidator(r"^\d{5}$", _("A French postcode has five digits."))


class Site(TimeStampedModel):
    """A place where a centre receives patients (ICO has two: Angers and Nantes)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="sites", verbose_name=_("centre"))
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True, validators=[postcode_validator])
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(
        _("telephone"), max_length=30, blank=True, validators=[phone_validator], help_text=_("The site's switchboard.")
    )
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, db_index=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=7, decimal_places=4, null=True, blank=True, help_text=_("Of the city, in degrees.")
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=7, decimal_places=4, null=True, blank=True, help_text=_("Of the city, in degrees.")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="sites", verbose_name=_("source")
    )

    history = HistoricalRecords()
    objects = CentreScopedQuerySet.as_manager()

    class Meta:
        ordering = ["centre__name", "city", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="centres_site_unique_name_per_centre"),
            models.CheckConstraint(
                name="centres_site_latitude_range",
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                name="centres_site_longitude_range",
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                name="centres_site_coordinates_together",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                name="centres_site_phone_format",
                condition=Q(phone="") | Q(phone__regex=PHONE_PATTERN),
                violation_error_message=_("A telephone number: digits, spaces, dots or hyphens, and an optional +."),
            ),
            models.CheckConstraint(
                name="centres_site_postcode_format",
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"),
                violation_error_message=_("A French postcode has five digits."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def get_absolute_url(self):
        return self.centre.get_absolute_url()


def centres_by_place(text: str) -> Q:
    """Centres with a site in a city (or named) like ``text``: 'Lyon' finds the Lyon centre (the site search)."""
    sites = Site.objects.alias(_city=Unaccent("city"), _name=Unaccent("name"))
    for term in search_terms(text):
        sites = sites.filter(Q(_city__icontains=term) | Q(_name__icontains=term))
    return Q(pk__in=sites.values("centre"))
