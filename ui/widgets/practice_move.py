"""Practice pads where the finger travels: drag and drop, swipe, and scrolling a list."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.lessons import Gesture
from ui.theme import Palette, px
from ui.widgets.practice_base import (SWIPE_MIN, DRAG_MIN, SCROLL_LINES, SCROLL_TARGET_LINE,
                                      PracticePad)


class DragDropPad(PracticePad):
    """The item follows the finger; dropping it over the box is the gesture. Tapping the item
    and then the box does the same with single taps (WCAG 2.5.7)."""
    kind = "drag_drop"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
        self._offset: QPointF | None = None     # where on the item the finger holds it
        self._item_pos: QPointF | None = None   # None: at home
        self._press = QPointF()
        self._dragged = False
        self.selected = False

    def box_rect(self) -> QRectF:
        w, h = self.width() * 0.4, self.height() * 0.72
        return QRectF(self.width() - w - self.width() * 0.05, (self.height() - h) / 2, w, h)

    def item_home(self) -> QRectF:
        w = self.width() * 0.4
        # A picture item has room for the picture and its name under it.
        tall, share = (240, 0.6) if self.picture_file("item_picture") else (150, 0.4)
        h = min(self.height() * share, tall * min(self.scale, 1.6))
        return QRectF(self.width() * 0.05, (self.height() - h) / 2, w, h)

    def item_rect(self) -> QRectF:
        home = self.item_home()
        if self.solved:
            home.moveCenter(self.box_rect().center())
        elif self._item_pos is not None:
            home.moveTopLeft(self._item_pos)
        return home

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton or self.solved:
            return
        pos = event.position()
        if self.item_rect().contains(pos):
            self._offset = pos - self.item_rect().topLeft()
            self._press = pos
            self._dragged = False
        elif self.box_rect().contains(pos) and self.selected:
            self.selected = False
            self.perform("drag_drop", on_target=True, by_taps=True)
        self.update()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._offset is None:
            return
        pos = event.position()
        if (pos - self._press).manhattanLength() >= DRAG_MIN:
            self._dragged = True
            self.selected = False
        if self._dragged:
            self._item_pos = pos - self._offset
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._offset is None:
            return
        self._offset = None
        if not self._dragged:
            self.selected = not self.selected   # a tap picks the item up; tap the box next
            self.update()
            return
        dropped_in = self.box_rect().contains(self.item_rect().center())
        self._item_pos = None
        self.perform("drag_drop", on_target=dropped_in)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        p = self.palette_
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.box_rect()
        painter.setPen(QPen(QColor(p.text), 5, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(p.window))
        painter.drawRoundedRect(box, 20, 20)
        painter.setFont(self.pad_font("button"))
        caption = "⬇ " + self.label("destination")
        basket = self.picture_file("destination_picture")
        if basket:
            # The basket drawn in the box, its name under it.
            line = painter.fontMetrics().height() * 2 + 16
            self.draw_picture(painter, basket, box.adjusted(20, 20, -20, -line))
        painter.drawText(box.adjusted(12, 12, -12, -12),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                         | Qt.TextFlag.TextWordWrap, caption)
        text = ("✔ " if self.solved else "✋ " if self.selected else "") + self.label("item")
        apple = self.picture_file("item_picture")
        if apple:
            self._paint_picture_item(painter, apple, text)
        else:
            self.paint_button(painter, self.item_rect(), text, highlight=self.selected)
        painter.end()

    def _paint_picture_item(self, painter: QPainter, path: str, text: str) -> None:
        """The item as its picture (an apple is an apple), its name under it; a ring when it
        has been picked up by a tap."""
        p, rect = self.palette_, self.item_rect()
        painter.setFont(self.pad_font("small"))
        line = painter.fontMetrics().height() + 8
        drawn = self.draw_picture(painter, path, rect.adjusted(8, 8, -8, -line))
        if self.selected:
            painter.setPen(QPen(QColor(p.focus), 8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(drawn.adjusted(-10, -10, 10, 10))
        painter.setPen(QColor(p.text))
        painter.drawText(QRectF(rect.left(), rect.bottom() - line, rect.width(), line),
                         Qt.AlignmentFlag.AlignCenter, text)

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(_("Practice area: drag {item} into {destination}").format(
            item=self.label("item"), destination=self.label("destination")))


class SwipePad(PracticePad):
    """A page that follows the finger; the press→release line gives the direction."""
    kind = "swipe"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
        self._start: QPointF | None = None
        self._shift = QPointF()
        self.page = 1

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = event.position()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._start is not None:
            self._shift = event.position() - self._start
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._start is None:
            return
        line = event.position() - self._start
        self._start, self._shift = None, QPointF()
        direction = swipe_direction(line.x(), line.y())
        if direction is None:
            self.perform("tap")
        else:
            self.perform("swipe", direction=direction)
        self.update()

    def set_solved(self, solved: bool) -> None:
        if solved and not self.solved:
            self.page += 1
        super().set_solved(solved)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        p = self.palette_
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = QRectF(self.rect()).adjusted(40, 30, -40, -30).translated(self._shift)
        painter.setPen(QPen(QColor(p.border), 3))
        painter.setBrush(QColor(p.window))
        painter.drawRoundedRect(page, 18, 18)
        painter.setPen(QColor(p.text))
        painter.setFont(self.pad_font("display"))
        painter.drawText(page, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         ("✔ " if self.solved else "") + _("Page {number}").format(number=self.page))
        painter.end()

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(_("Practice area: slide your finger across this page"))


def swipe_direction(dx: float, dy: float, minimum: float = SWIPE_MIN) -> str | None:
    """left/right/up/down for a finger movement of (dx, dy) px, or None when it is too short."""
    if math.hypot(dx, dy) < minimum:
        return None
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "down" if dy > 0 else "up"


class ScrollPad(PracticePad):
    """A long list in a scroll area; dragging the list or the wheel moves it. A tap on the list
    (no slide) is reported as a scroll that did not find the item yet."""
    kind = "scroll"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFixedHeight(320)
        inner = QWidget()
        lines = QVBoxLayout(inner)
        lines.setSpacing(4)
        self.lines: list[QLabel] = []
        for number in range(1, SCROLL_LINES + 1):
            label = QLabel()
            label.setMinimumHeight(64)
            label.setWordWrap(True)
            lines.addWidget(label)
            self.lines.append(label)
        self.target = self.lines[SCROLL_TARGET_LINE - 1]
        self.area.setWidget(inner)
        layout.addWidget(self.area)
        self.area.viewport().installEventFilter(self)
        self.area.verticalScrollBar().valueChanged.connect(self._on_scrollbar_value_changed)
        self._press: QPointF | None = None
        self._press_value = 0
        self._slid = False

    def target_in_view(self) -> bool:
        """At least half of the starred line shows in the list's window."""
        viewport = self.area.viewport()
        top = self.target.mapTo(viewport, self.target.rect().topLeft()).y()
        shown = min(top + self.target.height(), viewport.height()) - max(top, 0)
        return shown >= self.target.height() / 2

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press, self._slid = event.position(), False
            self._press_value = self.area.verticalScrollBar().value()
            return True
        if kind == QEvent.Type.MouseMove and self._press is not None:
            dy = event.position().y() - self._press.y()
            if abs(dy) >= DRAG_MIN / 2:
                self._slid = True
            self.area.verticalScrollBar().setValue(int(self._press_value - dy))
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            self._press = None
            if not self._slid and not self.solved:
                self.perform("scroll", found=self.target_in_view())
            return True
        return super().eventFilter(watched, event)

    def _on_scrollbar_value_changed(self, _value: int) -> None:
        if not self.solved and self.target_in_view():
            self.perform("scroll", found=True)

    def restyle(self, palette: Palette, scale: float) -> None:
        super().restyle(palette, scale)
        self.area.setFixedHeight(int(320 * min(scale, 1.5)))
        self.target.setStyleSheet(f"color: {palette.text}; font-weight: 700;"
                                  f" border: 4px solid {palette.text}; border-radius: 10px;")

    def retranslate(self) -> None:
        super().retranslate()
        for number, label in enumerate(self.lines, start=1):
            label.setText(_("Line {number}").format(number=number))
        self.target.setText("★ " + _(self.gesture.item))
        self.setAccessibleName(_("Practice area: a long list. Find {item}.").format(item=_(self.gesture.item)))

