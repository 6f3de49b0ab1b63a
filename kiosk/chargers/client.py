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
"""
from __future__ import annotations

import base64
import email.utils
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from kiosk import threadguard
from kiosk.chargers.model import ChargerSite, Dropped, Price
from kiosk.chargers.parse import ParseResult, PayloadError, decode_json, parse_locations, unwrap
from kiosk.chargers.tariffs import parse_tariffs
from kiosk.redact import redact_url
from kiosk.errors import NetworkError

logger = logging.getLogger(__name__)

USER_AGENT = "weho-kiosk (OCPI 2.2.1 locations client)"


class AuthRefused(NetworkError):
    """The server refused the token (HTTP 401/403)."""


class OcpiStatusError(NetworkError):
    """HTTP 200 but the OCPI envelope carried an error ``status_code``."""


class RateLimited(NetworkError):
    """The server kept answering 429; ``retry_after`` is how long it asked us to wait."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Retry(Exception):
    """One attempt failed in a way worth another try (after ``wait`` seconds if given)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


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


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: a number of seconds or an HTTP date; junk → None."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port or default
    except ValueError:
        port = -1
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _with_params(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True)) | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def _int_header(headers: Any, name: str) -> int | None:
    try:
        value = int(str(headers.get(name, "")).strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def _location_key(item: Any) -> Any:
    if isinstance(item, dict):
        return (str(item.get("country_code")), str(item.get("party_id")), str(item.get("id")))
    return object()  # not a location: never counts as "already seen"


def utc_now() -> datetime:
    """The default clock (a named function, so a client can cross to the refresh process)."""
    return datetime.now(timezone.utc)


def format_date_from(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class SameOriginSession(requests.Session):
    """Follows redirects only within the configured server (scheme, host and port): another
    site's data must never be shown as the city's, even without the token."""

    def get_redirect_target(self, resp):  # requests override
        target = super().get_redirect_target(resp)
        if target is not None:
            absolute = urljoin(resp.url, target)
            if _origin(absolute) != _origin(resp.url):
                raise NetworkError(f"the charger server redirected to another site "
                                   f"({redact_url(absolute)}); refused")
        return target


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
        self.session = session or SameOriginSession()
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
        self.session = SameOriginSession()
        self.session.max_redirects = 5
        self.session.headers["User-Agent"] = USER_AGENT

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
        url = _with_params(root, {"offset": "0", **base_params})
        seen_urls: set[str] = set()
        received = 0
        while True:
            seen_urls.add(url)
            count, headers = self._page(url, deadline, consume)
            result.pages += 1
            result.total_count = _int_header(headers, "X-Total-Count")
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
            if _origin(absolute) != _origin(root):
                result.notes.append("ignored a next-page link to another host")
            elif absolute in seen_urls:
                result.notes.append("ignored a next-page link to a page already read")
            else:
                return absolute
        total = result.total_count
        if total is not None and received < total:
            # No usable link but the server says more is left: ask by offset on our own host.
            fallback = _with_params(root, {"offset": str(received), **base_params})
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
                    raise _Retry(str(exc)) from None
                del body
                return consume(items), headers
            except _Retry as retry:
                last = retry.reason
                if attempt + 1 >= self.attempts:
                    if retry.wait is not None:
                        raise RateLimited(f"rate limited by the server ({last})", retry.wait) from None
                    break
                self._wait(attempt, retry, deadline)
        raise NetworkError(f"could not read {urlsplit(url).netloc}: {last}")

    def _wait(self, attempt: int, retry: _Retry, deadline: float) -> None:
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
            raise _Retry("the server did not answer in time") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise _Retry(f"connection failed ({type(exc).__name__})") from None
        except requests.RequestException as exc:
            raise NetworkError(f"request failed: {exc}") from None

    def _check_status(self, resp: requests.Response) -> None:
        status = resp.status_code
        if status in (401, 403):
            raise AuthRefused(f"the server refused the token (HTTP {status})")
        if status == 429:
            wait = retry_after_seconds(resp.headers.get("Retry-After"), self._clock())
            raise _Retry("HTTP 429 Too Many Requests", wait if wait is not None else self.backoff[1])
        if status >= 500 or status == 408:
            raise _Retry(f"HTTP {status}")
        if status >= 400:
            raise NetworkError(f"the server answered HTTP {status}")

    def _read_capped(self, resp: requests.Response, deadline: float) -> bytes:
        cap = self.max_response_bytes
        declared = _int_header(resp.headers, "Content-Length")
        if declared is not None and declared > cap:
            raise NetworkError(f"the response is too large ({declared / 1e6:.1f} MB, limit {cap / 1e6:.1f} MB)")
        chunks, total = [], 0
        for chunk in _chunks(resp):
            total += len(chunk)
            if total > cap:
                raise NetworkError(f"the response is larger than the {cap / 1e6:.1f} MB limit")
            if self._monotonic() > deadline:
                raise NetworkError(f"the response took longer than the {self.deadline_seconds:g} s deadline")
            chunks.append(chunk)
        return b"".join(chunks)


def _chunks(resp: requests.Response, size: int = 64 * 1024):
    """The body as it arrives: ``read1`` returns whatever is there instead of waiting for ``size``
    bytes, so the deadline is checked even while a server dribbles a few bytes at a time."""
    raw = resp.raw
    if not hasattr(raw, "read1"):
        yield from resp.iter_content(size)
        return
    try:
        while True:
            chunk = raw.read1(size, decode_content=True)
            if not chunk:
                return
            yield chunk
    except Exception as exc:  # urllib3's own errors, as iter_content would translate them
        import urllib3.exceptions as u3
        if isinstance(exc, (u3.ProtocolError, u3.IncompleteRead)):
            raise requests.exceptions.ChunkedEncodingError(exc) from None
        if isinstance(exc, u3.ReadTimeoutError):
            raise requests.exceptions.ConnectionError(exc) from None
        if isinstance(exc, u3.DecodeError):
            raise requests.exceptions.ContentDecodingError(exc) from None
        raise


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
        from kiosk.chargers import static_sources
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
