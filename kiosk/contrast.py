"""WCAG 2.x colour contrast, without Qt: relative luminance, contrast ratio and the thresholds.

Colours are CSS-style strings as the themes write them (``#RRGGBB``, ``#RGB``, ``#AARRGGBB`` is
not used) or ``rgba(r, g, b, a)`` with ``a`` in 0–255 (Qt style-sheet convention) or 0–1.
A translucent colour is first composited over the background it is drawn on, as the eye sees it.

Thresholds (WCAG 2.2): text needs 7:1 (SC 1.4.6, AAA), large text 4.5:1; large means at least
24 px, or at least 18.66 px in bold. Control borders, focus rings, icons and map lines that carry
meaning need 3:1 against what they sit on (SC 1.4.11).
"""
from __future__ import annotations

import re

RGB = tuple[float, float, float]

TEXT_MIN = 7.0
LARGE_TEXT_MIN = 4.5
NON_TEXT_MIN = 3.0

_RGBA = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def parse_colour(text: str) -> tuple[RGB, float]:
    """``(r, g, b)`` in 0–255 and the alpha in 0–1 of a ``#hex`` or ``rgb()/rgba()`` colour."""
    value = text.strip()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise ValueError(f"not a colour: {text!r}")
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)), 1.0
    match = _RGBA.fullmatch(value)
    if not match:
        raise ValueError(f"not a colour: {text!r}")
    r, g, b = (float(match.group(i)) for i in (1, 2, 3))
    alpha = float(match.group(4)) if match.group(4) is not None else 1.0
    if alpha > 1.0:
        alpha /= 255.0
    return (r, g, b), alpha


def composite(colour: str | RGB, background: str | RGB) -> RGB:
    """The opaque colour seen when ``colour`` (possibly translucent) lies on ``background``."""
    fg, alpha = parse_colour(colour) if isinstance(colour, str) else (colour, 1.0)
    bg = composite(background, (255.0, 255.0, 255.0)) if isinstance(background, str) else background
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg))  # type: ignore[return-value]


def _channel(value: float) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | RGB) -> float:
    """WCAG relative luminance (0 = black, 1 = white) of an opaque colour."""
    r, g, b = composite(colour, (255.0, 255.0, 255.0)) if isinstance(colour, str) else colour
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str | RGB, background: str | RGB) -> float:
    """(L_lighter + 0.05) / (L_darker + 0.05), from 1 (none) to 21 (black on white)."""
    bg = composite(background, (255.0, 255.0, 255.0)) if isinstance(background, str) else background
    fg = composite(foreground, bg) if isinstance(foreground, str) else foreground
    high, low = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_large_text(pixel_size: float, bold: bool) -> bool:
    """WCAG "large scale" text: 18 pt (24 px) or 14 pt (18.66 px) bold."""
    return pixel_size >= 24 or (bold and pixel_size >= 18.66)


def text_minimum(pixel_size: float, bold: bool) -> float:
    """The AAA contrast a text of this size and weight needs."""
    return LARGE_TEXT_MIN if is_large_text(pixel_size, bold) else TEXT_MIN


def cap_height_mm(cap_height_px: float, diagonal_inches: float, width_px: int, height_px: int) -> float:
    """How tall capitals are on the glass, from the panel's diagonal and resolution."""
    pitch_mm = diagonal_inches * 25.4 / (width_px ** 2 + height_px ** 2) ** 0.5
    return cap_height_px * pitch_mm
