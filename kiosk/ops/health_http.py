"""The health endpoint: ``/health`` (JSON) and ``/metrics`` (Prometheus text) on 127.0.0.1, bounded.

A monitoring scraper is the only intended client, but anything on the machine can connect, so
the server must not let clients decide how many threads, sockets or reports it makes:

- **one selector thread** accepts connections and reads requests without blocking, so a client
  that sends its request one byte a second (or never) holds a socket, not a thread;
- at most ``max_connections`` connections are open: when a new one arrives the oldest still
  waiting is closed (slow clients are dropped in favour of a scraper that just connected);
- a request must arrive complete within ``request_timeout`` seconds and fit in 8 KB;
- answers are built by a fixed pool of ``workers`` threads, each writing with the same timeout;
- with ``cache_seconds`` the report is built at most once per that interval however many
  requests arrive, so a flood costs neither SQL queries nor file reads (the running kiosk uses 1 s).

Only ``GET`` (and ``HEAD``) of ``/health`` and ``/metrics``; every answer closes the connection.
"""
from __future__ import annotations

import json
import logging
import selectors
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, Callable

logger = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 8192
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 503: "Service Unavailable"}


# -- Prometheus text format ------------------------------------------------------------------

def _label(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _metric(lines: list[str], name: str, kind: str, help_: str, value: Any,
            labels: dict[str, Any] | None = None) -> None:
    lines.append(f"# HELP {name} {help_}")
    lines.append(f"# TYPE {name} {kind}")
    if value is None:
        return  # unknown: no sample rather than a made-up zero
    tags = ""
    if labels:
        tags = "{" + ",".join(f'{k}="{_label(v)}"' for k, v in labels.items()) + "}"
    lines.append(f"{name}{tags} {float(value):g}" if isinstance(value, float) else f"{name}{tags} {value}")


def prometheus_text(report: dict[str, Any]) -> str:
    """The report as Prometheus exposition format (version 0.0.4)."""
    content = report.get("content") or {}
    lessons = content.get("lessons") or {}
    map_info = content.get("map") or {}
    chargers = report.get("chargers") or {}
    lines: list[str] = []
    _metric(lines, "weho_kiosk_info", "gauge", "Kiosk software and content identity.", 1, {
        "version": report.get("version"), "profile": report.get("profile"),
        "device_id": report.get("device_id"), "content_release": content.get("release"),
        "lessons_hash": lessons.get("hash"), "map_pack": map_info.get("id"),
        "map_hash": map_info.get("hash")})
    _metric(lines, "weho_kiosk_uptime_seconds", "gauge", "Seconds since the kiosk started.",
            report.get("uptime_seconds"))
    _metric(lines, "weho_kiosk_lessons", "gauge", "Lessons installed.", lessons.get("count"))
    last = chargers.get("last_success")
    _metric(lines, "weho_kiosk_charger_last_sync_timestamp_seconds", "gauge",
            "Unix time of the last successful charger sync.",
            datetime.fromisoformat(last).timestamp() if last else None)
    _metric(lines, "weho_kiosk_charger_sync_age_seconds", "gauge",
            "Seconds since the last successful charger sync.", chargers.get("age_seconds"))
    _metric(lines, "weho_kiosk_sessions_today", "gauge", "Visitor sessions since local midnight.",
            report.get("sessions_today"))
    _metric(lines, "weho_kiosk_lessons_completed_today", "gauge",
            "Lessons completed since local midnight.", report.get("lessons_completed_today"))
    _metric(lines, "weho_kiosk_errors_total", "counter", "Errors logged since the kiosk started.",
            report.get("errors_since_start"))
    _metric(lines, "weho_kiosk_memory_bytes", "gauge", "Resident memory of the kiosk process.",
            report.get("memory_bytes"))
    return "\n".join(lines) + "\n"


# -- the report, at most once per interval ---------------------------------------------------

class CachedReport:
    """``report()`` called at most once per ``seconds``; concurrent callers share one build."""

    def __init__(self, report: Callable[[], dict[str, Any]], seconds: float,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._report, self._seconds, self._monotonic = report, seconds, monotonic
        self._lock = threading.Lock()
        self._value: dict[str, Any] | None = None
        self._at = 0.0

    def __call__(self) -> dict[str, Any]:
        with self._lock:  # one build at a time: a flood waits for it instead of starting its own
            now = self._monotonic()
            if self._value is None or now - self._at >= self._seconds:
                self._value, self._at = self._report(), now
            return self._value


# -- the server ------------------------------------------------------------------------------

class _Waiting:
    """A connection whose request is still arriving."""

    __slots__ = ("sock", "data", "deadline")

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock, self.data, self.deadline = sock, b"", deadline


class HealthServer:
    """``/health`` and ``/metrics`` on ``host:port`` (127.0.0.1; port 0 = any free port)."""

    def __init__(self, report: Callable[[], dict[str, Any]], port: int = 0, host: str = "127.0.0.1", *,
                 max_connections: int = 32, request_timeout: float = 5.0, workers: int = 2,
                 cache_seconds: float = 0.0) -> None:
        self._report = CachedReport(report, cache_seconds) if cache_seconds > 0 else report
        self._address = (host, port)
        self.max_connections = max_connections
        self.request_timeout = request_timeout
        self.workers = workers
        self._listener: socket.socket | None = None
        self._selector: selectors.BaseSelector | None = None
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._waiting: dict[int, _Waiting] = {}
        self._busy = 0
        self._busy_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self.dropped = 0  # connections closed unanswered (evicted, timed out, too large)

    @property
    def port(self) -> int:
        if self._listener is None:
            raise RuntimeError("health server not started")
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://{self._address[0]}:{self.port}"

    @property
    def open_connections(self) -> int:
        return len(self._waiting) + self._busy

    def start(self) -> HealthServer:
        """Bind and serve. Raises OSError when the port is taken."""
        # A roomy backlog: connections are accepted at once and the cap enforced after (a full
        # backlog would make a probe's connect wait for the kernel's SYN retry instead).
        self._listener = socket.create_server(self._address, backlog=128)
        self._listener.setblocking(False)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="health-worker")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="health-endpoint", daemon=True)
        self._thread.start()
        logger.info("health endpoint on %s", self.url)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._wake_w is not None:
            try:
                self._wake_w.send(b"x")
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        for waiting in list(self._waiting.values()):
            waiting.sock.close()
        self._waiting.clear()
        for sock in (self._listener, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        if self._selector is not None:
            self._selector.close()
        self._listener = self._thread = self._pool = self._selector = None
        self._wake_r = self._wake_w = None

    def __enter__(self) -> HealthServer:
        return self.start() if self._listener is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the selector thread -------------------------------------------------------------------

    def _loop(self) -> None:
        assert self._selector is not None
        while not self._stop.is_set():
            timeout = 0.5
            if self._waiting:
                timeout = max(0.0, min(timeout, min(w.deadline for w in self._waiting.values()) - time.monotonic()))
            try:
                events = self._selector.select(timeout)
            except OSError:
                break
            for key, _mask in events:
                if key.data == "accept":
                    self._accept()
                elif key.data == "wake":
                    return
                else:
                    self._read(key.data)
            self._expire()

    def _accept(self) -> None:
        assert self._listener is not None and self._selector is not None
        while True:
            try:
                sock, _addr = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                logger.warning("health endpoint: accept failed: %s", exc)
                return
            if self.open_connections >= self.max_connections and not self._evict_oldest():
                self._drop(sock)  # every slot is answering: the newcomer waits for a retry
                continue
            sock.setblocking(False)
            waiting = _Waiting(sock, time.monotonic() + self.request_timeout)
            self._waiting[sock.fileno()] = waiting
            self._selector.register(sock, selectors.EVENT_READ, waiting)

    def _evict_oldest(self) -> bool:
        if not self._waiting:
            return False
        oldest = min(self._waiting.values(), key=lambda w: w.deadline)
        self._forget(oldest)
        self._drop(oldest.sock)
        return True

    def _read(self, waiting: _Waiting) -> None:
        try:
            chunk = waiting.sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._forget(waiting)
            waiting.sock.close()
            return
        waiting.data += chunk
        end = waiting.data.find(b"\r\n\r\n")
        if end < 0 and len(waiting.data) <= MAX_REQUEST_BYTES:
            return
        self._forget(waiting)
        if end < 0 or end > MAX_REQUEST_BYTES:
            self._drop(waiting.sock, 431)
            return
        assert self._pool is not None
        with self._busy_lock:
            self._busy += 1
        self._pool.submit(self._answer, waiting.sock, waiting.data[:end])

    def _expire(self) -> None:
        now = time.monotonic()
        for waiting in [w for w in self._waiting.values() if w.deadline <= now]:
            self._forget(waiting)
            self._drop(waiting.sock, 408)

    def _forget(self, waiting: _Waiting) -> None:
        assert self._selector is not None
        self._waiting.pop(waiting.sock.fileno(), None)
        try:
            self._selector.unregister(waiting.sock)
        except (KeyError, ValueError):
            pass

    def _drop(self, sock: socket.socket, code: int = 503) -> None:
        """Close a connection unanswered but for a one-line status (never blocks)."""
        self.dropped += 1
        try:
            sock.setblocking(False)
            sock.send(_response(code, "text/plain; charset=utf-8", f"{_REASONS[code]}\n".encode()))
        except OSError:
            pass
        sock.close()

    # -- the workers -----------------------------------------------------------------------------

    def _answer(self, sock: socket.socket, head: bytes) -> None:
        try:
            sock.settimeout(self.request_timeout)
            sock.sendall(self._respond(head))
        except OSError:
            pass  # the client went away or would not read: nothing more to do for it
        finally:
            sock.close()
            with self._busy_lock:
                self._busy -= 1

    def _respond(self, head: bytes) -> bytes:
        line = head.split(b"\r\n", 1)[0].decode("latin-1", "replace").split()
        if len(line) != 3 or not line[2].startswith("HTTP/"):
            return _response(400, "text/plain; charset=utf-8", b"bad request\n")
        method, target = line[0], line[1].split("?", 1)[0]
        if method not in ("GET", "HEAD"):
            return _response(405, "text/plain; charset=utf-8", b"only GET\n", {"Allow": "GET, HEAD"})
        if target not in ("/health", "/metrics"):
            return _response(404, "text/plain; charset=utf-8", b"not found: try /health or /metrics\n")
        try:
            report = self._report()
            if target == "/health":
                body, kind = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"), "application/json"
            else:
                body, kind = prometheus_text(report).encode("utf-8"), "text/plain; version=0.0.4; charset=utf-8"
        except Exception:  # noqa: BLE001 - answer 500, log why, keep serving
            logger.exception("health report failed")
            return _response(500, "text/plain; charset=utf-8", b"health report failed; see the kiosk log\n")
        return _response(200, kind, b"" if method == "HEAD" else body, length=len(body))


def _response(code: int, kind: str, body: bytes, headers: dict[str, str] | None = None,
              length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {code} {_REASONS[code]}", f"Content-Type: {kind}",
             f"Content-Length: {len(body) if length is None else length}", "Cache-Control: no-store",
             "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


__all__ = ["HealthServer", "CachedReport", "prometheus_text", "MAX_REQUEST_BYTES"]
