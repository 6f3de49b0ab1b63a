"""What every sign-in and trainer page shares: the store link, a page that draws its view model,
and the small widget builders of these pages.

A :class:`ModelPage` holds no rule and runs no query: it forwards taps to its view model
(:mod:`kiosk.progress.signin`, :mod:`kiosk.progress.dashboard`), whose store calls go through the
one task path (``ctx.tasks``), and redraws whenever the model says it changed — and on a language
or text-size change, from the model's state, without asking the store again.
"""
from __future__ import annotations

import asyncio
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.link import ProgressLink
from kiosk.progress.viewmodel import ViewModel
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout
from ui.theme import px
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.flow import FlowWidget


def progress_link(ctx: AppContext) -> ProgressLink:
    """The kiosk's one :class:`ProgressLink` (the store is opened by its first worker call)."""

    def open_store():  # noqa: ANN202 - a ProgressStore; runs on a worker thread
        from kiosk.progress.store import open_from_config

        return ctx.service("progress", lambda: open_from_config(ctx.config))

    def open_lessons() -> LessonFacts:
        from kiosk.lessons import load_all

        # Read each time: the lessons screen may swap in a reloaded library.
        return LessonFacts(ctx.service("lessons", lambda: load_all(ctx.config.content_dir / "lessons")))

    return ctx.service("progress_link", lambda: ProgressLink(
        ctx.session, ctx, device_id=ctx.config.kiosk.device_id, open_store=open_store,
        open_lessons=open_lessons))


class ModelPage(Screen):
    """A scrolling page with a heading and a message line, drawn from a view model."""

    def __init__(self, ctx: AppContext, model: ViewModel) -> None:
        super().__init__(ctx)
        self.model = model
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        self.scroll.setWidget(page)
        outer.addWidget(self.scroll)
        self.layout_ = page_layout(page, spacing=24)
        self.heading = heading("title")
        self.layout_.addWidget(self.heading)
        self.message = heading("lead")
        self.message.setObjectName(f"{self.name}_message")
        self.message.hide()
        model.subscribe(self._on_model_changed)

    def _on_model_changed(self) -> None:
        self.render()

    def render(self) -> None:
        """Draw the model's state (subclasses add their content)."""
        text = self.model.message_text()
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.render()

    def reset(self) -> None:
        self.model.reset()

    async def load(self) -> None:
        """Wait until what the page asked for has arrived (screenshots, the accessibility walk)."""
        while self.ctx.tasks.busy():
            await asyncio.sleep(0.02)


def replace_widget(holder: QVBoxLayout, widget: QWidget | None) -> None:
    """Swap the one widget a holder layout shows (lists are rebuilt, not patched)."""
    while holder.count():
        old = holder.takeAt(0).widget()
        if old is not None:
            old.hide()
            old.deleteLater()
    if widget is not None:
        holder.addWidget(widget)
        widget.show()


def holder_layout(parent: QVBoxLayout) -> QVBoxLayout:
    holder = QVBoxLayout()
    holder.setContentsMargins(0, 0, 0, 0)
    parent.addLayout(holder)
    return holder


def muted(text: str) -> QLabel:
    label = heading("muted")
    label.setText(text)
    return label


def button_flow(items: list[tuple[str, str, Callable[[], None]]],
                scale: float | None = None) -> FlowWidget:
    """Big buttons that wrap: (object name, text, action) each; extra big for learners
    (``scale`` given: tile-sized words, at least 320 px wide)."""
    flow = FlowWidget(spacing=20, margin=0)
    for object_name, text, action in items:
        button = WrapButton(text)
        button.setObjectName(object_name)
        if scale is not None:
            button.setStyleSheet(f"font-size: {px('tile', scale)}px; min-width: {int(320 * scale)}px;"
                                 f" min-height: {int(110 * scale)}px;")
        button.clicked.connect(lambda _checked=False, a=action: a())
        flow.add(button)
    return flow


def button_row(*buttons: QWidget) -> FlowWidget:
    """Buttons side by side while they fit; they wrap (and their words wrap) at big text."""
    flow = FlowWidget(spacing=20, margin=0)
    for button in buttons:
        flow.add(button)
    return flow


def line_edit(object_name: str, max_length: int = 80,
              on_edit: Callable[[str], None] | None = None) -> QLineEdit:
    """A text box; ``on_edit`` hands what the visitor types to the view model."""
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    edit.setMinimumHeight(88)
    if on_edit is not None:
        edit.textEdited.connect(on_edit)
    return edit


def show_text(edit: QLineEdit, text: str) -> None:
    """Put the model's text in a box, leaving the box (and its cursor) alone when it has it."""
    if edit.text() != text:
        edit.setText(text)


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(32, 32, 32, 32)
    layout.setSpacing(20)
    return frame, layout


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TrainerPageBase(ModelPage):
    """A trainer page: heading, message, then content; sections, big buttons, rows."""

    def __init__(self, ctx: AppContext, model: ViewModel) -> None:
        super().__init__(ctx, model)
        self.layout_.addWidget(self.message)

    def section(self, object_name: str = "") -> QLabel:
        label = heading("lead")
        label.setStyleSheet("font-weight: 700;")
        if object_name:
            label.setObjectName(object_name)
        self.layout_.addWidget(label)
        return label

    def button(self, object_name: str, action: Callable[[], None], primary: bool = False,
               beside_text_box: bool = False) -> QPushButton:
        """A big button; its words wrap, except beside a text box (which gives way to it)."""
        kind = BigButton if beside_text_box else WrapButton
        button = kind(role="primary" if primary else "")
        button.setObjectName(object_name)
        button.clicked.connect(lambda _checked=False: action())
        return button

    def row(self, *widgets: QWidget) -> QHBoxLayout | FlowWidget:
        """Buttons side by side while they fit, wrapping at big text; a text box with its button
        shares one row (the box takes the room left)."""
        if not any(isinstance(w, QLineEdit) for w in widgets):
            flow = button_row(*widgets)
            self.layout_.addWidget(flow)
            return flow
        row = QHBoxLayout()
        row.setSpacing(20)
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        self.layout_.addLayout(row)
        return row
