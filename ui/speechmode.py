"""Speech mode: every screen usable with a keypad and headphones (EZ Access model, ADA §707).

Off until a visitor presses Help (F1) or Up/Down; then a highlight moves through everything on
the current screen in reading order — headings, text, buttons, keys, text boxes — and each item
is spoken with its role, name and state ("Button. Next step. Not available. Try the practice
first."). Return activates, Backspace goes back, F1 gives layered help, Page Up/Down change the
volume (with Shift the speed). With speech on, touching the screen reads what is under the finger
without pressing it, and a double tap presses it ("touch and hear"). The session wipe ends it.

The mode is generic on purpose: it reads the live widgets of whatever screen is shown, so a new
screen is reachable the day it is added. Screens can help it with two widget properties:
``speech_role`` (a :data:`kiosk.speechnav.ROLES` key, e.g. "practice") and ``unavailable_reason``
(said when a control is not available). Rules about what to say live in :mod:`kiosk.speechnav`.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QGraphicsView,
                               QLabel, QLineEdit, QScrollArea, QScrollBar, QWidget)

from kiosk import i18n
from kiosk.i18n import N_, translate_in
from kiosk.session import Event, State
from kiosk.speechnav import DEFAULT_KEYS, Item, Navigator, describe, spoken

logger = logging.getLogger(__name__)

ROW_TOLERANCE = 16  # px: items whose tops are this close read as one row, left to right


def qt_key(name: str) -> int:
    return int(getattr(Qt.Key, f"Key_{name}", Qt.Key.Key_unknown).value)


class Highlight(QWidget):
    """A thick ring around the item being spoken, over everything, never taking input."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.target = QRect()
        self.hide()

    def show_around(self, rect: QRect) -> None:
        self.target = rect
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        rect = self.target.adjusted(-6, -6, 6, 6)
        painter.setPen(QPen(QColor("#FFFFFF"), 14))
        painter.drawRoundedRect(rect, 12, 12)
        painter.setPen(QPen(QColor("#D4351C"), 8))  # a warm red ring, double-banded in white
        painter.drawRoundedRect(rect, 12, 12)
        painter.end()


def _inside_button(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractButton) or parent.property("speech_role"):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QWidget) -> str:
    text = widget.accessibleName()
    if not text and isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    return " ".join(text.replace("&", "").split())


def describe_widget(widget: QWidget, language: str) -> Item | None:
    """The spoken :class:`Item` for ``widget``, or None when it says nothing on its own."""
    t = lambda msg: translate_in(language, msg)  # noqa: E731 - local shorthand
    role = widget.property("speech_role")
    if isinstance(role, str) and role:
        return Item(role, _text(widget) or widget.accessibleDescription(),
                    hint=widget.accessibleDescription() if _text(widget) else "", actionable=True)
    if callable(getattr(widget, "perform", None)) and getattr(widget, "kind", ""):
        # A lesson's practice pad: the keypad alternative to its gesture is Enter (WCAG 2.5.1 —
        # every gesture has a single-action alternative), and the visitor is told so.
        return Item("practice", _text(widget) or t(N_("Practice area")),
                    hint=t(N_("Press Enter to do it with the keypad.")),
                    actionable=not getattr(widget, "solved", False))
    if isinstance(widget, QAbstractButton):
        name = _text(widget)
        if not name:
            return None
        unavailable = not widget.isEnabled() or bool(widget.property("unavailable"))
        selected = (widget.isCheckable() and widget.isChecked()) or widget.property("selected") in (True, "true")
        state = t(N_("Not available")) if unavailable else t(N_("Selected")) if selected else ""
        hint = str(widget.property("unavailable_reason") or widget.accessibleDescription() or "") \
            if unavailable else ""
        role = "key" if widget.property("role") == "key" or len(name) == 1 else "button"
        return Item(role, name, state, hint, actionable=not unavailable)
    if isinstance(widget, QLineEdit):
        name = widget.accessibleName() or widget.placeholderText()
        text = widget.text()
        if text and (widget.echoMode() != QLineEdit.EchoMode.Normal or widget.property("speech_private")):
            # Privacy of input (ADA §707.4): a PIN or code is never spoken or logged.
            text = t(N_("{count} characters entered")).format(count=len(text))
        return Item("edit", name, text or t(N_("Empty")), actionable=False)
    if widget.property("speech_private"):
        return Item("text", t(N_("Code entry")), actionable=False)
    if isinstance(widget, QGraphicsView):
        return Item("map", widget.accessibleName() or t(N_("Map")), actionable=False)
    if isinstance(widget, QLabel):
        text = _text(widget)
        if not text:
            return None
        heading = widget.property("role") in ("title", "display")
        return Item("heading" if heading else "text", text)
    if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.accessibleName()
            and not isinstance(widget, (QAbstractScrollArea, QScrollBar))):
        return Item("button", _text(widget), actionable=widget.isEnabled())
    return None


class SpeechMode(QObject):
    """Keys, highlight and touch-and-hear for one kiosk window (see module docs)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        a11y = self.ctx.config.accessibility
        keys = {action: getattr(a11y, f"key_{action}", default) for action, default in DEFAULT_KEYS.items()}
        self.keys = {qt_key(name): action for action, name in keys.items()}
        self.nav = Navigator(self._say, keys)
        self.active = False
        self.widgets: list[QWidget] = []
        self._touched: QWidget | None = None
        #: Item names before an activation (None: the next reload announces the screen afresh).
        self._said_before: set[str] | None = None
        self._navigated = False
        self.highlight = Highlight(window)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(60)
        self._reload_timer.timeout.connect(self.reload)

    # -- speaking ----------------------------------------------------------------------------------
    def _say(self, text: str, kind: str) -> None:
        speaker = self.ctx.speaker
        if kind == "earcon":
            speaker.earcon(text)
        else:
            speaker.say(text, i18n.current_language())

    # -- items -----------------------------------------------------------------------------------
    def roots(self) -> list[QWidget]:
        window = self.window
        if window.overlay.isVisible():
            return [window.overlay]
        roots = [window.current_screen]
        if window.controls.isVisible():
            roots.append(window.controls)
        return roots

    def collect(self) -> tuple[list[QWidget], list[Item]]:
        """The current screen's speakable widgets and their items, in reading order."""
        language = i18n.current_language()
        rtl = i18n.is_rtl()
        found: list[tuple[int, int, int, QWidget, Item]] = []
        for order, root in enumerate(self.roots()):
            if root is None:
                continue
            for widget in root.findChildren(QWidget):
                if not widget.isVisible() or _inside_button(widget, root):
                    continue
                if widget.visibleRegion().isEmpty() and not self._in_scroll_area(widget):
                    continue
                item = describe_widget(widget, language)
                if item is None or not spoken(item.name):
                    continue  # nothing to say (an emoji alone, an empty label)
                top_left = widget.mapTo(self.window, QPoint(0, 0))
                x = -top_left.x() - widget.width() if rtl else top_left.x()
                found.append((order, top_left.y(), x, widget, item))
        where = self._where_am_i_item(language)
        if where is not None:
            found.append((0, -1, 0, where[0], where[1]))
        # Reading order: by root (screen, then the control bar), then rows from the top, each row
        # in the language's direction.
        found.sort(key=lambda f: (f[0], f[1], f[2]))
        rows: list[tuple[int, int, int, QWidget, Item]] = []
        for entry in found:
            if rows and entry[0] == rows[-1][0] and abs(entry[1] - rows[-1][1]) <= ROW_TOLERANCE:
                entry = (entry[0], rows[-1][1], entry[2], entry[3], entry[4])
            rows.append(entry)
        rows.sort(key=lambda f: (f[0], f[1], f[2]))
        return [r[3] for r in rows], [r[4] for r in rows]

    def _where_am_i_item(self, language: str) -> tuple[QWidget, Item] | None:
        """On the map: a first item "Where am I?" (the street, the way the kiosk faces, the
        nearest places) — what a blind pedestrian asks before anything else."""
        screen = self.window.current_screen
        model = getattr(screen, "model", None)
        view = getattr(screen, "map", None)
        if getattr(model, "wf", None) is None or view is None or not view.isVisible():
            return None
        return view, Item("button", translate_in(language, N_("Where am I?")), actionable=True)

    def where_am_i_text(self) -> str:
        from kiosk.maps.geo import haversine_m
        from kiosk.speechnav import where_am_i

        screen = self.window.current_screen
        wf = screen.model.wf
        location = self.ctx.config.location
        language = i18n.current_language()
        here = (location.lat, location.lon)
        places = sorted(((p.name(language), haversine_m(here[0], here[1], p.lat, p.lon))
                         for p in wf.pack.places), key=lambda pair: pair[1])
        return where_am_i(language, location.name, location.facing_deg, places[:3])

    @staticmethod
    def _in_scroll_area(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    def reload(self, announce: bool = True) -> None:
        if not self.active:
            return
        before, self._said_before = self._said_before, None
        if before is not None and not self._navigated:
            self._speak_what_changed(before)
            return
        self._navigated = False
        self.widgets, items = self.collect()
        title = self.window.current_screen.title() if not self.window.overlay.isVisible() else ""
        if self.window.overlay.isVisible():
            title = translate_in(i18n.current_language(), N_("Are you still there? Press any key to stay."))
        self.nav.load(title, items, i18n.current_language(), announce=announce)
        self.highlight.hide()

    def _speak_what_changed(self, before: set[str]) -> None:
        """After Enter on the same screen: say what appeared ("Nice — you tapped the button!")."""
        self._refresh_keep_place()
        language = i18n.current_language()
        new = [item for item in self.nav.items if not item.actionable and item.name not in before]
        for item in new[:3]:
            self._say(describe(item, language), "speech")

    def _refresh_keep_place(self) -> None:
        """Re-read the screen before moving (text and buttons change as a visitor works)."""
        index = self.nav.index
        current = (self.widgets[index], self.nav.items[index].role) \
            if 0 <= index < min(len(self.widgets), len(self.nav.items)) else None
        self.widgets, items = self.collect()
        self.nav.refresh(items)
        keys = [(widget, item.role) for widget, item in zip(self.widgets, items)]
        if current is not None and current in keys:
            self.nav.index = keys.index(current)

    def _show_highlight(self) -> None:
        index = self.nav.index
        if not 0 <= index < len(self.widgets):
            self.highlight.hide()
            return
        widget = self.widgets[index]
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 40, 40)
                break
            parent = parent.parentWidget()
        self.highlight.show_around(QRect(widget.mapTo(self.window, QPoint(0, 0)), widget.size()))

    # -- keys ------------------------------------------------------------------------------------
    def action_for(self, event: QKeyEvent) -> str | None:
        return self.keys.get(int(event.key()))

    def wants_key(self, event: QEvent) -> bool:
        """True for a speech key: while the mode is on, every mapped key; while off, the keys
        that start it (Help, Up, Down)."""
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        action = self.action_for(event)
        if self.active:
            return action is not None
        return action in ("help", "previous", "next")

    def handle_key(self, event: QKeyEvent) -> None:
        action = self.action_for(event)
        speaker = self.ctx.speaker
        speaker.stop()  # any key interrupts
        if not self.active:
            self.start()
            return
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if action in ("next", "previous"):
            self._refresh_keep_place()
            self.nav.move(1 if action == "next" else -1)
            self._show_highlight()
        elif action == "activate":
            self._refresh_keep_place()
            item = self.nav.activate()
            if item is not None:
                self.activate_widget(self.widgets[self.nav.index])
        elif action == "back":
            if self.ctx.session.navigation.can_go_back:
                self.ctx.session.back()
            else:
                speaker.earcon("edge")
                self._say(translate_in(i18n.current_language(), N_("This is the first screen.")), "speech")
        elif action == "help":
            self.nav.help()
        elif action == "louder":
            speaker.faster() if shift else speaker.louder()
            self._say(translate_in(i18n.current_language(), N_("Faster.") if shift else N_("Louder.")), "speech")
        elif action == "softer":
            speaker.slower() if shift else speaker.softer()
            self._say(translate_in(i18n.current_language(), N_("Slower.") if shift else N_("Softer.")), "speech")

    def activate_widget(self, widget: QWidget) -> None:
        if widget is getattr(self.window.current_screen, "map", None):
            self._say(self.where_am_i_text(), "speech")
            return
        # Before the press: a press that navigates reports it at once (the session event), and
        # the next reload must then announce the new screen rather than compare with this one.
        self._said_before = {item.name for item in self.nav.items}
        self._navigated = False
        if callable(getattr(widget, "perform", None)) and getattr(widget, "kind", ""):
            widget.perform()  # the practice pad's own gesture, made with the keypad
        elif isinstance(widget, QAbstractButton):
            widget.click()
        else:  # our own focusable widgets (cards, practice pads) take a tap at their middle
            centre = widget.rect().center()
            for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
                QApplication.sendEvent(widget, QMouseEvent(
                    kind, centre, widget.mapToGlobal(centre), Qt.MouseButton.LeftButton,
                    Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier))
        self._reload_timer.start()  # the screen may have changed under us

    # -- touch and hear --------------------------------------------------------------------------
    def touch(self, target: QWidget, double: bool) -> None:
        """With speech on: a touch speaks what is under the finger; a double tap presses it."""
        widgets, items = self.collect()
        hit = target
        while hit is not None and hit not in widgets:
            hit = hit.parentWidget()
        if hit is None or (not double and hit is self._touched):
            return
        self._touched = hit
        self.widgets = widgets
        self.nav.refresh(items)
        self.nav.index = widgets.index(hit)
        self._show_highlight()
        if double and items[self.nav.index].actionable:
            self.activate_widget(hit)
        else:
            self.nav.repeat()

    # -- life cycle ------------------------------------------------------------------------------
    def start(self) -> None:
        self.active = True
        logger.info("speech mode on")
        self._say(translate_in(i18n.current_language(), N_("Speech is on.")), "speech")
        self.reload()

    def stop(self) -> None:
        if self.active:
            logger.info("speech mode off")
        self.active = False
        self.highlight.hide()
        self.widgets = []

    def on_session_event(self, event: Event) -> None:
        if event is Event.WIPED:
            self.stop()
        elif self.active and event in (Event.NAVIGATION, Event.LANGUAGE, Event.STATE):
            if event is Event.STATE and self.ctx.session.state is State.ATTRACT:
                return
            self._navigated = True
            self._reload_timer.start()
