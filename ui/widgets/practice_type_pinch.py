"""Practice pads for typing a word and for pinching to zoom (with big +/− buttons too)."""
from __future__ import annotations


from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.lessons import Gesture, judge
from ui.theme import TOUCH_MIN, Palette, px
from ui.widgets.buttons import BigButton
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.practice_base import PINCH_IN, PINCH_OUT, PracticePad, _distance



class TypePad(PracticePad):
    """What to type, a big line with what was typed, and the on-screen keyboard."""
    kind = "type"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
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

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
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
        area = QRectF(self.rect()).adjusted(24, 24, -24, -(TOUCH_MIN + 40))
        picture = self.picture_file("picture")
        if picture:
            # The lesson's picture, growing and shrinking with the fingers (the steps say "make
            # the picture bigger", so a picture it is).
            grow = self.zoom * self._live * 0.55
            box = QRectF(0, 0, area.width() * grow, area.height() * grow)
            box.moveCenter(area.center())
            painter.setClipRect(area)
            self.draw_picture(painter, picture, box)
            painter.end()
            return
        font = self.pad_font("small", bold=False)
        font.setPixelSize(max(8, int(16 * self.scale * self.zoom * self._live)))
        painter.setFont(font)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         _("Small print is easier to read when you make it bigger."))
        painter.end()

    def retranslate(self) -> None:
        super().retranslate()
        self.smaller.setText("− " + _("Smaller"))
        self.bigger.setText("+ " + _("Bigger"))
        self.setAccessibleName(_("Practice area: zoom the small print with two fingers"))


