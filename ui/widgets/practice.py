"""Practice pads: safe pretend spaces where a learner tries each touchscreen gesture.

A pad only turns real input (mouse, touch, wheel, keys) into a gesture report — ``attempted(kind,
details)`` — which the lesson player hands to :meth:`kiosk.lessons.LessonRun.report_gesture`. The
engine judges it and chooses the feedback; a pad never decides success itself (the typing pad
only notices early that the text already matches, so nobody has to find Enter).

Every pad has :meth:`PracticePad.perform` to report a gesture directly (tests, demos) and shows the
lesson's own labels (``target``, ``item``, ``destination``), translated when shown.

==============  ==================================================================================
tap             a big target button; a tap beside it counts as off target
double_tap      two taps within the system double-click time (a lone tap is reported as a tap)
press_hold      the press is timed with QElapsedTimer; the button fills up while held
drag_drop       press the item, move, release over the box; or tap the item, then tap the box
swipe           direction of the press→release line, at least ``SWIPE_MIN`` px long
scroll          a list (drag it or use the wheel); success when the starred line is in view
type            the on-screen keyboard (or a real one) and a big line showing the text
pinch           two-finger touch, touchpad pinch or Ctrl+wheel; and big + / − buttons (WCAG 2.5.7)
==============  ==================================================================================
"""
from __future__ import annotations

import math
from typing import Any, Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from kiosk.i18n import N_, _
from kiosk.lessons import Gesture, gesture_labels, judge
from ui.theme import STANDARD, TOUCH_MIN, Palette, px
from ui.widgets.buttons import BigButton
from ui.widgets.keyboard import OnScreenKeyboard

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

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gesture = gesture
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

    # -- painting helpers -------------------------------------------------------------------------
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


class TapPad(_TargetPad):
    kind = "tap"

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.perform("tap", on_target=self.on_target(event))


class DoubleTapPad(_TargetPad):
    """Waits the system double-click time after a tap: a second tap makes it a double tap."""
    kind = "double_tap"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(QApplication.doubleClickInterval())
        self._pending.timeout.connect(self._on_pending_timeout)
        self._pending_on_target = True

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and not self._pending.isActive():
            self._pending_on_target = self.on_target(event)
            self._pending.start()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._pending.stop()
        self.perform("double_tap", on_target=self.on_target(event))

    def _on_pending_timeout(self) -> None:
        # One tap alone: on the button it is "a tap" (the engine explains), beside it, off target.
        if self._pending_on_target:
            self.perform("tap", on_target=True)
        else:
            self.perform("double_tap", on_target=False)


class PressHoldPad(_TargetPad):
    """Times the press; reports as soon as the hold is long enough, or on an early release."""
    kind = "press_hold"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
        self.hold_seconds = float(getattr(gesture, "hold_seconds", 1.5))
        self.clock = QElapsedTimer()
        self._ticker = QTimer(self)
        self._ticker.setInterval(30)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._held = False

    def held_seconds(self) -> float:
        return self.clock.elapsed() / 1000 if self._held else 0.0

    def fill(self) -> float:
        return 1.0 if self.solved else self.held_seconds() / self.hold_seconds

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton or self.solved:
            return
        if not self.on_target(event):
            self.perform("press_hold", on_target=False, seconds=0.0)
            return
        self._held = True
        self.clock.start()
        self._ticker.start()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._held:
            self._finish()

    def _on_ticker_timeout(self) -> None:
        if self.held_seconds() >= self.hold_seconds:
            self._finish()
        self.update()

    def _finish(self) -> None:
        seconds = self.held_seconds()
        self._held = False
        self._ticker.stop()
        self.perform("press_hold", on_target=True, seconds=round(seconds, 2))
        self.update()


class DragDropPad(PracticePad):
    """The item follows the finger; dropping it over the box is the gesture. Tapping the item
    and then the box does the same with single taps (WCAG 2.5.7)."""
    kind = "drag_drop"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
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
        h = min(self.height() * 0.4, 150 * min(self.scale, 1.6))
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
        painter.drawText(box.adjusted(12, 12, -12, -12),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                         | Qt.TextFlag.TextWordWrap, "⬇ " + self.label("destination"))
        text = ("✔ " if self.solved else "✋ " if self.selected else "") + self.label("item")
        self.paint_button(painter, self.item_rect(), text, highlight=self.selected)
        painter.end()

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(_("Practice area: drag {item} into {destination}").format(
            item=self.label("item"), destination=self.label("destination")))


class SwipePad(PracticePad):
    """A page that follows the finger; the press→release line gives the direction."""
    kind = "swipe"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
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

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
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


class TypePad(PracticePad):
    """What to type, a big line with what was typed, and the on-screen keyboard."""
    kind = "type"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        # Thin margins: eleven 88 px keys must fit the 1080 px wide portrait screen.
        layout.setContentsMargins(6, 10, 6, 6)
        layout.setSpacing(10)
        self.model = QLabel()
        self.model.setWordWrap(True)
        self.typed = QLabel()
        self.typed.setObjectName("typedText")
        self.typed.setWordWrap(True)
        self.typed.setMinimumHeight(80)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.text_changed.connect(self._on_keyboard_text_changed)
        self.keyboard.submitted.connect(self._on_keyboard_submitted)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.model)
        top.addWidget(self.typed, 1)
        layout.addLayout(top)
        layout.addWidget(self.keyboard)

    def _on_keyboard_text_changed(self, text: str) -> None:
        self._show_typed()
        if not self.solved and judge(self.gesture, "type", {"text": text})[0]:
            self.perform("type", text=text)

    def _on_keyboard_submitted(self, text: str) -> None:
        if not self.solved:
            self.perform("type", text=text)

    def _show_typed(self) -> None:
        self.typed.setText(self.keyboard.text() + "▏")
        self.typed.setAccessibleName(_("What you typed: {text}").format(text=self.keyboard.text()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override: library PC keyboards
        if not self.keyboard.handle_key_event(event):
            super().keyPressEvent(event)

    def restyle(self, palette: Palette, scale: float) -> None:
        super().restyle(palette, scale)
        self.keyboard.set_scale(scale)
        self.typed.setStyleSheet(
            f"QLabel#typedText {{ background: {palette.window}; color: {palette.text};"
            f" border: 3px solid {palette.border}; border-radius: 12px; padding: 8px 16px;"
            f" font-size: {px('title', scale)}px; }}")
        self.model.setStyleSheet(f"font-size: {px('tile', scale)}px;")

    def retranslate(self) -> None:
        super().retranslate()
        from kiosk.i18n import current_language

        self.keyboard.set_language(current_language())
        self.model.setText(_("Type: {text}").format(text=_(self.gesture.expected)))
        self._show_typed()
        self.setAccessibleName(_("Practice area with a keyboard"))


class PinchPad(PracticePad):
    """Small print that grows and shrinks: two fingers, a touchpad pinch, Ctrl+wheel, or the big
    + / − buttons (the single-tap way, WCAG 2.5.7)."""
    kind = "pinch"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None) -> None:
        super().__init__(gesture, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.zoom = 1.0
        self._live = 1.0
        self._start_distance = 0.0
        self._native = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.smaller = BigButton()
        self.smaller.setObjectName("pinch_smaller")
        self.bigger = BigButton()
        self.bigger.setObjectName("pinch_bigger")
        self.smaller.clicked.connect(lambda: self._zoom_by("out"))
        self.bigger.clicked.connect(lambda: self._zoom_by("in"))
        row.addWidget(self.smaller)
        row.addStretch(1)
        row.addWidget(self.bigger)
        layout.addLayout(row)

    def _zoom_by(self, direction: str, scale: float | None = None) -> None:
        factor = scale if scale is not None else (1.5 if direction == "in" else 1 / 1.5)
        self.zoom = min(max(self.zoom * factor, 0.5), 3.0)
        self.update()
        self.perform("pinch", zoom=direction)

    def event(self, event) -> bool:  # noqa: A003 - Qt override: raw two-finger touch
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._touch(event)
            return True
        if kind == QEvent.Type.NativeGesture:
            self._native_gesture(event)
            return True
        return super().event(event)

    def _touch(self, event) -> None:
        points = [p for p in event.points() if p.state() != p.State.Released] \
            if event.type() != QEvent.Type.TouchEnd else []
        if len(points) >= 2:
            distance = _distance(points[0].position(), points[1].position())
            if self._start_distance <= 0:
                self._start_distance = max(distance, 1.0)
            self._live = distance / self._start_distance
            self.update()
        elif self._start_distance > 0:
            self._finish_pinch(self._live)

    def _native_gesture(self, event) -> None:
        gesture = event.gestureType()
        if gesture == Qt.NativeGestureType.ZoomNativeGesture:
            self._native += event.value()
        elif gesture == Qt.NativeGestureType.EndNativeGesture and self._native:
            self._finish_pinch(1.0 + self._native)

    def _finish_pinch(self, factor: float) -> None:
        self._start_distance, self._live, self._native = 0.0, 1.0, 0.0
        if factor >= PINCH_IN:
            self._zoom_by("in", factor)
        elif factor <= PINCH_OUT:
            self._zoom_by("out", factor)
        self.update()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override: Ctrl+wheel zooms, as in browsers
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.angleDelta().y():
            self._zoom_by("in" if event.angleDelta().y() > 0 else "out")
        else:
            super().wheelEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(self.palette_.text))
        font = self.pad_font("small", bold=False)
        font.setPixelSize(max(8, int(16 * self.scale * self.zoom * self._live)))
        painter.setFont(font)
        area = QRectF(self.rect()).adjusted(24, 24, -24, -(TOUCH_MIN + 40))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         _("Small print is easier to read when you make it bigger."))
        painter.end()

    def retranslate(self) -> None:
        super().retranslate()
        self.smaller.setText("− " + _("Smaller"))
        self.bigger.setText("+ " + _("Bigger"))
        self.setAccessibleName(_("Practice area: zoom the small print with two fingers"))


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


PADS: dict[str, Callable[[Gesture], PracticePad]] = {
    pad.kind: pad for pad in (TapPad, DoubleTapPad, PressHoldPad, DragDropPad, SwipePad,
                              ScrollPad, TypePad, PinchPad)
}


def make_pad(gesture: Gesture, parent: QWidget | None = None) -> PracticePad:
    """The practice pad for ``gesture`` (one for each of the eight gestures)."""
    return PADS[gesture.kind](gesture, parent)
