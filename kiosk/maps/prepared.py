"""The prepared network of a pack: its graph and routing landmarks, computed at import, stored.

Building the pedestrian graph and the landmark distances of a city-sized pack takes seconds in
Python (a 100,000-node pack: about 1 s for the graph, 4-5 s for 24 landmark searches). The
importer does that work once and writes ``network.bin`` beside the GeoJSON; loading then copies
flat arrays into the graph's lists with C-level loops only. The file is tied to the exact bytes
of ``streets.geojson`` and to the profile version by a digest in its header, so an edited pack or
a changed pedestrian profile simply falls back to building from the GeoJSON. The same digest
tells :func:`kiosk.maps.pack.load_pack` that the importer already checked those street bytes.

Layout: a JSON header line (``{"format", "digest", "crc32", "nodes", "edges", "landmarks",
"cells", "cell_edges"}``; ``crc32`` of everything after the line, so a damaged file is refused
without checking each stored index), then arrays in machine byte order: node lat, lon (``d``); edge a, b, street
(``i``); edge length (``d``); edge flags (``B``: 1 step-free, 2 snappable, 4 main network,
8 main step-free network); the adjacency (``i``: per-node offsets, other nodes, edges); the
snapping grid (``i``: cell x, y pairs, offsets, edges); landmark node ids (``i``) and one ``d``
column per landmark.
"""
from __future__ import annotations

import hashlib
import json
import sys
import zlib
from array import array
from pathlib import Path

from kiosk.maps.graph import PedestrianGraph
from kiosk.maps.packdata import MapPack
from kiosk.maps.profile import PROFILE_VERSION
from kiosk.paths import atomic_write_bytes

FILE = "network.bin"
FORMAT = 3
_HEADER_MAX = 4096


def digest_of(streets_bytes: bytes) -> str:
    """What a prepared file is made from: the streets' bytes, the profile, the byte order."""
    digest = hashlib.sha256(streets_bytes)
    digest.update(f"|profile {PROFILE_VERSION}|{sys.byteorder}|format {FORMAT}".encode())
    return digest.hexdigest()


def streets_digest(pack_dir: Path) -> str:
    return digest_of((pack_dir / "streets.geojson").read_bytes())


def stored_digest(pack_dir: Path) -> str | None:
    """The digest in the header of the pack's network.bin, without reading the rest."""
    try:
        with open(pack_dir / FILE, "rb") as fh:
            head = fh.read(_HEADER_MAX)
        header = json.loads(head[:head.index(b"\n")])
        return header["digest"] if header.get("format") == FORMAT else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_prepared(pack: MapPack, graph: PedestrianGraph) -> Path:
    """Store ``graph`` and its landmarks (computed here when the graph is large) in the pack."""
    from kiosk.maps.routing import landmarks_of

    marks = landmarks_of(graph)
    nodes = list(marks.nodes) if marks is not None else []
    keys, offsets, edges = graph.cell_arrays()
    adj_offsets, adj_others, adj_edges = graph.adjacency_arrays()
    main, main_step_free = graph.main_edges(False), graph.main_edges(True)
    flags = array("B", [(1 if sf else 0) | (2 if sn else 0) | (4 if m else 0) | (8 if ms else 0)
                        for sf, sn, m, ms in zip(graph.edge_step_free, graph.edge_snappable, main,
                                                 main_step_free)])
    parts = [array("d", graph.lat).tobytes(), array("d", graph.lon).tobytes(),
             array("i", graph.edge_a).tobytes(), array("i", graph.edge_b).tobytes(),
             array("i", graph.edge_street).tobytes(), array("d", graph.edge_len).tobytes(),
             flags.tobytes(), array("i", adj_offsets).tobytes(), array("i", adj_others).tobytes(),
             array("i", adj_edges).tobytes(), array("i", keys).tobytes(), array("i", offsets).tobytes(),
             array("i", edges).tobytes(), array("i", nodes).tobytes()]
    if marks is not None:
        parts += [column.tobytes() for column in marks.columns]
    body = b"".join(parts)
    header = {"format": FORMAT, "digest": streets_digest(pack.path), "crc32": zlib.crc32(body),
              "nodes": graph.node_count, "edges": graph.edge_count, "landmarks": len(nodes),
              "cells": len(offsets) - 1, "cell_edges": len(edges)}
    path = pack.path / FILE
    atomic_write_bytes(path, json.dumps(header).encode() + b"\n" + body)
    return path


def read_prepared(pack: MapPack) -> PedestrianGraph | None:
    """The stored graph (with its landmarks attached), or None when there is none or it does not
    belong to these streets; never raises for a bad file — building from GeoJSON still works."""
    from kiosk.maps.routing import Landmarks

    path = pack.path / FILE
    try:
        raw = path.read_bytes()
        line_end = raw.index(b"\n", 0, _HEADER_MAX)
        header = json.loads(raw[:line_end])
        digest = pack.streets_digest or streets_digest(pack.path)
        if header.get("format") != FORMAT or header.get("digest") != digest:
            return None
        n, m, k = int(header["nodes"]), int(header["edges"]), int(header["landmarks"])
        c, ce = int(header["cells"]), int(header["cell_edges"])
        view = memoryview(raw)[line_end + 1:]
        if zlib.crc32(view) != header["crc32"]:
            return None  # damaged: the indices below could point anywhere

        def take(code: str, count: int) -> array:
            nonlocal view
            out = array(code)
            size = out.itemsize * count
            out.frombytes(view[:size])
            if len(out) != count:
                raise ValueError("file is short")
            view = view[size:]
            return out
        lat, lon = take("d", n), take("d", n)
        ea, eb, street, length = take("i", m), take("i", m), take("i", m), take("d", m)
        flags = take("B", m).tobytes()
        adjacency = (take("i", n + 1), take("i", 2 * m), take("i", 2 * m))
        cells = (take("i", 2 * c), take("i", c + 1), take("i", ce))
        landmark_nodes = take("i", k)
        columns = [take("d", n) for _ in range(k)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if len(view) or (m and max(street) >= len(pack.streets)):
        return None
    graph = PedestrianGraph.from_arrays(pack.streets, pack.projection, lat, lon, ea, eb, street,
                                        length, flags, cells, adjacency)
    if k:
        marks = Landmarks.__new__(Landmarks)
        marks.nodes = list(landmark_nodes)
        marks.columns = columns
        graph._landmarks = marks
    return graph


__all__ = ["FILE", "write_prepared", "read_prepared", "streets_digest", "digest_of", "stored_digest"]
