"""Print how fast the main pages and API endpoints answer, and how many queries they run.

    python manage.py benchmark --repeat 30

Runs in-process through Django's test client against the current database (load the demo
content first), so the figures measure the application: views, queries, templates,
serializers, not the network. Speed is measured here, never asserted in a test.
"""

import statistics
import time
import warnings

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from centres.models import Centre
from research.models import Trial
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage


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


class Command(BaseCommand):
    help = "Time the main pages and API endpoints (median and 95th percentile) and count their queries."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def urls(self):
        urls = []
        for language in ("fr", "en"):
            with translation.override(language):
                for name in (
                    "home",
                    "centres:centre_list",
                    "certifications:overview",
                    "research:trial_list",
                    "news:newsitem_list",
                ):
                    urls.append(_maybe_reverse(name))
                urls.append(_maybe_reverse("certifications:scheme_detail", scheme="has"))
                for queryset in (
                    Centre.objects.all(),
                    Trial.objects.published().trials(),
                    Trial.objects.published().programmes(),
                    NewsItem.objects.published(),
                    EditorialPage.objects.published(),
                ):
                    first = queryset.first()
                    if first:
                        urls.append(first.get_absolute_url())
        urls += ["/sitemap.xml", "/api/v1/centres/", "/api/v1/trials/", "/api/v1/certifications/", "/api/v1/news/"]
        return [url for url in urls if url]

    def handle(self, *args, repeat=20, **options):
        warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic locally
        client = Client()
        self.stdout.write(f"{'URL':60} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'KB':>6}")
        for url in self.urls():
            timings = []
            counter = QueryCounter()
            cache.clear()  # the API's throttling history: the benchmark measures, it is not a client
            with connection.execute_wrapper(counter):
                response = client.get(url)
            for _ in range(repeat):
                cache.clear()
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            self.stdout.write(
                f"{url[:60]:60} {response.status_code:>6} {counter.count:>7} "
                f"{statistics.median(timings):>10.1f} {p95:>8.1f} {len(response.content) / 1024:>6.1f}"
            )
