"""Build a map pack from an OpenStreetMap extract (``.osm`` XML or ``.osm.pbf``) with pyosmium.

Kept: every way a pedestrian may use (the profile in :mod:`kiosk.maps.profile`) with its names in every language (``name:es``, ``name:ru`` …) and
its pedestrian tags (``footway``, ``crossing``, ``sidewalk``, ``wheelchair``, ``surface``,
``incline``, ``step_count``); places of the kiosk's categories (town hall, library, parks, bus
stops and stations, charging stations, toilets, free WiFi); parks as areas; building outlines
near the kiosk (:data:`BUILDING_RADIUS_M`, at most :data:`MAX_BUILDINGS`, nearest first) as
areas of kind ``building``; and landmarks (:func:`is_landmark`: a town hall, a library, a museum,
a theatre, a named place of worship, an attraction, a historic site, a large named park) as
places with ``landmark: "yes"`` (at most :data:`MAX_LANDMARKS`, nearest the kiosk first).
Ways are kept whole: they share OSM nodes at junctions, and the pack graph joins lines wherever
positions coincide. Multipolygon relations (large parks, some buildings) are not read yet;
their member ways still route.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kiosk.errors import ContentError
from kiosk.maps.geo import LocalProjection, haversine_m
from kiosk.maps.pack import MAX_NODES, MEMORY_BUDGET_MB
from kiosk.maps.profile import is_walkable
from kiosk.paths import atomic_write_text

STREET_TAGS = ("footway", "crossing", "sidewalk", "wheelchair", "surface", "incline", "step_count",
               "ramp", "handrail", "foot", "access", "tactile_paving", "kerb", "lit", "bridge", "tunnel",
               "indoor", "layer", "level", "covered")
PLACE_TAGS = ("addr:housenumber", "addr:street", "opening_hours", "wheelchair", "website", "operator",
              "indoor", "level", "layer", "location")

#: Building outlines are imported within this distance of the kiosk (their centre): the walk
#: rings reach about 800 m, and 600 m covers the blocks a visitor sees on the map around "you
#: are here" at the zooms where outlines are worth drawing.
BUILDING_RADIUS_M = 600.0
#: At most this many outlines, the nearest first: a dense city centre has 1,500-3,000 within
#: 600 m; each costs a few hundred bytes and one drawn polygon.
MAX_BUILDINGS = 3000
#: At most this many landmarks, the nearest first (some extracts list every church in a county).
MAX_LANDMARKS = 200
#: A named park this large (square metres, 2 ha) is a landmark; a pocket park is not.
LANDMARK_PARK_M2 = 20_000.0

LANDMARK_AMENITIES = frozenset({"townhall", "library", "theatre", "place_of_worship", "museum", "arts_centre"})
LANDMARK_TOURISM = frozenset({"attraction", "museum", "gallery"})
#: ``historic=*`` values too small to find your way by (a plaque, a milestone, a kerb stone).
MINOR_HISTORIC = frozenset({"boundary_stone", "milestone", "marker", "stone", "wayside_cross", "wayside_shrine",
                            "memorial_plaque", "no", "yes"})
MINOR_MEMORIALS = frozenset({"plaque", "blue_plaque", "stolperstein", "bench", "stone", "war_grave", "ghost_bike"})

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


def is_landmark(tags: dict[str, str], area_m2: float = 0.0) -> bool:
    """Is this a place a visitor finds their way by, worth marking on the map? Only named ones:
    a town hall, library, theatre, museum, gallery, arts centre or place of worship, a tourist
    attraction, a historic site (not a plaque or milestone), or a park of 2 ha or more."""
    if not tags.get("name", "").strip():
        return False
    if tags.get("amenity") in LANDMARK_AMENITIES or tags.get("tourism") in LANDMARK_TOURISM:
        return True
    historic = tags.get("historic")
    if historic and historic not in MINOR_HISTORIC:
        return not (historic == "memorial" and tags.get("memorial") in MINOR_MEMORIALS)
    return tags.get("leisure") == "park" and area_m2 >= LANDMARK_PARK_M2


def ring_area_m2(coords: list[list[float]]) -> float:
    """Area of a closed ring of ``[lon, lat]`` positions (shoelace formula in local metres)."""
    if len(coords) < 4:
        return 0.0
    proj = LocalProjection(coords[0][1], coords[0][0])
    xy = [proj.to_xy(lat, lon) for lon, lat in coords]
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(xy, xy[1:]))) / 2


def _centroid(coords: list[list[float]]) -> list[float]:
    """The mean of a closed ring's corners as ``[lon, lat]`` (the closing point counted once)."""
    ring = coords[:-1] if len(coords) > 1 and coords[0] == coords[-1] else coords
    return [sum(c[0] for c in ring) / len(ring), sum(c[1] for c in ring) / len(ring)]


def _names(tags: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in tags.items() if k == "name" or (k.startswith("name:") and len(k) > 5)}


def _place_props(osm_id: str, tags: dict[str, str], cats: list[str],
                 landmark: bool = False) -> dict[str, Any] | None:
    names = _names(tags)
    if "name" not in names:
        fallback = next((FALLBACK_NAMES[c] for c in cats if c in FALLBACK_NAMES), None)
        if fallback is None:
            return None
        names = {**fallback, **names}
    props: dict[str, Any] = {"id": osm_id, "categories": cats, **names}
    if landmark:
        props["landmark"] = "yes"
    for key in PLACE_TAGS:
        if key in tags:
            props[key] = tags[key]
    if "addr:street" in tags:
        props["address"] = f"{tags.get('addr:housenumber', '')} {tags['addr:street']}".strip()
    return props


def _feature(geometry: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def read_osm(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Streets, places, areas and (under ``buildings``, every one: :func:`import_osm` keeps
    those near the kiosk) building outlines of an OSM file as GeoJSON features."""
    import osmium

    out: dict[str, list[dict[str, Any]]] = {"streets": [], "places": [], "areas": [], "buildings": []}
    newest: list[float] = [0.0]  # the latest edit of a walkable way: "map data as of"

    class Handler(osmium.SimpleHandler):  # type: ignore[misc]
        def node(self, n: Any) -> None:
            if not n.tags:
                return
            tags = {t.k: t.v for t in n.tags}
            cats = _categories(tags)
            landmark = is_landmark(tags)
            if (cats or landmark) and n.location.valid():
                props = _place_props(f"n{n.id}", tags, cats, landmark)
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
                if w.timestamp.year > 1970:  # extracts without metadata carry 1970
                    newest[0] = max(newest[0], w.timestamp.timestamp())
                props = {"id": f"w{w.id}", "highway": highway, **_names(tags),
                         **{k: tags[k] for k in STREET_TAGS if k in tags}}
                out["streets"].append(_feature({"type": "LineString", "coordinates": coords}, props))
            closed = len(coords) >= 4 and coords[0] == coords[-1]
            if not closed:
                return
            cats = _categories(tags)
            if tags.get("leisure") == "park":
                out["areas"].append(_feature({"type": "Polygon", "coordinates": [coords]},
                                             {"id": f"w{w.id}", "kind": "park", **_names(tags)}))
            if tags.get("building", "no") != "no":
                out["buildings"].append(_feature({"type": "Polygon", "coordinates": [coords]},
                                                 {"id": f"w{w.id}:building", "kind": "building", **_names(tags),
                                                  "building": tags["building"]}))
            landmark = is_landmark(tags, ring_area_m2(coords) if tags.get("leisure") == "park" else 0.0)
            if cats or landmark:
                props = _place_props(f"w{w.id}", tags, cats, landmark)
                if props:
                    out["places"].append(_feature({"type": "Point", "coordinates": _centroid(coords)}, props))

    try:
        Handler().apply_file(str(path), locations=True)
    except RuntimeError as exc:  # pyosmium reports unreadable or malformed files this way
        raise ContentError(path, "", f"cannot be read as OpenStreetMap data ({exc})") from None
    if newest[0]:
        out["data_date"] = [datetime.fromtimestamp(newest[0], timezone.utc).date().isoformat()]
    return out


def _near_first(features: list[dict[str, Any]], here: tuple[float, float],
                where: Any) -> list[tuple[float, dict[str, Any]]]:
    """Features with their distance from ``here`` (metres), nearest first (ties by id)."""
    placed = []
    for feature in features:
        lon, lat = where(feature)
        placed.append((haversine_m(here[0], here[1], lat, lon), feature))
    placed.sort(key=lambda df: (df[0], df[1]["properties"]["id"]))
    return placed


def _keep_buildings_and_landmarks(data: dict[str, list[dict[str, Any]]], here: tuple[float, float]) -> None:
    """Building outlines within :data:`BUILDING_RADIUS_M` of ``here`` (at most
    :data:`MAX_BUILDINGS`, nearest first) join the areas; landmarks past :data:`MAX_LANDMARKS`
    lose the mark (and, with no category either, the place)."""
    near = _near_first(data.pop("buildings"), here, lambda f: _centroid(f["geometry"]["coordinates"][0]))
    data["areas"] += [f for d, f in near if d <= BUILDING_RADIUS_M][:MAX_BUILDINGS]
    marked = _near_first([p for p in data["places"] if p["properties"].get("landmark") == "yes"], here,
                         lambda f: f["geometry"]["coordinates"])
    for _, place in marked[MAX_LANDMARKS:]:
        del place["properties"]["landmark"]
    data["places"] = [p for p in data["places"] if p["properties"]["categories"] or p["properties"].get("landmark")]


def import_osm(source: str | Path, out_dir: str | Path, pack_id: str | None = None,
               name: str | None = None, here: tuple[float, float] | None = None) -> dict[str, int]:
    """Write a pack to ``out_dir`` from ``source``; return counts of streets, places and areas
    (buildings among them), and of ``buildings`` and ``landmarks`` alone. ``here`` is where the
    kiosk stands (lat, lon): buildings and landmarks are chosen around it; by default the middle
    of the extract's streets."""
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
    if here is None:
        here = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    _keep_buildings_and_landmarks(data, here)
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
        'credit = "© OpenStreetMap contributors"',
        *([f"data_date = {json.dumps(data['data_date'][0])}  # the newest edit of a walkable way"]
          if data.get("data_date") else []), ""])
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
    counts = {key: len(value) for key, value in data.items()}
    counts["buildings"] = sum(1 for f in data["areas"] if f["properties"]["kind"] == "building")
    counts["landmarks"] = sum(1 for f in data["places"] if f["properties"].get("landmark") == "yes")
    return counts
