"""Route query timing: our A* on the demo pack and on a synthetic 100,000-node street grid,
against networkx's own A* on the same graphs and the same pairs, measured in the same run.

Ours is bidirectional A* (with landmarks on the grid); networkx's is one-sided A* with the
straight-line estimate. Both must agree on every length (up to the snap offsets, see below).

Then the load time of a city-like 100,000-node pack with its prepared network (target <= 1 s,
with ``json.loads`` of the same files as the same-run baseline), and import, load and route
timings on the real OSM extracts in ../shared/data/osm beside networkx.

Run from the repository root: ``.venv/bin/python bench/bench_maps.py [--pairs N] [--nx-pairs N]``.
Targets (issue 5): p95 ≤ 5 ms on the demo pack, ≤ 50 ms on the 100,000-node grid.
A query here is what the map screen pays: snap both ends onto the network, then A*.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.maps import load_pack  # noqa: E402
from kiosk.maps.geo import LocalProjection  # noqa: E402
from kiosk.maps.graph import PedestrianGraph  # noqa: E402
from kiosk.maps.pack import Street  # noqa: E402
from kiosk.maps.routing import NoRoute, landmarks_of, shortest_path  # noqa: E402


JITTER = 0.1  # junctions moved up to this share of a block, like real streets


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(q / 100 * len(ordered))) - 1)]


def synthetic_grid(nodes: int, spacing_m: float = 80.0, seed: int = 1) -> PedestrianGraph:
    """A square street grid of about ``nodes`` junctions, slightly jittered like real blocks."""
    side = int(math.ceil(math.sqrt(nodes)))
    proj = LocalProjection(34.09, -118.37)
    rng = random.Random(seed)
    pos = [[proj.to_latlon((i + rng.uniform(-JITTER, JITTER)) * spacing_m, (j + rng.uniform(-JITTER, JITTER)) * spacing_m)
            for j in range(side)] for i in range(side)]
    streets = [Street(f"col{i}", "residential", tuple(pos[i]), {"": f"Col {i}"}) for i in range(side)]
    streets += [Street(f"row{j}", "residential", tuple(pos[i][j] for i in range(side)), {"": f"Row {j}"})
                for j in range(side)]
    return PedestrianGraph(streets, proj)


def random_points(graph: PedestrianGraph, count: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    lats, lons = graph.lat, graph.lon
    return [(rng.uniform(min(lats), max(lats)), rng.uniform(min(lons), max(lons))) for _ in range(count * 2)]


def time_ours(graph: PedestrianGraph, points: list[tuple[float, float]]) -> tuple[list[float], list[float], list[tuple]]:
    """Per query: total ms (snap both ends + A*), A*-only ms, and the snaps for networkx."""
    totals, searches, snaps = [], [], []
    for k in range(0, len(points), 2):
        t0 = time.perf_counter()
        a, b = graph.snap(*points[k]), graph.snap(*points[k + 1])
        t1 = time.perf_counter()
        try:
            path = shortest_path(graph, a, b)
        except NoRoute:  # a real extract has islands (Baltimore: a district behind I-95)
            continue
        t2 = time.perf_counter()
        totals.append((t2 - t0) * 1000)
        searches.append((t2 - t1) * 1000)
        snaps.append((a, b, path.distance_m))
    return totals, searches, snaps


def to_networkx(graph: PedestrianGraph):
    import networkx as nx

    g = nx.Graph()
    for e in range(graph.edge_count):
        g.add_edge(graph.edge_a[e], graph.edge_b[e], weight=graph.edge_len[e])
    return g


def time_networkx(graph: PedestrianGraph, nxg, snaps: list[tuple]) -> tuple[list[float], int]:
    """networkx A* between the nearer end nodes of the same snapped points (snapping excluded)."""
    import networkx as nx

    xs, ys = graph.x, graph.y

    def h(u: int, v: int) -> float:
        return math.hypot(xs[u] - xs[v], ys[u] - ys[v]) * 0.995

    times, mismatches = [], 0
    for a, b, ours in snaps:
        src = graph.edge_a[a.edge] if a.t < 0.5 else graph.edge_b[a.edge]
        dst = graph.edge_a[b.edge] if b.t < 0.5 else graph.edge_b[b.edge]
        t0 = time.perf_counter()
        length = nx.astar_path_length(nxg, src, dst, heuristic=h, weight="weight")
        times.append((time.perf_counter() - t0) * 1000)
        # node-to-node and point-to-point lengths differ by at most the two snap offsets
        slack = graph.edge_len[a.edge] + graph.edge_len[b.edge] + 1e-6
        mismatches += abs(length - ours) > slack
    return times, mismatches


def report(label: str, graph: PedestrianGraph, pairs: int, nx_pairs: int, target_ms: float) -> None:
    t0 = time.perf_counter()
    marks = landmarks_of(graph)  # one-off preparation, done at load time in the kiosk
    if marks is not None:
        print(f"({label}: {len(marks.nodes)} routing landmarks prepared in {time.perf_counter() - t0:.1f} s)")
    points = random_points(graph, pairs, seed=11)
    ours, search_only, snaps = time_ours(graph, points)
    nxg = to_networkx(graph)
    theirs, bad = time_networkx(graph, nxg, snaps[:nx_pairs])
    ours_same = search_only[:nx_pairs]
    print(f"{label}: {graph.node_count:,} nodes, {graph.edge_count:,} edges, {len(ours)} random pairs routed"
          f" ({pairs - len(ours)} unconnected)")
    print(f"  ours (snap + A*)  p50 {percentile(ours, 50):7.2f} ms   p95 {percentile(ours, 95):7.2f} ms"
          f"   target p95 <= {target_ms:g} ms: {'met' if percentile(ours, 95) <= target_ms else 'NOT met'}")
    print(f"  ours (A* only)    p50 {percentile(search_only, 50):7.2f} ms   p95 {percentile(search_only, 95):7.2f} ms")
    print(f"  networkx A*       p50 {percentile(theirs, 50):7.2f} ms   p95 {percentile(theirs, 95):7.2f} ms"
          f"   (first {len(theirs)} pairs; {bad} length disagreements)")
    ratio = statistics.mean(theirs) / statistics.mean(ours_same)
    print(f"  networkx A* / our A* on the same {len(theirs)} pairs: {ratio:.2f}x mean time (> 1: ours faster)")


def bench_extracts(pairs: int, nx_pairs: int) -> None:
    """Import, load and route on each real OSM extract in ../shared/data/osm (when present)."""
    import json
    import tempfile

    import networkx as nx

    from kiosk.maps import Wayfinder
    from kiosk.maps.osm_import import import_osm
    from kiosk.maps.prepared import FILE

    folder = ROOT.parent / "shared" / "data" / "osm"
    for source in sorted(folder.glob("*.osm.pbf")) if folder.is_dir() else []:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / source.name.split(".")[0]
            t0 = time.perf_counter()
            counts = import_osm(source, out)
            t_import = time.perf_counter() - t0
            here = load_pack(out).projection
            here = (here.lat0, here.lon0)
            loads = []
            for _ in range(3):
                t0 = time.perf_counter()
                finder = Wayfinder(load_pack(out), here)
                finder.prepare()
                finder.graph.snap(*here)
                loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for name in ("streets", "places", "areas"):
                json.loads((out / f"{name}.geojson").read_bytes())
            t_json = time.perf_counter() - t0
            (out / FILE).unlink()
            t0 = time.perf_counter()
            cold = Wayfinder(load_pack(out), here)
            cold.prepare()
            t_cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            to_networkx(finder.graph)
            t_nx = time.perf_counter() - t0
            g, t_load = finder.graph, statistics.median(loads)
            print(f"{source.name}: {counts['streets']:,} ways, {counts['places']} places ({counts['landmarks']} "
                  f"landmarks), {counts['buildings']:,} buildings -> {g.node_count:,} nodes; import {t_import:.2f} s, "
                  f"load {t_load:.2f} s (json.loads of its GeoJSON {t_json:.2f} s; without the stored network "
                  f"{t_cold:.2f} s; networkx graph from the same edges {t_nx:.2f} s)")
            comp = nx.number_connected_components(to_networkx(g))
            print(f"  {comp} connected parts; main part {sum(finder.graph.main_edges()):,} of {g.edge_count:,} edges")
            report(source.name, g, pairs, nx_pairs, 50.0)


def write_city_pack(out: Path, nodes: int, seed: int = 7) -> None:
    """A pack shaped like an OpenStreetMap import of a city centre with about ``nodes`` walkable
    nodes, written as the importer writes one: ways one to four blocks long with a bend point in
    half the blocks (about 4.7 points a way, as in the Helsinki extract), named streets with
    names in other languages, unnamed sidewalks, service lanes and crossings, OSM-style tags,
    positions to 7 decimals; 500 places and 3,000 building outlines."""
    import json

    rng = random.Random(seed)
    side = int(math.ceil(math.sqrt(nodes / 2)))
    proj = LocalProjection(34.09, -118.37)
    block = 80.0

    def position(x: float, y: float) -> list[float]:
        lat, lon = proj.to_latlon(x, y)
        return [round(lon, 7), round(lat, 7)]
    junction = [[(i * block + rng.uniform(-8, 8), j * block + rng.uniform(-8, 8)) for j in range(side)]
                for i in range(side)]
    kinds = ["residential"] * 10 + ["footway"] * 5 + ["service"] * 2 + ["primary", "secondary", "tertiary"]
    feats = []
    for horizontal in (False, True):
        for line in range(side):
            at = [junction[k][line] if horizontal else junction[line][k] for k in range(side)]
            name = f"{'Row' if horizontal else 'Column'} {line} Street"
            k = 0
            while k < side - 1:
                span = min(rng.randint(1, 4), side - 1 - k)
                coords = [position(*at[k])]
                for b in range(k, k + span):
                    (x0, y0), (x1, y1) = at[b], at[b + 1]
                    if rng.random() < 0.5:  # a bend mid-block
                        coords.append(position((x0 + x1) / 2 + rng.uniform(-3, 3), (y0 + y1) / 2 + rng.uniform(-3, 3)))
                    coords.append(position(x1, y1))
                highway = rng.choice(kinds)
                props: dict = {"id": f"w{len(feats) + 1000}", "highway": highway}
                if highway == "footway":
                    props.update({"footway": rng.choice(["sidewalk", "sidewalk", "crossing"]), "surface": "paving_stones"})
                elif highway != "service":
                    props.update({"name": name, "name:es": f"Calle {line}", "name:ru": f"Улица {line}",
                                  "surface": "asphalt", "lit": "yes", "sidewalk": "separate"})
                feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                              "properties": props})
                k += span
    cats = ["city_services", "library", "parks", "transit", "wifi", "ev_charging", "restrooms"]
    places = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": position(
        rng.uniform(0, side * block), rng.uniform(0, side * block))},
        "properties": {"id": f"n{i}", "categories": [rng.choice(cats)], "name": f"Place {i}",
                       **({"landmark": "yes"} if i % 25 == 0 else {})}} for i in range(500)]
    areas = []
    for i in range(3000):
        x, y = rng.uniform(0, side * block), rng.uniform(0, side * block)
        ring = [position(x, y), position(x + 20, y), position(x + 20, y + 15), position(x, y + 15), position(x, y)]
        areas.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                      "properties": {"id": f"w{900000 + i}", "kind": "building", "building": "yes"}})
    out.mkdir(parents=True, exist_ok=True)
    for name, collection in (("streets", feats), ("places", places), ("areas", areas)):
        body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection)
        (out / f"{name}.geojson").write_text('{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n",
                                            encoding="utf-8")
    s, w = proj.to_latlon(-200, -200)
    n, e = proj.to_latlon(side * block + 200, side * block + 200)
    (out / "pack.toml").write_text(f'[pack]\nid = "city"\nname = "City-like"\nlicence = "test"\n'
                                   f'attribution = "test"\nbounds = [{s:.6f}, {w:.6f}, {n:.6f}, {e:.6f}]\n')


def bench_city_pack_load(nodes: int, runs: int = 5) -> None:
    """Write a city-like pack with its prepared network (as `kiosk maps import` does), then time
    what the map screen waits for — pack, graph, landmarks and the kiosk's own snap — against
    ``json.loads`` of the same files measured in the same run."""
    import json
    import tempfile

    from kiosk.maps import Wayfinder
    from kiosk.maps.graph import paused_gc
    from kiosk.maps.prepared import FILE, write_prepared

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "city"
        write_city_pack(out, nodes)
        t0 = time.perf_counter()
        write_prepared(load_pack(out), PedestrianGraph.from_pack(load_pack(out)))
        t_prep = time.perf_counter() - t0
        here = LocalProjection(34.09, -118.37).to_latlon(nodes ** 0.5 * 28, nodes ** 0.5 * 28)

        def load() -> Wayfinder:
            finder = Wayfinder(load_pack(out), here)
            finder.prepare()
            finder.graph.snap(*here)
            return finder

        def baseline() -> None:
            for name in ("streets", "places", "areas"):
                json.loads((out / f"{name}.geojson").read_bytes())
        base, base_quiet, ours = [], [], []
        for _ in range(runs):  # interleaved, so a busy moment hits both alike
            t0 = time.perf_counter()
            baseline()
            base.append(time.perf_counter() - t0)
            with paused_gc():  # as the loader runs: the fairer comparison in a big process
                t0 = time.perf_counter()
                baseline()
                base_quiet.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            finder = load()
            ours.append(time.perf_counter() - t0)
        (out / FILE).unlink()
        t0 = time.perf_counter()
        load()
        t_cold = time.perf_counter() - t0
        g, mb = finder.graph, sum(f.stat().st_size for f in out.glob("*.geojson")) / 1e6
        best, median = min(ours), statistics.median(ours)
        print(f"City-like pack: {g.node_count:,} nodes, {g.edge_count:,} edges, {len(finder.pack.streets):,} ways, "
              f"{len(finder.pack.areas):,} buildings, {mb:.1f} MB of GeoJSON; prepared at import in {t_prep:.1f} s")
        print(f"  load (pack + graph + landmarks + first snap): median {median:.2f} s, best {best:.2f} s, "
              f"worst {max(ours):.2f} s of {runs}   target <= 1 s: {'met' if median <= 1.0 else 'NOT met'}")
        print(f"  json.loads of the same GeoJSON: median {statistics.median(base):.2f} s -> load / json.loads = "
              f"{median / statistics.median(base):.1f}x; with the collector held as the loader holds it "
              f"{statistics.median(base_quiet):.2f} s -> {median / statistics.median(base_quiet):.1f}x")
        print(f"  without network.bin (graph and landmarks built from the GeoJSON): {t_cold:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--nx-pairs", type=int, default=200, help="pairs also timed with networkx on the big grid")
    parser.add_argument("--grid-nodes", type=int, default=100_000)
    args = parser.parse_args(argv)
    demo = PedestrianGraph.from_pack(load_pack(ROOT / "maps" / "weho"))
    report("West Hollywood demo pack", demo, args.pairs, args.pairs, 5.0)
    t0 = time.perf_counter()
    grid = synthetic_grid(args.grid_nodes)
    print(f"(synthetic grid built in {time.perf_counter() - t0:.1f} s)")
    report("Synthetic street grid", grid, args.pairs, args.nx_pairs, 50.0)
    bench_city_pack_load(args.grid_nodes)
    bench_extracts(min(args.pairs, 300), min(args.nx_pairs, 100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
