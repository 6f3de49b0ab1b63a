"""A small OCPI 2.2.1 server for the city's charging sites — the demo's default source.

It is a real HTTP server (stdlib ``http.server`` in a thread) so the kiosk exercises exactly the
code it uses against a real city API: versions endpoint, version details, and a paginated,
token-checked Locations endpoint honouring ``offset``, ``limit``, ``date_from`` and ``date_to``
with ``Link``/``X-Total-Count``/``X-Limit`` headers.

What it serves — statuses that change with the hour of day, derived from (seed, port, slot) so
tests inject a clock and move it, the tariffs and the fault scenarios — is built in
:mod:`kiosk.chargers.simulator_data`; its names stay importable from here.

Faults (``--faults 500,429,slow``) are injected on Locations requests, in order: an item is
``NAME`` or ``NAME*K`` (K requests in a row). In the CLI they repeat with clean requests between;
in-process they are used once unless ``repeat=True``. See :data:`FAULTS`.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, urlencode, urlsplit

from kiosk.chargers import weho_sites
from kiosk.chargers.simulator_data import (
    FAULTS, SIMULATED_TARIFFS, FaultQueue, StatusModel, broken_objects, build_locations, build_tariffs,
    in_window,
)
from kiosk.chargers.values import format_time

# Names callers import from here since the simulator was one module.
__all__ = ["DEFAULT_TOKEN", "FAULTS", "PAGE_LIMIT", "SIMULATED_TARIFFS", "FaultQueue", "SimulatorHandle",
           "SimulatorOptions", "StatusModel", "build_locations", "build_tariffs", "serve_forever",
           "start_simulator"]

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "weho-demo-token"
PAGE_LIMIT = 3  # small on purpose: the demo's 8 sites span three pages


# ---------------------------------------------------------------------------------- server

@dataclass
class SimulatorOptions:
    seed: int = 7
    token: str = DEFAULT_TOKEN
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    page_limit: int = PAGE_LIMIT
    slow_seconds: float = 2.0
    hang_seconds: float = 30.0
    big_mb: float = 20.0
    stop: threading.Event = field(default_factory=threading.Event)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], options: SimulatorOptions, faults: FaultQueue) -> None:
        super().__init__(address, _Handler)
        self.options, self.faults, self.model = options, faults, StatusModel(options.seed)
        self.requests = 0

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts, size caps) reset the connection; that is expected here.
        logger.debug("simulator: connection from %s ended abruptly", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("simulator: " + format, *args)

    # -- plumbing
    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _envelope(self, data: Any, status_code: int = 1000, message: str = "Success") -> bytes:
        return json.dumps({"data": data, "status_code": status_code, "status_message": message,
                           "timestamp": format_time(self.server.options.clock())}).encode()

    def _authorised(self) -> bool:
        token = self.server.options.token
        if not token:
            return True
        import base64
        sent = self.headers.get("Authorization", "")
        accepted = {f"Token {token}", f"Token {base64.b64encode(token.encode()).decode()}"}
        return sent.strip() in accepted

    def _base(self) -> str:
        return f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}"

    # -- routes
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.server.requests += 1
        path = urlsplit(self.path).path.rstrip("/")
        if not self._authorised():
            self._send(401, self._envelope(None, 2002, "Unknown or missing token"))
            return
        if path == "/ocpi/versions":
            self._send(200, self._envelope([{"version": "2.2.1", "url": f"{self._base()}/ocpi/2.2.1"}]))
        elif path == "/ocpi/2.2.1":
            self._send(200, self._envelope({"version": "2.2.1", "endpoints": [
                {"identifier": "locations", "role": "SENDER", "url": f"{self._base()}/ocpi/2.2.1/locations"},
                {"identifier": "tariffs", "role": "SENDER", "url": f"{self._base()}/ocpi/2.2.1/tariffs"}]}))
        elif path == "/ocpi/2.2.1/locations":
            self._locations()
        elif path == "/ocpi/2.2.1/tariffs":
            tariffs = build_tariffs()
            self._send(200, self._envelope(tariffs), headers={"X-Total-Count": str(len(tariffs))})
        else:
            self._send(404, self._envelope(None, 2000, "Not found"))

    def _locations(self) -> None:
        fault = self.server.faults.next()
        options = self.server.options
        if fault and self._early_fault(fault):
            return
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        try:
            offset = max(0, int(query.get("offset", 0)))
            limit = max(1, min(int(query.get("limit", options.page_limit)), options.page_limit))
        except ValueError:
            self._send(400, self._envelope(None, 2001, "offset and limit must be whole numbers"))
            return
        everything = build_locations(self.server.model, options.clock())
        chosen = [loc for loc in everything if in_window(loc, query.get("date_from"), query.get("date_to"))]
        page = chosen[offset:offset + limit]
        headers = {"X-Total-Count": str(len(chosen)), "X-Limit": str(options.page_limit)}
        if offset + limit < len(chosen):
            params = {k: v for k, v in query.items() if k not in ("offset", "limit")}
            headers["Link"] = f'<{self._base()}/ocpi/2.2.1/locations?' \
                              f'{urlencode({"offset": offset + limit, "limit": limit, **params})}>; rel="next"'
        if fault == "repeat":
            headers["Link"] = f'<{self._base()}{self.path}>; rel="next"'
        elif fault == "offhost":
            headers["Link"] = '<http://elsewhere.invalid/ocpi/2.2.1/locations?offset=99>; rel="next"'
        elif fault == "badpage":
            page = page + broken_objects()
        body = self._envelope(page)
        if fault == "big":
            body = body[:-1] + b" " * int(options.big_mb * 1024 * 1024) + b"}"
        if fault == "slow":
            self._dribble(body, headers)
        elif fault == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        else:
            self._send(200, body, headers=headers)

    def _early_fault(self, fault: str) -> bool:
        """Faults answered before any data is built; True when the request is done."""
        options = self.server.options
        if fault in ("500", "502", "503"):
            self._send(int(fault), b"<html><body><h1>Server error</h1></body></html>", "text/html")
        elif fault == "429":
            self._send(429, self._envelope(None, 2000, "Too many requests"), headers={"Retry-After": "1"})
        elif fault == "429-date":
            when = datetime.now(timezone.utc) + timedelta(seconds=2)
            self._send(429, b"slow down", "text/plain", headers={"Retry-After": format_datetime(when, usegmt=True)})
        elif fault == "html":
            self._send(200, b"<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>",
                       "text/html")
        elif fault == "ocpi-error":
            self._send(200, self._envelope(None, 3001, "Unable to use the client's API"))
        elif fault == "auth":
            self._send(401, self._envelope(None, 2002, "Unknown token"))
        elif fault == "hang":
            options.stop.wait(options.hang_seconds)
            self.close_connection = True
        else:
            return False
        return True

    def _dribble(self, body: bytes, headers: dict[str, str]) -> None:
        stop = self.server.options.stop
        pieces = 10
        pause = self.server.options.slow_seconds / pieces
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        step = max(1, len(body) // pieces + 1)
        try:
            for start in range(0, len(body), step):
                self.wfile.write(body[start:start + step])
                self.wfile.flush()
                if stop.wait(pause):
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


# ---------------------------------------------------------------------------------- handle

class SimulatorHandle:
    """A running simulator: ``url`` is its Locations endpoint; call :meth:`stop` when done."""

    def __init__(self, server: _Server, thread: threading.Thread) -> None:
        self._server, self._thread = server, thread
        host, port = server.server_address[:2]
        self.port = port
        self.base_url = f"http://{host}:{port}"
        self.url = f"{self.base_url}/ocpi/2.2.1/locations"
        self.tariffs_url = f"{self.base_url}/ocpi/2.2.1/tariffs"
        self.versions_url = f"{self.base_url}/ocpi/versions"
        self.token = server.options.token

    @property
    def requests_served(self) -> int:
        return self._server.requests

    def set_faults(self, spec: str | Iterable[str], repeat: bool = False) -> None:
        self._server.faults.repeat = repeat
        self._server.faults.set(spec)

    def stop(self) -> None:
        self._server.options.stop.set()  # wakes hanging and dribbling handlers
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_simulator(port: int = 0, seed: int = 7, faults: str | Iterable[str] = (), *,
                    host: str = "127.0.0.1", token: str = DEFAULT_TOKEN,
                    clock: Callable[[], datetime] | None = None, repeat_faults: bool = False,
                    page_limit: int = PAGE_LIMIT, slow_seconds: float = 2.0,
                    hang_seconds: float = 30.0, big_mb: float = 20.0) -> SimulatorHandle:
    """Start the simulator in a background thread (port 0 = any free port)."""
    options = SimulatorOptions(seed=seed, token=token, page_limit=page_limit, slow_seconds=slow_seconds,
                               hang_seconds=hang_seconds, big_mb=big_mb)
    if clock is not None:
        options.clock = clock
    server = _Server((host, port), options, FaultQueue(faults, repeat=repeat_faults))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="ocpi-simulator", daemon=True)
    thread.start()
    logger.info("OCPI simulator serving %d simulated sites on %s:%d", len(weho_sites.SITES), host,
                server.server_address[1])
    return SimulatorHandle(server, thread)


def serve_forever(port: int, seed: int, faults: str, host: str = "127.0.0.1") -> None:
    """Run until Ctrl-C (the ``kiosk chargers simulate`` command)."""
    handle = start_simulator(port, seed, faults, host=host, repeat_faults=True)
    print(f"OCPI 2.2.1 simulator (simulated West Hollywood data, seed {seed})")
    print(f"  versions:  {handle.versions_url}")
    print(f"  locations: {handle.url}")
    print(f"  tariffs:   {handle.tariffs_url}")
    print(f"  token:     {handle.token}")
    if faults:
        print(f"  faults:    {faults} (repeating, two clean requests between)")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        handle.stop()
