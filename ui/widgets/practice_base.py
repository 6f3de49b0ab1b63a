"""The base of every practice pad (see :mod:`ui.widgets.practice`): the framed pretend space,
its labels, fonts and the big painted button, and the pad with one target in the middle."""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from kiosk.i18n import N_, _
from kiosk.lessons import Gesture, gesture_labels
from ui.theme import STANDARD, Palette, px


SWIPE_MIN = 120          # px a finger must travel for a swipe (shorter is a tap)
DRAG_MIN = 24            # px before a press on the item becomes a drag
PINCH_IN, PINCH_OUT = 1.15, 0.87   # two-finger spread that counts as zooming in / out
SCROLL_LINES = 30
SCROLL_TARGET_LINE = 24

DEFAULT_LABELS = {"target": N_("the button"), "item": N_("the apple"), "destination": N_("the box")}


class PracticePad(QFrame):
    """Base of every pad: a framed pretend space that reports gestures."""

    #: ``(kind, details)`` for :meth:`LessonRun.report_gesture`.
    attempted = Signal(str, dict)
    kind = ""

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.gesture = gesture
        #: The lesson's folder, where the gesture's pictures are.
        self.folder = folder
        self.palette_ = STANDARD
        self.scale = 1.0
        self.solved = False
        self.setObjectName("practicePad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumHeight(360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # -- public -------------------------------------------------------------------------------
    def perform(self, kind: str | None = None, **details: Any) -> None:
        """Report a gesture as if the learner had made it (default: this pad's own gesture)."""
        self.attempted.emit(kind or self.kind, details)

    def label(self, name: str) -> str:
        """The lesson's label ``name`` (target/item/destination) in the current language."""
        return _(gesture_labels(self.gesture).get(name) or DEFAULT_LABELS[name])

    def set_solved(self, solved: bool) -> None:
        """The engine said the gesture worked: show the finished state (and stop listening)."""
        self.solved = solved
        self.update()

    def restyle(self, palette: Palette, scale: float) -> None:
        self.palette_, self.scale = palette, scale
        self.setStyleSheet(f"QFrame#practicePad {{ background: {palette.surface};"
                           f" border: 3px dashed {palette.border}; border-radius: 20px; }}")
        self.setMinimumHeight(int(360 * min(scale, 1.5)))
        self.update()

    def retranslate(self) -> None:
        self.setAccessibleName(_("Practice area"))
        self.update()

    def picture_file(self, field: str) -> str | None:
        """The gesture's picture ``field`` (``item_picture``…) as a path, None when it has none."""
        name = getattr(self.gesture, field, None)
        if not name or self.folder is None or not (self.folder / name).is_file():
            return None
        return str(self.folder / name)

    # -- painting helpers -------------------------------------------------------------------------
    @staticmethod
    def draw_picture(painter: QPainter, path: str, rect: QRectF) -> QRectF:
        """Draw the picture at ``path`` as large as fits ``rect``, centred, keeping its shape;
        returns where it went."""
        renderer = _renderer(path)
        if renderer is not None:
            size = renderer.defaultSize()
        else:
            pixmap = QPixmap(path)
            size = pixmap.size()
        if size.isEmpty():
            return QRectF()
        ratio = min(rect.width() / size.width(), rect.height() / size.height())
        box = QRectF(0, 0, size.width() * ratio, size.height() * ratio)
        box.moveCenter(rect.center())
        if renderer is not None:
            renderer.render(painter, box)
        else:
            painter.drawPixmap(box, pixmap, QRectF(pixmap.rect()))
        return box

    def pad_font(self, role: str = "button", bold: bool = True) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px(role, self.scale))
        font.setBold(bold)
        return font

    def paint_button(self, painter: QPainter, rect: QRectF, text: str, *, fill: float = 0.0,
                     highlight: bool = False) -> None:
        """A big rounded button with ``text``; ``fill`` (0–1) rises from the bottom while held."""
        p = self.palette_
        path = QPainterPath()
        path.addRoundedRect(rect, 22, 22)
        painter.fillPath(path, QColor(p.primary))
        if fill > 0:
            painter.save()
            painter.setClipPath(path)
            level = rect.adjusted(0, rect.height() * (1 - min(fill, 1.0)), 0, 0)
            painter.fillRect(level, QColor(p.good))
            painter.restore()
        pen = QPen(QColor(p.focus if highlight else p.primary), 8 if highlight else 3)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)   # outline only: keep the fill just painted
        painter.drawPath(path)
        painter.setPen(QColor(p.on_primary))
        painter.setFont(self.pad_font("tile"))
        painter.drawText(rect.adjusted(12, 8, -12, -8),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


class _TargetPad(PracticePad):
    """A pad with one big target button in the middle, hit-tested by the pad itself."""

    def target_rect(self) -> QRectF:
        w = min(self.width() * 0.7, 520 * min(self.scale, 1.6))
        h = min(self.height() * 0.6, 180 * min(self.scale, 1.6))
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def on_target(self, event) -> bool:
        return self.target_rect().contains(event.position())

    def fill(self) -> float:
        return 1.0 if self.solved else 0.0

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = ("✔ " if self.solved else "") + self.label("target")
        self.paint_button(painter, self.target_rect(), text, fill=self.fill())
        painter.end()

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(_("Practice area with a button: {target}").format(target=self.label("target")))




@lru_cache(maxsize=16)
def _renderer(path: str) -> QSvgRenderer | None:
    """One SVG renderer per picture (None for a bitmap or a broken file)."""
    if not path.lower().endswith(".svg"):
        return None
    renderer = QSvgRenderer(path)
    return renderer if renderer.isValid() else None


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())

