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
:class:`HealthServer` (:mod:`kiosk.ops.health_http`: bounded in threads, connections and time)
serves ``/health`` (JSON) and ``/metrics`` (Prometheus text format) on 127.0.0.1 only; the
content facts come from :mod:`kiosk.ops.content_facts` (streamed hashes, cached by file stamps).
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from kiosk import __version__
from kiosk.ops.content_facts import charger_sync, content_versions, tree_hash
from kiosk.ops.health_http import HealthServer, prometheus_text
from kiosk.redact import redact_data

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
    """Builds the report for one config. ``state`` is None outside the running kiosk.

    ``store`` is the app's open progress store, or a function returning it (None while it cannot
    be had); without it the report opens the configured store for one query — right for ``kiosk
    health`` from a shell, never done by the running kiosk. Content facts are re-read at most every
    ``content_seconds`` (and then only changed files), today's completions at most every
    ``count_seconds``: a monitor scraping every second costs neither file reads nor queries.
    """

    def __init__(self, config: Any, state: HealthState | None = None, store: Any = None,
                 clock: Clock = local_now, *, content_seconds: float = 10.0, count_seconds: float = 10.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.state = state
        self.store = store
        self.clock = clock
        self._monotonic = monotonic
        self._ttl = {"content": content_seconds, "count": count_seconds, "speech": content_seconds}
        self._memo: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def report(self) -> dict[str, Any]:
        now = self.clock()
        state = self.state
        report = {
            "version": __version__,
            "device_id": self.config.kiosk.device_id,
            "profile": self.config.kiosk.profile,
            "generated_at": now.isoformat(),
            "live": state is not None,
            "started_at": state.started_at.isoformat() if state else None,
            "uptime_seconds": round(state.uptime_seconds, 1) if state else None,
            "content": self._guard("content", lambda: self._recent("content", lambda: content_versions(
                self.config.content_dir, self.config.maps.pack))),
            "chargers": self._guard("chargers", lambda: charger_sync(
                Path(self.config.state_dir) / "cache", now)),
            "sessions_today": state.sessions_today if state else None,
            "lessons_completed_today": self._guard(
                "lessons_completed_today", lambda: self._recent("count", lambda: self._completed(now))),
            "errors_since_start": state.errors if state else None,
            "memory_bytes": memory_rss_bytes() if state else None,
            "speech": self._guard("speech", lambda: self._recent("speech", _speech_status)),
        }
        return redact_data(report)  # nothing a monitor stores may hold a secret

    def _recent(self, part: str, read: Callable[[], Any]) -> Any:
        """``read()``, or its value from less than the part's interval ago."""
        with self._lock:
            hit = self._memo.get(part)
            if hit is not None and self._monotonic() - hit[0] < self._ttl[part]:
                return hit[1]
        value = read()
        with self._lock:
            self._memo[part] = (self._monotonic(), value)
        return value

    def _completed(self, now: datetime) -> int | None:
        store = self.store
        if store is not None and callable(store) and not hasattr(store, "engine"):
            store = store()  # the app's store, once the app has it
            if store is None:
                return None
        if store is not None:
            return lessons_completed_today(store, now)
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


__all__ = ["HealthState", "ErrorCounter", "install_error_counter", "HealthReporter", "HealthServer",
           "prometheus_text", "content_versions", "charger_sync", "memory_rss_bytes",
           "lessons_completed_today", "tree_hash"]


def _speech_status() -> dict[str, Any]:
    """Whether read-aloud can work here, and if not, why and the fix (``kiosk.speech``)."""
    from kiosk import speech

    status = speech.check(voices=False)
    return {"ok": status.ok, "engine": status.engine, "reason": status.reason, "fix": status.fix}
