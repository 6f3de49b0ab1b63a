"""What the two *Learn* pages share: their view models, loading the lessons off the UI thread,
and a few small widgets (wrapped labels, lesson pictures, the feedback box, the player's
Previous / Read to me / Next bar).

The lessons are read by :func:`kiosk.lessons.load_all` on a worker through the kiosk's one task
path (``ctx.tasks``); the result reaches :meth:`LessonCatalog.set_library` on the UI thread, and
the catalog and the player redraw from there. Nothing here runs on a worker but ``load_all``.
"""
from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk import i18n
from kiosk.lessons import LessonLibrary, load_all
from kiosk.lessons.player import Control, LessonPlayer
from kiosk.lessons.viewmodel import LessonCatalog
from ui import theme
from ui.context import AppContext
from ui.widgets.buttons import BigButton, ReadAloudButton

logger = logging.getLogger(__name__)

LOAD_SLOT = "lessons.load"


def catalog_of(ctx: AppContext) -> LessonCatalog:
    """The kiosk's one lesson catalog view model (shared by the catalog and the player)."""
    return ctx.service("lesson_catalog", lambda: LessonCatalog(ctx.session, ctx.profile))


def player_of(ctx: AppContext) -> LessonPlayer:
    return ctx.service("lesson_player",
                       lambda: LessonPlayer(catalog_of(ctx), ctx.session, ctx.lesson_listeners))


def load_lessons(ctx: AppContext) -> None:
    """Read the lessons folder on a worker; the catalog gets the result on the UI thread."""
    if ctx.tasks.busy(LOAD_SLOT):
        return
    catalog = catalog_of(ctx)
    folder = ctx.config.content_dir / "lessons"

    def loaded(library: LessonLibrary) -> None:
        had = len(ctx.services["lessons"]) if "lessons" in ctx.services else 0
        ctx.services["lessons"] = library  # sign-in and tools read the service too
        if had == 0 and len(library) and catalog.library is not None:
            logger.info("lessons are back: %d found", len(library))
        catalog.set_library(library)

    def failed(exc: BaseException) -> None:
        # load_all never raises on content; anything else leaves an empty, calm catalog.
        logger.error("lessons could not be loaded: %s", exc)
        catalog.set_library(LessonLibrary((), (), folder))

    ctx.tasks.run(LOAD_SLOT, load_all, folder, on_done=loaded, on_error=failed)


async def wait_for_tasks(ctx: AppContext, timeout: float = 30.0) -> None:
    """Until the background work this page waits for has arrived (screenshots await a page's
    ``load()``): the event loop keeps turning, so results are delivered as in the kiosk."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while ctx.tasks.busy() and loop.time() < deadline:
        await asyncio.sleep(0.01)


def wrapped(role: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


@lru_cache(maxsize=64)
def picture(path: str, width: int, height: int) -> QPixmap:
    """``path`` (SVG or bitmap) scaled to fit ``width`` × ``height``, keeping its shape."""
    if path.endswith(".svg"):
        renderer = QSvgRenderer(path)
        size = renderer.defaultSize()
        if not renderer.isValid() or size.isEmpty():
            return QPixmap()
        size.scale(width, height, Qt.AspectRatioMode.KeepAspectRatio)
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return pixmap
    pixmap = QPixmap(path)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


class FeedbackBox(QFrame):
    """Warm feedback after an attempt: an icon and words, never colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonFeedback")
        self.outcome = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(16)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = wrapped("lead")
        self.text.setObjectName("feedback_text")
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)

    def show_feedback(self, outcome: str, text: str, palette: theme.Palette) -> None:
        self.outcome = outcome
        good = outcome in ("success", "correct")
        self.icon.setText("✔" if good else "↻")
        self.text.setText(text)
        colour = palette.good if good else palette.warn
        self.setStyleSheet(f"QFrame#lessonFeedback {{ border: 4px solid {colour};"
                           f" border-radius: 16px; background: {palette.window}; }}"
                           f" QLabel {{ color: {palette.text}; }}")
        self.icon.setStyleSheet(f"color: {colour}; font-size: 48px; font-weight: 700;")
        self.setAccessibleName(text)
        self.setVisible(bool(text))


class HintBox(QFrame):
    """The hint after a few misses: a light-bulb icon drawn in the theme's colours (an emoji
    would depend on a colour-emoji font and ignore the high-contrast theme) and the words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonHint")
        self._look: tuple[theme.Palette, float] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(16)
        self.icon = QLabel()
        self.icon.setObjectName("lesson_hint_icon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = wrapped("lead")
        self.label.setObjectName("lesson_hint")
        row.addWidget(self.icon)
        row.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - reads like a QLabel's
        self.label.setText(text)
        self.setAccessibleName(text)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override: the bar moves to the start side
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange and self._look is not None:
            self.restyle(*self._look)

    def restyle(self, palette: theme.Palette, scale: float) -> None:
        self._look = (palette, scale)
        side = int(56 * min(scale, 1.5))
        self.icon.setPixmap(theme.icon("hint", palette.warn, 2 * side).pixmap(side, side))
        start = "right" if self.isRightToLeft() else "left"
        self.setStyleSheet(f"QFrame#lessonHint {{ border-{start}: 8px solid {palette.warn};"
                           f" background: {palette.surface}; }}"
                           f" QLabel {{ color: {palette.text}; background: transparent; }}")


class NavBar(QWidget):
    """The player's controls, always in the same places: Previous, Read to me, Next — in one row,
    or with Read to me above when the words are too wide for one."""

    SPACING = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = BigButton()
        self.back.setObjectName("lesson_back")
        self.read = ReadAloudButton()
        self.read.setObjectName("lesson_read")
        self.next = BigButton(role="primary")
        self.next.setObjectName("lesson_next")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(self.SPACING)
        self.grid.setVerticalSpacing(12)
        self.rows = 0
        self.arrange(1)

    def arrange(self, rows: int) -> None:
        if rows == self.rows:
            return
        self.rows = rows
        for button in (self.back, self.read, self.next):
            self.grid.removeWidget(button)
        if rows == 1:
            self.grid.addWidget(self.back, 0, 0)
            self.grid.addWidget(self.read, 0, 1)
            self.grid.addWidget(self.next, 0, 2)
        else:
            self.grid.addWidget(self.read, 0, 0, 1, 2)
            self.grid.addWidget(self.back, 1, 0)
            self.grid.addWidget(self.next, 1, 1)

    def restyle(self, scale: float) -> None:
        """The bar's words stop growing at 150 %, as the control bar's do: at 200 % in Russian
        "Previous step" was wider than half a portrait screen and was cut off."""
        from ui.theme import px

        sheet = f"QPushButton {{ font-size: {px('button', min(scale, 1.5))}px; }}"
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def fit(self, width: int) -> None:
        """One row when the three buttons' words fit in ``width`` (the page's width)."""
        needed = sum(b.sizeHint().width() for b in (self.back, self.read, self.next)) + 2 * self.SPACING
        self.arrange(1 if needed <= width - 64 else 2)


def show_control(button: BigButton, control: Control) -> None:
    """Draw ``button`` as the view model's ``control`` says. An unavailable control stays
    visible and tappable — a tap then says why — but carries ``unavailable=true`` for the style
    sheet, and its reason as its accessible description (issue 14, item 3)."""
    button.setVisible(control.visible)
    unavailable = not control.available
    if bool(button.property("unavailable")) != unavailable:
        button.setProperty("unavailable", unavailable)
        button.style().unpolish(button)
        button.style().polish(button)
    button.setAccessibleDescription(control.reason_text() if unavailable else "")


class ReadAloudMixin:
    """*Read to me* → *Pause* → *Continue* for the lesson player page (which provides ``ctx``,
    ``model``, ``read`` and ``reading``); once it has finished, *Read to me* repeats the step.
    Kept here so the page module holds the steps only."""

    def say(self, text: str) -> None:
        self.ctx.speaker.say(text, i18n.current_language())
        self._update_read_button()

    def stop_reading(self) -> None:
        self.reading = False
        if "speaker" in self.ctx.services:
            self.ctx.speaker.stop()
        self._update_read_button()

    def _on_read_clicked(self) -> None:
        """Read to me → Pause → Continue; once it has finished, Read to me repeats the step."""
        if self.model.run is None:
            return
        speaker = self.ctx.speaker
        if speaker.state == "speaking":
            speaker.pause()
            self.reading = False  # paused: moving on does not start talking again
            self._update_read_button()
            return
        if speaker.state == "paused":
            self.reading = True
            speaker.resume()
            self._update_read_button()
            return
        self.reading = True
        self.say("\n".join(filter(None, [self.model.speech_text(), self.model.feedback_speech()])))

    def _on_speaker_state_changed(self, _state: str) -> None:
        self._update_read_button()

    def _update_read_button(self) -> None:
        speaker = self.ctx.speaker
        self.read.setVisible(speaker.available)
        self.read.restyle(self.ctx.palette.on_secondary, self.ctx.scale)
        self.read.show_state(speaker.state)
