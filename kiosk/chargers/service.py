"""The object the charger screen holds: cached snapshot now, fresh snapshot on refresh.

:class:`ChargerService` ties the OCPI client, the on-disk cache and the refresh schedule together:

* :meth:`current` — the snapshot to show right now (read from the cache on first use, so the kiosk
  shows chargers immediately, even offline); ``None`` before anything was ever fetched;
* :meth:`refresh` — blocking: a full crawl on the first call
  and every ``full_refresh_seconds``, otherwise an incremental ``date_from`` crawl merged into the
  previous snapshot; the result is cached. On failure it raises :class:`NetworkError` and keeps
  the previous snapshot;
* :meth:`next_refresh_delay` — seconds until the next refresh: ``refresh_seconds`` normally,
  growing exponentially (with jitter) after failures, and never sooner than a server's
  ``Retry-After``.

The kiosk itself never refreshes in its own process: :meth:`job` describes a refresh, a child
process runs it (:func:`kiosk.chargers.refresh.run`, through the UI's task path) and hands back a
small :class:`~kiosk.chargers.board.Board`, and :meth:`absorb` takes the outcome's success or
failure into the schedule. Parsing 10,000 ports then never holds the UI's interpreter.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from kiosk.chargers.cache import SnapshotCache
from kiosk.chargers.client import FetchResult, OcpiClient, RateLimited
from kiosk.chargers.directory import DirectoryClient
from kiosk.chargers.board import MAX_ROWS, Board, NearSite
from kiosk.chargers.model import Dropped, Price, Snapshot
from kiosk.redact import redact_url
from kiosk.errors import NetworkError

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 15 * 60
#: Incremental crawls ask from a little before the last fetch: the server's clock may be behind
#: ours, and an object fetched twice is harmless (the merge keeps one).
CLOCK_MARGIN = timedelta(seconds=60)


class ChargerService:
    """Live charger data for the screen. Thread-safe enough for one refresher and one reader."""

    def __init__(self, client: OcpiClient | None, cache_dir: Path | None, *, source: str = "ocpi",
                 refresh_seconds: float = 60, full_refresh_seconds: float = 900,
                 stale_after_minutes: float = 30, kiosk_position: tuple[float, float] | None = None,
                 monotonic: Callable[[], float] = time.monotonic, rng: random.Random | None = None,
                 on_close: Callable[[], None] | None = None) -> None:
        self.client = client
        self.source = source
        self.refresh_seconds = refresh_seconds
        self.full_refresh_seconds = full_refresh_seconds
        self.stale_after = timedelta(minutes=stale_after_minutes)
        self.kiosk_position = kiosk_position
        self.cache = SnapshotCache(cache_dir) if cache_dir is not None else None
        self.failures = 0
        self.last_error: str | None = None
        self._retry_after: float | None = None
        self._last_full: float | None = None
        self._tariffs: dict[str, Price] | None = None  # None: not fetched yet
        self._monotonic = monotonic
        self._rng = rng or random.Random()
        self._on_close = on_close
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._loaded = False  # the cache is read on first use, by whoever uses it (never at build)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_config(cls, config: Any, cache_dir: Path | None = None, **kwargs: Any) -> ChargerService:
        """A service for ``config.chargers``; for ``source = "simulator"`` it starts the built-in
        simulator on 127.0.0.1 and stops it in :meth:`close`. ``cache_dir`` defaults to
        ``config.state_dir / "cache"``."""
        section = config.chargers
        cache_dir = cache_dir if cache_dir is not None else Path(config.state_dir) / "cache"
        common = dict(refresh_seconds=section.refresh_seconds, full_refresh_seconds=section.full_refresh_seconds,
                      stale_after_minutes=section.stale_after_minutes,
                      kiosk_position=(config.location.lat, config.location.lon)) | kwargs
        if section.source == "none":
            return cls(None, cache_dir, source="none", **common)
        if section.source == "simulator":
            from kiosk.chargers.simulator import start_simulator
            handle = start_simulator(seed=section.simulator_seed)
            client = OcpiClient.from_config(section, url=handle.url, token=handle.token,
                                            tariffs_url=handle.tariffs_url)
            return cls(client, cache_dir, source="simulator", on_close=handle.stop, **common)
        if section.source in DirectoryClient.PARSERS:
            client = DirectoryClient.from_config(section)
            return cls(client, cache_dir, source=f"{section.source} {urlsplit(section.url).netloc}", **common)
        return cls(OcpiClient.from_config(section), cache_dir, source=f"ocpi {redact_url(section.url)}", **common)

    @property
    def enabled(self) -> bool:
        return self.client is not None

    # ------------------------------------------------------------------ reading
    def current(self) -> Snapshot | None:
        if not self._loaded:
            self._loaded = True
            cached = self.cache.load() if self.cache else None
            # A cache from another source would show the wrong city.
            if cached is not None and cached.source == self.source and self._snapshot is None:
                self._snapshot = cached
        return self._snapshot

    def board(self, keep: int | None = MAX_ROWS) -> Board | None:
        """What the kiosk shows of :meth:`current` (``keep=None``: every site)."""
        snapshot = self.current()
        return Board.from_snapshot(snapshot, self.kiosk_position, keep) if snapshot else None

    def sites_near(self, standard: str | None = None) -> list[NearSite]:
        """Current sites nearest the kiosk first, as (site, metres); optionally one connector standard."""
        board = self.board(keep=None)
        return board.nearest(standard) if board else []

    def is_stale(self, now: datetime | None = None) -> bool:
        snapshot = self.current()
        return snapshot is None or snapshot.is_stale(now, self.stale_after)

    # ------------------------------------------------------------------ refreshing
    def refresh(self, full: bool | None = None) -> Snapshot:
        """Fetch now (blocking). ``full=None`` chooses: full on start/periodically, else incremental."""
        if self.client is None:
            raise NetworkError("charger availability is switched off in the configuration")
        self.current()  # the cached snapshot, to merge an incremental crawl into
        with self._lock:
            previous = self._snapshot
            use_full = full if full is not None else self._full_due(previous)
            tariffs_dropped = self._refresh_tariffs() if use_full or self._tariffs is None else []
            try:
                since = None if use_full or previous is None else previous.fetched_at - CLOCK_MARGIN
                fetched = self.client.fetch(since, self._tariffs)
            except NetworkError as exc:
                self._failed(exc)
                raise
            fetched.dropped.extend(tariffs_dropped)
            snapshot = self._combine(previous, fetched, use_full or previous is None)
            self._snapshot = snapshot
            if use_full and fetched.complete:
                self._last_full = self._monotonic()
            self.failures, self.last_error, self._retry_after = 0, None, None
        if self.cache:
            self.cache.save(snapshot)
        logger.info("chargers refreshed (%s): %d sites, %d ports, %d dropped", "full" if use_full else "incremental",
                    len(snapshot.sites), snapshot.port_count, len(snapshot.dropped))
        return snapshot

    def _refresh_tariffs(self) -> list[Dropped]:
        """Prices from the Tariffs endpoint (with each full refresh). Prices are a nicety: when
        they cannot be had, the last ones are kept and availability is fetched all the same."""
        try:
            self._tariffs, dropped = self.client.fetch_tariffs()
        except NetworkError as exc:
            logger.warning("charger prices not refreshed, keeping the last ones: %s", exc)
            if self._tariffs is None:
                self._tariffs = {}
            return []
        return dropped

    def _full_due(self, previous: Snapshot | None) -> bool:
        if previous is None or self._last_full is None or not previous.complete:
            return True
        return self._monotonic() - self._last_full >= self.full_refresh_seconds

    def _combine(self, previous: Snapshot | None, fetched: FetchResult, full: bool) -> Snapshot:
        """A full complete crawl replaces; anything else is merged over the previous snapshot."""
        if full and fetched.complete or previous is None:
            sites = tuple(fetched.sites)
        else:
            merged = {s.id: s for s in previous.sites}
            for hidden in fetched.hidden_ids:
                merged.pop(hidden, None)
            for site in fetched.sites:
                merged[site.id] = site
            sites = tuple(merged.values())
        return Snapshot(sites=sites, fetched_at=fetched.fetched_at, source=self.source,
                        dropped=tuple(fetched.dropped), hidden=len(fetched.hidden_ids),
                        complete=fetched.complete and (full or previous is None or previous.complete))

    def _failed(self, exc: NetworkError) -> None:
        self.note_failure(str(exc), exc.retry_after if isinstance(exc, RateLimited) else None)

    def note_failure(self, error: str, retry_after: float | None = None) -> None:
        """A refresh failed (here or in the refresh process): back off before the next one."""
        self.failures += 1
        self.last_error = error
        self._retry_after = retry_after
        logger.warning("charger refresh failed (%d in a row): %s", self.failures, error)

    # ------------------------------------------------------------------ refreshing elsewhere
    def job(self, *, cached_only: bool = False, keep: int = MAX_ROWS) -> Any:
        """A refresh (or, with ``cached_only``, just the cached board) for the refresh process."""
        from kiosk.chargers.refresh import RefreshJob
        if self.client is None and not cached_only:
            raise NetworkError("charger availability is switched off in the configuration")
        return RefreshJob(client=self.client, cache_dir=self.cache.folder if self.cache else None,
                          source=self.source, full_refresh_seconds=self.full_refresh_seconds,
                          position=self.kiosk_position, keep=keep, cached_only=cached_only)

    def absorb(self, outcome: Any) -> None:
        """Take a :class:`~kiosk.chargers.refresh.RefreshOutcome` into the schedule and the log."""
        for level, message in outcome.log:
            logger.log(level, "refresh process: %s", message)
        if outcome.cached_only:
            return
        if outcome.error is not None:
            self.note_failure(outcome.error, outcome.retry_after)
        else:
            self.failures, self.last_error, self._retry_after = 0, None, None

    def next_refresh_delay(self) -> float:
        """Seconds to wait before the next :meth:`refresh`."""
        if self.failures == 0:
            return float(self.refresh_seconds)
        base = min(MAX_BACKOFF_SECONDS, self.refresh_seconds * 2 ** (self.failures - 1))
        delay = base / 2 + self._rng.uniform(0, base / 2)
        if self._retry_after is not None:
            delay = max(delay, min(self._retry_after, MAX_BACKOFF_SECONDS))
        return delay

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self._on_close is not None:
            self._on_close()
            self._on_close = None
