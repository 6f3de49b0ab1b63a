"""The kiosk's input filter: every input event passes here first.

It counts input as visitor activity (the idle timer), blocks the ways out a public kiosk must
not offer (Alt+F4, Ctrl+W, Ctrl+Q, Escape, context menus), keeps the touch that wakes the kiosk
from also pressing what Home shows under the finger, and hands speech-mode keys and
touch-and-hear to :class:`ui.speechmode.SpeechMode`.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class InputFilter(QObject):
    """Sees every input event first: counts it as visitor activity, blocks ways out, and keeps
    the touch that wakes the kiosk from also pressing whatever lies under the finger."""

    ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                QEvent.Type.Wheel, QEvent.Type.TabletPress}
    #: The rest of a waking gesture: swallowed until the finger lifts (or the key is released).
    GESTURE = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
               QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.TouchBegin,
               QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.KeyPress,
               QEvent.Type.KeyRelease, QEvent.Type.TabletPress, QEvent.Type.TabletRelease,
               QEvent.Type.TabletMove, QEvent.Type.Wheel}
    ENDS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.KeyRelease,
            QEvent.Type.TabletRelease, QEvent.Type.TouchCancel}

    def __init__(self, on_activity: Callable[[], None],
                 on_wake: Callable[[QObject, QEvent], bool] | None = None, speech=None) -> None:
        super().__init__()
        self.on_activity = on_activity
        self.on_wake = on_wake
        #: The window's :class:`ui.speechmode.SpeechMode`: its keys, and touch-and-hear.
        self.speech = speech
        self._swallowing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and self.is_exit_key(event):
            return True
        if kind == QEvent.Type.ContextMenu:
            return True
        speech = self.speech
        if self._swallowing and kind in self.GESTURE:
            if kind in self.ENDS:
                self._swallowing = False
            elif kind == QEvent.Type.MouseMove and speech is not None and speech.active:
                self._touch(speech, event, False, watched)  # sliding a finger reads what it crosses
            return True
        if kind == QEvent.Type.KeyPress and speech is not None and speech.wants_key(event):
            self.on_activity()
            speech.handle_key(event)
            return True
        if (speech is not None and speech.active
                and kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
                and self._touch(speech, event, kind == QEvent.Type.MouseButtonDblClick, watched)):
            self.on_activity()
            self._swallowing = True
            return True
        if kind in self.ACTIVITY:
            if self.on_wake is not None and self.on_wake(watched, event):
                # The waking touch only wakes: Home must not open a tile that happened to be
                # under the finger when it appeared.
                self._swallowing = kind not in (QEvent.Type.Wheel,)
                return True
            self.on_activity()
        return False

    @staticmethod
    def _touch(speech, event: QEvent, double: bool, watched: QObject | None = None) -> bool:
        position = getattr(event, "globalPosition", None)
        target = QApplication.widgetAt(position().toPoint()) if position is not None else None
        if target is None and isinstance(watched, QWidget):
            target = watched
        if target is None or not speech.window.isAncestorOf(target):
            return False
        if target is speech.window.corner or speech.window.corner.isAncestorOf(target):
            return False
        speech.touch(target, double)
        return True

    @staticmethod
    def is_exit_key(event: QEvent) -> bool:
        """Alt+F4, Ctrl+W, Ctrl+Q and Escape would leave or close things: the public gets none."""
        if not isinstance(event, QKeyEvent):
            return False
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        return (key == Qt.Key.Key_Escape or (alt and key == Qt.Key.Key_F4)
                or (ctrl and key in (Qt.Key.Key_W, Qt.Key.Key_Q)))
