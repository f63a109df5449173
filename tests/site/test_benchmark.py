"""The benchmark command prints a row per page and endpoint (figures are read, never asserted)."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_prints_status_queries_and_timings():
    out = io.StringIO()
    call_command("benchmark", repeat=1, stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines()[1:] if line.strip()]
    urls = {row[0]: row for row in rows}
    assert "/fr/" in urls and "/en/" in urls and "/api/v1/trials/" in urls
    for row in rows:
        assert row[1] == "200", row
        assert int(row[2]) >= 1  # queries counted
        float(row[3]), float(row[4])  # median and p95 in ms
