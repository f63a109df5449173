"""The map of the network drawn by the site itself: an SVG of metropolitan France and Corsica.

No tile server and no script: a simplified outline (about fifty points, traced from well-known
coastal and border landmarks) and one marker per site, projected with an equirectangular
projection whose longitudes are scaled by cos(46.5°), the latitude of the middle of France.
"""

import math
from dataclasses import dataclass

# [lon, lat] clockwise from Dunkirk: the Belgian, German, Swiss and Italian borders, the Mediterranean,
# the Pyrenees, then the Atlantic and Channel coasts.
FRANCE_OUTLINE = [
    (2.37, 51.05), (2.55, 51.09), (3.15, 50.78), (3.70, 50.32), (4.23, 49.96), (4.85, 50.15), (4.97, 49.80),
    (5.47, 49.50), (6.36, 49.47), (7.00, 49.20), (7.63, 49.05), (8.23, 48.97), (7.80, 48.50), (7.58, 48.00),
    (7.59, 47.58), (6.86, 47.35), (6.45, 46.95), (6.10, 46.60), (6.15, 46.25), (6.80, 46.40), (7.04, 45.93),
    (7.15, 45.25), (6.63, 45.10), (7.00, 44.70), (6.95, 44.30), (7.70, 44.10), (7.53, 43.78), (7.25, 43.69),
    (6.90, 43.42), (6.65, 43.17), (6.20, 43.10), (5.90, 43.10), (5.35, 43.30), (4.85, 43.40), (4.55, 43.45),
    (4.10, 43.55), (3.50, 43.28), (3.05, 43.05), (3.04, 42.60), (3.17, 42.43), (2.60, 42.35), (1.72, 42.50),
    (0.70, 42.85), (0.00, 42.70), (-0.70, 42.90), (-1.40, 43.05), (-1.78, 43.37), (-1.50, 43.50), (-1.25, 44.40),
    (-1.25, 45.10), (-1.10, 45.55), (-1.20, 46.00), (-1.80, 46.50), (-2.15, 46.85), (-2.55, 47.30), (-3.00, 47.55),
    (-3.50, 47.70), (-4.35, 47.80), (-4.70, 48.05), (-4.50, 48.30), (-4.77, 48.50), (-4.40, 48.65), (-3.60, 48.80),
    (-2.80, 48.55), (-2.00, 48.65), (-1.55, 48.65), (-1.60, 49.20), (-1.90, 49.70), (-1.25, 49.70), (-1.10, 49.35),
    (-0.20, 49.30), (0.10, 49.45), (0.20, 49.70), (1.10, 49.93), (1.60, 50.20), (1.60, 50.75), (1.85, 50.95),
]  # fmt: skip
CORSICA_OUTLINE = [
    (9.40, 43.00), (9.55, 42.70), (9.53, 42.10), (9.40, 41.60), (9.20, 41.37), (8.80, 41.55), (8.65, 41.90),
    (8.60, 42.20), (8.70, 42.60), (9.10, 42.70), (9.30, 42.98),
]  # fmt: skip

WEST, EAST, SOUTH, NORTH = -5.2, 9.9, 41.2, 51.3
SCALE = 60  # SVG units per degree of latitude
MARGIN = 10
LONGITUDE_FACTOR = math.cos(math.radians(46.5))


def project(lon: float, lat: float) -> tuple[float, float]:
    """[lon, lat] -> SVG (x, y), y growing southwards."""
    x = MARGIN + (lon - WEST) * LONGITUDE_FACTOR * SCALE
    y = MARGIN + (NORTH - lat) * SCALE
    return round(x, 1), round(y, 1)


WIDTH = round(2 * MARGIN + (EAST - WEST) * LONGITUDE_FACTOR * SCALE)
HEIGHT = round(2 * MARGIN + (NORTH - SOUTH) * SCALE)


def _path(points) -> str:
    projected = [project(lon, lat) for lon, lat in points]
    return "M" + " L".join(f"{x},{y}" for x, y in projected) + " Z"


@dataclass
class Marker:
    site: object
    centre: object
    x: float
    y: float

    @property
    def label(self) -> str:
        return f"{self.centre.name}, {self.site.city}"


@dataclass
class FranceMap:
    markers: list[Marker]
    off_map: list  # sites without coordinates or outside metropolitan France (overseas)
    width: int = WIDTH
    height: int = HEIGHT
    mainland_path: str = _path(FRANCE_OUTLINE)
    corsica_path: str = _path(CORSICA_OUTLINE)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def build_map(centres) -> FranceMap:
    """The map for centres whose ``sites`` are prefetched (no query here)."""
    markers, off_map = [], []
    for centre in centres:
        for site in centre.sites.all():
            if site.latitude is None or site.longitude is None:
                off_map.append(site)
                continue
            lon, lat = float(site.longitude), float(site.latitude)
            if not (WEST <= lon <= EAST and SOUTH <= lat <= NORTH):
                off_map.append(site)
                continue
            x, y = project(lon, lat)
            markers.append(Marker(site=site, centre=centre, x=x, y=y))
    # Southern markers drawn last, so that a northern neighbour's halo never hides them.
    markers.sort(key=lambda marker: marker.y)
    return FranceMap(markers=markers, off_map=off_map)
