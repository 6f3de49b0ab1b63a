"""Colours, type sizes and the Qt style sheet, for the standard and high-contrast themes.

The style sheet is generated from a :class:`Palette` and the visitor's text scale, so A−/A+
changes every font on every screen at once and layouts reflow. Colours are chosen for WCAG AAA
text contrast (7:1; tests compute it from these very values) and never carry meaning alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent / "icons"

FONT_FAMILIES = '"Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif'


@dataclass(frozen=True)
class Palette:
    name: str
    window: str          # page background
    text: str            # body text
    muted: str           # secondary text (still ≥ 7:1 on window)
    surface: str         # cards, bars
    primary: str         # main buttons and tiles
    on_primary: str
    secondary: str       # ordinary buttons
    on_secondary: str
    border: str          # control borders (≥ 3:1 against window)
    focus: str           # keyboard focus ring
    selected: str        # chosen language / current option
    on_selected: str
    good: str            # status: available / success (always with icon + word)
    warn: str            # status: in use / attention
    bad: str             # status: out of order / error
    overlay: str         # idle-warning veil


STANDARD = Palette(
    name="standard", window="#FFFFFF", text="#111111", muted="#3A3A3A", surface="#EEF2F7",
    primary="#0B3D91", on_primary="#FFFFFF", secondary="#FFFFFF", on_secondary="#0B3D91",
    border="#4A5568", focus="#B34700", selected="#0B3D91", on_selected="#FFFFFF",
    good="#0A5C27", warn="#7A4A00", bad="#A4161A", overlay="rgba(0, 0, 0, 180)",
)

HIGH_CONTRAST = Palette(
    name="high_contrast", window="#000000", text="#FFFFFF", muted="#E6E6E6", surface="#1A1A1A",
    primary="#FFE600", on_primary="#000000", secondary="#000000", on_secondary="#FFE600",
    border="#FFFFFF", focus="#00E5FF", selected="#FFE600", on_selected="#000000",
    good="#7CFF7C", warn="#FFD166", bad="#FF8A8A", overlay="rgba(0, 0, 0, 220)",
)

PALETTES = {p.name: p for p in (STANDARD, HIGH_CONTRAST)}

#: Type sizes in px at text scale 1.0, chosen so capitals are ≥ 4.8 mm tall on a 32" 1080p panel.
BASE_SIZES = {"body": 30, "small": 26, "button": 30, "title": 48, "display": 72, "tile": 40}
#: Smallest touch target in px at scale 1.0 (the kiosk uses far more than WCAG's 44).
TOUCH_MIN = 88
#: Scroll bars are touch targets too: wider than WCAG's 44 px.
SCROLLBAR = 48


def px(role: str, scale: float) -> int:
    return int(round(BASE_SIZES[role] * scale))


def stylesheet(p: Palette, scale: float, focus_ring: bool = True) -> str:
    """The whole application's QSS for palette ``p`` at text scale ``scale``.

    ``focus_ring`` is off on touch-only street kiosks, where nobody moves focus by keyboard and a
    ring left on the last-tapped button would only confuse.
    """
    # A focus ring is thicker than the plain border; the padding gives the difference back, so a
    # button keeps its size (and its words their room) when focus moves onto it. On filled
    # buttons (primary, tiles) the ring is doubled around a band of page colour: the focus
    # colour against the navy fill is only 1.7:1, the band against the fill well over 3:1.
    s = lambda role: px(role, scale)  # noqa: E731 - tiny local helper keeps the QSS readable
    qss = f"""
* {{ font-family: {FONT_FAMILIES}; }}
QWidget {{ background: {p.window}; color: {p.text}; font-size: {s('body')}px; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {s('title')}px; font-weight: 700; }}
QLabel[role="display"] {{ font-size: {s('display')}px; font-weight: 700; }}
QLabel[role="muted"] {{ color: {p.muted}; font-size: {s('small')}px; }}
QLabel[role="lead"] {{ font-size: {s('tile')}px; }}
QPushButton {{
    background: {p.secondary}; color: {p.on_secondary}; border: 3px solid {p.border};
    border-radius: 14px; padding: 12px 24px; font-size: {s('button')}px; font-weight: 600;
    min-height: {TOUCH_MIN - 30}px; min-width: {TOUCH_MIN - 54}px;
}}
QPushButton:focus {{ border: 5px solid {p.focus}; padding: 10px 22px; }}
QPushButton:pressed {{ background: {p.surface}; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; }}
QPushButton[role="primary"]:focus {{
    border: 12px double {p.focus}; background-clip: padding; padding: 3px 15px;
}}
QPushButton[role="tile"] {{
    background: {p.primary}; color: {p.on_primary}; border: 3px solid {p.primary};
    border-radius: 24px; font-size: {s('tile')}px; font-weight: 700; padding: 24px; text-align: left;
}}
QPushButton[role="tile"]:focus {{ border: 12px double {p.focus}; background-clip: padding; padding: 15px; }}
QPushButton[role="language"][selected="true"] {{
    background: {p.selected}; color: {p.on_selected}; border-color: {p.selected};
}}
QPushButton:disabled, QPushButton[role="primary"]:disabled, QPushButton[role="tile"]:disabled,
QPushButton[unavailable="true"], QPushButton[role="primary"][unavailable="true"],
QPushButton[role="tile"][unavailable="true"] {{
    background: {p.surface}; color: {p.muted}; border: 3px dashed {p.muted};
}}
QWidget#controlBar, QWidget#attractFooter {{ background: {p.surface}; }}
QWidget#controlBar QPushButton {{ font-size: {s('button')}px; }}
QWidget#idleOverlay {{ background: {p.overlay}; }}
QFrame#card {{ background: {p.window}; border: 4px solid {p.border}; border-radius: 24px; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: {SCROLLBAR}px; background: {p.surface}; }}
QScrollBar::handle:vertical {{ background: {p.border}; min-height: 60px; border-radius: 10px; }}
QScrollBar:horizontal {{ height: {SCROLLBAR}px; background: {p.surface}; }}
QScrollBar::handle:horizontal {{ background: {p.border}; min-width: 60px; border-radius: 10px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""
    if not focus_ring:
        qss += f"""
QPushButton:focus {{ border: 3px solid {p.border}; padding: 12px 24px; }}
QPushButton[role="primary"]:focus {{ border: 3px solid {p.primary}; padding: 12px 24px; }}
QPushButton[role="tile"]:focus {{ border: 3px solid {p.primary}; padding: 24px; }}
"""
    return qss


@lru_cache(maxsize=128)
def _svg_pixmap(name: str, color: str, size: int) -> QPixmap:
    data = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
    data = data.replace("currentColor", color).replace("#FFFFFF", color)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def icon(name: str, color: str, size: int = 96) -> QIcon:
    """An icon from ``theme/icons/<name>.svg`` drawn in ``color`` (icons follow the theme)."""
    return QIcon(_svg_pixmap(name, color, size))


def icon_size(scale: float, base: int = 48) -> QSize:
    side = int(round(base * scale))
    return QSize(side, side)
