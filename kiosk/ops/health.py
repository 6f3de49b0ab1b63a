"""The health report a city can monitor across its fleet, as a dict, JSON and Prometheus text.

:class:`HealthReporter` gathers one report: version, uptime, profile, device id, content versions
(lesson count and hash, map pack, catalogs, installed content release), the last successful
charger sync and its age (from the cache file the charger service writes), sessions and lessons
completed today, errors logged since start and memory in use.

Live values belong to the running app, which owns one :class:`HealthState`:

    state = HealthState()
    install_error_counter(state)                 # counts ERROR log records from now on
    reporter = HealthReporter(config, state, store=progress_store)
    server = HealthServer(reporter.report, port=health_port).start()   # port 0 in config = off
    ...
    state.session_started()                      # each time a visitor session begins

``kiosk health`` run from a shell is another process: it asks the running kiosk's endpoint when a
port is given, otherwise it reports what the files say and leaves the live values empty.
:class:`HealthServer` serves ``/health`` (JSON) and ``/metrics`` (Prometheus text format) on
127.0.0.1 only, from a daemon thread, with the standard library.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from kiosk import __version__

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


# -- live state the app updates --------------------------------------------------------------

class HealthState:
    """Counters of the running kiosk. Thread-safe: the UI writes, the endpoint thread reads."""

    def __init__(self, clock: Clock = local_now, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._monotonic = monotonic
        self._started = monotonic()
        self.started_at = clock()
        self._lock = threading.Lock()
        self._day = self.started_at.date()
        self._sessions_today = 0
        self._sessions_total = 0
        self._errors = 0

    def _roll_day(self) -> None:
        today = self._clock().date()
        if today != self._day:
            self._day, self._sessions_today = today, 0

    def session_started(self) -> None:
        """A visitor session began (first tap after the attract screen, or a sign-in)."""
        with self._lock:
            self._roll_day()
            self._sessions_today += 1
            self._sessions_total += 1

    def error_logged(self) -> None:
        with self._lock:
            self._errors += 1

    @property
    def sessions_today(self) -> int:
        with self._lock:
            self._roll_day()
            return self._sessions_today

    @property
    def sessions_total(self) -> int:
        with self._lock:
            return self._sessions_total

    @property
    def errors(self) -> int:
        with self._lock:
            return self._errors

    @property
    def uptime_seconds(self) -> float:
        return max(0.0, self._monotonic() - self._started)


class ErrorCounter(logging.Handler):
    """A logging handler that counts ERROR (and worse) records into a :class:`HealthState`."""

    def __init__(self, state: HealthState) -> None:
        super().__init__(level=logging.ERROR)
        self.state = state

    def emit(self, record: logging.LogRecord) -> None:
        self.state.error_logged()


def install_error_counter(state: HealthState, logger_: logging.Logger | None = None) -> ErrorCounter:
    """Count every ERROR record logged from now on (root logger by default); idempotent per state."""
    target = logger_ or logging.getLogger()
    for handler in target.handlers:
        if isinstance(handler, ErrorCounter) and handler.state is state:
            return handler
    handler = ErrorCounter(state)
    target.addHandler(handler)
    return handler


# -- facts read from files -------------------------------------------------------------------

def memory_rss_bytes(pid: str = "self") -> int | None:
    """Resident memory of a process from ``/proc/<pid>/status``; None where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            parts = line.split()
            return int(parts[1]) * 1024 if len(parts) >= 2 and parts[1].isdigit() else None
    return None


_hash_cache: dict[tuple[str, tuple[tuple[str, int, int], ...]], str] = {}


def tree_hash(folder: Path) -> str | None:
    """SHA-256 over the relative paths and bytes of every file under ``folder`` (first 16 hex).

    Cached by the files' sizes and times, so a report every few seconds does not re-read maps.
    """
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and p.suffix not in (".pyc", ".mo"))
    stamp = tuple((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    key = (str(folder), stamp)
    if key not in _hash_cache:
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        _hash_cache[key] = digest.hexdigest()[:16]
    return _hash_cache[key]


def _lessons_info(folder: Path) -> dict[str, Any]:
    from kiosk.lessons.loader import LESSON_FILE, lesson_folders
    count = sum(1 for sub in lesson_folders(folder) if (sub / LESSON_FILE).is_file())
    return {"count": count, "hash": tree_hash(folder)}


def _map_info(folder: Path) -> dict[str, Any]:
    import tomllib
    info: dict[str, Any] = {"id": folder.name, "name": None, "version": None, "hash": None}
    try:
        meta = tomllib.loads((folder / "pack.toml").read_text(encoding="utf-8")).get("pack", {})
    except (OSError, ValueError):
        info["problem"] = "pack.toml missing or unreadable"
        return info
    info.update(id=str(meta.get("id", folder.name)), name=meta.get("name"),
                version=meta.get("version"), hash=tree_hash(folder))
    return info


def _catalog_info(folder: Path) -> dict[str, Any]:
    """Per language: the catalog's revision date and how many messages are translated."""
    from babel.messages.pofile import read_po
    out: dict[str, Any] = {}
    for po in sorted(folder.glob("*/LC_MESSAGES/kiosk.po")):
        lang = po.parent.parent.name
        try:
            with open(po, "rb") as fh:
                catalog = read_po(fh)
        except Exception as exc:  # noqa: BLE001 - a broken catalog is a fact to report
            out[lang] = {"problem": f"{type(exc).__name__}: {exc}"}
            continue
        real = [m for m in catalog if m.id]
        done = sum(1 for m in real if m.string and not m.fuzzy
                   and (all(m.string) if isinstance(m.string, tuple) else True))
        revision = catalog.revision_date
        out[lang] = {"translated": done, "messages": len(real),
                     "revision": revision.isoformat() if isinstance(revision, datetime) else None}
    return out


def content_versions(content_dir: Path, map_pack: str) -> dict[str, Any]:
    """What content this kiosk shows: lessons, the configured map pack, catalogs, release."""
    content_dir = Path(content_dir)
    resolved = content_dir.resolve()
    release = resolved.name if resolved.parent.name == "releases" else None
    return {"dir": str(content_dir), "release": release,
            "lessons": _lessons_info(content_dir / "lessons"),
            "map": _map_info(content_dir / "maps" / map_pack),
            "translations": _catalog_info(content_dir / "translations")}


def charger_sync(cache_dir: Path, now: datetime) -> dict[str, Any]:
    """The last successful charger sync, from the snapshot cache the charger service writes."""
    from kiosk.chargers.cache import CACHE_FILE
    path = Path(cache_dir) / CACHE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        fetched = datetime.fromisoformat(raw["fetched_at"])
    except FileNotFoundError:
        return {"last_success": None, "age_seconds": None, "source": None}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"last_success": None, "age_seconds": None, "source": None,
                "problem": f"cache unreadable ({type(exc).__name__})"}
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=timezone.utc)
    return {"last_success": fetched.isoformat(), "source": raw.get("source"),
            "age_seconds": round(max(0.0, (now - fetched).total_seconds()), 1)}


def lessons_completed_today(store: Any, now: datetime) -> int:
    """Completed-lesson events recorded since local midnight (any device sharing the store)."""
    from sqlalchemy import func, select

    from kiosk.progress import schema
    from kiosk.progress.events import Verb, to_us
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    e = schema.events
    query = (select(func.count()).select_from(e)
             .where(e.c.verb == Verb.COMPLETED.value, e.c.at_us >= to_us(midnight)))
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


# -- the report ------------------------------------------------------------------------------

class HealthReporter:
    """Builds the report for one config. ``state`` is None outside the running kiosk."""

    def __init__(self, config: Any, state: HealthState | None = None, store: Any = None,
                 clock: Clock = local_now) -> None:
        self.config = config
        self.state = state
        self.store = store
        self.clock = clock

    def report(self) -> dict[str, Any]:
        now = self.clock()
        state = self.state
        return {
            "version": __version__,
            "device_id": self.config.kiosk.device_id,
            "profile": self.config.kiosk.profile,
            "generated_at": now.isoformat(),
            "live": state is not None,
            "started_at": state.started_at.isoformat() if state else None,
            "uptime_seconds": round(state.uptime_seconds, 1) if state else None,
            "content": self._guard("content", lambda: content_versions(
                self.config.content_dir, self.config.maps.pack)),
            "chargers": self._guard("chargers", lambda: charger_sync(
                Path(self.config.state_dir) / "cache", now)),
            "sessions_today": state.sessions_today if state else None,
            "lessons_completed_today": self._guard("lessons_completed_today", lambda: self._completed(now)),
            "errors_since_start": state.errors if state else None,
            "memory_bytes": memory_rss_bytes() if state else None,
        }

    def _completed(self, now: datetime) -> int | None:
        if self.store is not None:
            return lessons_completed_today(self.store, now)
        return self._completed_from_config(now)

    def _completed_from_config(self, now: datetime) -> int | None:
        """Outside the app: read the configured store if it exists, without creating one."""
        from kiosk.errors import StoreError
        from kiosk.progress.store import open_from_config, sqlite_path
        if not self.config.progress.database_url and not sqlite_path(self.config.data_dir).exists():
            return None
        try:
            with open_from_config(self.config, recover=False) as store:
                return lessons_completed_today(store, now)
        except StoreError as exc:
            logger.warning("health: learning records not readable: %s", exc)
            return None

    @staticmethod
    def _guard(name: str, read: Callable[[], Any]) -> Any:
        """A part that fails is reported as missing; the rest of the report still comes."""
        try:
            return read()
        except Exception as exc:  # noqa: BLE001 - health must answer even when parts are broken
            logger.warning("health: %s unavailable: %s", name, exc)
            return None


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


# -- the endpoint ----------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        if path not in ("/health", "/metrics"):
            self._send(404, "text/plain; charset=utf-8", b"not found: try /health or /metrics\n")
            return
        try:
            report = self.server.report()
        except Exception:  # noqa: BLE001 - answer 500, log why, keep serving
            logger.exception("health report failed")
            self._send(500, "text/plain; charset=utf-8", b"health report failed; see the kiosk log\n")
            return
        if path == "/health":
            body = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
            self._send(200, "application/json", body)
        else:
            self._send(200, "text/plain; version=0.0.4; charset=utf-8", prometheus_text(report).encode())

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        logger.debug("health endpoint: " + format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], report: Callable[[], dict[str, Any]]) -> None:
        super().__init__(address, _Handler)
        self.report = report


class HealthServer:
    """``/health`` and ``/metrics`` on ``host:port`` (127.0.0.1; port 0 = any free port)."""

    def __init__(self, report: Callable[[], dict[str, Any]], port: int = 0, host: str = "127.0.0.1") -> None:
        self._report = report
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("health server not started")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self._address[0]}:{self.port}"

    def start(self) -> HealthServer:
        """Bind and serve from a daemon thread. Raises OSError when the port is taken."""
        self._server = _Server(self._address, self._report)
        self._thread = threading.Thread(target=self._server.serve_forever, name="health-endpoint",
                                        kwargs={"poll_interval": 0.5}, daemon=True)
        self._thread.start()
        logger.info("health endpoint on %s", self.url)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> HealthServer:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["HealthState", "ErrorCounter", "install_error_counter", "HealthReporter", "HealthServer",
           "prometheus_text", "content_versions", "charger_sync", "memory_rss_bytes",
           "lessons_completed_today", "tree_hash"]
