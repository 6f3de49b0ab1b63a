"""Clients for charger directories without live status: Open Charge Map and NREL AFDC.

A directory is one download, not a paginated OCPI crawl, but it deserves the same care on the
network, so :class:`DirectoryClient` reuses :class:`~kiosk.chargers.client.OcpiClient`'s request
machinery (timeouts, deadline, size cap, retries with backoff) and only replaces what is fetched
and how it is read (:mod:`kiosk.chargers.static_sources`). ``kiosk.chargers.client`` still
exports the class for older imports.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.chargers import static_sources
from kiosk.chargers.client import FetchResult, OcpiClient
from kiosk.chargers.model import Price
from kiosk.chargers.parse import ParseResult


class DirectoryClient(OcpiClient):
    """A charger directory without live status (Open Charge Map ``/v3/poi`` or NREL AFDC
    ``/api/alt-fuel-stations/v1.json``) behind the same interface as :class:`OcpiClient`: one
    GET of ``url`` (the API key goes in the URL, as both services expect), with the same timeouts,
    size cap, retries and backoff. Every site it gives is ``live=False``."""

    PARSERS = {"openchargemap": "parse_open_charge_map", "afdc": "parse_afdc"}

    def __init__(self, url: str, kind: str, **kwargs: Any) -> None:
        if kind not in self.PARSERS:
            raise ValueError(f"unknown charger directory {kind!r}")
        super().__init__(url, **kwargs)
        self.kind = kind

    @classmethod
    def from_config(cls, section: Any, url: str | None = None, token: str | None = None,
                    **overrides: Any) -> DirectoryClient:
        return cls(url if url is not None else section.url, section.source, token="",
                   connect_timeout=section.connect_timeout, read_timeout=section.read_timeout,
                   deadline_seconds=section.deadline_seconds,
                   max_response_bytes=int(section.max_response_mb * 1024 * 1024), **overrides)

    def fetch(self, date_from: datetime | None = None, tariffs: dict[str, Price] | None = None) -> FetchResult:
        """The whole directory (it has no incremental form; ``date_from`` is ignored)."""
        parser = getattr(static_sources, self.PARSERS[self.kind])
        deadline = self._monotonic() + self.deadline_seconds
        fetched_at = self._clock()
        parsed: list[ParseResult] = []

        def items_of(body: bytes) -> list[Any]:
            return [parser(body, fetched_at)]  # PayloadError (not JSON, wrong shape) → retried

        def consume(items: list[Any]) -> int:
            parsed.append(items[0])
            return items[0].raw_count

        self._page(self.url, deadline, consume, items_of)
        result = parsed[0]  # the parsers mark every site live=False
        return FetchResult(list(result.sites), list(result.dropped), [], fetched_at, complete=True, pages=1)
