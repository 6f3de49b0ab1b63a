"""HTTP plumbing shared by the charger clients: typed faults, ``Retry-After``, origins, bodies.

Nothing here knows OCPI. :mod:`kiosk.chargers.client` (the paginated Locations/Tariffs crawl) and
:mod:`kiosk.chargers.directory` (one-shot directory downloads) build on these pieces: the errors a
visitor-facing message is chosen from, the rule that a redirect never leaves the configured
server, and a body reader that notices a dribbling server between chunks.
"""
from __future__ import annotations

import email.utils
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from kiosk.errors import NetworkError
from kiosk.redact import redact_url

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


class TryAgain(Exception):
    """One attempt failed in a way worth another try (after ``wait`` seconds if given).

    Internal to the clients: it never leaves :meth:`OcpiClient._page`, which turns the last one
    into a :class:`NetworkError` or :class:`RateLimited`."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


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


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of ``url`` with the scheme's default port filled in. A port that is
    not a number gives -1, so such a URL never counts as the configured server."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port or default
    except ValueError:
        port = -1
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def with_params(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to (or replacing keys of) its query string."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True)) | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def int_header(headers: Any, name: str) -> int | None:
    """A header holding a count (``X-Total-Count``, ``Content-Length``); junk or negative → None."""
    try:
        value = int(str(headers.get(name, "")).strip())
    except ValueError:
        return None
    return value if value >= 0 else None


class SameOriginSession(requests.Session):
    """Follows redirects only within the configured server (scheme, host and port): another
    site's data must never be shown as the city's, even without the token."""

    def get_redirect_target(self, resp):  # requests override
        target = super().get_redirect_target(resp)
        if target is not None:
            absolute = urljoin(resp.url, target)
            if origin(absolute) != origin(resp.url):
                raise NetworkError(f"the charger server redirected to another site "
                                   f"({redact_url(absolute)}); refused")
        return target


def new_session() -> SameOriginSession:
    """A session as every client uses it: same-origin redirects (at most five), our User-Agent."""
    session = SameOriginSession()
    session.max_redirects = 5
    session.headers["User-Agent"] = USER_AGENT
    return session


def body_chunks(resp: requests.Response, size: int = 64 * 1024) -> Iterator[bytes]:
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
