"""Keeps the charger view model fed, through the kiosk's one task path.

:class:`ChargerFeed` is shared by both charger pages. The first time one is shown it asks for the
cached board (the kiosk shows chargers at once, even offline) and for a refresh; after each
refresh a single-shot timer waits :meth:`ChargerService.next_refresh_delay` (longer after
failures, never sooner than a server's ``Retry-After``) and refreshes again, for as long as the
kiosk runs.

Both calls go through ``ctx.tasks.run(..., process=True)``: :func:`kiosk.chargers.refresh.run`
fetches, parses and caches in a child process and sends back a small board, so a 10,000-port
refresh never holds the UI thread. Results arrive on the UI thread and go straight into the view
model, which tells the pages.
"""
from __future__ import annotations

import asyncio
import concurrent.futures.process  # noqa: F401 - see below
import logging
import multiprocessing.popen_spawn_posix  # noqa: F401 - see below
from datetime import timedelta

from PySide6.QtCore import QTimer

from kiosk.chargers import ChargerService, refresh
from kiosk.chargers.viewmodel import ChargersViewModel
from kiosk.errors import KioskError
from ui.context import AppContext

logger = logging.getLogger(__name__)

# The two imports above are what the first ``process=True`` task imports (~17 ms, measured):
# done here, while the kiosk starts, not under the finger of the first visitor to EV charging.

CACHE_SLOT, REFRESH_SLOT = "chargers.cache", "chargers.refresh"


class ChargerFeed:
    """The service, the view model, the refresh schedule (see the module docs)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        cfg = ctx.config
        self.model = ChargersViewModel(stale_after=timedelta(minutes=cfg.chargers.stale_after_minutes),
                                       walking_speed_kmh=cfg.maps.walking_speed_kmh, units=cfg.maps.units)
        self.service: ChargerService | None = None
        self.started = False
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)

    @property
    def failed(self) -> bool:
        return self.model.failed

    def ensure_service(self) -> ChargerService | None:
        """The charger service, built on first use; None when the configuration cannot give one."""
        if self.service is None:
            try:
                self.service = self.ctx.service(
                    "chargers", lambda: ChargerService.from_config(self.ctx.config))
            except KioskError as exc:  # e.g. source "ocpi" without a URL: a calm page, not a crash
                logger.warning("charger status unavailable: %s", exc)
                return None
            self.model.stale_after = self.service.stale_after
        return self.service

    def start(self) -> None:
        """Once: the cached board now, then refreshes on the schedule."""
        if self.started:
            return
        service = self.ensure_service()
        if service is None:
            return
        self.started = True
        self.ctx.tasks.run(CACHE_SLOT, refresh.run, service.job(cached_only=True),
                           on_done=self._on_cached, on_error=self._on_error, process=True)
        self.refresh()

    def refresh(self) -> None:
        """Ask for a refresh now (unless one is on its way already)."""
        service = self.ensure_service()
        if service is None or not service.enabled or self.ctx.tasks.busy(REFRESH_SLOT):
            return
        self.timer.stop()
        self.ctx.tasks.run(REFRESH_SLOT, refresh.run, service.job(),
                           on_done=self._on_refreshed, on_error=self._on_error, process=True)

    def busy(self) -> bool:
        tasks = self.ctx.tasks
        return tasks.busy(CACHE_SLOT) or tasks.busy(REFRESH_SLOT)

    async def settled(self) -> None:
        """Return once no charger call is on its way (screenshots, tests)."""
        while self.busy():
            await asyncio.sleep(0.01)

    def after_wipe(self) -> None:
        """The wipe dropped pending results (ctx.tasks.cancel_all): keep the schedule going."""
        if self.started and not self.busy() and not self.timer.isActive():
            self.timer.start(0)

    # -- results, on the UI thread -------------------------------------------------------------
    def _on_cached(self, outcome: refresh.RefreshOutcome) -> None:
        self.service.absorb(outcome)
        if outcome.board is not None:
            self.model.show_board(outcome.board, failed=self.model.failed)

    def _on_refreshed(self, outcome: refresh.RefreshOutcome) -> None:
        self.service.absorb(outcome)
        if outcome.error is not None:
            logger.info("charger refresh failed, showing older data: %s", outcome.error)
        self.model.show_board(outcome.board, failed=outcome.error is not None)
        self._schedule()

    def _on_error(self, exc: BaseException) -> None:
        # The refresh process itself broke (it reports feed problems in the outcome instead).
        logger.error("charger refresh could not run: %s", exc)
        if self.service is not None:
            self.service.note_failure(f"the refresh process failed: {exc}")
        self.model.refresh_failed()
        self._schedule()

    def _schedule(self) -> None:
        if self.service is not None and self.service.enabled:
            self.timer.start(int(self.service.next_refresh_delay() * 1000))

    def close(self) -> None:
        self.timer.stop()
        self.started = False
