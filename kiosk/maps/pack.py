"""Map packs: loading and validating the folder format described in ``maps/README.md``.

A pack is a folder with ``pack.toml`` (metadata, bounds, attribution, licence), ``streets.geojson``
(walkable lines), ``places.geojson`` (destinations by category) and optionally ``areas.geojson``
(parks, city limits — drawing only). :func:`validate_pack` lists every problem as
``file: feature: problem`` without raising; :func:`load_pack` raises
:class:`~kiosk.errors.ContentError` on the first error so the map screen can say "map
unavailable" while the rest of the kiosk runs on.

The records a pack loads into (:class:`MapPack`, :class:`Street`, :class:`Place`, :class:`Area`,
:class:`Problem`) live in :mod:`kiosk.maps.packdata` and are imported from here as before.
Loading a pack the importer prepared (``network.bin`` made from these exact street bytes) takes
its streets from there (see :mod:`kiosk.maps.prepared`) instead of parsing and checking every
point of streets.geojson again, which was most of the load time of a city.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from kiosk import safejson, threadguard
from kiosk.errors import ContentError
from kiosk.maps import prepared
from kiosk.maps.packdata import (AREA_KINDS, CATEGORIES, Area, MapPack, Place, Problem, Street,
                                 names_of, tags_of)
from kiosk.maps.profile import WALKABLE

FORMAT_VERSION = 1
#: ``data_date`` in pack.toml: when the data was current, a day or a month.
DATA_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")

#: Limits on what a pack may hold, so a wrong file cannot exhaust the kiosk. The network is the
#: big part: about 1.2 KB of memory per node once routed on (graph, index, landmarks), so the
#: kiosk's map budget of 256 MB holds about 200,000 nodes; a city centre needs 20,000-100,000.
MEMORY_BUDGET_MB = 256
MAX_NODES = 200_000
MAX_STREET_POINTS = 400_000  # positions in streets.geojson (shared ones count once per way)
MAX_FEATURES = 200_000  # per file
MAX_FILE_BYTES = 64 << 20
MAX_DEPTH = 16  # GeoJSON needs 6 (FeatureCollection > features > Feature > geometry > rings > position)


# -- reading -----------------------------------------------------------------------------------

class _Checker:
    """Collects problems while reading, so one pass both validates and builds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, file: str, feature: str, problem: str, severity: str = "error") -> None:
        self.problems.append(Problem(str(self.root / file), feature, problem, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _num_pair(value: Any) -> tuple[float, float] | None:
    """A GeoJSON position (lon, lat) as (lat, lon), or None when it is not a valid position."""
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        return None
    lon, lat = value[0], value[1]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat)):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon)


def _columns(raw: list[Any]) -> tuple[list[float], list[float]] | None:
    """A GeoJSON line's latitudes and longitudes, or None if any position is not valid.
    Checked a column at a time: this runs for every point of a city's streets."""
    try:
        lons = [c[0] for c in raw]
        lats = [c[1] for c in raw]
    except (TypeError, IndexError, KeyError):
        return None
    if not all(type(v) in (float, int) for v in lons) or not all(type(v) in (float, int) for v in lats):
        return None  # type(), not isinstance: True is not a coordinate
    if raw and (not math.isfinite(sum(lons) + sum(lats)) or min(lats) < -90 or max(lats) > 90
                or min(lons) < -180 or max(lons) > 180):
        return None
    return lats, lons


def _line_checked(raw: list[Any], bounds: list[float] | None) -> tuple[bool, bool]:
    """Is a GeoJSON line made of valid ``[lon, lat]`` positions, and does it stay within the bounds?"""
    columns = _columns(raw)
    if columns is None:
        return False, True
    lats, lons = columns
    if not raw:
        return True, True
    return True, _in_bounds(bounds, min(lats), min(lons)) and _in_bounds(bounds, max(lats), max(lons))


def _read_meta(chk: _Checker) -> dict[str, Any] | None:
    path = chk.root / "pack.toml"
    if not path.is_file():
        chk.add("pack.toml", "", "file not found (every pack needs pack.toml)")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        chk.add("pack.toml", "", f"cannot be read ({exc})")
        return None
    except tomllib.TOMLDecodeError as exc:
        chk.add("pack.toml", "", f"not valid TOML: {exc}")
        return None
    meta = data.get("pack")
    if not isinstance(meta, dict):
        chk.add("pack.toml", "[pack]", "missing section")
        return None
    for key in ("id", "name", "licence"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            chk.add("pack.toml", f"[pack] {key}", "missing or empty; must be text")
    if meta.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        chk.add("pack.toml", "[pack] format", f"unsupported format {meta.get('format')!r}; this kiosk reads {FORMAT_VERSION}")
    bounds = meta.get("bounds")
    if (not isinstance(bounds, list) or len(bounds) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in bounds)):
        chk.add("pack.toml", "[pack] bounds", "must be [south, west, north, east] in degrees")
        meta["bounds"] = None
    elif not (-90 <= bounds[0] < bounds[2] <= 90 and -180 <= bounds[1] < bounds[3] <= 180):
        chk.add("pack.toml", "[pack] bounds", f"{bounds} is not [south, west, north, east] with south < north, west < east")
        meta["bounds"] = None
    attribution = meta.get("attribution")
    if isinstance(attribution, str):
        meta["attribution"] = [attribution]
    elif not isinstance(attribution, list) or not attribution or not all(isinstance(a, str) for a in attribution):
        chk.add("pack.toml", "[pack] attribution", "must name the data sources (text or a list of text)")
    data_date = meta.get("data_date", "")
    if isinstance(data_date, (date, datetime)):  # TOML reads an unquoted 2024-05-01 as a date
        meta["data_date"] = data_date = data_date.isoformat()[:10]
    if data_date and not (isinstance(data_date, str) and DATA_DATE.fullmatch(data_date)):
        chk.add("pack.toml", "[pack] data_date", f"{data_date!r} is not a date like 2024-05-01 or 2024-05; "
                "left out", severity="warning")
        meta["data_date"] = ""
    return meta


def _read_bytes(chk: _Checker, file: str, required: bool) -> bytes | None:
    path = chk.root / file
    if not path.is_file():
        if required:
            chk.add(file, "", "file not found")
        return None
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        chk.add(file, "", f"cannot be read ({exc})")
        return None


def _read_features(chk: _Checker, file: str, required: bool, raw: bytes | None = None,
                   checked: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The features of one GeoJSON file. ``checked``: digests of files the importer already
    checked (from network.bin), parsed without the size and depth scan when the bytes match."""
    raw = raw if raw is not None else _read_bytes(chk, file, required)
    if raw is None:
        return []
    path = chk.root / file
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        data = None
        if checked and checked.get(file) == prepared.file_digest(raw) and len(raw) <= MAX_FILE_BYTES:
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                data = None
        if data is None:
            data = safejson.loads(raw, path, max_bytes=MAX_FILE_BYTES, max_depth=MAX_DEPTH)
    except ContentError as exc:
        chk.add(file, exc.place, exc.problem)
        return []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        chk.add(file, "", "must be a GeoJSON FeatureCollection with a features list")
        return []
    if len(data["features"]) > MAX_FEATURES:
        chk.add(file, "", f"has {len(data['features']):,} features; a pack may have at most {MAX_FEATURES:,} per file")
        return []
    out = []
    for index, feat in enumerate(data["features"]):
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict) \
                or not isinstance(feat.get("geometry"), dict):
            chk.add(file, f"feature #{index}", "must be a Feature with geometry and properties")
            continue
        feat["_label"] = f"feature #{index}"
        fid = feat["properties"].get("id", feat.get("id"))
        if isinstance(fid, (str, int)) and not isinstance(fid, bool) and str(fid).strip():
            feat["_id"] = str(fid)
            feat["_label"] = f"feature {fid!s}"
        else:
            chk.add(file, feat["_label"], "missing id")
        out.append(feat)
    return out


def _unique(chk: _Checker, file: str, feats: Iterable[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for feat in feats:
        fid = feat.get("_id")
        if fid is None:
            continue
        if fid in seen:
            chk.add(file, feat["_label"], "duplicate id")
        seen.add(fid)


def _in_bounds(bounds: list[float] | None, lat: float, lon: float) -> bool:
    if not bounds:
        return True
    s, w, n, e = bounds
    margin = 0.01  # about a kilometre: lines may run a little past the edge
    return s - margin <= lat <= n + margin and w - margin <= lon <= e + margin


def _read_streets(chk: _Checker, bounds: list[float] | None, raw: bytes | None) -> list[Street]:
    file = "streets.geojson"
    feats = _read_features(chk, file, True, raw)
    _unique(chk, file, feats)
    points = sum(len(f["geometry"].get("coordinates") or ()) for f in feats
                 if isinstance(f["geometry"].get("coordinates"), list))
    if points > MAX_STREET_POINTS:
        chk.add(file, "", f"has {points:,} points; the kiosk's memory budget allows {MAX_STREET_POINTS:,} "
                          "(cut a smaller area)")
        return []
    streets = []
    for feat in feats:
        props, geom, label = feat["properties"], feat["geometry"], feat["_label"]
        highway = props.get("highway")
        if highway not in WALKABLE:
            chk.add(file, label, f"highway {highway!r} is not a walkable kind; use one of {', '.join(sorted(WALKABLE))}")
            continue
        positions = geom.get("coordinates")
        if geom.get("type") != "LineString" or not isinstance(positions, list):
            chk.add(file, label, f"geometry must be a LineString, got {geom.get('type')!r}")
            continue
        valid, inside = _line_checked(positions, bounds)
        if not valid:
            chk.add(file, label, "coordinates must be [longitude, latitude] numbers in range")
            continue
        if len(positions) < 2:
            chk.add(file, label, "a line needs at least two points")
            continue
        if not inside:
            chk.add(file, label, "runs outside the pack bounds", "warning")
        if "_id" in feat:
            streets.append(Street.from_geojson(feat["_id"], highway, positions, props))
    return streets


def _read_places(chk: _Checker, bounds: list[float] | None, checked: dict[str, str] | None) -> list[Place]:
    file = "places.geojson"
    feats = _read_features(chk, file, True, None, checked)
    _unique(chk, file, feats)
    places = []
    for feat in feats:
        props, geom, label = feat["properties"], feat["geometry"], feat["_label"]
        cats = props.get("categories")
        if isinstance(cats, str):
            cats = [cats]
        if not isinstance(cats, list) or not (cats or props.get("landmark") == "yes"):
            chk.add(file, label, "categories missing; give a list such as [\"parks\"] "
                                 "(a landmark may have an empty list)")
            continue
        unknown = [c for c in cats if c not in CATEGORIES]
        if unknown:
            chk.add(file, label, f"unknown category {unknown[0]!r}; use {', '.join(CATEGORIES)}")
            continue
        names = names_of(props)
        if "" not in names:
            chk.add(file, label, "missing name")
            continue
        point = _num_pair(geom.get("coordinates")) if geom.get("type") == "Point" else None
        if point is None:
            chk.add(file, label, "geometry must be a Point with [longitude, latitude] in range")
            continue
        if not _in_bounds(bounds, *point):
            chk.add(file, label, "lies outside the pack bounds")
            continue
        if "_id" in feat:
            places.append(Place(feat["_id"], tuple(cats), point[0], point[1], names,
                                tags_of(props, ("id", "categories"))))
    return places


def _read_areas(chk: _Checker, checked: dict[str, str] | None) -> list[Area]:
    file = "areas.geojson"
    feats = _read_features(chk, file, False, None, checked)
    _unique(chk, file, feats)
    areas = []
    for feat in feats:
        props, geom, label = feat["properties"], feat["geometry"], feat["_label"]
        kind = props.get("kind")
        if kind not in AREA_KINDS:
            chk.add(file, label, f"kind {kind!r} unknown; use {', '.join(AREA_KINDS)}")
            continue
        rings_raw = geom.get("coordinates") if geom.get("type") == "Polygon" else None
        rings = []
        for ring in rings_raw if isinstance(rings_raw, list) and rings_raw else [None]:
            columns = _columns(ring) if isinstance(ring, list) and len(ring) >= 4 else None
            if columns is None:
                rings = []
                break
            rings.append(tuple(zip(map(float, columns[0]), map(float, columns[1]))))
        if not rings:
            chk.add(file, label, "geometry must be a Polygon of closed rings with 4+ positions")
            continue
        if "_id" in feat:
            areas.append(Area(feat["_id"], kind, tuple(rings), names_of(props)))  # type: ignore[arg-type]
    return areas


def _read(root: Path, trust_prepared: bool = False) -> tuple[MapPack | None, list[Problem]]:
    """Read and check the pack. With ``trust_prepared``, streets.geojson is not checked again
    when network.bin says the importer checked and prepared these very bytes (the point checks
    cost more than the parsing on a city); ``kiosk maps validate`` always checks everything."""
    root = Path(root)
    chk = _Checker(root)
    if not root.is_dir():
        chk.add("", "", "not a folder (a map pack is a folder with pack.toml)")
        return None, chk.problems
    meta = _read_meta(chk)
    bounds = meta.get("bounds") if meta else None
    raw = _read_bytes(chk, "streets.geojson", required=True)
    header = prepared.stored_header(root) if trust_prepared and raw is not None else None
    digest = prepared.digest_of(raw) if header else ""
    streets = prepared.read_streets(root, digest) if digest and len(raw) <= MAX_FILE_BYTES else None
    checked = header.get("checked") if streets is not None and isinstance(header, dict) else None
    if streets is None:
        streets = _read_streets(chk, bounds, raw) if raw is not None else []
    places = _read_places(chk, bounds, checked)
    areas = _read_areas(chk, checked)
    if meta is not None and not streets and not chk.errors:
        chk.add("streets.geojson", "", "no walkable streets")
    if chk.errors or meta is None:
        return None, chk.problems
    s, w, n, e = bounds
    centre = meta.get("centre") or [(s + n) / 2, (w + e) / 2]
    langs = meta.get("languages") or ["en"]
    pack = MapPack(
        path=root, id=meta["id"], name=meta["name"], description=str(meta.get("description", "")),
        demo=bool(meta.get("demo", False)), languages=tuple(str(x) for x in langs),
        bounds=(s, w, n, e), centre=(float(centre[0]), float(centre[1])),
        attribution=tuple(meta["attribution"]), licence=meta["licence"],
        credit=str(meta.get("credit", "")), data_date=str(meta.get("data_date", "")),
        streets=tuple(streets), places=tuple(places), areas=tuple(areas),
        warnings=tuple(p for p in chk.problems if p.severity == "warning"), streets_digest=digest)
    return pack, chk.problems


def validate_pack(root: str | Path) -> list[Problem]:
    """Every problem in the pack at ``root`` (errors and warnings); never raises for bad content."""
    pack, problems = _read(Path(root))
    if pack is not None:
        from kiosk.maps.graph import connectivity_problems
        problems = problems + connectivity_problems(pack)
    return problems


def load_pack(root: str | Path) -> MapPack:
    """Load a valid pack; raise :class:`ContentError` naming the first error of a broken one."""
    threadguard.check("loading a map pack")  # seconds on a city import: never on the UI thread
    with prepared.paused_gc():
        pack, problems = _read(Path(root), trust_prepared=True)
    if pack is None:
        first = next(p for p in problems if p.severity == "error")
        count = sum(1 for p in problems if p.severity == "error")
        more = f" (and {count - 1} more; run `kiosk maps validate`)" if count > 1 else ""
        raise ContentError(first.file, first.feature, first.problem + more)
    return pack


__all__ = ["FORMAT_VERSION", "CATEGORIES", "AREA_KINDS", "MEMORY_BUDGET_MB", "MAX_NODES", "MAX_STREET_POINTS",
           "MAX_FEATURES", "MAX_FILE_BYTES", "MAX_DEPTH", "Problem", "Street", "Place", "Area", "MapPack",
           "load_pack", "validate_pack"]
