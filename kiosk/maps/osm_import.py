"""Build a map pack from an OpenStreetMap extract (``.osm`` XML or ``.osm.pbf``) with pyosmium.

Kept: every way a pedestrian may use (the profile in :mod:`kiosk.maps.profile`) with its names in every language (``name:es``, ``name:ru`` …) and
its pedestrian tags (``footway``, ``crossing``, ``sidewalk``, ``wheelchair``, ``surface``,
``incline``, ``step_count``); places of the kiosk's categories (town hall, library, parks, bus
stops and stations, charging stations, toilets, free WiFi); parks as areas. Ways are kept whole:
they share OSM nodes at junctions, and the pack graph joins lines wherever positions coincide.
Multipolygon relations (large parks) are not read yet; their member ways still route.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.errors import ContentError
from kiosk.maps.pack import MAX_NODES, MEMORY_BUDGET_MB
from kiosk.maps.profile import is_walkable
from kiosk.paths import atomic_write_text

STREET_TAGS = ("footway", "crossing", "sidewalk", "wheelchair", "surface", "incline", "step_count",
               "ramp", "handrail", "foot", "access", "tactile_paving", "kerb", "lit", "bridge", "tunnel",
               "indoor", "layer", "level", "covered")
PLACE_TAGS = ("addr:housenumber", "addr:street", "opening_hours", "wheelchair", "website", "operator",
              "indoor", "level", "layer", "location")

FALLBACK_NAMES = {
    "restrooms": {"name": "Public restroom", "name:es": "Baños públicos", "name:ru": "Общественный туалет"},
    "ev_charging": {"name": "EV charging", "name:es": "Carga de vehículos eléctricos",
                    "name:ru": "Зарядка электромобилей"},
}


def _is_city_service(tags: dict[str, str]) -> bool:
    """``office=government`` is a ministry, a court, a tax office or a city's own service desk;
    only the last belongs under "City services" (local government, or admin level 8+)."""
    if tags.get("government") in ("local", "municipal", "municipality", "city"):
        return True
    level = tags.get("admin_level", "")
    return level.isdigit() and int(level) >= 8


def _categories(tags: dict[str, str]) -> list[str]:
    cats = []
    amenity = tags.get("amenity")
    if amenity == "townhall" or (tags.get("office") == "government" and _is_city_service(tags)):
        cats.append("city_services")
    if amenity == "library":
        cats.append("library")
    if tags.get("leisure") == "park":
        cats.append("parks")
    if tags.get("highway") == "bus_stop" or tags.get("public_transport") in ("platform", "stop_position", "station") \
            or tags.get("railway") in ("station", "subway_entrance", "tram_stop"):
        cats.append("transit")
    if tags.get("internet_access") in ("wlan", "yes", "wifi") and tags.get("internet_access:fee") not in ("yes", "customers"):
        cats.append("wifi")
    if amenity == "charging_station":
        cats.append("ev_charging")
    if amenity == "toilets" or tags.get("toilets") == "yes":
        cats.append("restrooms")
    return list(dict.fromkeys(cats))


def _names(tags: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in tags.items() if k == "name" or (k.startswith("name:") and len(k) > 5)}


def _place_props(osm_id: str, tags: dict[str, str], cats: list[str]) -> dict[str, Any] | None:
    names = _names(tags)
    if "name" not in names:
        fallback = next((FALLBACK_NAMES[c] for c in cats if c in FALLBACK_NAMES), None)
        if fallback is None:
            return None
        names = {**fallback, **names}
    props: dict[str, Any] = {"id": osm_id, "categories": cats, **names}
    for key in PLACE_TAGS:
        if key in tags:
            props[key] = tags[key]
    if "addr:street" in tags:
        props["address"] = f"{tags.get('addr:housenumber', '')} {tags['addr:street']}".strip()
    return props


def _feature(geometry: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def read_osm(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Streets, places and areas of an OSM file as GeoJSON features."""
    import osmium

    out: dict[str, list[dict[str, Any]]] = {"streets": [], "places": [], "areas": []}

    class Handler(osmium.SimpleHandler):  # type: ignore[misc]
        def node(self, n: Any) -> None:
            if not n.tags:
                return
            tags = {t.k: t.v for t in n.tags}
            cats = _categories(tags)
            if cats and n.location.valid():
                props = _place_props(f"n{n.id}", tags, cats)
                if props:
                    out["places"].append(_feature(
                        {"type": "Point", "coordinates": [n.location.lon, n.location.lat]}, props))

        def way(self, w: Any) -> None:
            tags = {t.k: t.v for t in w.tags}
            coords = [[nd.location.lon, nd.location.lat] for nd in w.nodes if nd.location.valid()]
            if len(coords) < 2:
                return
            highway = tags.get("highway")
            if is_walkable(highway, tags):
                props = {"id": f"w{w.id}", "highway": highway, **_names(tags),
                         **{k: tags[k] for k in STREET_TAGS if k in tags}}
                out["streets"].append(_feature({"type": "LineString", "coordinates": coords}, props))
            closed = len(coords) >= 4 and coords[0] == coords[-1]
            cats = _categories(tags)
            if closed and tags.get("leisure") == "park":
                out["areas"].append(_feature({"type": "Polygon", "coordinates": [coords]},
                                             {"id": f"w{w.id}", "kind": "park", **_names(tags)}))
            if closed and cats:
                props = _place_props(f"w{w.id}", tags, cats)
                if props:
                    lon = sum(c[0] for c in coords[:-1]) / (len(coords) - 1)
                    lat = sum(c[1] for c in coords[:-1]) / (len(coords) - 1)
                    out["places"].append(_feature({"type": "Point", "coordinates": [lon, lat]}, props))

    try:
        Handler().apply_file(str(path), locations=True)
    except RuntimeError as exc:  # pyosmium reports unreadable or malformed files this way
        raise ContentError(path, "", f"cannot be read as OpenStreetMap data ({exc})") from None
    return out


def import_osm(source: str | Path, out_dir: str | Path, pack_id: str | None = None,
               name: str | None = None) -> dict[str, int]:
    """Write a pack to ``out_dir`` from ``source``; return counts of streets, places and areas."""
    source, out_dir = Path(source), Path(out_dir)
    if not source.is_file():
        raise ContentError(source, "", "file not found")
    data = read_osm(source)
    if not data["streets"]:
        raise ContentError(source, "", "no walkable ways (highway=…) found; is this the right extract?")
    nodes = len({(round(c[1] * 1e7), round(c[0] * 1e7)) for f in data["streets"]
                 for c in f["geometry"]["coordinates"]})
    if nodes > MAX_NODES:
        raise ContentError(source, "", f"too big for the kiosk: {nodes:,} walkable nodes; the map memory "
                                       f"budget ({MEMORY_BUDGET_MB} MB) allows {MAX_NODES:,}. Cut a smaller "
                                       "area, e.g. `osmium extract -b WEST,SOUTH,EAST,NORTH FILE -o SMALLER.osm.pbf`")
    lons = [c[0] for f in data["streets"] for c in f["geometry"]["coordinates"]]
    lats = [c[1] for f in data["streets"] for c in f["geometry"]["coordinates"]]
    bounds = [min(lats), min(lons), max(lats), max(lons)]
    pad = 0.0005
    bounds = [round(bounds[0] - pad, 6), round(bounds[1] - pad, 6), round(bounds[2] + pad, 6), round(bounds[3] + pad, 6)]
    data["places"] = [p for p in data["places"]
                      if bounds[0] <= p["geometry"]["coordinates"][1] <= bounds[2]
                      and bounds[1] <= p["geometry"]["coordinates"][0] <= bounds[3]]
    langs = sorted({k[5:] for f in data["places"] + data["streets"] for k in f["properties"] if k.startswith("name:")})
    pack_id = pack_id or out_dir.name
    toml = "\n".join([
        "# Imported from OpenStreetMap by `kiosk maps import`; see maps/README.md.",
        "[pack]", "format = 1", f"id = {json.dumps(pack_id)}",
        f"name = {json.dumps(name or pack_id)}",
        f"description = {json.dumps('Imported from ' + source.name)}",
        "demo = false", f"languages = {json.dumps(['en'] + [l for l in langs if l != 'en'])}",
        f"bounds = {json.dumps(bounds)}",
        'licence = "Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/"',
        'attribution = ["Map data © OpenStreetMap contributors, https://www.openstreetmap.org/copyright"]',
        'credit = "© OpenStreetMap contributors"', ""])
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / "pack.toml", toml)
    for key in ("streets", "places", "areas"):
        body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in data[key])
        atomic_write_text(out_dir / f"{key}.geojson",
                          '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n")
    # the graph and its landmarks, so the kiosk loads the pack in a second rather than several
    from kiosk.maps.graph import PedestrianGraph
    from kiosk.maps.pack import load_pack
    from kiosk.maps.prepared import FILE, write_prepared
    (out_dir / FILE).unlink(missing_ok=True)
    try:
        pack = load_pack(out_dir)
    except ContentError:
        pass  # the caller validates and prints every problem
    else:
        write_prepared(pack, PedestrianGraph.from_pack(pack))
    return {key: len(value) for key, value in data.items()}
