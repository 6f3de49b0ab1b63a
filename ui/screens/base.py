"""The base of every screen: a title, live retranslation, restyling, a wipe hook, and labels that
sit on the side the visitor's language reads from."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QScroller, QScrollerProperties, QVBoxLayout, QWidget

from kiosk import i18n
from ui.context import AppContext
from ui.widgets.buttons import ReadAloudButton


class Screen(QWidget):
    """A full page of the kiosk. Subclasses build widgets in ``__init__`` and fill text in
    :meth:`retranslate`, which the shell calls whenever the language changes."""

    #: The name used by navigation, ``kiosk screenshot --screen`` and tests.
    name = ""
    #: Whether the control bar (Back, Home, languages, text size, help) shows under this screen.
    shows_controls = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"screen_{self.name}")

    def event(self, event: QEvent) -> bool:  # noqa: D401 - Qt override
        # Every language change reaches each screen as a layout-direction change (hidden ones
        # too); a screen coming forward may have built new labels since.
        if event.type() in (QEvent.Type.LayoutDirectionChange, QEvent.Type.Show):
            follow_direction(self)
        return super().event(event)

    def title(self) -> str:
        """The screen's heading in the current language (also its accessible name)."""
        return ""

    def retranslate(self) -> None:
        """Set every visible string again in the current language."""

    def restyle(self) -> None:
        """React to a new text size or theme (icons, fixed sizes); fonts follow the style sheet."""

    def reset(self) -> None:
        """Forget anything the last visitor typed, chose or scrolled to."""

    def on_show(self, args: dict[str, Any]) -> None:
        """Called each time navigation brings this screen forward, with its arguments."""

    def stop(self) -> None:
        """The kiosk is stopping: stop any timer or background work of this screen."""

    def warmed_up(self) -> bool:
        """True once the screen has built whatever it builds ahead while the kiosk is idle."""
        return True

    async def load(self) -> None:
        """Fetch what the screen shows now (screenshots and tests await it; the running kiosk
        loads in the background on its own)."""


def page_layout(widget: QWidget, margin: int = 48, spacing: int = 32) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def vertical_scroll(content: QWidget, parent: QWidget | None = None, *, flick: bool = True) -> QScrollArea:
    """``content`` in a scroll area that scrolls up and down only: at 200 % text a page grows
    taller and scrolls rather than clip, and it never scrolls sideways. With ``flick`` a finger
    dragged on the page scrolls it (see :func:`flick_scrolling`); pages whose content takes
    drags itself (a lesson's practice pad) pass ``flick=False``."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    if flick:
        flick_scrolling(scroll)
    return scroll


def flick_scrolling(scroll: QScrollArea) -> None:
    """Drag-to-scroll for ``scroll``: without it a finger dragged over a list does nothing (only
    the thin scroll bar moves the page). Many kiosk touch panels present themselves as a mouse,
    and Qt turns real touches into mouse events for a page that does not take touches itself, so
    one left-button gesture serves both (issue 14, item 9). Taps still reach the buttons at once;
    a press that becomes a drag is taken back from the button. The page does not bounce past its
    ends (a moving page is confusing enough)."""
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(scroll.viewport())
    props = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    # The press reaches the button at once (Qt's default holds it back a quarter second, and a
    # quick tap then went missing); a press that becomes a drag is cancelled for the button.
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(props)


def scrolling_page(owner: QWidget) -> tuple[QVBoxLayout, QWidget]:
    """A whole screen that scrolls: ``owner`` holds only the scroll area; lay out on the page."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    page = QWidget()
    outer.addWidget(vertical_scroll(page))
    return page_layout(page), page


def heading(role: str = "title") -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


_HORIZONTAL = Qt.AlignmentFlag.AlignHorizontal_Mask.value
_ABSOLUTE = Qt.AlignmentFlag.AlignAbsolute.value
_LEFT, _RIGHT = Qt.AlignmentFlag.AlignLeft.value, Qt.AlignmentFlag.AlignRight.value


def follow_direction(root: QWidget) -> None:
    """Align every label under ``root`` to the side its page reads from.

    Qt aligns a label by the direction of its own first letter, so on a Farsi page a charger's
    name, an address or a price (Latin letters and digits) would sit on the left edge while the
    Persian around it sits on the right. Here "left" and "right" of a label mean "start" and "end"
    of the page's direction, whatever the text. Centred labels are left alone. Views that build
    labels while shown (a list refreshed in place) call this on the new rows.
    """
    for label in root.findChildren(QLabel):
        _align(label)


def _align(label: QLabel) -> None:
    current = label.alignment().value
    original = label.property("directionOriginal")
    if original is None or label.property("directionApplied") != current:
        original = current  # first visit, or the view set a new alignment since
    horizontal = original & _HORIZONTAL
    wanted = original
    if label.isRightToLeft() and not original & _ABSOLUTE and horizontal in (_LEFT, _RIGHT):
        mirrored = _RIGHT if horizontal == _LEFT else _LEFT
        wanted = (original & ~_HORIZONTAL) | _ABSOLUTE | mirrored
    if wanted != current:
        label.setAlignment(Qt.AlignmentFlag(wanted))
    label.setProperty("directionOriginal", original)
    label.setProperty("directionApplied", wanted)


class ReadAloud(QObject):
    """*Read to me* for a page: ``button`` speaks ``words()`` in the visitor's language through
    the kiosk's one speaker (``ctx.speaker``); a second tap pauses, a third continues, and once
    it has finished the same button reads again. The button is hidden where speech cannot work,
    and leaving the page (the button hidden with it) stops what it was reading."""

    def __init__(self, ctx: AppContext, button: ReadAloudButton, words: Callable[[], str]) -> None:
        super().__init__(button)
        self.ctx, self.button, self.words = ctx, button, words
        self._said: tuple[str, str] | None = None   # what this button asked the speaker to say
        button.clicked.connect(self._on_button_clicked)
        button.installEventFilter(self)
        ctx.speaker.state_changed.connect(self._on_speaker_state_changed)
        self.refresh()

    def _mine(self) -> bool:
        """The speaker is busy with this button's words (not another page's)."""
        speaker = self.ctx.speaker
        return bool(self._said and speaker.history and speaker.history[-1] == self._said
                    and speaker.state != "idle")

    def refresh(self) -> None:
        """Visibility, words and icon (call from the page's retranslate and restyle)."""
        speaker = self.ctx.speaker
        self.button.setVisible(speaker.available)
        self.button.restyle(self.ctx.palette.on_secondary, self.ctx.scale)
        self.button.show_state(speaker.state if self._mine() else "idle")

    def _on_button_clicked(self) -> None:
        speaker = self.ctx.speaker
        if self._mine() and speaker.state == "speaking":
            speaker.pause()
        elif self._mine() and speaker.state == "paused":
            speaker.resume()
        else:
            language = i18n.current_language()
            text = self.words()
            speaker.say(text, language)
            self._said = (language, text)
        self.refresh()

    def _on_speaker_state_changed(self, _state: str) -> None:
        self.refresh()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.button and event.type() == QEvent.Type.Hide and self._mine():
            self.ctx.speaker.stop()  # the visitor left the page it was reading
        return False
