"""Size limits of lesson content, and measuring an image without decoding it.

A lesson step is drawn on the UI thread, inside the kiosk's memory budget and well within the
30 s watchdog. The longest real step text is about 300 characters and a picture is shown at most
about 960 × 630, so these limits leave ample room while a hostile file can neither stall nor swell
the kiosk. They are checked by ``kiosk lessons validate``, at install and whenever lessons load
(in a worker), so the screens only ever open images that passed. The README's limits table gives
the same numbers.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Limits:
    """How big lesson content may be (tests pass smaller ones to stay fast)."""

    file_bytes: int = 256 * 1024          # one lesson.toml
    text_chars: int = 2000                # any one text of a lesson (a step text, a hint, a choice)
    image_bytes: int = 2 * 1024 * 1024    # one PNG file
    image_pixels: int = 2048 * 2048       # one PNG, width × height (4 bytes each once decoded)
    svg_bytes: int = 256 * 1024           # one SVG file (a hostile one drew in ~1 s, measured)


LIMITS = Limits()


def size_text(n: int) -> str:
    """Bytes for a message: ``512 KB``, ``100.0 MB``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def png_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the first 24 bytes of a PNG file, or None when it is not a PNG."""
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def image_problem(path: Path, limits: Limits = LIMITS) -> str | None:
    """Why an image may not be shown (too many bytes or pixels, not a PNG), from its size on disk
    and its header only: decoding a hostile image is the very thing to avoid."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(24)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if path.suffix.lower() == ".svg":
        if size > limits.svg_bytes:
            return f"is {size_text(size)}; the limit for an SVG image is {size_text(limits.svg_bytes)}"
        return None
    if size > limits.image_bytes:
        return f"is {size_text(size)}; the limit for a PNG image is {size_text(limits.image_bytes)}"
    dimensions = png_size(head)
    if dimensions is None or 0 in dimensions:
        return "is not a valid PNG image"
    width, height = dimensions
    if width * height > limits.image_pixels:
        return (f"is {width:,} × {height:,} pixels; the limit is {limits.image_pixels:,} pixels "
                "(2048 × 2048, say)")
    return None
