"""Print how fast the pages of issue 13's benchmark answer, how many queries they run and how heavy they are.

    python manage.py benchmark --repeat 30          # a table: URL, status, queries, median and p95 ms, KB
    python manage.py benchmark --json --repeat 0     # the pages (label, URL, status, queries, bytes) as JSON

Runs in-process through Django's test client against the current database, so the figures measure the
application: views, queries, templates, serializers, not the network. ``ops/bench.py`` (``make bench``) reads
the JSON for its list of URLs and their queries per request, then measures them under load through gunicorn.
Speed is measured here, never asserted in a test.
"""

import json
import statistics
import time
import warnings

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from centres.models import Centre
from research.models import Localisation, Trial
from unicancer_site.news.models import NewsItem

# The word typed without its accent: « qualité » (the search must ignore accents).
SEARCH_WORD = "qualite"
# A deep page of the news list: as fast as the first is the target (the demo content has no such page).
DEEP_NEWS_PAGE = 500


class QueryCounter:
    """Counts the SQL statements a request runs (a connection execute wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _maybe_reverse(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def benchmark_pages() -> list[tuple[str, str]]:
    """The pages of issue 13's benchmark, in French, as (label, URL); a page whose object the database lacks
    is left out. Objects are chosen from the demo content (present in the large data set too), the centre with
    the most trials, so that the demo and the large data set are measured on the same URLs."""
    pages = []
    with translation.override("fr"):
        pages += [
            ("home", _maybe_reverse("home")),
            ("centres list", _maybe_reverse("centres:centre_list")),
        ]
        centre = Centre.objects.annotate(trial_count=Count("trials")).order_by("-trial_count", "slug").first()
        if centre:
            pages.append(("one centre", centre.get_absolute_url()))
        pages += [
            ("certifications", _maybe_reverse("certifications:overview")),
            ("HAS table", _maybe_reverse("certifications:scheme_detail", scheme="has")),
        ]
        localisation = Localisation.objects.order_by("position", "name_fr").first()
        finder = _maybe_reverse("research:trial_list")
        if finder and localisation:
            pages.append(("trial finder, 2 filters", f"{finder}?status=recruiting&localisation={localisation.slug}"))
        trial = Trial.objects.published().trials().exclude(slug__startswith="synth-").order_by("slug").first()
        if trial:
            pages.append(("one trial", trial.get_absolute_url()))
        news_list = _maybe_reverse("news:newsitem_list")
        if news_list:
            pages += [("news list", news_list), (f"news list p{DEEP_NEWS_PAGE}", f"{news_list}?page={DEEP_NEWS_PAGE}")]
        item = NewsItem.objects.published().exclude(slug__startswith="synth-").order_by("slug").first()
        if item:
            pages.append(("one news item", item.get_absolute_url()))
        search = _maybe_reverse("search")
        if search:
            pages.append(("site search", f"{search}?q={SEARCH_WORD}"))
    pages.append(("API trials, 2 filters", "/api/v1/trials/?status=recruiting&kind=trial"))
    if centre:
        pages.append(("API news, 2 filters", f"/api/v1/news/?kind=news&centre={centre.slug}"))
    return [(label, url) for label, url in pages if url]


class Command(BaseCommand):
    help = "Time the benchmark's pages and API lists (median and 95th percentile) and count their queries."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the pages and their figures as JSON."
        )

    def handle(self, *args, repeat=20, as_json=False, **options):
        warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic locally
        # As a browser behind the front server would: a host the settings allow, over HTTPS (production redirects
        # plain HTTP), so that the production settings measure the pages and not a redirect.
        host = next((name for name in settings.ALLOWED_HOSTS if "*" not in name and not name.startswith(".")), None)
        # A page that fails (a statement timeout) is a 500 in the table, not the end of the run.
        client = Client(raise_request_exception=False, **({"HTTP_HOST": host} if host else {}))
        rows = []
        for label, url in benchmark_pages():
            counter = QueryCounter()
            cache.clear()  # the API's throttling history: the benchmark measures, it is not a client
            with connection.execute_wrapper(counter):
                response = client.get(url, secure=True)
            timings = []
            for _ in range(repeat):
                cache.clear()
                start = time.perf_counter()
                client.get(url, secure=True)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            rows.append(
                {
                    "label": label,
                    "url": url,
                    "status": response.status_code,
                    "queries": counter.count,
                    "bytes": len(response.content),
                    "median_ms": statistics.median(timings) if timings else None,
                    "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)] if timings else None,
                }
            )
        if as_json:
            self.stdout.write(json.dumps(rows, indent=1))
            return
        self.stdout.write(f"{'URL':70} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'KB':>6}  page")
        for row in rows:
            self.stdout.write(
                f"{row['url'][:70]:70} {row['status']:>6} {row['queries']:>7} {row['median_ms'] or 0:>10.1f} "
                f"{row['p95_ms'] or 0:>8.1f} {row['bytes'] / 1024:>6.1f}  {row['label']}"
            )
