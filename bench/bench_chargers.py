"""Charger benchmark: parse 10,000 EVSEs, and the longest stall of a "UI thread" during a refresh.

1. Parse: one OCPI payload of 2,500 locations × 4 EVSEs (varied timestamps, statuses, connectors)
   through :func:`kiosk.chargers.parse.parse_payload`; baseline: bare ``json.loads`` of the same
   bytes in the same run. Target ≤ 150 ms.
2. Stall: a real refresh (client over HTTP on 127.0.0.1, pages of 250 locations as a real server's
   X-Limit would cut them) while the main thread ticks every 1 ms and records its longest gap:
   in a child process as the kiosk runs it (:func:`kiosk.chargers.refresh.run`, a small board
   back), and — as a baseline — in a worker thread of the same process. Target ≤ 16 ms (one frame).
Prints figures; not pass/fail.
"""
from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.chargers.client import OcpiClient  # noqa: E402
from kiosk.chargers.parse import parse_payload  # noqa: E402

LOCATIONS, EVSES_PER_LOCATION, PAGE = 2500, 4, 250
STATUSES = ("AVAILABLE", "CHARGING", "CHARGING ", "BLOCKED", "OUTOFORDER", "UNKNOWN", "RESERVED")
STANDARDS = ("IEC_62196_T1", "IEC_62196_T1_COMBO", "CHADEMO", "SAE_J3400", "IEC_62196_T2")


def make_locations() -> list[dict]:
    start = datetime(2025, 6, 1, tzinfo=timezone.utc)
    locations = []
    for n in range(LOCATIONS):
        evses = []
        for k in range(EVSES_PER_LOCATION):
            i = n * EVSES_PER_LOCATION + k
            stamp = (start + timedelta(seconds=i * 37)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            evses.append({
                "uid": f"EVSE-{i}", "evse_id": f"US*BEN*E{i:06d}", "status": STATUSES[i % len(STATUSES)],
                "capabilities": ["RFID_READER", "REMOTE_START_STOP_CAPABLE"],
                "connectors": [{"id": "1", "standard": STANDARDS[i % len(STANDARDS)], "format": "CABLE",
                                "power_type": "AC_1_PHASE", "max_voltage": 240, "max_amperage": 32,
                                "max_electric_power": 7680, "tariff_ids": ["T1"], "last_updated": stamp}],
                "physical_reference": str(k + 1), "last_updated": stamp})
        locations.append({
            "country_code": "US", "party_id": "BEN", "id": f"LOC{n}", "publish": True,
            "name": f"Bench site {n}", "address": f"{n} Bench St", "city": "West Hollywood",
            "postal_code": "90069", "country": "USA",
            "coordinates": {"latitude": f"{34 + n / 1e5:.6f}", "longitude": f"{-118.37 - n / 1e5:.6f}"},
            "evses": evses, "operator": {"name": "Bench operator"}, "time_zone": "America/Los_Angeles",
            "opening_times": {"twentyfourseven": True}, "last_updated": evses[-1]["last_updated"]})
    return locations


def best_of(fn, runs: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000, statistics.median(times) * 1000


def bench_parse(locations: list[dict]) -> None:
    body = json.dumps({"status_code": 1000, "data": locations}).encode()
    baseline, baseline_med = best_of(lambda: json.loads(body))
    ours, ours_med = best_of(lambda: parse_payload(body))
    evses = sum(len(s.ports) for s in parse_payload(body).sites)
    print(f"parse {evses:,} EVSEs ({len(body) / 1e6:.1f} MB):")
    print(f"  json.loads only (baseline): best {baseline:6.1f} ms, median {baseline_med:6.1f} ms")
    print(f"  parse_payload (ours):       best {ours:6.1f} ms, median {ours_med:6.1f} ms  "
          f"(target ≤ 150 ms; {ours / baseline:.1f}× the bare JSON decode)")


def serve(locations: list[dict]) -> ThreadingHTTPServer:
    pages = {}
    for offset in range(0, len(locations), PAGE):
        pages[offset] = json.dumps({"status_code": 1000, "data": locations[offset:offset + PAGE]}).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            offset = int(parse_qs(urlsplit(self.path).query).get("offset", ["0"])[0])
            body = pages.get(offset, b'{"status_code": 1000, "data": []}')
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Total-Count", str(len(locations)))
            self.send_header("X-Limit", str(PAGE))
            if offset + PAGE < len(locations):
                self.send_header("Link", f'<http://{self.headers["Host"]}/locations?offset={offset + PAGE}>; rel="next"')
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def longest_gap_while(work) -> tuple[float, float, float]:
    """Run ``work`` in a thread; tick the main thread every 1 ms; (longest gap ms, p99 gap ms, work ms)."""
    done = threading.Event()
    elapsed = []

    def worker() -> None:
        t0 = time.perf_counter()
        work()
        elapsed.append(time.perf_counter() - t0)
        done.set()

    gaps, last = [], time.perf_counter()
    threading.Thread(target=worker).start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    gaps.sort()
    return gaps[-1] * 1000, gaps[int(len(gaps) * 0.99)] * 1000, elapsed[0] * 1000


def bench_stall(locations: list[dict]) -> None:
    import concurrent.futures
    import multiprocessing
    import tempfile

    from kiosk.chargers.refresh import run
    from kiosk.chargers.service import ChargerService

    server = serve(locations)
    url = f"http://127.0.0.1:{server.server_address[1]}/locations"
    client = OcpiClient(url, "bench")
    pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            service = ChargerService(client, Path(tmp), source="bench", kiosk_position=(34.0, -118.37))
            pool.submit(run, service.job(cached_only=True)).result()  # the process is up, as in the kiosk
            idle_max, idle_p99, _ = longest_gap_while(lambda: time.sleep(0.5))  # baseline: nothing running
            child = [longest_gap_while(lambda: pool.submit(run, service.job()).result()) for _ in range(3)]
            thread = [longest_gap_while(client.fetch) for _ in range(2)]
    finally:
        pool.shutdown()
        client.close()
        server.shutdown()
        server.server_close()
    print(f"UI-thread stall during a refresh of {LOCATIONS * EVSES_PER_LOCATION:,} EVSEs "
          f"({LOCATIONS // PAGE} pages over HTTP):")
    print(f"  idle main thread (baseline):   longest gap {idle_max:5.1f} ms, p99 {idle_p99:4.1f} ms")
    for label, results in (("child process (the kiosk)", child), ("worker thread (baseline)", thread)):
        for max_gap, p99, took in results:
            print(f"  {label}: {took:6.0f} ms, longest gap {max_gap:5.1f} ms, p99 {p99:4.1f} ms")
    worst = max(r[0] for r in child)
    print(f"  worst with the child process {worst:.1f} ms (target ≤ 16 ms; "
          f"{worst / max(idle_max, 0.001):.1f}× the idle baseline); "
          f"worker thread {max(r[0] for r in thread):.1f} ms")


def main() -> None:
    locations = make_locations()
    bench_parse(locations)
    bench_stall(locations)


if __name__ == "__main__":
    main()
