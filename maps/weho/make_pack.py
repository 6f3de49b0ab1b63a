"""Author the West Hollywood demo pack from public facts (run from the repository root).

    .venv/bin/python maps/weho/make_pack.py [FACTS_DIR]

FACTS_DIR holds ``intersections.csv`` and ``street_segments.csv`` (intersection positions taken
from LA Metro GTFS bus stops; default ``../shared/data/weho``). The script writes this folder's
``streets.geojson``, ``places.geojson`` and ``areas.geojson`` in the pack format of
``maps/README.md``. Place positions and the park paths below are written here by hand: the
approximate ones say so in their ``note``. City Hall, the Library, the three parks and the two
city gateways on Santa Monica Blvd (``landmarks.csv`` in the facts names them) are marked
``landmark: "yes"``: the map draws and names them as landmarks. Re-running gives the same files
byte for byte.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

STREET_NAMES = {
    "Beverly": ("Beverly Blvd", "secondary"), "Crescent Heights": ("Crescent Heights Blvd", "secondary"),
    "Curson": ("Curson Ave", "residential"), "Doheny": ("Doheny Dr", "tertiary"),
    "Fairfax": ("Fairfax Ave", "primary"), "Fountain": ("Fountain Ave", "secondary"),
    "Gardner": ("Gardner St", "residential"), "Genesee": ("Genesee Ave", "residential"),
    "Hancock": ("Hancock Ave", "residential"), "Holloway": ("Holloway Dr", "tertiary"),
    "Hollywood": ("Hollywood Blvd", "primary"), "Kings": ("Kings Rd", "residential"),
    "La Brea": ("La Brea Ave", "primary"), "La Cienega": ("La Cienega Blvd", "primary"),
    "Martel": ("Martel Ave", "residential"), "Melrose": ("Melrose Ave", "secondary"),
    "Orlando": ("Orlando Ave", "residential"), "Poinsettia": ("Poinsettia Pl", "residential"),
    "San Vicente": ("San Vicente Blvd", "secondary"), "Santa Monica": ("Santa Monica Blvd", "primary"),
    "Spaulding": ("Spaulding Ave", "residential"), "Sunset": ("Sunset Blvd", "primary"),
    "Sweetzer": ("Sweetzer Ave", "residential"),
}

# Points where park paths join San Vicente Blvd (fractions of the Melrose -> Santa Monica block).
SAN_VICENTE_JOINS = (0.55, 0.85)

ILLUSTRATIVE = "illustrative path drawn for the demo, not surveyed"

# (id, highway, extra tags, [(lat, lon), ...]) — hand-drawn connections from streets to places.
PATHS = [
    ("p-library-walk", "footway", {}, ["SV0.55", (34.083550, -118.383500)]),
    ("p-library-stairs", "steps", {"note": ILLUSTRATIVE + " (a short stair up to the library)"},
     [(34.083550, -118.383500), (34.083580, -118.383300)]),
    ("p-library-terrace", "footway", {}, [(34.083580, -118.383300), (34.083600, -118.383100)]),
    ("p-park-ramp", "footway", {"wheelchair": "yes", "surface": "paved"},
     ["SV0.85", (34.084200, -118.383300), (34.083600, -118.383100)]),
    ("p-park-lawn", "footway", {"wheelchair": "yes"}, [(34.084200, -118.383300), (34.084200, -118.382600)]),
    ("p-city-hall-crossing", "footway", {"footway": "crossing", "crossing": "traffic_signals"},
     ["Santa Monica & Sweetzer", (34.090600, -118.370560)]),
    ("p-city-hall-walk", "footway", {}, [(34.090600, -118.370560), (34.090435, -118.370701)]),
    ("p-plummer-crossing", "footway", {"footway": "crossing", "crossing": "marked"},
     ["Santa Monica & Vista", (34.090790, -118.352130)]),
    ("p-plummer-walk", "footway", {"wheelchair": "yes"},
     [(34.090790, -118.352130), (34.091800, -118.351900), (34.092500, -118.351000)]),
]
EXTRA_STREETS = [
    ("s-kings-south", "residential", {"name": "Kings Rd", "note": "block south of Santa Monica Blvd; "
                                      "position from the Kings Road Park landmark (approximate)"},
     ["Kings & Santa Monica", (34.089300, -118.372400)]),
]

APPROX = "approximate position (about 150 m)"
LANDMARK = {"landmark": "yes"}


def names(en: str, es: str, ru: str, fa: str | None = None) -> dict[str, str]:
    out = {"name": en, "name:en": en, "name:es": es, "name:ru": ru}
    if fa:
        out["name:fa"] = fa
    return out


PLACES = [
    ("city-hall", ["city_services", "wifi"], (34.090435, -118.370701),
     names("West Hollywood City Hall", "Ayuntamiento de West Hollywood", "Мэрия Уэст-Голливуда",
           "شهرداری وست هالیوود"), {"address": "8300 Santa Monica Blvd", **LANDMARK}),
    ("library", ["library", "wifi", "restrooms"], (34.083600, -118.383100),
     names("West Hollywood Library", "Biblioteca de West Hollywood", "Библиотека Уэст-Голливуда",
           "کتابخانه وست هالیوود"),
     {"address": "625 N San Vicente Blvd", "note": APPROX, **LANDMARK}),
    ("west-hollywood-park", ["parks", "wifi", "restrooms"], (34.084200, -118.382600),
     names("West Hollywood Park", "Parque West Hollywood", "Парк Уэст-Голливуд", "پارک وست هالیوود"),
     {"address": "647 N San Vicente Blvd", "note": APPROX, **LANDMARK}),
    ("plummer-park", ["parks", "wifi", "restrooms"], (34.092500, -118.351000),
     names("Plummer Park", "Parque Plummer", "Парк Пламмер", "پارک پلامر"),
     {"address": "7377 Santa Monica Blvd", "note": APPROX, **LANDMARK}),
    ("kings-road-park", ["parks"], (34.089500, -118.372500),
     names("Kings Road Park", "Parque Kings Road", "Парк Кингс-Роуд", "پارک کینگز رود"),
     {"address": "1000 N Kings Rd", "note": APPROX, **LANDMARK}),
]

# EV charging: the sites the charger simulator serves (kiosk/chargers/weho_sites.py), so a
# charger tapped on the map and a site on the chargers screen are the same thing.
EV_PREFIX = ("EV charging: ", "Carga de VE: ", "Зарядка электромобилей: ")
EV_NAMES = {
    "LIBRARY": ("Estacionamiento de la Biblioteca de West Hollywood", "Парковка библиотеки Уэст-Голливуда"),
    "KINGSRD": ("Estacionamiento de Kings Road", "Парковка Кингс-Роуд"),
    "PLUMMER": ("Parque Plummer", "Парк Пламмер"),
    "CITYHALL": ("Zona del Ayuntamiento", "Район мэрии"),
    "SUNSET": ("Sunset Strip en La Cienega (en la acera)", "Сансет-Стрип у Ла-Сьенеги (у тротуара)"),
    "FAIRFAX": ("Santa Monica Blvd en Fairfax (en la acera)", "Бульвар Санта-Моника у Фэрфакса (у тротуара)"),
    "LABREA": ("Entrada de West Hollywood en La Brea", "Въезд в Уэст-Голливуд у Ла-Бреа"),
    "DOHENY": ("Santa Monica Blvd en Doheny (entrada oeste)", "Бульвар Санта-Моника у Доэни (западный въезд)"),
}


def charger_places() -> list:
    sys.path.insert(0, str(HERE.parent.parent))
    from kiosk.chargers.weho_sites import SITES

    out = []
    for site in SITES:
        es, ru = EV_NAMES.get(site.id, (site.name, site.name))
        tags = {"charger_site": site.site_id, "address": site.address.split(",")[0]}
        if site.approx:
            tags["note"] = APPROX
        out.append((f"ev-{site.id.lower()}", ["ev_charging"], (site.lat, site.lon),
                    names(EV_PREFIX[0] + site.name, EV_PREFIX[1] + es, EV_PREFIX[2] + ru), tags))
    return out


# Metro bus stops on Santa Monica Blvd: (id suffix, cross street, intersection in the facts).
STOPS = [
    ("doheny", "Doheny Dr", "Doheny & Santa Monica"),
    ("san-vicente", "San Vicente Blvd", "San Vicente & Santa Monica"),
    ("la-cienega", "La Cienega Blvd", "La Cienega & Santa Monica"),
    ("kings", "Kings Rd", "Kings & Santa Monica"),
    ("sweetzer", "Sweetzer Ave", "Santa Monica & Sweetzer"),
    ("crescent-heights", "Crescent Heights Blvd", "Crescent Heights & Santa Monica"),
    ("fairfax", "Fairfax Ave", "Fairfax & Santa Monica"),
    ("vista", "Vista St", "Santa Monica & Vista"),
    ("la-brea", "La Brea Ave", "La Brea & Santa Monica"),
]

# The city's gateways on Santa Monica Blvd (landmarks.csv: "west gateway" at Doheny Dr, "West
# Hollywood Gateway; east gateway" at La Brea Ave), placed at those intersections: landmarks
# only, in no directory category.
GATEWAYS = [
    ("gateway-west", "Doheny & Santa Monica",
     names("West city gateway (Doheny Dr)", "Entrada oeste de la ciudad (Doheny Dr)",
           "Западный въезд в город (Доэни)", "ورودی غربی شهر (دوهنی)")),
    ("gateway-east", "La Brea & Santa Monica",
     names("East city gateway (La Brea Ave)", "Entrada este de la ciudad (La Brea Ave)",
           "Восточный въезд в город (Ла-Бреа)", "ورودی شرقی شهر (لا بریا)")),
]

PARKS = [
    ("a-west-hollywood-park", "West Hollywood Park", (34.0826, -118.3834, 34.0848, -118.3818)),
    ("a-plummer-park", "Plummer Park", (34.0915, -118.3525, 34.0935, -118.3500)),
    ("a-kings-road-park", "Kings Road Park", (34.0890, -118.3731, 34.0899, -118.3721)),
]


def feature(geometry: dict, props: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def pos(lat: float, lon: float) -> list[float]:
    return [round(lon, 6), round(lat, 6)]


def build(facts: Path) -> dict[str, dict]:
    inter = {r["intersection"]: (float(r["lat"]), float(r["lon"]))
             for r in csv.DictReader(open(facts / "intersections.csv", encoding="utf-8"))}
    a, b = inter["Melrose & San Vicente"], inter["San Vicente & Santa Monica"]
    joins = {f"SV{f}": (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f) for f in SAN_VICENTE_JOINS}

    def where(p):
        return inter.get(p) or joins[p] if isinstance(p, str) else p

    streets = []
    rows = csv.DictReader(open(facts / "street_segments.csv", encoding="utf-8"))
    for n, row in enumerate(rows, 1):
        name, highway = STREET_NAMES[row["street"]]
        pts = [inter[row["from_intersection"]], inter[row["to_intersection"]]]
        if {row["from_intersection"], row["to_intersection"]} == {"Melrose & San Vicente", "San Vicente & Santa Monica"}:
            inner = [joins[f"SV{f}"] for f in SAN_VICENTE_JOINS]
            pts = [pts[0], *(inner if pts[0] == a else inner[::-1]), pts[1]]
        streets.append(feature({"type": "LineString", "coordinates": [pos(*p) for p in pts]},
                               {"id": f"s-{n}", "highway": highway, "name": name, "sidewalk": "both"}))
    for sid, highway, tags, pts in EXTRA_STREETS:
        streets.append(feature({"type": "LineString", "coordinates": [pos(*where(p)) for p in pts]},
                               {"id": sid, "highway": highway, "sidewalk": "both", **tags}))
    for pid, highway, tags, pts in PATHS:
        props = {"id": pid, "highway": highway, **tags}
        if pid.endswith(("-walk", "-ramp", "-lawn", "-terrace", "-stairs")) and "note" not in props:
            props["note"] = ILLUSTRATIVE
        streets.append(feature({"type": "LineString", "coordinates": [pos(*where(p)) for p in pts]}, props))

    places = [feature({"type": "Point", "coordinates": pos(*ll)},
                      {"id": pid, "categories": cats, **nm, **tags})
              for pid, cats, ll, nm, tags in PLACES + charger_places()]
    for suffix, cross, key in STOPS:
        places.append(feature({"type": "Point", "coordinates": pos(*inter[key])}, {
            "id": f"stop-santa-monica-{suffix}", "categories": ["transit"],
            **names(f"Metro bus stop: Santa Monica Blvd / {cross}",
                    f"Parada de autobús Metro: Santa Monica Blvd / {cross}",
                    f"Остановка автобуса Metro: Santa Monica Blvd / {cross}"),
            "note": "LA Metro GTFS stop position"}))
    for pid, key, nm in GATEWAYS:
        places.append(feature({"type": "Point", "coordinates": pos(*inter[key])}, {
            "id": pid, "categories": [], **nm, **LANDMARK,
            "note": "at the intersection (LA Metro GTFS stop positions)"}))
    areas = []
    for aid, name, (s, w, n, e) in PARKS:
        ring = [pos(s, w), pos(s, e), pos(n, e), pos(n, w), pos(s, w)]
        areas.append(feature({"type": "Polygon", "coordinates": [ring]},
                             {"id": aid, "kind": "park", "name": name, "note": "outline approximate"}))
    return {name: {"type": "FeatureCollection", "features": feats}
            for name, feats in (("streets", streets), ("places", places), ("areas", areas))}


def main(argv: list[str]) -> int:
    facts = Path(argv[1]) if len(argv) > 1 else HERE.parent.parent.parent / "shared" / "data" / "weho"
    for name, collection in build(facts).items():
        lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
        text = '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"
        (HERE / f"{name}.geojson").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
