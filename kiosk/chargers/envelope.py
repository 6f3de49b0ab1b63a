"""The outer layer of an OCPI response: JSON decoding and the ``{data, status_code}`` envelope.

Only here does a whole page fail: a body that is not JSON (an HTML error page, a response cut
short) or an envelope whose ``status_code`` says error raises :class:`PayloadError`; the client
retries the first kind and reports the second. Whatever the shape — envelope, bare array, one
object without an envelope — :func:`unwrap` gives the list of objects for the parsers to check
one by one.
"""
from __future__ import annotations

import json
import math
from typing import Any


class PayloadError(ValueError):
    """The whole response is unusable (not JSON, an HTML page, or an OCPI error status)."""

    def __init__(self, reason: str, ocpi_status: int | None = None) -> None:
        super().__init__(reason)
        self.ocpi_status = ocpi_status


def decode_json(body: bytes | str) -> Any:
    """JSON from a response body; tolerates a BOM, explains HTML and truncation."""
    if isinstance(body, bytes):
        text = body.decode("utf-8-sig", errors="replace")
    else:
        text = body[1:] if body.startswith("\ufeff") else body
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        head = text.lstrip()[:200].lower()
        if head.startswith("<") or "<html" in head:
            raise PayloadError("the server sent a web page instead of OCPI data") from None
        if not head:
            raise PayloadError("the server sent an empty response") from None
        raise PayloadError(f"the response is not valid JSON (cut short or damaged): {exc}") from None


def ocpi_status(value: Any) -> int | None:
    """The envelope's ``status_code`` as a number; "Success" and other words count as 1000."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        lowered = text.lower()
        if lowered in ("success", "ok", "accepted"):
            return 1000
        if "error" in lowered or "fail" in lowered:
            return 2000
    return None


def unwrap(document: Any) -> list[Any]:
    """The list of location objects inside an OCPI response, whatever its shape."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise PayloadError("the response is neither an OCPI envelope nor a list of locations")
    code = ocpi_status(document.get("status_code"))
    if code is not None and not 1000 <= code < 2000:
        message = str(document.get("status_message") or "").strip()[:200]
        raise PayloadError(f"OCPI error {code}" + (f": {message}" if message else ""), code)
    if "data" not in document:
        if any(key in document for key in ("evses", "coordinates", "elements")):
            return [document]  # a single location (or tariff) without an envelope
        raise PayloadError("the response has no 'data'")
    data = document["data"]
    if data is None:
        return []
    if isinstance(data, dict):
        return [data]
    if not isinstance(data, list):
        raise PayloadError("'data' is neither a list nor a location")
    return data
