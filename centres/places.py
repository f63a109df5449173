"""Places a visitor may type (a postcode, a commune, a département) and the distance from them to the sites.

Computed on the site from two files shipped with the code, never by a third-party request or a geocoding service
(``data/build_places.py`` says how they were built and from which open data; the README's "A centre near me" names
the sources):

- ``data/departements.csv``: the 101 départements (overseas included) and six collectivités d'outre-mer (975, 977,
  978, 986, 987, 988), each with its chef-lieu's coordinates, the département's reference point;
- ``data/communes.csv.gz``: their 34 963 communes, with their département, postcodes, population and, where GeoNames
  lists them, their own coordinates (a commune without takes its département's reference point).

No library fits: geocoders ask a service (Nominatim, the Base Adresse Nationale), and ``pgeocode`` downloads its data
at first use; this is a lookup in two small tables and one formula (the great-circle distance).
"""

import csv
import functools
import gzip
import math
import re
from dataclasses import dataclass
from pathlib import Path

from unicancer_site.core.db import strip_accents

DATA = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
# Within this distance a centre counts as "near"; if none is, the nearest one does.
NEAR_RADIUS_KM = 100
POSTCODE = re.compile(r"^\d{5}$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[ab]|9[78]\d)$", re.IGNORECASE)
# "Saint-Denis (93)": a name with its département, as ``Place.label`` writes it (the "did you mean" links).
WITH_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<departement>\d{2}|2[ab]|9[78]\d)\)$", re.IGNORECASE)


class Precision:
    COMMUNE = "commune"
    DEPARTEMENT = "departement"


@dataclass(frozen=True)
class Place:
    """A point a visitor named: ``name`` (a commune's or a département's), its ``departement`` code, ``latitude`` and
    ``longitude`` in degrees (WGS 84), and ``precision``: the commune's own point, or its département's reference
    point (the chef-lieu) when the data has none for the commune."""

    name: str
    departement: str
    latitude: float
    longitude: float
    precision: str

    @property
    def label(self) -> str:
        """ "Angers (49)": a commune's name with its département, which tells homonyms apart."""
        return f"{self.name} ({self.departement})"


@dataclass(frozen=True)
class PlaceMatch:
    """What a visitor's text named: ``place`` (the most populous match) and the other places it may mean
    (``alternatives``, most populous first, at most five), e.g. "Saint-Denis" in Seine-Saint-Denis and in Réunion."""

    query: str
    place: Place
    alternatives: tuple[Place, ...] = ()


def place_key(text: str) -> str:
    """The form of a name that lookups compare: no accents, ligatures spelt out, lower case, words only, "st" and
    "ste" spelt out ("Saint-Étienne", "st etienne" and "ST-ETIENNE" give "saint etienne")."""
    text = (
        strip_accents(text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")) or ""
    ).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    spelt = {"st": "saint", "ste": "sainte"}
    return " ".join(spelt.get(word, word) for word in words)


@dataclass(frozen=True)
class _Commune:
    name: str
    departement: str
    postcodes: tuple[str, ...]
    population: int
    latitude: float | None
    longitude: float | None


@functools.cache
def _departements() -> dict[str, Place]:
    with open(DATA / "departements.csv", newline="", encoding="utf-8") as handle:
        return {
            row["code"]: Place(
                name=row["name"],
                departement=row["code"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                precision=Precision.DEPARTEMENT,
            )
            for row in csv.DictReader(handle)
        }


@functools.cache
def _communes() -> tuple[dict[str, list[_Commune]], dict[str, list[_Commune]]]:
    """({name key: communes}, {postcode: communes}), each list most populous first. Read once per process."""
    by_name: dict[str, list[_Commune]] = {}
    by_postcode: dict[str, list[_Commune]] = {}
    with gzip.open(DATA / "communes.csv.gz", "rt", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            commune = _Commune(
                name=row["name"],
                departement=row["departement"],
                postcodes=tuple(row["postcodes"].split()),
                population=int(row["population"] or 0),
                latitude=float(row["latitude"]) if row["latitude"] else None,
                longitude=float(row["longitude"]) if row["longitude"] else None,
            )
            by_name.setdefault(place_key(commune.name), []).append(commune)
            for postcode in commune.postcodes:
                by_postcode.setdefault(postcode, []).append(commune)
    for index in (by_name, by_postcode):
        for communes in index.values():
            communes.sort(key=lambda commune: -commune.population)
    return by_name, by_postcode


def _place_of(commune: _Commune) -> Place:
    if commune.latitude is None:
        reference = _departements()[commune.departement]
        return Place(commune.name, commune.departement, reference.latitude, reference.longitude, Precision.DEPARTEMENT)
    return Place(commune.name, commune.departement, commune.latitude, commune.longitude, Precision.COMMUNE)


def find_place(text: str) -> PlaceMatch | None:
    """The place named by ``text``: a postcode ("49000", "49 000"), a commune ("Saint-Étienne", "st etienne"), a
    commune with its département ("Saint-Denis (93)"), a département's code ("49", "2A", "974") or name
    ("Maine-et-Loire"). None when nothing matches."""
    query = " ".join(str(text).split())[:100]
    compact = query.replace(" ", "")
    labelled = WITH_DEPARTEMENT.match(query)
    if labelled:
        match = find_place(labelled["name"])
        departement = labelled["departement"].upper()
        chosen = (
            [place for place in (match.place, *match.alternatives) if place.departement == departement] if match else []
        )
        return PlaceMatch(query=query, place=chosen[0]) if chosen else None
    if POSTCODE.match(compact):
        communes = _communes()[1].get(compact, [])
        places = [_place_of(commune) for commune in communes]
    elif DEPARTEMENT_CODE.match(compact):
        reference = _departements().get(compact.upper())
        places = [reference] if reference else []
    else:
        key = place_key(query)
        places = [_place_of(commune) for commune in _communes()[0].get(key, [])]
        named = {(place.name, place.departement) for place in places}
        places += [
            place
            for place in _departements().values()
            if place_key(place.name) == key and (place.name, place.departement) not in named
        ]
    if not places:
        return None
    return PlaceMatch(query=query, place=places[0], alternatives=tuple(places[1:6]))


def distance_km(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float) -> float:
    """The great-circle distance between two points given in degrees, in kilometres (haversine formula, on a sphere
    of the Earth's mean radius: within 0.5 % of the ellipsoid's distance, ample for "which centre is nearest")."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    half_chord = (
        math.sin((phi_b - phi_a) / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(math.radians(longitude_b - longitude_a) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half_chord))


def by_distance(place: Place, sites) -> list[tuple[object, float]]:
    """[(site, kilometres)], nearest first, for the sites that have coordinates (any objects with ``latitude`` and
    ``longitude`` in degrees, numbers or Decimals); sites without coordinates are left out."""
    measured = [
        (site, distance_km(place.latitude, place.longitude, float(site.latitude), float(site.longitude)))
        for site in sites
        if site.latitude is not None and site.longitude is not None
    ]
    return sorted(measured, key=lambda pair: pair[1])


def near(place: Place, sites, radius_km: float = NEAR_RADIUS_KM) -> list[tuple[object, float]]:
    """The sites within ``radius_km`` of ``place``, nearest first; if none is, the nearest one alone (so that a
    visitor far from every centre still learns which is nearest)."""
    ranked = by_distance(place, sites)
    within = [pair for pair in ranked if pair[1] <= radius_km]
    return within or ranked[:1]
