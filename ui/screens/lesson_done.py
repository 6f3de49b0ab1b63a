"""The last step of a lesson, below its text: the certificate, *Print my certificate* on a
library PC, whether the lesson is mastered (and what is still needed), and what was learned.

A view of :class:`kiosk.lessons.player.LessonPlayer` (``certificate_text``, ``mastery``,
``learned_text``); split from :mod:`ui.screens.lesson_player` so that page keeps to the steps.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.lessons.player import LessonPlayer
from ui import theme
from ui.context import AppContext
from ui.screens.lesson_certificate import PrintPanel
from ui.screens.lesson_parts import wrapped


class DonePanel(QWidget):
    """Certificate first (its completion code is the take-away and must be in sight without
    scrolling), then printing, mastery and what was learned."""

    def __init__(self, ctx: AppContext, model: LessonPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.model = ctx, model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.certificate = wrapped()
        self.certificate.setObjectName("lesson_certificate")
        self.certificate.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.certificate)
        self.print_panel: PrintPanel | None = None
        if model.can_print:
            self.print_panel = PrintPanel(ctx, model)
            layout.addWidget(self.print_panel)
        # Mastered or not, said in words (and a star when mastered): never colour alone.
        self.mastery: QLabel = wrapped("lead")
        self.mastery.setObjectName("lesson_mastery")
        layout.addWidget(self.mastery)
        self.learned: QLabel = wrapped("lead")
        self.learned.setObjectName("lesson_learned")
        layout.addWidget(self.learned)
        self.restyle()
        self.retranslate()

    def retranslate(self) -> None:
        model = self.model
        self.certificate.setText(model.certificate_text())
        standing = model.mastery()
        self.mastery.setVisible(standing is not None)
        if standing is not None:
            self.mastery.setText(("★ " if standing.mastered else "") + standing.text())
            self.mastery.setProperty("mastered", standing.mastered)
            self.mastery.setAccessibleName(standing.text())
        self.learned.setText(model.learned_text())
        if self.print_panel is not None:
            self.print_panel.retranslate()

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        self.setStyleSheet(
            f"QLabel#lesson_certificate {{ border: 6px double {p.primary}; border-radius: 20px;"
            f" padding: 32px; background: {p.surface}; color: {p.text};"
            f" font-size: {theme.px('tile', scale)}px; }}"
            f"QLabel#lesson_mastery {{ border-left: 8px solid {p.muted}; padding: 8px 16px;"
            f" background: {p.surface}; color: {p.text}; }}"
            f"QLabel#lesson_mastery[mastered=\"true\"] {{ border-left-color: {p.good}; }}")
