"""The *Learn* catalog page ("lessons"): a thin view over :class:`kiosk.lessons.LessonCatalog`.

The view model decides which lessons this kiosk offers, in what order and under which topic, and
what each card says; this page draws the topic buttons, the group headings and one big card per
lesson, and turns taps into view-model calls. It holds no rule of its own.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.lessons import Lesson, LessonLibrary
from kiosk.lessons.viewmodel import ALL_TOPICS, CatalogChange, LessonCatalog
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout, vertical_scroll
from ui.screens.lesson_parts import catalog_of, load_lessons, wait_for_tasks, wrapped
from ui.widgets.buttons import BigButton
from ui.widgets.flow import FlowWidget

logger = logging.getLogger(__name__)

#: A finger that travelled further than this (px on the screen) between press and release was
#: scrolling the list, not choosing the card under it.
DRAG_SLOP = 24


class LessonCard(QPushButton):
    """A big card for one lesson: title, summary, minutes and steps, and where the visitor left off."""

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.setObjectName(f"lesson_card_{lesson.id}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(8)
        self.title_label, self.summary_label = wrapped(), wrapped()
        self.meta_label, self.marker_label = wrapped(), wrapped()
        for label in (self.title_label, self.summary_label, self.meta_label, self.marker_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.marker = ""
        self._pressed_at: QPointF | None = None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._pressed_at = event.globalPosition()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        # The list scrolls under the finger, so the card stays under it: only the distance on
        # the screen tells a drag (scroll the list) from a tap (open the lesson).
        start, self._pressed_at = self._pressed_at, None
        if start is not None and (event.globalPosition() - start).manhattanLength() > DRAG_SLOP:
            self.setDown(False)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override: wrapped text needs height
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(theme.TOUCH_MIN, self.layout().heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, self.heightForWidth(max(self.width(), 400)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(theme.TOUCH_MIN * 3, self.heightForWidth(max(self.width(), theme.TOUCH_MIN * 3)))

    def show_texts(self, meta: str, marker: str) -> None:
        """Fill the card in the current language (``meta`` and ``marker`` come from the view model)."""
        lesson = self.lesson
        self.marker = marker
        self.title_label.setText(_(lesson.title))
        self.summary_label.setText(_(lesson.summary))
        self.meta_label.setText(meta)
        self.marker_label.setText(marker)
        self.marker_label.setVisible(bool(marker))
        self.setAccessibleName(_(lesson.title))
        self.setAccessibleDescription(" ".join(filter(None, [_(lesson.summary), marker])))

    def restyle(self, palette: theme.Palette, scale: float) -> None:
        self.setStyleSheet(
            f"LessonCard {{ background: {palette.window}; border: 3px solid {palette.border};"
            f" border-radius: 20px; text-align: left; }}"
            f" LessonCard:focus {{ border: 5px solid {palette.focus}; }}")
        self.title_label.setStyleSheet(f"font-size: {theme.px('tile', scale)}px; font-weight: 700;"
                                       f" color: {palette.on_secondary};")
        self.summary_label.setStyleSheet(f"font-size: {theme.px('body', scale)}px; color: {palette.text};")
        self.meta_label.setStyleSheet(f"font-size: {theme.px('small', scale)}px; color: {palette.muted};")
        self.marker_label.setStyleSheet(f"font-size: {theme.px('body', scale)}px; font-weight: 700;"
                                        f" color: {palette.text};")
        self.updateGeometry()


class CatalogScreen(Screen):
    """Every lesson offered here as a big card, grouped by topic, with topic buttons to filter."""

    name = "lessons"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model: LessonCatalog = catalog_of(ctx)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        self.scroll = vertical_scroll(page)
        outer.addWidget(self.scroll)
        layout = page_layout(page, margin=40, spacing=24)
        self.heading = heading("title")
        self.subheading = heading("lead")
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        self.empty = wrapped("lead")
        self.empty.setObjectName("lessons_status")
        layout.addWidget(self.empty)
        self.body: QWidget | None = None
        self.body_holder = QVBoxLayout()
        self.body_holder.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.body_holder)
        layout.addStretch(1)
        self.cards: dict[str, LessonCard] = {}
        self.topic_buttons: dict[str, BigButton] = {}
        self.group_headings: dict[str, QLabel] = {}
        self.grids: dict[str, QGridLayout] = {}
        self._columns = 0
        self.filters: FlowWidget | None = None
        if self.model.library is not None:
            self._build_body()
        self.model.subscribe(self._on_model_changed)
        self.retranslate()

    @property
    def library(self) -> LessonLibrary | None:
        """The loaded library (None while it loads) — kept for tools that list the lessons."""
        return self.model.library

    @property
    def topic(self) -> str:
        return self.model.topic

    def _build_body(self) -> None:
        """Topic buttons, group headings and one card per offered lesson."""
        model = self.model
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        self.body_holder.addWidget(self.body)
        self.filters = FlowWidget(spacing=12, margin=0)
        self.topic_buttons, self.cards, self.group_headings, self.grids = {}, {}, {}, {}
        groups = model.by_topic()
        for topic in model.topics():
            button = BigButton()
            button.setObjectName(f"topic_{topic or 'all'}")
            button.setProperty("role", "language")  # the style sheet marks the selected one
            button.clicked.connect(lambda _c=False, t=topic: self.model.choose_topic(t))
            self.filters.add(button)
            self.topic_buttons[topic] = button
        layout.addWidget(self.filters)
        self.filters.setVisible(bool(groups))
        for topic, lessons in groups.items():
            label = heading("title")
            layout.addWidget(label)
            self.group_headings[topic] = label
            grid = QGridLayout()
            grid.setSpacing(24)
            layout.addLayout(grid)
            self.grids[topic] = grid
            for lesson in lessons:
                card = LessonCard(lesson)
                card.clicked.connect(lambda _c=False, i=lesson.id: self.model.open(i))
                self.cards[lesson.id] = card
        self._columns = 0

    def _rebuild(self) -> None:
        old = self.body
        if old is not None:
            self.body_holder.removeWidget(old)
            old.hide()
            old.deleteLater()
        self._build_body()
        self.restyle()
        self.retranslate()

    def _on_model_changed(self, change: CatalogChange) -> None:
        if change is CatalogChange.LIBRARY:
            self._rebuild()
        else:
            self._show_topic()
            self.scroll.verticalScrollBar().setValue(0)

    def title(self) -> str:
        return _("Learn")

    def show_topic(self, topic: str) -> None:
        """Tap a topic button (tests and tools use this too)."""
        self.model.choose_topic(topic)

    def _show_topic(self) -> None:
        model = self.model
        for topic, label in self.group_headings.items():
            visible = model.shows_topic(topic)
            label.setVisible(visible)
            for lesson in model.by_topic()[topic]:
                self.cards[lesson.id].setVisible(visible)
        for topic, button in self.topic_buttons.items():
            button.setProperty("selected", topic == model.topic)
            button.style().unpolish(button)
            button.style().polish(button)

    def refresh_markers(self) -> None:
        """"Continue at step 4" / "✔ Done" from what this visitor did."""
        for lesson_id, card in self.cards.items():
            card.show_texts(self.model.card_meta(card.lesson), self.model.marker(lesson_id))

    def on_show(self, args: dict[str, Any]) -> None:
        if self.model.needs_reload:
            # No lessons (content folder missing at start): look again in the background — a
            # technician restoring the content needs no restart.
            load_lessons(self.ctx)
        self.refresh_markers()

    def reset(self) -> None:
        self.model.reset()
        if self.model.needs_reload:
            load_lessons(self.ctx)  # ready for the next visitor
        self.refresh_markers()

    async def load(self) -> None:
        await wait_for_tasks(self.ctx)

    def retranslate(self) -> None:
        model = self.model
        self.heading.setText(model.heading())
        self.subheading.setText(model.subheading())
        for topic, button in self.topic_buttons.items():
            button.setText(model.topic_label(topic))
        for topic, label in self.group_headings.items():
            label.setText(model.topic_label(topic))
        self.empty.setText(model.status_text())
        self.empty.setVisible(bool(model.status_text()))
        self.refresh_markers()
        self._show_topic()

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        for card in self.cards.values():
            card.restyle(p, scale)
        columns = 2 if self.ctx.profile == "library" and scale < 1.5 else 1
        if columns != self._columns:
            self._columns = columns
            groups = self.model.by_topic()
            for topic, grid in self.grids.items():
                for n, lesson in enumerate(groups[topic]):
                    grid.addWidget(self.cards[lesson.id], n // columns, n % columns)


__all__ = ["ALL_TOPICS", "CatalogScreen", "LessonCard"]
