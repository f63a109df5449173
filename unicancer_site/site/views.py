"""The pages that show the whole site: home, site search, robots.txt."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from centres.map import build_map
from centres.models import Centre
from research.models import Trial
from unicancer_site.core.addresses import absolute_url
from unicancer_site.core.search import MAX_QUERY_LENGTH, site_search
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.news.models import NewsItem

HOME_TRIALS = 6


def home_trials() -> dict:
    """The trials the home page shows: ``trials``, recruiting ones, or the latest published when none recruits
    (``recruiting`` says which, so the page says so). Two queries at most."""
    recruiting = list(
        Trial.objects.published().trials().recruiting().for_list().order_by("acronym", "pk")[:HOME_TRIALS]
    )
    if recruiting:
        return {"trials": recruiting, "recruiting": True}
    latest = Trial.objects.published().trials().for_list().order_by("-publish_from", "acronym", "pk")[:HOME_TRIALS]
    return {"trials": list(latest), "recruiting": False}


class HomeView(TemplateView):
    template_name = "site/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centres = list(Centre.objects.with_sites())
        context["centres"] = centres
        context["centre_count"] = len(centres)
        context["clcc_count"] = sum(1 for centre in centres if centre.kind == Centre.Kind.CLCC)
        context["france_map"] = build_map(centres)
        context["key_figures"] = list(KeyFigure.objects.featured().select_related("source"))
        # The three newest without sorting every item (by_date_window: issue 13).
        context["latest_news"] = NewsItem.objects.published().select_related("source").by_date_window(0, 3)
        context.update(home_trials())
        context["json_ld"] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "Unicancer",
            "url": absolute_url(reverse("home")),
            "description": str(_("French federation of comprehensive cancer centres")),
            "member": [
                {
                    "@type": "MedicalOrganization",
                    "name": centre.name,
                    "url": absolute_url(centre.get_absolute_url()),
                }
                for centre in centres
            ],
        }
        return context


class SearchView(TemplateView):
    """The site search: the logic is in ``core.search``; this view reads the query and shows the groups."""

    template_name = "site/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["search_query"] = query[:MAX_QUERY_LENGTH]
        context["query_too_long"] = len(query) > MAX_QUERY_LENGTH
        context["results"] = site_search(query) if query else None
        return context


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The floor's page: 20 480 bytes of HTML, the size of a typical page of the site, built once.
BENCH_FLOOR_PAGE = ("<!DOCTYPE html><title>floor</title>" + "<p>floor</p>\n" * 1600).encode()[:20480]


def bench_floor(request):
    """The benchmark's floor (ops/bench.py): the cheapest page Django can serve through the same middleware and
    gunicorn, 20 480 bytes, no query and no template. Routed only when ``BENCH_FLOOR`` is set."""
    return HttpResponse(BENCH_FLOOR_PAGE)
