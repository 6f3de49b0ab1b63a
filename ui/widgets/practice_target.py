"""Practice pads with one target button: tap, double tap, press and hold."""
from __future__ import annotations


from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.lessons import Gesture
from ui.widgets.practice_base import _TargetPad


class TapPad(_TargetPad):
    kind = "tap"

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.perform("tap", on_target=self.on_target(event))


class DoubleTapPad(_TargetPad):
    """Waits the system double-click time after a tap: a second tap makes it a double tap."""
    kind = "double_tap"

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
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

    def __init__(self, gesture: Gesture, parent: QWidget | None = None, **kw) -> None:
        super().__init__(gesture, parent, **kw)
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


