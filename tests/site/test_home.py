"""The home page: what Unicancer is, key figures with year and source, latest news, recruiting trials, the map."""

import datetime

import pytest
from django.utils import timezone

from centres.models import Centre
from research.models import RecruitmentStatus, Trial
from tests.factories import make_centre, make_news_item, make_site, make_source, make_trial
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_in_both_languages(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert response.context["centre_count"] == Centre.objects.count()


def test_key_figures_show_year_and_source(client):
    source = make_source(title="Rapport de test", url="https://example.org/rapport")
    KeyFigure.objects.create(
        topic=KeyFigure.Topic.NETWORK,
        label_fr="centres de test",
        label_en="test centres",
        value="23000",
        year=2022,
        position=0,
        featured=True,
        source=source,
    )
    html = client.get("/en/").content.decode()
    assert "test centres" in html
    assert "23,000" in html  # grouped, without decimals
    assert "2022" in html and 'href="https://example.org/rapport"' in html


def test_latest_three_published_news(client):
    now = timezone.now()
    for days in range(1, 5):
        make_news_item(title_fr=f"Nouvelle {days}", publish_from=now - datetime.timedelta(minutes=days))
    make_news_item(title_fr="Brouillon secret", status=PublicationStatus.DRAFT, publish_from=None)
    make_news_item(title_fr="Demain seulement", publish_from=now + datetime.timedelta(days=1))
    html = client.get("/fr/").content.decode()
    assert "Nouvelle 1" in html and "Nouvelle 3" in html and "Nouvelle 4" not in html
    assert "Brouillon secret" not in html and "Demain seulement" not in html


def test_staff_choose_the_home_figures_and_their_order(client):
    source = make_source()
    shown = [
        KeyFigure.objects.create(
            topic=KeyFigure.Topic.CARE, label_fr=f"figure {n}", value=n, year=2022, source=source, featured=True,
            home_position=10 - n,
        )
        for n in (1, 2)
    ]  # fmt: skip
    KeyFigure.objects.create(topic=KeyFigure.Topic.NETWORK, label_fr="figure cachée", value=3, year=2022, source=source)
    figures = client.get("/fr/").context["key_figures"]
    assert figures.index(shown[1]) < figures.index(shown[0])  # home_position 8 before 9
    assert "figure cachée" not in {figure.label_fr for figure in figures}


def test_the_demo_home_features_care_and_research_not_purchasing(client):
    figures = client.get("/fr/").context["key_figures"]
    assert figures and {figure.topic for figure in figures} == {KeyFigure.Topic.CARE, KeyFigure.Topic.RESEARCH}
    labels = " ".join(figure.label_fr for figure in figures)
    assert "achats" not in labels.lower() and "Achats" not in labels
    for expected in ("patients pris en charge", "hospitalisés", "consultations", "pédiatrique", "oncogénétique"):
        assert expected in labels, expected


def test_the_latest_trials_when_none_recruits(client):
    """The demo content has no recruiting trial: the home page says so and shows the latest trials."""
    assert not Trial.objects.published().recruiting().exists()
    response = client.get("/en/")
    assert response.context["recruiting"] is False and response.context["trials"]
    html = response.content.decode()
    assert "No trial listed here is recruiting at the moment." in html
    assert "Trials currently recruiting" not in html


def test_recruiting_trials(client):
    make_trial(acronym="RECRUTE-1", recruitment_status=RecruitmentStatus.RECRUITING)
    make_trial(acronym="FINI-1", recruitment_status=RecruitmentStatus.COMPLETED)
    make_trial(acronym="CACHE-1", recruitment_status=RecruitmentStatus.RECRUITING, status=PublicationStatus.DRAFT)
    html = client.get("/fr/").content.decode()
    assert "RECRUTE-1" in html
    assert "FINI-1" not in html and "CACHE-1" not in html


def test_map_of_centres_on_home(client):
    centre = make_centre(name="Centre Cartographié")
    make_site(centre, city="Dijon", latitude=47.322, longitude=5.0415)
    html = client.get("/fr/").content.decode()
    assert f'href="/fr/centres/{centre.slug}/" aria-label="Centre Cartographié, Dijon"' in html


def test_home_query_count(client, django_assert_num_queries):
    for _ in range(3):
        make_site(make_centre(), latitude=45.0, longitude=4.0)
        make_news_item()
        make_trial(recruitment_status=RecruitmentStatus.RECRUITING)
    # 1. centres, 2. their sites, 3. key figures (with sources), 4.-6. latest news (the newest undated by their
    # publication, the newest dated by their source, the three items: NewsItemQuerySet.by_date_window),
    # 7. recruiting trials (with sponsor centres), 8. their phases, 9. their localisations.
    with django_assert_num_queries(9):
        client.get("/fr/")


def test_home_query_count_when_no_trial_recruits(client, django_assert_num_queries):
    for _ in range(3):
        make_trial(recruitment_status=RecruitmentStatus.COMPLETED)
    # 1. centres, 2. their sites, 3. key figures (with sources), 4.-6. latest news (by_date_window), 7. recruiting
    # trials (none), 8. the latest trials (with sponsor centres), 9. their phases, 10. their localisations.
    with django_assert_num_queries(10):
        client.get("/fr/")
