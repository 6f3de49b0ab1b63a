"""The prepared network of a pack: its streets, graph and routing landmarks as flat arrays.

Building the pedestrian graph and the landmark distances of a city-sized pack takes seconds in
Python (a 100,000-node pack: about 1 s for the graph, 4-5 s for 24 landmark searches), and
parsing its streets.geojson alone takes longer than the kiosk may wait (15 MB: 0.3-0.6 s, most
of it building a list per point). The importer does that work once and writes ``network.bin``
beside the GeoJSON. Loading then reads flat arrays straight from the file into their arrays
and copies them with C-level loops only: no Python statement runs per point or per edge.
Street points stay in one shared array until the map draws them.

The file is tied to the exact bytes of ``streets.geojson`` and to the profile version by a
digest in its header, so an edited pack or a changed pedestrian profile falls back to reading
and checking the GeoJSON. A matching digest also tells :func:`kiosk.maps.pack.load_pack` that the
importer checked these very streets, so they are not checked point by point again.

Layout: a JSON header line (format, digest, counts, section sizes, a CRC-32 per section), then
two sections in machine byte order. *Streets*: the ids (a JSON list), the distinct property
sets (a JSON list; ways of one street share theirs), per street its set (``i``), point offsets
(``i``, streets + 1) and the points (``d``: lon, lat, …). *Network*: node lat, lon (``d``);
edge a, b, street (``i``); edge length (``d``); edge flags (``B``: 1 step-free, 2 snappable,
4 main network, 8 main step-free network); the adjacency (per-node offsets and other nodes
``i``, lengths ``d``, edges ``i``); the snapping grid (``i``: an offset per cell of its bounding box, row by row, plus
one; edges; the box is in the header); landmark node ids (``i``)
and one ``d`` column per landmark. A damaged section fails its CRC and is not used.
"""
from __future__ import annotations

import hashlib
import json
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any, Sequence

from kiosk.maps.graph import PedestrianGraph, paused_gc
from kiosk.maps.packdata import MapPack, Street
from kiosk.maps.profile import PROFILE_VERSION
from kiosk.paths import atomic_write_bytes

FILE = "network.bin"
FORMAT = 4
_HEADER_MAX = 4096
_ERRORS = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


def digest_of(streets_bytes: bytes) -> str:
    """What a prepared file is made from: the streets' bytes, the profile, the byte order."""
    digest = hashlib.sha256(streets_bytes)
    digest.update(f"|profile {PROFILE_VERSION}|{sys.byteorder}|format {FORMAT}".encode())
    return digest.hexdigest()


def streets_digest(pack_dir: Path) -> str:
    return digest_of((pack_dir / "streets.geojson").read_bytes())


def _header(fh: Any) -> tuple[dict[str, Any], int]:
    head = fh.read(_HEADER_MAX)
    end = head.index(b"\n")
    header = json.loads(head[:end])
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not this format")
    return header, end + 1


def stored_header(pack_dir: Path) -> dict[str, Any] | None:
    """The header of the pack's network.bin (None if there is none), without reading the rest."""
    try:
        with open(pack_dir / FILE, "rb") as fh:
            return _header(fh)[0]
    except _ERRORS:
        return None


def stored_digest(pack_dir: Path) -> str | None:
    header = stored_header(pack_dir)
    return str(header.get("digest")) if header else None


def file_digest(data: bytes) -> str:
    """How the header remembers the places and areas files the importer checked."""
    return hashlib.sha256(data).hexdigest()


class _Reader:
    """Consecutive typed arrays out of one section's bytes."""

    def __init__(self, body: bytes | memoryview) -> None:
        self.view = memoryview(body)

    def take(self, code: str, count: int) -> array:
        out = array(code)
        size = out.itemsize * count
        out.frombytes(self.view[:size])
        if len(out) != count:
            raise ValueError("file is short")
        self.view = self.view[size:]
        return out

    def text(self, size: int) -> Any:
        if size > len(self.view):
            raise ValueError("file is short")
        value = json.loads(bytes(self.view[:size]))
        self.view = self.view[size:]
        return value


class _FileReader:
    """Consecutive typed arrays read straight from the file into their arrays (no copy of the
    section in memory: 40 MB less at the peak of a city's load), with the CRC kept as it goes."""

    def __init__(self, fh: Any) -> None:
        self.fh, self.crc = fh, 0

    def take(self, code: str, count: int) -> array:
        out = array(code)
        out.fromfile(self.fh, count)  # EOFError when the file is short
        self.crc = zlib.crc32(out, self.crc)
        return out

    def at_end(self) -> bool:
        return not self.fh.read(1)


# -- writing -----------------------------------------------------------------------------------

def _streets_section(streets: Sequence[Street]) -> tuple[dict[str, int], bytes]:
    ids: list[str] = []
    sets: dict[str, int] = {}
    which, offsets, flat = array("i"), array("i", [0]), array("d")
    for street in streets:
        ids.append(street.id)
        props = {k: v for k, v in street.properties().items() if k != "id"}
        which.append(sets.setdefault(json.dumps(props, ensure_ascii=False, sort_keys=True), len(sets)))
        for point in street.lonlat():
            flat.append(float(point[0]))
            flat.append(float(point[1]))
        offsets.append(len(flat))
    ids_blob = json.dumps(ids, ensure_ascii=False).encode()
    sets_blob = ("[" + ",".join(sets) + "]").encode()
    sizes = {"streets": len(ids), "flat": len(flat), "ids_bytes": len(ids_blob), "sets_bytes": len(sets_blob)}
    return sizes, b"".join([ids_blob, sets_blob, which.tobytes(), offsets.tobytes(), flat.tobytes()])


def _network_section(graph: PedestrianGraph) -> tuple[dict[str, int], bytes]:
    from kiosk.maps.routing import landmarks_of

    marks = landmarks_of(graph)
    nodes = list(marks.nodes) if marks is not None else []
    dense = graph.dense_cells()
    origin, offsets, edges = dense if dense is not None else ((0, 0, 0, 0), [0], [])
    adj_offsets, adj_others, adj_lengths, adj_edges = graph.adjacency_arrays()
    main, main_step_free = graph.main_edges(False), graph.main_edges(True)
    flags = array("B", [(1 if sf else 0) | (2 if sn else 0) | (4 if m else 0) | (8 if ms else 0)
                        for sf, sn, m, ms in zip(graph.edge_step_free, graph.edge_snappable, main,
                                                 main_step_free)])
    parts = [array("d", graph.lat), array("d", graph.lon), array("i", graph.edge_a), array("i", graph.edge_b),
             array("i", graph.edge_street), array("d", graph.edge_len), flags, array("i", adj_offsets),
             array("i", adj_others), array("d", adj_lengths), array("i", adj_edges), array("i", offsets),
             array("i", edges), array("i", nodes), *(marks.columns if marks is not None else [])]
    sizes = {"nodes": graph.node_count, "edges": graph.edge_count, "landmarks": len(nodes),
             "cells": list(origin) if dense is not None else None, "cell_edges": len(edges)}
    return sizes, b"".join(part.tobytes() for part in parts)


def write_prepared(pack: MapPack, graph: PedestrianGraph) -> Path:
    """Store the pack's streets, ``graph`` and its landmarks (computed here when the graph is
    large) in ``network.bin``."""
    street_sizes, streets = _streets_section(pack.streets)
    network_sizes, network = _network_section(graph)
    header = {"format": FORMAT, "digest": streets_digest(pack.path), **street_sizes, **network_sizes,
              "streets_section": len(streets), "crc_streets": zlib.crc32(streets),
              "crc_network": zlib.crc32(network),
              "checked": {name: file_digest((pack.path / name).read_bytes())
                          for name in ("places.geojson", "areas.geojson") if (pack.path / name).is_file()}}
    path = pack.path / FILE
    atomic_write_bytes(path, json.dumps(header).encode() + b"\n" + streets + network)
    return path


# -- reading -----------------------------------------------------------------------------------

def read_streets(pack_dir: Path, digest: str) -> list[Street] | None:
    """The streets stored with the network when it was made from streets with ``digest``; None
    when there is no such file or it is damaged (the caller then reads the GeoJSON)."""
    try:
        with open(pack_dir / FILE, "rb") as fh:
            header, start = _header(fh)
            if not digest or header["digest"] != digest:
                return None
            fh.seek(start)
            body = fh.read(int(header["streets_section"]))
        if zlib.crc32(body) != header["crc_streets"]:
            return None
        count = int(header["streets"])
        read = _Reader(body)
        ids, sets = read.text(int(header["ids_bytes"])), read.text(int(header["sets_bytes"]))
        which, offsets = read.take("i", count), read.take("i", count + 1)
        flat = read.take("d", int(header["flat"]))
        if len(read.view) or len(ids) != count:
            return None
        make = Street.from_flat
        return [make(str(sid), sets[k]["highway"], flat, a, b, sets[k])
                for sid, k, a, b in zip(ids, which, offsets, offsets[1:])]
    except _ERRORS:
        return None


def read_prepared(pack: MapPack) -> PedestrianGraph | None:
    """The stored graph (with its landmarks attached), or None when there is none or it does not
    belong to these streets; never raises for a bad file — building from GeoJSON still works."""
    with paused_gc():
        return _read_prepared(pack)


def _read_prepared(pack: MapPack) -> PedestrianGraph | None:
    from kiosk.maps.routing import Landmarks

    try:
        with open(pack.path / FILE, "rb") as fh:
            header, start = _header(fh)
            digest = pack.streets_digest or streets_digest(pack.path)
            if header["digest"] != digest:
                return None
            fh.seek(start + int(header["streets_section"]))
            n, m, k = int(header["nodes"]), int(header["edges"]), int(header["landmarks"])
            origin = header["cells"]
            ce = int(header["cell_edges"])
            read = _FileReader(fh)
            lat, lon = read.take("d", n), read.take("d", n)
            ea, eb, street, length = read.take("i", m), read.take("i", m), read.take("i", m), read.take("d", m)
            flags = read.take("B", m).tobytes()
            adjacency = (read.take("i", n + 1), read.take("i", 2 * m), read.take("d", 2 * m), read.take("i", 2 * m))
            cells = None
            if origin is not None:
                x0, y0, width, height = (int(v) for v in origin)
                cells = ((x0, y0, width, height), read.take("i", width * height + 1), read.take("i", ce))
            else:
                read.take("i", 1)
            landmark_nodes = read.take("i", k)
            columns = [read.take("d", n) for _ in range(k)]
            if not read.at_end() or read.crc != header["crc_network"]:
                return None  # damaged: the indices could point anywhere
    except (*_ERRORS, EOFError, MemoryError, OverflowError):
        return None
    if m and max(street) >= len(pack.streets):
        return None
    graph = PedestrianGraph.from_arrays(pack.streets, pack.projection, lat, lon, ea, eb, street,
                                        length, flags, cells, adjacency)
    if k:
        marks = Landmarks.__new__(Landmarks)
        marks.nodes = list(landmark_nodes)
        marks.columns = columns
        graph._landmarks = marks
    return graph


__all__ = ["FILE", "write_prepared", "read_prepared", "read_streets", "streets_digest", "digest_of",
           "stored_digest",
           "stored_header", "file_digest", "paused_gc"]
