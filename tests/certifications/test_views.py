"""Certification overview and per-scheme tables: decisions in force on a chosen date, figures, sources."""

import datetime

import pytest

from certifications.models import Certification, ChapterScore, Decision, Holder, PlannedVisit, Scheme
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
    # The figures count the centres whose HAS decision is in force on the day, by the one rule.
    for response, day in ((before, DAY), (after, datetime.date(2024, 10, 2))):
        in_force = Certification.objects.has().in_force_on(day).filter(holder=Holder.CENTRE)
        assert figures(response)["has_certified"] == in_force.values("centre").distinct().count()
        with_mention = in_force.filter(decision=Decision.CERTIFIED_WITH_MENTION)
        assert figures(response)["has_with_mention"] == with_mention.values("centre").distinct().count()
    # The decision of 1 October 2024 counts after it, not before.
    later = network["later"]
    assert not Certification.objects.in_force_on(DAY).filter(pk=later.pk).exists()
    assert Certification.objects.in_force_on(datetime.date(2024, 10, 2)).filter(pk=later.pk).exists()
    assert figures(before)["has_with_mention"] >= 1
    assert 'value="2024-07-31"' in before.content.decode()


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
    # A percentage the way each language writes it: « 98,1 % » (no-break space), "98.1%".
    assert ("98,1\u00a0%" if language == "fr" else "98.1%") in html
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
    before = client.get("/en/certifications/", {"on": "2024-07-31"})
    after = client.get("/en/certifications/", {"on": "2024-12-01"})
    assert "Centre En Attente" in {visit.centre.name for visit in before.context["planned_visits"]}
    # Once its day has passed with no decision reported since, it is no longer "to come": no later information.
    assert "Centre En Attente" not in {visit.centre.name for visit in after.context["planned_visits"]}
    assert "Centre En Attente" in {visit.centre.name for visit in after.context["overdue_visits"]}
    assert 'planned for <time datetime="2024-11-15">' in after.content.decode()


def test_overview_query_count(client, network, django_assert_num_queries):
    PlannedVisit.objects.create(
        centre=network["certified"].centre, planned_date=datetime.date(2100, 1, 1), source=make_source()
    )
    # 1. decisions known on the day for the figures, 2. the network's published quality figures (with sources),
    # 3. announced visits (with centres and sources), 4. the page explaining the HAS levels, if any.
    with django_assert_num_queries(4):
        client.get("/fr/certifications/", {"on": "2024-07-31"})


def test_scheme_page_query_count(client, network, django_assert_num_queries):
    # 1. decisions known on the day (with centres, sources, confirmations and rules), 2. their chapter scores,
    # 3. every centre, 4. decisions known on the day for the figures, 5. the network's published quality figures
    # (with sources), 6. the page explaining the HAS levels, if any, 7. announced HAS visits.
    with django_assert_num_queries(7):
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
    expected = Certification.objects.in_force_on(day).filter(decision=Decision.CERTIFIED_LEVEL_NOT_STATED).count()
    response = client.get("/en/certifications/has/", {"on": "2024-07-31"})
    assert response.context["figures"]["has_level_not_stated"] == expected >= 1


def test_no_explanation_of_the_has_levels_without_a_page(client):
    """The explanation of the HAS decision levels is content with a source: none in the demo, nothing shown."""
    html = client.get("/fr/certifications/has/").content.decode()
    assert "évalue de nouveau" not in html and "Ce que signifient" not in html
    assert client.get("/fr/certifications/has/").context["has_levels_page"] is None


def test_the_has_levels_page_is_linked_when_published(client):
    from tests.factories import make_page
    from unicancer_site.pages.models import EditorialPage

    page = make_page(title_fr="Les niveaux de décision de la HAS", role=EditorialPage.Role.HAS_DECISION_LEVELS)
    for address in ("/fr/certifications/", "/fr/certifications/has/"):
        assert f'href="{page.get_absolute_url()}"' in client.get(address).content.decode()


def test_the_sitemap_lists_the_schemes_known_today(client):
    xml = client.get("/sitemap.xml").content.decode()
    for scheme in Scheme.values:
        assert f"/fr/certifications/{scheme}/" in xml


def test_a_source_in_brackets_has_no_space_before_the_closing_one(client):
    html = client.get("/fr/centres/centre-oscar-lambret/").content.decode()
    assert " )" not in html.split('id="certifications-heading"')[1].split("</table>")[0]


def test_sources_are_numbered_in_the_order_the_table_shows_them(client):
    response = client.get("/fr/certifications/iso_9001/", {"on": "2026-11-29"})
    numbers = [row["certification"].source_number for row in response.context["rows"] if row["certification"]]
    assert numbers[0] == 1
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == sorted(first_seen)
