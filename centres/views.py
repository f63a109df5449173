from django.core.exceptions import ValidationError
from django.utils import timezone
from django.views.generic import DetailView, ListView

from certifications.models import Certification
from certifications.views import visits_on
from research.models import Trial, TrialCentre
from unicancer_site.core.addresses import absolute_url
from unicancer_site.news.models import NewsItem

from .filters import PlaceField
from .map import build_map
from .models import Centre, Region
from .places import by_distance

# How many sites the centres page lists nearest to a place.
NEAREST_SITES_SHOWN = 5


def regions_with_centres(centres) -> list[dict]:
    """Centres grouped by the region of each of their sites, regions in the order of their labels.

    A centre with sites in two regions is listed under both, with the sites that are there.
    Works on centres whose ``sites`` are prefetched (no query here).
    """
    groups: dict[str, dict] = {}
    for centre in centres:
        for site in centre.sites.all():
            group = groups.setdefault(site.region, {"region": site.region, "label": Region(site.region).label})
            group.setdefault("centres", {}).setdefault(centre.pk, {"centre": centre, "sites": []})["sites"].append(site)
    ordered = sorted(groups.values(), key=lambda group: (group["region"] == Region.OUTRE_MER, group["label"]))
    for group in ordered:
        group["centres"] = sorted(group["centres"].values(), key=lambda entry: entry["centre"].name)
    return ordered


class CentreListView(ListView):
    """Every centre, grouped by region, with the map of their sites; with ``?near=<postcode or commune>``, the sites
    nearest to that place first, with their distance (``nearest``: [(site, km)]), or a message saying what to type."""

    template_name = "centres/centre_list.html"
    context_object_name = "centres"

    def get_queryset(self):
        return Centre.objects.with_sites()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centres = context["centres"]
        context["regions"] = regions_with_centres(centres)
        context["france_map"] = build_map(centres)
        context.update(self.nearest(centres))
        return context

    def nearest(self, centres) -> dict:
        raw = self.request.GET.get("near", "")
        if not raw.strip():
            return {}
        field = PlaceField()
        try:
            match = field.clean(raw[:100])
        except ValidationError as error:
            return {"near_query": raw[:100], "near_errors": error.messages}
        sites = [site for centre in centres for site in centre.sites.all()]
        return {
            "near_query": match.query,
            "near": match,
            "nearest": by_distance(match.place, sites)[:NEAREST_SITES_SHOWN],
            # Sites whose position the site does not hold (ICPF, in Papeete): no distance can be given, so the page
            # names them apart rather than leave the visitor to think the list is complete.
            "unplaced": [site for site in sites if site.latitude is None or site.longitude is None],
        }


# The trials a centre's page lists; the trial finder, filtered on the centre, lists them all.
CENTRE_PAGE_TRIALS = 25


class CentreDetailView(DetailView):
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"

    def get_queryset(self):
        return Centre.objects.with_sites().select_related("source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre = self.object
        today = timezone.localdate()
        context["today"] = today
        # Where each latest decision stands today: in force, ended, or last known with no later information.
        context["certifications"] = (
            Certification.objects.known_on(today)
            .filter(centre=centre)
            .select_related("source", "confirmed_by", "validity_rule__source")
            .order_by("scheme", "scope_fr")
        )
        context["planned_visits"], context["overdue_visits"] = visits_on(today, centre=centre)
        context["centre_map"] = build_map([centre])
        # A summary, not every trial: a large centre takes part in thousands (894 kB of page, issue 13). One more
        # row than shown says whether to link to the finder, filtered on this centre, without counting them all.
        participations = list(
            TrialCentre.objects.filter(centre=centre, trial__in=Trial.objects.published())
            .select_related("trial")
            .order_by("trial__acronym", "trial_id")[: CENTRE_PAGE_TRIALS + 1]
        )
        context["participations"] = participations[:CENTRE_PAGE_TRIALS]
        context["more_participations"] = len(participations) > CENTRE_PAGE_TRIALS
        context["news_items"] = NewsItem.objects.published().filter(centres=centre).order_by("-publish_from")[:10]
        context["json_ld"] = centre_json_ld(centre, self.request)
        return context


def centre_json_ld(centre: Centre, request) -> dict:
    """schema.org description of a centre: a MedicalOrganization with one address per site."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": centre.name,
        "url": absolute_url(centre.get_absolute_url()),
        "medicalSpecialty": "Oncologic",
        "parentOrganization": {"@type": "Organization", "name": "Unicancer"},
    }
    if centre.short_name:
        data["alternateName"] = centre.short_name
    if centre.website:
        data["sameAs"] = centre.website
    if centre.description:
        data["description"] = centre.description
    addresses = []
    for site in centre.sites.all():
        address = {"@type": "PostalAddress", "addressLocality": site.city, "addressCountry": "FR"}
        if site.address:
            address["streetAddress"] = site.address
        if site.postcode:
            address["postalCode"] = site.postcode
        addresses.append(address)
    if addresses:
        data["address"] = addresses[0] if len(addresses) == 1 else addresses
    return data
