"""Centre list (grouped by region, SVG map) and centre pages, in both languages."""

import datetime
import re

import pytest
from django.utils import timezone

from centres.map import FRANCE_OUTLINE, project
from centres.models import Region
from certifications.models import Decision, PlannedVisit, Scheme
from research.models import RecruitmentStatus, TrialCentre
from tests.factories import make_centre, make_certification, make_news_item, make_site, make_source, make_trial
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    centre = make_centre(name="Centre Témoin", short_name="CT", website="https://example.org/")
    make_site(
        centre,
        name="Site principal",
        city="Rennes",
        postcode="35000",
        address="1 rue de la Santé",
        region=Region.BRETAGNE,
        latitude=48.1173,
        longitude=-1.6778,
    )
    return centre


@pytest.mark.parametrize("language", ["fr", "en"])
def test_centre_list_groups_by_region_with_a_linked_marker(client, centre, language):
    response = client.get(f"/{language}/centres/")
    assert response.status_code == 200
    html = response.content.decode()
    # The region heading, then the centre under it.
    # The region's name in the page's language.
    region = "Brittany" if language == "en" else "Bretagne"
    assert re.search(rf"<h3>{region}</h3>\s*<ul>.*?Centre Témoin", html, re.S)
    # A marker: a link with the centre's name and city, a <title>, in the SVG.
    marker = re.search(
        rf'<a class="map__marker" href="/{language}/centres/{centre.slug}/" aria-label="Centre Témoin, Rennes">\s*'
        r"<title>Centre Témoin, Rennes</title>",
        html,
    )
    assert marker, "the map has no link for the centre"


def test_site_without_coordinates_is_listed_but_not_drawn(client):
    centre = make_centre(name="Centre Lointain")
    make_site(centre, city="Papeete", region=Region.OUTRE_MER)
    html = client.get("/fr/centres/").content.decode()
    assert "Centre Lointain" in html
    assert 'aria-label="Centre Lointain, Papeete"' not in html


def test_projection_keeps_france_inside_the_map():
    from centres.map import HEIGHT, WIDTH

    for lon, lat in FRANCE_OUTLINE:
        x, y = project(lon, lat)
        assert 0 < x < WIDTH and 0 < y < HEIGHT
    # North is up, west is left.
    assert project(2.35, 51.0)[1] < project(2.35, 43.0)[1]
    assert project(-4.0, 48.0)[0] < project(7.0, 48.0)[0]


def test_centre_list_query_count(client, django_assert_num_queries):
    for _ in range(3):
        make_site(make_centre(), latitude=45.0, longitude=4.0)
    # 1. the centres, 2. their sites (prefetch).
    with django_assert_num_queries(2):
        client.get("/fr/centres/")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_centre_page(client, centre, language):
    today = timezone.localdate()
    current = make_certification(centre, decision=Decision.CERTIFIED_WITH_MENTION, global_score="97.50")
    make_certification(
        centre,
        scheme=Scheme.ISO_9001,
        referential="2015",
        decision_date=today - datetime.timedelta(days=3000),
        valid_until=today - datetime.timedelta(days=100),
    )  # ended: shown as such, never as in force
    trial = make_trial(acronym="TEMOIN-1")
    TrialCentre.objects.create(trial=trial, centre=centre, recruitment_status=RecruitmentStatus.RECRUITING)
    draft = make_trial(acronym="BROUILLON-1", status=PublicationStatus.DRAFT)
    TrialCentre.objects.create(trial=draft, centre=centre)
    news = make_news_item(title_fr="Le centre témoin inaugure", title_en="The test centre opens")
    news.centres.add(centre)
    future = make_news_item(title_fr="Pas encore publié", publish_from=timezone.now() + datetime.timedelta(days=2))
    future.centres.add(centre)

    response = client.get(f"/{language}/centres/{centre.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 rue de la Santé" in html and "35000" in html
    assert str(current.get_decision_display()) in html
    assert ("97,5\u00a0%" if language == "fr" else "97.5%") in html
    table = html.split('id="certifications-heading"')[1].split("</table>")[0]
    iso_row = next(row for row in table.split("<tr>") if "ISO 9001" in row)
    assert ("Validity ended" if language == "en" else "Validité échue") in iso_row
    assert "standing--in-force" not in iso_row
    assert "TEMOIN-1" in html and str(RecruitmentStatus.RECRUITING.label) in html
    assert "BROUILLON-1" not in html
    assert ("The test centre opens" if language == "en" else "Le centre témoin inaugure") in html
    assert "Pas encore publié" not in html
    assert '"@type": "MedicalOrganization"' in html
    assert '"postalCode": "35000"' in html


def test_centre_page_lists_a_planned_visit(client, centre):
    PlannedVisit.objects.create(
        centre=centre,
        scheme=Scheme.HAS,
        referential="V2020",
        planned_date=datetime.date(2100, 1, 1),
        planned_date_precision="year",
        source=make_source(),
    )
    html = client.get(f"/en/centres/{centre.slug}/").content.decode()
    assert "Announced visits" in html and '<time datetime="2100">2100</time>' in html


def test_unknown_centre_is_404(client):
    assert client.get("/fr/centres/no-such-centre/").status_code == 404
    assert client.get("/en/centres/no-such-centre/").status_code == 404


def test_centre_page_query_count(client, centre, django_assert_num_queries):
    for index in range(3):
        certification = make_certification(centre, scheme=Scheme.ISO_9001, scope_fr=f"Périmètre {index}")
        assert certification.pk
        trial = make_trial()
        TrialCentre.objects.create(trial=trial, centre=centre)
        make_news_item().centres.add(centre)
    # 1. the centre (with its source), 2. its sites, 3. current certifications (with sources),
    # 4. visits to come, 5. trial participations (with trials), 6. its published news.
    with django_assert_num_queries(6):
        client.get(f"/fr/centres/{centre.slug}/")


def test_centre_page_shows_address_telephone_website_and_a_small_map(client, centre):
    site = centre.sites.get()
    site.phone = "02 99 25 30 00"
    site.save()
    centre.trial_office_email = "essais@example.org"
    centre.save()
    html = client.get(f"/fr/centres/{centre.slug}/").content.decode()
    assert "1 rue de la Santé" in html and 'href="tel:0299253000"' in html
    assert 'href="https://example.org/"' in html
    assert 'href="mailto:essais@example.org"' in html
    small_map = html[html.index('class="map map--small"') :]
    assert '<g class="map__marker" role="img" aria-label="Centre Témoin, Rennes">' in small_map
    assert 'class="map__marker" href=' not in small_map.split("</figure>")[0]


def test_centre_page_shows_nothing_where_the_documents_are_silent(client):
    html = client.get("/fr/centres/institut-curie/").content.decode()
    assert "Téléphone" not in html and "tel:" not in html and "Cellule de recherche clinique" not in html
    assert 'class="map map--small"' in html  # the city's coordinates, the one fact not from the documents


def test_centre_page_lists_a_bounded_number_of_trials_and_links_to_the_finder(client, centre):
    from centres.views import CENTRE_PAGE_TRIALS

    for index in range(CENTRE_PAGE_TRIALS + 2):
        TrialCentre.objects.create(trial=make_trial(acronym=f"ZZ{index:03d}"), centre=centre)
    response = client.get(f"/fr/centres/{centre.slug}/")
    assert [p.trial.acronym for p in response.context["participations"]] == [
        f"ZZ{index:03d}" for index in range(CENTRE_PAGE_TRIALS)
    ]
    html = response.content.decode()
    assert f'href="/fr/recherche/essais/?centre={centre.slug}"' in html
    assert "Tous les essais à" in html


def test_centre_page_with_few_trials_has_no_finder_link(client, centre):
    TrialCentre.objects.create(trial=make_trial(), centre=centre)
    html = client.get(f"/fr/centres/{centre.slug}/").content.decode()
    assert f"?centre={centre.slug}" not in html
