"""A charger refresh as the kiosk runs it: in a child process, handing back only a small board.

Decoding and parsing a 10,000-port feed makes hundreds of thousands of objects. In the kiosk's
own process that holds the interpreter for tens of milliseconds at a time — the screen stops
answering touches. So the UI's task path (``ctx.tasks.run(..., process=True)``) calls :func:`run`
in a child process with a picklable :class:`RefreshJob`; the child fetches, parses, merges, writes
the cache and returns a :class:`RefreshOutcome` holding a :class:`~kiosk.chargers.board.Board` —
the few dozen sites the kiosk shows — which crosses back in well under a millisecond.

The child keeps one :class:`ChargerService` per job source between calls (the last snapshot to
merge an incremental crawl into, the prices, when the last full crawl was). If the child is ever
replaced, the new one starts again from the disk cache with a full crawl: nothing is lost.

Warnings the child logs (a crawl stopped early, a corrupt cache) come back in the outcome and
are written to the kiosk's log by :meth:`ChargerService.absorb`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.chargers.board import MAX_ROWS, Board
from kiosk.chargers.transport import RateLimited
from kiosk.chargers.service import ChargerService
from kiosk.errors import NetworkError

#: One service per (source, cache folder, URL) in this process — see the module docs.
_services: dict[tuple[str, str, str], ChargerService] = {}


@dataclass(frozen=True)
class RefreshJob:
    """Everything the child needs; plain data plus a client, which crosses as its settings."""

    client: Any  # OcpiClient or DirectoryClient; None for a cached-only job with no source
    cache_dir: Path | None
    source: str
    full_refresh_seconds: float = 900
    position: tuple[float, float] | None = None
    keep: int = MAX_ROWS
    cached_only: bool = False  # just the board of what is on disk (the kiosk starting)
    full: bool | None = None  # None: the service decides (full at start and every so often)


@dataclass(frozen=True)
class RefreshOutcome:
    board: Board | None  # the newest data there is (on failure: the last good data, if any)
    error: str | None = None  # why the refresh failed, for the log
    retry_after: float | None = None  # seconds the server asked us to wait
    cached_only: bool = False
    log: tuple[tuple[int, str], ...] = ()  # (level, message) the child logged


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, record.getMessage()))


def _service(job: RefreshJob) -> ChargerService:
    url = getattr(job.client, "url", "")
    key = (job.source, str(job.cache_dir), url)
    service = _services.get(key)
    if service is None:
        service = _services[key] = ChargerService(
            job.client, job.cache_dir, source=job.source, full_refresh_seconds=job.full_refresh_seconds,
            kiosk_position=job.position)
    elif job.client is not None:
        service.client = job.client  # the job's settings are the newest
    return service


def run(job: RefreshJob) -> RefreshOutcome:
    """Refresh (or read the cache) and describe the result. Never raises: whatever goes wrong is
    reported in the outcome, so nothing unpicklable ever crosses back."""
    collect = _Collect()
    chargers_log = logging.getLogger("kiosk.chargers")
    chargers_log.addHandler(collect)
    service: ChargerService | None = None
    try:
        service = _service(job)
        if job.cached_only:
            return RefreshOutcome(_board(service, job), cached_only=True, log=tuple(collect.lines))
        try:
            service.refresh(job.full)
        except NetworkError as exc:
            retry = exc.retry_after if isinstance(exc, RateLimited) else None
            return RefreshOutcome(_board(service, job), error=str(exc), retry_after=retry,
                                  log=_without_failure_line(collect.lines))
        return RefreshOutcome(_board(service, job), log=tuple(collect.lines))
    except Exception as exc:  # noqa: BLE001 - a bug or a feed nobody foresaw: say so, keep going
        logging.getLogger(__name__).exception("charger refresh failed unexpectedly")
        board = None
        if service is not None:
            try:
                board = _board(service, job)
            except Exception:  # noqa: BLE001
                board = None
        return RefreshOutcome(board, error=f"unexpected {type(exc).__name__}: {exc}",
                              cached_only=job.cached_only, log=tuple(collect.lines))
    finally:
        chargers_log.removeHandler(collect)


def _board(service: ChargerService, job: RefreshJob) -> Board | None:
    return service.board(job.keep)


def _without_failure_line(lines: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    # The kiosk's own service logs the failure (with its count in a row) when it absorbs it.
    return tuple(line for line in lines if not line[1].startswith("charger refresh failed"))
