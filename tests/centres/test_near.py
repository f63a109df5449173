"""A centre near me: postcodes, communes and départements to coordinates, distances, and the pages that use them."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from centres.models import Site
from centres.places import NEAR_RADIUS_KM, Precision, distance_km, find_place, near
from research.models import Trial, TrialCentre

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "name", "departement", "precision"),
    [
        ("49000", "Angers", "49", Precision.COMMUNE),
        ("49 100", "Angers", "49", Precision.COMMUNE),
        ("Angers", "Angers", "49", Precision.COMMUNE),
        ("ANGERS", "Angers", "49", Precision.COMMUNE),
        ("villejuif", "Villejuif", "94", Precision.COMMUNE),
        ("st etienne", "Saint-Étienne", "42", Precision.COMMUNE),
        ("Saint-Etienne", "Saint-Étienne", "42", Precision.COMMUNE),
        ("pointe a pitre", "Pointe-à-Pitre", "971", Precision.COMMUNE),
        ("75013", "Paris", "75", Precision.COMMUNE),
        ("Saint-Denis (93)", "Saint-Denis", "93", Precision.COMMUNE),
        ("2A", "Corse-du-Sud", "2A", Precision.DEPARTEMENT),
        ("974", "La Réunion", "974", Precision.DEPARTEMENT),
        ("Maine-et-Loire", "Maine-et-Loire", "49", Precision.DEPARTEMENT),
        # A commune too small for GeoNames' list takes its département's reference point (Laval's, for 53).
        ("Alexain", "Alexain", "53", Precision.DEPARTEMENT),
    ],
)
def test_find_place(typed, name, departement, precision):
    match = find_place(typed)
    assert match is not None
    assert (match.place.name, match.place.departement, match.place.precision) == (name, departement, precision)


def test_a_commune_without_coordinates_is_placed_at_its_departements_chef_lieu():
    commune, chef_lieu = find_place("Alexain").place, find_place("Laval (53)").place
    assert (commune.latitude, commune.longitude) == (chef_lieu.latitude, chef_lieu.longitude)


def test_homonyms_are_offered_most_populous_first():
    match = find_place("Saint-Denis")
    labels = [match.place.label, *(place.label for place in match.alternatives)]
    assert {"Saint-Denis (974)", "Saint-Denis (93)"} <= set(labels[:2])
    assert len(match.alternatives) <= 5


@pytest.mark.parametrize("typed", ["zzz", "00000", "99", "Paris (13)", "", "   "])
def test_unknown_places(typed):
    assert find_place(typed) is None


def test_distance_paris_lyon():
    paris, lyon = find_place("Paris").place, find_place("Lyon").place
    # 392 km as the crow flies between the two city centres.
    assert 385 < distance_km(paris.latitude, paris.longitude, lyon.latitude, lyon.longitude) < 400
    assert distance_km(1.0, 2.0, 1.0, 2.0) == 0


def test_near_keeps_the_nearest_site_when_none_is_within_the_radius():
    far = find_place("974").place  # La Réunion: no site of the network within 100 km
    sites = list(Site.objects.filter(latitude__isnull=False))
    nearest = near(far, sites)
    assert len(nearest) == 1
    assert nearest[0][1] > NEAR_RADIUS_KM


def nearest_listed(html: str) -> list[str]:
    listed = re.search(r'<ol class="nearest">(.*?)</ol>', html, re.S)
    assert listed, "no list of nearest sites"
    return re.findall(r"<li><a [^>]*>([^<]+)</a> — ([^,(]+)", listed.group(1))


def test_centres_page_lists_the_sites_nearest_to_a_postcode(client):
    html = client.get("/fr/centres/", {"near": "49100"}).content.decode()
    assert "Les plus proches de\u00a0: Angers (49)" in html
    listed = nearest_listed(html)
    assert listed[0][1].strip() == "Angers"
    assert listed[1][1].strip() == "Nantes"
    assert "0 km" in html


def test_centres_page_near_villejuif_puts_its_centre_first(client):
    html = client.get("/en/centres/", {"near": "Villejuif"}).content.decode()
    assert nearest_listed(html)[0][1].strip() == "Villejuif"


def test_centres_page_offers_homonyms(client):
    html = client.get("/en/centres/", {"near": "Saint-Denis"}).content.decode()
    assert "Did you mean:" in html
    assert 'href="?near=Saint-Denis%20%2893%29"' in html


@pytest.mark.parametrize("typed", ["zzz", "x" * 500, "<script>alert(1)</script>", "\x00"])
def test_centres_page_says_what_to_type_for_an_unknown_place(client, typed):
    response = client.get("/en/centres/", {"near": typed})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        html = response.content.decode()
        assert "type a postcode (49000) or the name of a commune (Angers)" in html
        assert "<script>alert(1)" not in html


def test_centres_page_near_costs_no_query(client, django_assert_num_queries):
    client.get("/fr/centres/")  # warm the places tables, read once per process
    with django_assert_num_queries(2):
        client.get("/fr/centres/", {"near": "49000"})


def published_trials_near(place_text: str) -> set[str]:
    match = find_place(place_text)
    centre_ids = {site.centre_id for site, _km in near(match.place, Site.objects.filter(latitude__isnull=False))}
    trial_ids = TrialCentre.objects.filter(centre_id__in=centre_ids).values("trial_id")
    return set(Trial.objects.published().trials().filter(pk__in=trial_ids).values_list("acronym", flat=True))


def test_trial_finder_near_a_commune(client):
    expected = published_trials_near("Caen")
    assert expected, "the demo content has trials at the Caen centre"
    assert len(expected) < Trial.objects.published().trials().count()
    with translation.override("en"):
        url = reverse("research:trial_list")
    html = client.get(url, {"near": "Caen", "status": "any"}).content.decode()
    assert "At centres near Caen (14):" in html
    assert re.search(r"Centre François Baclesse \(Caen, \d km\)", html)
    assert re.search(rf"<h2 id=\"results-heading\">{len(expected)} trials? found</h2>", html)
    for acronym in expected:
        assert acronym in html


def test_trial_finder_with_an_unknown_place_says_so_and_applies_the_rest(client):
    with translation.override("en"):
        url = reverse("research:trial_list")
    response = client.get(url, {"near": "zzz"})
    assert response.status_code == 200
    assert "type a postcode (49000)" in response.content.decode()


def test_api_trials_near():
    from rest_framework.test import APIClient

    api = APIClient()
    expected = published_trials_near("14000")
    body = api.get("/api/v1/trials/", {"near": "14000", "kind": "trial", "page_size": 100}).json()
    assert body["count"] == len(expected)
    # Like an unknown centre: a place no table holds matches nothing (the schema says so).
    unknown = api.get("/api/v1/trials/", {"near": "zzz"})
    assert unknown.status_code == 200
    assert unknown.json()["count"] == 0


@pytest.mark.parametrize(
    ("typed", "name", "departement"),
    [
        ("98714", "Papeete", "987"),
        ("Papeete", "Papeete", "987"),
        ("987", "Polynésie française", "987"),
        ("Nouméa", "Nouméa", "988"),
        ("975", "Saint-Pierre-et-Miquelon", "975"),
        ("977", "Saint-Barthélemy", "977"),
        ("978", "Saint-Martin", "978"),
        ("986", "Wallis et Futuna", "986"),
    ],
)
def test_collectivites_d_outre_mer_are_places(typed, name, departement):
    match = find_place(typed)
    assert match is not None
    assert (match.place.name, match.place.departement) == (name, departement)


def test_papeete_has_its_own_point():
    papeete = find_place("98714").place
    assert papeete.precision == Precision.COMMUNE
    assert (round(papeete.latitude, 2), round(papeete.longitude, 2)) == (-17.54, -149.57)


def test_centres_page_near_papeete_names_the_centre_it_cannot_place(client):
    html = client.get("/en/centres/", {"near": "98714"}).content.decode()
    assert "Nearest to Papeete (987)" in html
    assert "type a postcode" not in html
    # ICPF's site has no coordinates in the demo content: it is named apart, with no distance.
    listed = nearest_listed(html)
    assert "Institut du Cancer de Polynésie française" not in {name for name, _city in listed}
    unplaced = re.search(r"Not in this list, for want of a known position[^<]*(.*?)</p>", html, re.S)
    assert unplaced and "Institut du Cancer de Polynésie française</a> — Polynésie française" in unplaced.group(1)


def test_trial_finder_offers_the_other_communes_of_the_same_name(client):
    with translation.override("en"):
        url = reverse("research:trial_list")
    html = client.get(url, {"near": "Saint-Denis", "status": "any"}).content.decode()
    match = find_place("Saint-Denis")
    assert f"At centres near {match.place.label}:" in html
    offered = re.search(r"Did you mean:(.*?)</p>", html, re.S)
    assert offered, "the other Saint-Denis are offered"
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', offered.group(1))
    assert [label for _href, label in links] == [place.label for place in match.alternatives]
    other = next(place for place in match.alternatives if place.departement == "93")
    href = next(href for href, label in links if label == other.label)
    # The link keeps the other filters and chooses that commune.
    chosen = client.get(url + href.replace("&amp;", "&")).content.decode()
    assert "status=any" in href
    assert "At centres near Saint-Denis (93):" in chosen
    # In French, with the default status, too.
    with translation.override("fr"):
        french_url = reverse("research:trial_list")
    french = client.get(french_url, {"near": "Saint-Denis"}).content.decode()
    assert "Vouliez-vous dire\u00a0:" in french or "Vouliez-vous dire :" in french
    assert re.search(r'<a href="\?[^"]*near=Saint-Denis\+%2893%29[^"]*">Saint-Denis \(93\)</a>', french)
