"""RSS and Atom feeds of all news and of press releases: valid XML, published items only, in the URL's language."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_news_item
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def url(name, language="fr"):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def items():
    soon = timezone.now() - datetime.timedelta(minutes=5)
    return {
        "news": make_news_item(
            title_fr="Zz actualité",
            title_en="Zz news item",
            summary_fr="Résumé",
            summary_en="Summary",
            publish_from=soon,
        ),
        "release": make_news_item(
            title_fr="Zz communiqué", title_en="", kind=NewsItem.Kind.PRESS_RELEASE, publish_from=soon
        ),
        "draft": make_news_item(title_fr="Zz brouillon", status=PublicationStatus.DRAFT),
        "future": make_news_item(title_fr="Zz futur", publish_from=timezone.now() + datetime.timedelta(days=1)),
        "future_release": make_news_item(
            title_fr="Zz communiqué futur",
            kind=NewsItem.Kind.PRESS_RELEASE,
            publish_from=timezone.now() + datetime.timedelta(days=1),
        ),
    }


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the site's own feed, in a test


def rss_titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def atom_titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_news_rss_feed(client, items, language):
    response = client.get(url("news:feed_rss", language))
    assert response.status_code == 200
    titles = rss_titles(response)
    assert ("Zz news item" if language == "en" else "Zz actualité") in titles
    assert "Zz communiqué" in titles  # no English title: the French one
    assert not {"Zz brouillon", "Zz futur", "Zz communiqué futur"} & set(titles)
    channel = parse(response.content).find("channel")
    assert channel.findtext("language") == language
    title = "Zz news item" if language == "en" else "Zz actualité"
    link = next(item.findtext("link") for item in channel.findall("item") if item.findtext("title") == title)
    # Under the site's address, the item's address in the feed's language (English path words and slug).
    words, slug = ("news", items["news"].slug_en) if language == "en" else ("actualites", items["news"].slug)
    assert link == f"{settings.SITE_URL}/{language}/{words}/{slug}/"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_news_atom_feed(client, items, language):
    response = client.get(url("news:feed_atom", language))
    assert response.status_code == 200
    titles = atom_titles(response)
    assert ("Zz news item" if language == "en" else "Zz actualité") in titles
    assert not {"Zz brouillon", "Zz futur"} & set(titles)
    assert parse(response.content).get("{http://www.w3.org/XML/1998/namespace}lang") == language


@pytest.mark.parametrize("name", ["news:press_feed_rss", "news:press_feed_atom"])
def test_press_release_feeds_have_only_published_press_releases(client, items, name):
    response = client.get(url(name, "en"))
    assert response.status_code == 200
    titles = rss_titles(response) if name.endswith("rss") else atom_titles(response)
    assert "Zz communiqué" in titles
    assert "Zz news item" not in titles and "Zz actualité" not in titles
    assert "Zz communiqué futur" not in titles
    assert all(
        NewsItem.objects.filter(kind="press_release", title_fr=t).exists()
        or NewsItem.objects.filter(kind="press_release", title_en=t).exists()
        for t in titles
    )


def test_feed_lists_the_pdf_as_an_enclosure(client, items, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    items["release"].attachment.save("dossier.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 100), save=True)
    channel = parse(client.get(url("news:press_feed_rss")).content).find("channel")
    item = next(item for item in channel.findall("item") if item.findtext("title") == "Zz communiqué")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("length") == "109"
    assert enclosure.get("url").startswith(("http://", "https://"))


def test_feed_query_count(client, items, django_assert_num_queries):
    for number in range(5):
        make_news_item(title_fr=f"Zz encore {number}")
    # 1 the latest published items
    with django_assert_num_queries(1):
        client.get(url("news:feed_rss"))


def test_a_feed_gives_no_invented_day(client):
    """An item dated by a document known only by its year has no pubDate: a feed's date is a day and a time."""
    from tests.factories import make_source
    from unicancer_site.core.dates import DatePrecision

    year_only = make_source(
        title="Rapport de l'année", date=datetime.date(2023, 1, 1), date_precision=DatePrecision.YEAR
    )
    dated = make_source(title="Communiqué daté", date=datetime.date(2024, 8, 22))
    make_news_item(title_fr="Zz de l'année", source=year_only)
    make_news_item(title_fr="Zz du jour", source=dated)
    channel = parse(client.get(url("news:feed_rss")).content).find("channel")
    pub_dates = {item.findtext("title"): item.findtext("pubDate") for item in channel.findall("item")}
    assert pub_dates["Zz de l'année"] is None
    assert pub_dates["Zz du jour"].startswith("Thu, 22 Aug 2024")
