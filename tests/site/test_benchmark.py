"""The benchmark command lists issue 13's pages with their status, queries and weight (figures are read, never
asserted), and the data generator fills a database with the sizes asked."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from centres.models import Centre
from certifications.models import Certification
from research.models import Trial, TrialCentre
from unicancer_site.news.models import NewsItem

pytestmark = pytest.mark.django_db


def test_benchmark_prints_status_queries_and_timings():
    out = io.StringIO()
    call_command("benchmark", repeat=1, stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines()[1:] if line.strip()]
    urls = {row[0]: row for row in rows}
    assert "/fr/" in urls and "/api/v1/trials/?status=recruiting&kind=trial" in urls
    for row in rows:
        # The demo content has no 500th page of news: the list shows its last page instead (200).
        assert row[1] == "200", row
        assert int(row[2]) >= 1  # queries counted
        float(row[3]), float(row[4])  # median and p95 in ms


def test_benchmark_json_lists_every_page_of_the_issue():
    out = io.StringIO()
    call_command("benchmark", repeat=0, as_json=True, stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["label"] for row in rows] == [
        "home",
        "centres list",
        "one centre",
        "certifications",
        "HAS table",
        "trial finder, 2 filters",
        "one trial",
        "news list",
        "news list p500",
        "one news item",
        "site search",
        "API trials, 2 filters",
        "API news, 2 filters",
    ]
    search = next(row for row in rows if row["label"] == "site search")
    assert search["url"] == "/fr/recherche-globale/?q=qualite" and search["status"] == 200
    assert all(row["queries"] <= 10 and row["bytes"] > 0 for row in rows)


def test_generator_adds_the_sizes_asked_in_both_languages():
    trials, news = Trial.objects.count(), NewsItem.objects.count()
    certifications = Certification.objects.count()
    call_command(
        "generate_large_dataset", trials=6, centres_per_trial=3, news=7, certifications=4, stdout=io.StringIO()
    )
    assert Trial.objects.count() == trials + 6
    assert NewsItem.objects.count() == news + 7
    assert Certification.objects.count() == certifications + 4
    generated = Trial.objects.filter(slug__startswith="synth-")
    assert TrialCentre.objects.filter(trial__in=generated).count() == 18
    assert generated.published().count() == 6
    item = NewsItem.objects.get(slug="synth-news-0")
    assert "synthétique" in item.title_fr and "Synthetic" in item.title_en
    assert Centre.objects.count() == 20  # the demo content's centres, none invented
    # As a save would: an English address of its own, and a search document (bulk inserts send no signal).
    assert item.slug_en == "synth-news-0-en"
    assert item.search_document or item.search_vector  # SQLite stores the one, PostgreSQL the other


def test_generator_refuses_to_add_twice_unless_asked_to_replace():
    call_command("generate_large_dataset", trials=2, news=2, certifications=1, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_large_dataset", trials=2, news=2, certifications=1, stdout=io.StringIO())
    call_command("generate_large_dataset", trials=3, news=2, certifications=1, replace=True, stdout=io.StringIO())
    assert Trial.objects.filter(slug__startswith="synth-").count() == 3
    assert NewsItem.objects.filter(slug__startswith="synth-").count() == 2
