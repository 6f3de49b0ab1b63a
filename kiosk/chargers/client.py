"""OCPI 2.2.1 Locations pull client: pagination, auth, timeouts, size cap, retries.

Blocking by design — the kiosk runs it in a child process (:mod:`kiosk.chargers.refresh`). One
``requests.Session`` is reused for every page. Everything that can go wrong on a network does
(see the project's OCPI notes); the client's answer to each:

* slow or hanging server: ``(connect, read)`` timeouts on every request, and an overall deadline
  checked while the body streams in, so a server that drips bytes cannot hold the kiosk;
* huge responses: ``Content-Length`` checked first, then the streamed bytes counted;
* HTTP 429: ``Retry-After`` in seconds or as an HTTP date, capped; 5xx, truncated bodies, HTML
  pages and dropped connections: retried with exponential backoff and jitter within the deadline;
* 401/403 and OCPI error codes: not retried; a :class:`NetworkError` says why;
* pagination: ``Link: <…>; rel="next"`` followed on the same host only; a repeated page, an
  off-host link or the page bound stops the crawl (falling back to ``offset`` arithmetic when
  ``X-Total-Count`` says more is left).

The network plumbing without OCPI in it (typed errors, ``Retry-After``, same-origin redirects,
the chunk reader) is :mod:`kiosk.chargers.transport`; the directory client (Open Charge Map, AFDC)
is :mod:`kiosk.chargers.directory`. Both stay importable from here.
"""
from __future__ import annotations

import base64
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urljoin, urlsplit

import requests

from kiosk import threadguard
from kiosk.chargers.envelope import PayloadError, decode_json, unwrap
from kiosk.chargers.model import ChargerSite, Dropped, Price
from kiosk.chargers.parse import ParseResult, parse_locations
from kiosk.chargers.tariffs import parse_tariffs
from kiosk.chargers.transport import (
    USER_AGENT, AuthRefused, OcpiStatusError, RateLimited, SameOriginSession, TryAgain, body_chunks,
    int_header, new_session, origin, retry_after_seconds, with_params,
)
from kiosk.chargers.values import format_time
from kiosk.errors import NetworkError

if TYPE_CHECKING:
    from kiosk.chargers.directory import DirectoryClient

logger = logging.getLogger(__name__)

# Names other modules import from here (the client's public face since it was one file).
__all__ = ["AuthRefused", "DirectoryClient", "FetchResult", "OcpiClient", "OcpiStatusError", "RateLimited",
           "SameOriginSession", "USER_AGENT", "format_date_from", "retry_after_seconds", "utc_now"]


@dataclass
class FetchResult:
    """The union of all pages of one crawl."""

    sites: list[ChargerSite]
    dropped: list[Dropped]
    hidden_ids: list[str]
    fetched_at: datetime
    complete: bool = True
    pages: int = 0
    total_count: int | None = None
    notes: list[str] = field(default_factory=list)


def _location_key(item: Any) -> Any:
    if isinstance(item, dict):
        return (str(item.get("country_code")), str(item.get("party_id")), str(item.get("id")))
    return object()  # not a location: never counts as "already seen"


def utc_now() -> datetime:
    """The default clock (a named function, so a client can cross to the refresh process)."""
    return datetime.now(timezone.utc)


#: ``date_from`` as the server expects it (kept under this name for older imports).
format_date_from = format_time


class OcpiClient:
    """Pulls all locations (or those changed since ``date_from``) from one OCPI endpoint."""

    def __init__(self, url: str, token: str = "", *, token_encoding: str = "raw",
                 connect_timeout: float = 3.05, read_timeout: float = 10.0,
                 deadline_seconds: float = 60.0, max_response_bytes: int = 16 * 1024 * 1024,
                 page_limit: int | None = None, max_pages: int = 200, attempts: int = 4,
                 max_retry_after: float = 60.0, backoff_base: float = 0.5, backoff_max: float = 15.0,
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic,
                 clock: Callable[[], datetime] = utc_now,
                 rng: random.Random | None = None, tariffs_url: str = "") -> None:
        if not url:
            raise NetworkError("no OCPI locations URL is configured")
        self.url = url
        self.tariffs_url = tariffs_url
        self.token = token
        self.token_encoding = token_encoding
        self.timeouts = (connect_timeout, read_timeout)
        self.deadline_seconds = deadline_seconds
        self.max_response_bytes = int(max_response_bytes)
        self.page_limit = page_limit
        self.max_pages = max_pages
        self.attempts = max(1, attempts)
        self.max_retry_after = max_retry_after
        self.backoff = (backoff_base, backoff_max)
        self.session = session or new_session()
        self.session.max_redirects = 5
        self.session.headers["User-Agent"] = USER_AGENT
        self._sleep, self._monotonic, self._clock = sleep, monotonic, clock
        self._rng = rng or random.Random()

    @classmethod
    def from_config(cls, section: Any, url: str | None = None, token: str | None = None,
                    **overrides: Any) -> OcpiClient:
        """A client from a ``ChargersSection`` (url/token may be overridden, e.g. by the CLI)."""
        # A locations URL given here (CLI, simulator) comes without the configured tariffs URL.
        overrides.setdefault("tariffs_url", section.tariffs_url if url is None else "")
        return cls(url if url is not None else section.url, token if token is not None else section.token,
                   token_encoding=section.token_encoding, connect_timeout=section.connect_timeout,
                   read_timeout=section.read_timeout, deadline_seconds=section.deadline_seconds,
                   max_response_bytes=int(section.max_response_mb * 1024 * 1024), **overrides)

    def close(self) -> None:
        self.session.close()

    # The kiosk refreshes in a child process (kiosk.chargers.refresh): a client crosses over as
    # its settings, and the child opens its own connections.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["session"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.session = new_session()

    # ------------------------------------------------------------------------------ headers
    def _auth_header(self) -> dict[str, str]:
        if not self.token:
            return {}
        token = self.token
        if self.token_encoding == "base64":
            token = base64.b64encode(token.encode("utf-8")).decode("ascii")
        return {"Authorization": f"Token {token}"}

    # ------------------------------------------------------------------------------ crawl
    def fetch(self, date_from: datetime | None = None, tariffs: dict[str, Price] | None = None) -> FetchResult:
        """All pages of the Locations endpoint as one result; ports take their price from
        ``tariffs`` (see :meth:`fetch_tariffs`). Raises :class:`NetworkError`."""
        fetched_at = self._clock()
        params = {"date_from": format_date_from(date_from)} if date_from is not None else {}
        parsed = ParseResult()
        result = FetchResult([], [], [], fetched_at)
        seen_keys: set[Any] = set()

        def consume(items: list[Any]) -> int | None:
            """Parse one page (None when it repeats an earlier page)."""
            keys = {_location_key(item) for item in items}
            if items and keys <= seen_keys:
                return None
            seen_keys.update(keys)
            parse_locations(items, fetched_at, tariffs, result=parsed)
            return len(items)

        self._crawl(self.url, params, consume, result)
        result.sites, result.dropped, result.hidden_ids = parsed.sites, parsed.dropped, parsed.hidden_ids
        return result

    def fetch_tariffs(self) -> tuple[dict[str, Price], list[Dropped]]:
        """All pages of the Tariffs endpoint: prices by tariff id, and the tariffs dropped with
        reasons. Nothing to fetch (no URL configured) gives ``({}, [])``. Raises
        :class:`NetworkError` like :meth:`fetch`."""
        prices: dict[str, Price] = {}
        dropped: list[Dropped] = []
        if not self.tariffs_url:
            return prices, dropped

        def consume(items: list[Any]) -> int:
            found, bad = parse_tariffs(items)
            for tariff_id, price in found.items():
                prices.setdefault(tariff_id, price)
            dropped.extend(bad)
            return len(items)

        self._crawl(self.tariffs_url, {}, consume, FetchResult([], [], [], self._clock()))
        return prices, dropped

    def _crawl(self, root: str, params: dict[str, str], consume: Callable[[list[Any]], int | None],
               result: FetchResult) -> None:
        """Every page from ``root`` (offset/limit, following ``Link rel="next"``) handed to
        ``consume``, which returns how many objects the page had, or None when the page repeats
        one already read. Page count, total and notes go into ``result``."""
        deadline = self._monotonic() + self.deadline_seconds
        base_params = ({"limit": str(self.page_limit)} if self.page_limit else {}) | params
        url = with_params(root, {"offset": "0", **base_params})
        seen_urls: set[str] = set()
        received = 0
        while True:
            seen_urls.add(url)
            count, headers = self._page(url, deadline, consume)
            result.pages += 1
            result.total_count = int_header(headers, "X-Total-Count")
            if count is None:
                result.notes.append("the server sent a page already read; stopped there")
                self._finish_incomplete(result, received)
                break
            received += count
            next_url = self._next_url(root, url, headers, received, result, base_params, seen_urls)
            if next_url is None:
                break
            if result.pages >= self.max_pages:
                result.notes.append(f"stopped after {self.max_pages} pages")
                result.complete = False
                break
            url = next_url
        for note in result.notes:
            logger.warning("OCPI crawl of %s: %s", urlsplit(root).netloc, note)

    @staticmethod
    def _finish_incomplete(result: FetchResult, received: int) -> None:
        if result.total_count is not None and received < result.total_count:
            result.complete = False

    def _next_url(self, root: str, url: str, headers: Any, received: int, result: FetchResult,
                  base_params: dict[str, str], seen_urls: set[str]) -> str | None:
        """Where the next page of the crawl that began at ``root`` is, or None at the end."""
        link = requests.utils.parse_header_links(headers.get("Link", "")) if headers.get("Link") else []
        target = next((item.get("url") for item in link
                       if "next" in str(item.get("rel", "")).lower().split()), None)
        if target:
            absolute = urljoin(url, target.strip())
            if origin(absolute) != origin(root):
                result.notes.append("ignored a next-page link to another host")
            elif absolute in seen_urls:
                result.notes.append("ignored a next-page link to a page already read")
            else:
                return absolute
        total = result.total_count
        if total is not None and received < total:
            # No usable link but the server says more is left: ask by offset on our own host.
            fallback = with_params(root, {"offset": str(received), **base_params})
            if fallback not in seen_urls:
                return fallback
        if target or (total is not None and received < total):
            result.complete = total is not None and received >= total
        return None

    # ------------------------------------------------------------------------------ one page
    def _page(self, url: str, deadline: float, consume: Callable[[list[Any]], int | None],
              items_of: Callable[[bytes], list[Any]] | None = None) -> tuple[int | None, Any]:
        """Fetch one page (with retries) and hand its objects to ``consume``; ``items_of`` turns
        the body into that list (default: the data of an OCPI envelope). A PayloadError from it
        is retried like a network fault."""
        last = "no attempt made"
        items_of = items_of or (lambda body: unwrap(decode_json(body)))
        for attempt in range(self.attempts):
            try:
                body, headers = self._get(url, deadline)
                try:
                    items = items_of(body)
                except PayloadError as exc:
                    if exc.ocpi_status is not None:
                        raise OcpiStatusError(f"the server answered with {exc}") from None
                    raise TryAgain(str(exc)) from None
                del body
                return consume(items), headers
            except TryAgain as retry:
                last = retry.reason
                if attempt + 1 >= self.attempts:
                    if retry.wait is not None:
                        raise RateLimited(f"rate limited by the server ({last})", retry.wait) from None
                    break
                self._wait(attempt, retry, deadline)
        raise NetworkError(f"could not read {urlsplit(url).netloc}: {last}")

    def _wait(self, attempt: int, retry: TryAgain, deadline: float) -> None:
        base, cap = self.backoff
        delay = min(cap, base * 2 ** attempt)
        delay = delay / 2 + self._rng.uniform(0, delay / 2)  # jitter: spread retries of many kiosks
        if retry.wait is not None:
            delay = max(delay, min(retry.wait, self.max_retry_after))
        if self._monotonic() + delay >= deadline:
            if retry.wait is not None:
                raise RateLimited(f"rate limited by the server ({retry.reason})", retry.wait)
            raise NetworkError(f"gave up within the {self.deadline_seconds:g} s deadline: {retry.reason}")
        self._sleep(delay)

    def _get(self, url: str, deadline: float) -> tuple[bytes, Any]:
        threadguard.check("charger API")
        remaining = deadline - self._monotonic()
        if remaining <= 0:
            raise NetworkError(f"no complete answer within the {self.deadline_seconds:g} s deadline")
        timeout = (min(self.timeouts[0], remaining), min(self.timeouts[1], remaining))
        try:
            with self.session.get(url, headers=self._auth_header(), timeout=timeout, stream=True) as resp:
                self._check_status(resp)
                return self._read_capped(resp, deadline), resp.headers
        except requests.Timeout:
            raise TryAgain("the server did not answer in time") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise TryAgain(f"connection failed ({type(exc).__name__})") from None
        except requests.RequestException as exc:
            raise NetworkError(f"request failed: {exc}") from None

    def _check_status(self, resp: requests.Response) -> None:
        status = resp.status_code
        if status in (401, 403):
            raise AuthRefused(f"the server refused the token (HTTP {status})")
        if status == 429:
            wait = retry_after_seconds(resp.headers.get("Retry-After"), self._clock())
            raise TryAgain("HTTP 429 Too Many Requests", wait if wait is not None else self.backoff[1])
        if status >= 500 or status == 408:
            raise TryAgain(f"HTTP {status}")
        if status >= 400:
            raise NetworkError(f"the server answered HTTP {status}")

    def _read_capped(self, resp: requests.Response, deadline: float) -> bytes:
        cap = self.max_response_bytes
        declared = int_header(resp.headers, "Content-Length")
        if declared is not None and declared > cap:
            raise NetworkError(f"the response is too large ({declared / 1e6:.1f} MB, limit {cap / 1e6:.1f} MB)")
        chunks, total = [], 0
        for chunk in body_chunks(resp):
            total += len(chunk)
            if total > cap:
                raise NetworkError(f"the response is larger than the {cap / 1e6:.1f} MB limit")
            if self._monotonic() > deadline:
                raise NetworkError(f"the response took longer than the {self.deadline_seconds:g} s deadline")
            chunks.append(chunk)
        return b"".join(chunks)


def __getattr__(name: str) -> Any:
    # DirectoryClient builds on OcpiClient, so it lives in a module that imports this one; it is
    # still importable from here, as it always was, without a circular import.
    if name == "DirectoryClient":
        from kiosk.chargers.directory import DirectoryClient
        return DirectoryClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
