"""Every page type weighs at most 100 KB gzip-compressed: its HTML plus the same-origin CSS and JS it loads."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import translate_url
from django.utils import translation

from centres.models import Centre
from research.models import Trial
from tests.factories import make_centre, make_news_item, make_site, make_trial
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def page_weight(client, url: str) -> tuple[int, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content
    total = gzipped_size(html)
    assets = []
    for href in ASSET.findall(html.decode()):
        if href.startswith(("http://", "https://", "//")):
            pytest.fail(f"{url} loads a third-party file: {href}")
        assert href.startswith(settings.STATIC_URL), f"{url} loads {href} from outside the static files"
        path = finders.find(href[len(settings.STATIC_URL) :])
        assert path, f"{href} not found"
        with open(path, "rb") as asset:
            total += gzipped_size(asset.read())
        assets.append(href)
    return total, assets


def page_path(kind: str) -> str:
    """The path (without the language prefix) of one page of each type, made if the demo content lacks it."""
    if kind == "centre":
        centre = Centre.objects.first() or make_centre()
        if not centre.sites.exists():
            make_site(centre, latitude=45.0, longitude=4.0)
        return centre.get_absolute_url()[3:]
    if kind == "trial":
        return (Trial.objects.published().trials().first() or make_trial()).get_absolute_url()[3:]
    if kind == "programme":
        programme = Trial.objects.published().programmes().first() or make_trial(kind=Trial.Kind.PROGRAMME)
        return programme.get_absolute_url()[3:]
    if kind == "news":
        return (NewsItem.objects.published().first() or make_news_item()).get_absolute_url()[3:]
    return kind


PAGE_TYPES = [
    "/",
    "/centres/",
    "centre",
    "/certifications/",
    "/certifications/has/",
    "/pages/",
    "/recherche-globale/?q=cancer",
    "/recherche/essais/",
    "trial",
    "/actualites/",
    "news",
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_within_100_kb(client, kind, language):
    # Written in French words; translate_url gives the page's address in each language's words, and an object
    # gives its own (its English slug).
    if kind.startswith("/"):
        url = translate_url(f"/fr{kind}", language)
    else:
        with translation.override(language):
            url = f"/{language}{page_path(kind)}"
    total, assets = page_weight(client, url)
    assert any(asset.endswith("site.css") for asset in assets), f"{url} does not load site.css"
    assert total <= BUDGET, f"{url}: {total} bytes compressed (HTML + {assets}), over {BUDGET}"
