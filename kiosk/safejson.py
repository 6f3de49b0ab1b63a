"""JSON from outside (map packs, content, caches) read with limits: size, nesting depth.

``json.loads`` recurses once per nesting level, so a file of 100,000 ``[`` raises
``RecursionError`` — a traceback instead of a message, from whichever command read it. And a
file of hundreds of megabytes is read whole into memory before anything is checked. Here both
are checked first, and every problem is a :class:`~kiosk.errors.ContentError` naming the file:

    data = safejson.load_file(path, max_bytes=64 << 20, max_depth=64)

The depth check is a linear scan of the text that skips strings, so it costs about as much as a
``bytes.count`` and never recurses itself.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kiosk.errors import ContentError

#: Defaults: generous for any map pack, lesson or cache the kiosk reads, far below what hurts.
MAX_BYTES = 64 << 20
MAX_DEPTH = 64

_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def nesting_depth(data: bytes | str, stop_at: int | None = None) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text (strings skipped); stops past ``stop_at``."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    depth = deepest = 0
    for match in _TOKENS.finditer(raw):
        token = match.group(0)
        if token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    return deepest
        elif token in (b"]", b"}"):
            depth = max(0, depth - 1)
    return deepest


def loads(data: bytes | str, source: str | Path | None = None, *, max_bytes: int = MAX_BYTES,
          max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with the size and depth limits; problems raise ContentError naming ``source``."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > max_bytes:
        raise ContentError(source, "", f"is {size:,} bytes; the limit is {max_bytes:,}")
    if nesting_depth(data, stop_at=max_depth) > max_depth:
        raise ContentError(source, "", f"nests deeper than {max_depth} levels; not accepted")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        where = f"line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ContentError(source, where, f"not valid JSON ({getattr(exc, 'msg', exc)})") from None


def load_file(path: str | Path, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Read and parse a JSON file without reading more than ``max_bytes + 1`` bytes of it."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ContentError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise ContentError(path, "", f"is larger than {max_bytes:,} bytes, the limit")
    return loads(data, path, max_bytes=max_bytes, max_depth=max_depth)


__all__ = ["loads", "load_file", "nesting_depth", "MAX_BYTES", "MAX_DEPTH"]
