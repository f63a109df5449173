"""Certification overview and per-scheme tables: decisions in force on a chosen date, figures, sources."""

import datetime

import pytest

from certifications.models import ChapterScore, Decision, Holder, PlannedVisit, Scheme
from tests.factories import make_centre, make_certification, make_source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 7, 31)


@pytest.fixture
def network():
    """Three centres of our own: one with the mention, one certified, one decided after DAY."""
    source = make_source(title="Décisions HAS de test", url="https://example.org/has")
    with_mention = make_certification(
        make_centre(name="Centre Mention"),
        decision=Decision.CERTIFIED_WITH_MENTION,
        decision_date=datetime.date(2023, 3, 1),
        global_score="98.10",
        source=source,
    )
    ChapterScore.objects.create(certification=with_mention, chapter=1, score="99.10")
    ChapterScore.objects.create(certification=with_mention, chapter=2, score="97.20")
    certified = make_certification(
        make_centre(name="Centre Certifié"),
        decision=Decision.CERTIFIED,
        decision_date=datetime.date(2022, 5, 2),
        source=source,
    )
    later = make_certification(
        make_centre(name="Centre Plus Tard"),
        decision=Decision.CERTIFIED_WITH_MENTION,
        decision_date=datetime.date(2024, 10, 1),
        source=source,
    )
    return {"with_mention": with_mention, "certified": certified, "later": later, "source": source}


def figures(response):
    return response.context["figures"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_overview_figures_on_a_chosen_date(client, network, language):
    before = client.get(f"/{language}/certifications/", {"on": "2024-07-31"})
    after = client.get(f"/{language}/certifications/", {"on": "2024-10-02"})
    assert before.status_code == after.status_code == 200
    assert before.context["day"] == DAY
    # The decision of 1 October 2024 counts after it, not before.
    assert figures(after)["has_certified"] == figures(before)["has_certified"] + 1
    assert figures(after)["has_with_mention"] == figures(before)["has_with_mention"] + 1
    assert figures(before)["has_with_mention"] >= 1
    html = before.content.decode()
    assert 'value="2024-07-31"' in html
    for decision in (
        Decision.CERTIFIED_WITH_MENTION,
        Decision.CERTIFIED,
        Decision.CERTIFIED_WITH_CONDITIONS,
        Decision.NOT_CERTIFIED,
    ):
        assert str(decision.label) in html  # each HAS decision is explained


def test_default_date_is_today(client):
    from django.utils import timezone

    assert client.get("/fr/certifications/").context["day"] == timezone.localdate()


@pytest.mark.parametrize("bad", ["not-a-date", "2024-02-30", "31/07/2024", "0001-01-01", "99999-01-01", "2024-07-31'"])
def test_invalid_date_shows_an_error_not_a_500(client, bad):
    for url in ("/en/certifications/", "/en/certifications/has/"):
        response = client.get(url, {"on": bad})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_has_table_shows_decision_in_force_with_scores_and_source(client, network, language):
    response = client.get(f"/{language}/certifications/has/", {"on": "2024-07-31"})
    assert response.status_code == 200
    rows = {row["holder"]: row for row in response.context["rows"]}
    assert rows["Centre Mention"]["certification"] == network["with_mention"]
    assert rows["Centre Mention"]["chapter_scores"][:2] == [
        network["with_mention"].chapter_scores.get(chapter=1).score,
        network["with_mention"].chapter_scores.get(chapter=2).score,
    ]
    # Every centre has a row, even without a decision on that date.
    assert rows["Centre Plus Tard"]["certification"] is None
    html = response.content.decode()
    assert "Décisions HAS de test" in html and 'href="https://example.org/has"' in html
    assert "98,10" in html or "98.10" in html
    # Every row with a decision links to its source.
    assert html.count('class="source-ref"') >= 2


def test_later_decision_replaces_the_earlier_one(client):
    centre = make_centre(name="Centre Renouvelé")
    make_certification(centre, decision=Decision.CERTIFIED_WITH_CONDITIONS, decision_date=datetime.date(2020, 1, 10))
    renewed = make_certification(centre, decision=Decision.CERTIFIED, decision_date=datetime.date(2024, 1, 10))
    rows = client.get("/fr/certifications/has/", {"on": "2024-07-31"}).context["rows"]
    assert [row["certification"] for row in rows if row["holder"] == "Centre Renouvelé"] == [renewed]


def test_unicancer_rd_row(client):
    make_certification(
        None,
        holder=Holder.UNICANCER_RD,
        scheme=Scheme.ISO_9001,
        referential="2015",
        scope_fr="Recherche clinique",
        decision_date=datetime.date(2023, 1, 5),
        valid_until=datetime.date(2026, 1, 4),
    )
    response = client.get("/en/certifications/iso_9001/", {"on": "2024-07-31"})
    assert any(row["centre"] is None and row["certification"] for row in response.context["rows"])


@pytest.mark.parametrize("scheme", Scheme.values)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_scheme_page(client, scheme, language):
    assert client.get(f"/{language}/certifications/{scheme}/").status_code == 200


def test_unknown_scheme_is_404(client):
    assert client.get("/fr/certifications/iso_14001/").status_code == 404


def test_planned_visits_still_to_come(client):
    centre = make_centre(name="Centre En Attente")
    PlannedVisit.objects.create(
        centre=centre,
        scheme=Scheme.HAS,
        referential="V2020",
        planned_date=datetime.date(2024, 11, 15),
        source=make_source(),
    )
    before = client.get("/en/certifications/", {"on": "2024-07-31"}).content.decode()
    after = client.get("/en/certifications/", {"on": "2024-12-01"}).content.decode()
    assert "Centre En Attente" in before
    assert "Centre En Attente" not in after


def test_overview_query_count(client, network, django_assert_num_queries):
    PlannedVisit.objects.create(centre=network["certified"].centre, planned_year=2100, source=make_source())
    # 1. current certifications for the figures, 2. the network's published quality figures (with sources),
    # 3. visits to come (with centres and sources).
    with django_assert_num_queries(3):
        client.get("/fr/certifications/", {"on": "2024-07-31"})


def test_scheme_page_query_count(client, network, django_assert_num_queries):
    # 1. decisions in force (with centres and sources), 2. their chapter scores, 3. every centre,
    # 4. current certifications for the figures, 5. the network's published quality figures (with sources),
    # 6. HAS visits to come.
    with django_assert_num_queries(6):
        client.get("/fr/certifications/has/", {"on": "2024-07-31"})


def test_published_figures_stand_beside_the_computed_ones(client, network):
    from unicancer_site.keyfigures.models import KeyFigure

    KeyFigure.objects.create(
        topic=KeyFigure.Topic.QUALITY,
        label_fr="Centres avec la mention « Haute qualité des soins » (test)",
        value=11,
        year=2024,
        source=make_source(),
    )
    response = client.get("/fr/certifications/has/", {"on": "2024-07-31"})
    content = response.content.decode()
    assert "Centres avec la mention « Haute qualité des soins » (test)" in content
    assert 'id="published-figures-heading"' in content


def test_certified_level_not_stated_is_counted_apart(client):
    import datetime

    from certifications.models import Certification, Decision
    from tests.factories import make_certification

    make_certification(
        decision=Decision.CERTIFIED_LEVEL_NOT_STATED, in_force_on=datetime.date(2024, 7, 31), decision_date=None
    )
    day = datetime.date(2024, 7, 31)
    expected = Certification.objects.current_on(day).filter(decision=Decision.CERTIFIED_LEVEL_NOT_STATED).count()
    response = client.get("/en/certifications/has/", {"on": "2024-07-31"})
    assert response.context["figures"]["has_level_not_stated"] == expected >= 1
