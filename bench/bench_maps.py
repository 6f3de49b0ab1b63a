"""Route query timing: our A* on the demo pack and on a synthetic 100,000-node street grid,
against networkx's own A* on the same graphs and the same pairs, measured in the same run.

Ours is bidirectional A* (with landmarks on the grid); networkx's is one-sided A* with the
straight-line estimate. Both must agree on every length (up to the snap offsets, see below).

Then the load time of a 100,000-node pack with its prepared network (target <= 1 s), and import,
load and route timings on the real OSM extracts in ../shared/data/osm beside networkx.

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
            t0 = time.perf_counter()
            finder = Wayfinder(load_pack(out), (0.0, 0.0))
            finder.prepare()
            t_load = time.perf_counter() - t0
            (out / FILE).unlink()
            t0 = time.perf_counter()
            cold = Wayfinder(load_pack(out), (0.0, 0.0))
            cold.prepare()
            t_cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            to_networkx(finder.graph)
            t_nx = time.perf_counter() - t0
            g = finder.graph
            print(f"{source.name}: {counts['streets']:,} ways, {counts['places']} places -> "
                  f"{g.node_count:,} nodes; import {t_import:.2f} s, load {t_load:.2f} s "
                  f"(without the stored network {t_cold:.2f} s; networkx graph from the same edges {t_nx:.2f} s)")
            comp = nx.number_connected_components(to_networkx(g))
            print(f"  {comp} connected parts; main part {sum(finder.graph.main_edges()):,} of {g.edge_count:,} edges")
            report(source.name, g, pairs, nx_pairs, 50.0)


def bench_grid_pack_load(nodes: int) -> None:
    """Write the synthetic grid as a pack with its prepared network, then time loading it."""
    import json
    import tempfile

    from kiosk.maps import Wayfinder
    from kiosk.maps.prepared import write_prepared

    graph = synthetic_grid(nodes)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        feats = [{"type": "Feature", "properties": {"id": s.id, "highway": s.highway, "name": s.names[""]},
                  "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in s.coords]}}
                 for s in graph.streets]
        (out / "streets.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
        (out / "places.geojson").write_text('{"type": "FeatureCollection", "features": []}')
        s, w, n, e = min(graph.lat), min(graph.lon), max(graph.lat), max(graph.lon)
        (out / "pack.toml").write_text(f'[pack]\nid = "grid"\nname = "Grid"\nlicence = "test"\n'
                                       f'attribution = "test"\nbounds = [{s - .001}, {w - .001}, {n + .001}, {e + .001}]\n')
        t0 = time.perf_counter()
        write_prepared(load_pack(out), PedestrianGraph.from_pack(load_pack(out)))
        t_prep = time.perf_counter() - t0
        t0 = time.perf_counter()
        finder = Wayfinder(load_pack(out), (34.09, -118.37))
        finder.prepare()
        t_load = time.perf_counter() - t0
        print(f"Synthetic grid pack: {finder.graph.node_count:,} nodes; prepared at import in {t_prep:.1f} s; "
              f"loads (pack + graph + landmarks) in {t_load:.2f} s   target <= 1 s: "
              f"{'met' if t_load <= 1.0 else 'NOT met'}")


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
    bench_grid_pack_load(args.grid_nodes)
    bench_extracts(min(args.pairs, 300), min(args.nx_pairs, 100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
