"""Every content changelist runs the same number of queries with 3 rows or 30: nothing per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certifications.models import PlannedVisit, Scheme
from research.models import Localisation, TrialCentre
from tests.admin.conftest import SUPERUSER, client_for, make_staff
from tests.factories import make_centre, make_certification, make_news_item, make_site, make_source, make_trial
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.news.models import PressContact
from unicancer_site.pages.models import EditorialPage


def _news(n):
    item = make_news_item(slug=f"q-news-{n}")
    item.centres.add(make_centre())
    return item


def _trial(n):
    trial = make_trial(slug=f"q-trial-{n}", acronym=f"Q-{n}")
    trial.phases.add("phase_2")
    TrialCentre.objects.create(trial=trial, centre=make_centre())
    return trial


ROW_MAKERS = {
    "news_newsitem": _news,
    "research_trial": _trial,
    "research_trialcentre": lambda n: TrialCentre.objects.create(trial=make_trial(), centre=make_centre()),
    "centres_centre": lambda n: make_site(make_centre()),
    "centres_site": lambda n: make_site(make_centre()),
    "certifications_certification": lambda n: make_certification(),
    "certifications_plannedvisit": lambda n: PlannedVisit.objects.create(
        centre=make_centre(), scheme=Scheme.HAS, planned_date=datetime.date(2027, 1, 1), source=make_source()
    ),
    "pages_editorialpage": lambda n: EditorialPage.objects.create(
        slug=f"q-page-{n}", title_fr=f"Page {n}", title_en=f"Page {n} (en)", source=make_source()
    ),
    "core_source": lambda n: make_source(),
    "keyfigures_keyfigure": lambda n: KeyFigure.objects.create(
        topic="research", label_fr=f"Chiffre {n}", value=n, year=2024, source=make_source()
    ),
    "news_presscontact": lambda n: PressContact.objects.create(name=f"Contact {n}", phone="0102030405"),
    "research_localisation": lambda n: Localisation.objects.create(slug=f"q-loc-{n}", name_fr=f"Localisation {n}"),
}
# A superuser's changelist, whatever the rows: session, user (2); then, per list, the filters' choices,
# the two counts (filtered and total) for the paginator, the page of rows, prefetches and date hierarchy.
EXPECTED_QUERIES = {
    # centres (related-only filter), 2 counts, rows, centres prefetch, date hierarchy min/max + years
    "news_newsitem": 9,
    # phases, localisations, centres (filters), 2 counts, rows, phases prefetch, date hierarchy (2)
    "research_trial": 11,
    # centres (filter), 2 counts, rows with trial and centre joined
    "research_trialcentre": 6,
    # 2 counts, rows with the annotated number of sites
    "centres_centre": 5,
    # centres (filter), 2 counts, rows with their centre joined
    "centres_site": 6,
    # centres (filter), 2 counts, rows with their centre joined, date hierarchy (2)
    "certifications_certification": 8,
    # centres (filter), 2 counts, rows, date hierarchy (2)
    "certifications_plannedvisit": 8,
    # 2 counts, rows (no related object shown)
    "pages_editorialpage": 5,
    # 2 counts, rows, date hierarchy (2)
    "core_source": 7,
    # 2 counts, rows with their source joined, years (filter)
    "keyfigures_keyfigure": 6,
    "news_presscontact": 5,
    "research_localisation": 5,
}


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", list(ROW_MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(name, db, django_assert_num_queries):
    client = client_for(make_staff(SUPERUSER))
    url = reverse(f"admin:{name}_changelist")
    make_row = ROW_MAKERS[name]
    for n in range(3):
        make_row(n)
    with_3 = _count(client, url)
    for n in range(3, 30):
        make_row(n)
    with_30 = _count(client, url)
    assert with_3 == with_30
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        client.get(url)


@pytest.mark.parametrize("name", ["news_newsitem", "research_trial", "centres_site", "research_trialcentre"])
def test_centre_editor_changelist_does_not_grow_with_rows(name, world, staff):
    from unicancer_site.accounts.roles import CENTRE_EDITOR

    client = client_for(staff[CENTRE_EDITOR])
    url = reverse(f"admin:{name}_changelist")
    before = _count(client, url)
    for n in range(10):
        row = ROW_MAKERS[name](100 + n)
        centre = world.a.centre
        if name == "news_newsitem":
            row.centres.add(centre)
        elif name == "research_trial":
            TrialCentre.objects.create(trial=row, centre=centre)
        else:
            row.centre = centre
            row.save()
    assert _count(client, url) == before
