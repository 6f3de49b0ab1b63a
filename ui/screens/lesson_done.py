"""The last step of a lesson, below its text: the certificate, *Print my certificate* on a
library PC, *Print my progress* there for a signed-in learner (their own progress slip, saved
onto a USB stick or into the home folder), whether the lesson is mastered (and what is still
needed), and what was learned.

A view of :class:`kiosk.lessons.player.LessonPlayer` (``certificate_text``, ``mastery``,
``learned_text``); split from :mod:`ui.screens.lesson_player` so that page keeps to the steps.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.i18n import _
from kiosk.lessons.player import LessonPlayer
from kiosk.progress.own_slip import OwnSlipModel
from ui import theme
from ui.context import AppContext
from ui.screens.lesson_certificate import PrintPanel
from ui.screens.lesson_parts import wrapped
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import FlowWidget


class OwnSlipPanel(QWidget):
    """*Print my progress*, then a big button per place (USB sticks, the home folder) and what
    became of the slip — the view of :class:`OwnSlipModel`."""

    def __init__(self, model: OwnSlipModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.button = WrapButton()
        self.button.setObjectName("lesson_own_slip")
        self.button.clicked.connect(model.start)
        self.again = WrapButton()
        self.again.setObjectName("lesson_own_slip_again")
        self.again.clicked.connect(model.look_again)
        row = FlowWidget(self, spacing=20, margin=0)
        row.add(self.button)
        self.places = FlowWidget(self, spacing=20, margin=0)
        self.status = wrapped("lead")
        self.status.setObjectName("lesson_own_slip_status")
        layout.addWidget(row)
        layout.addWidget(self.status)
        layout.addWidget(self.places)
        model.subscribe(self.render)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Print my progress"))
        self.again.setText(_("Look again"))
        self.render()

    def render(self) -> None:
        if not isValid(self):
            return
        model = self.model
        self.setVisible(model.available)
        text = model.message_text()
        self.status.setText(text)
        self.status.setVisible(bool(text))
        # The places stay to choose from until the slip is saved (or the model was reset).
        self._set_places([] if model.places is None or model.written else model.places)

    def _set_places(self, places: list) -> None:  # noqa: ANN001 - ExportPlace items
        old = self.places
        flow = FlowWidget(spacing=20, margin=0)
        for n, place in enumerate(places):
            text = (_("USB stick “{name}”").format(name=place.label) if place.removable
                    else _("Home folder ({path})").format(path=str(place.path)))
            button = WrapButton(text)
            button.setObjectName(f"lesson_own_slip_place_{n}")
            button.clicked.connect(lambda _c=False, p=place: self.model.save(p))
            flow.add(button)
        if self.model.places is not None and not self.model.written:
            self.again.setParent(None)
            flow.add(self.again)
            self.again.show()  # (taken out of the old row, which hid it)
        self.layout().replaceWidget(old, flow)
        old.hide()
        old.deleteLater()
        self.places = flow
        flow.setVisible(bool(places) or self.model.places is not None and not self.model.written)


def own_slip_model(ctx: AppContext) -> OwnSlipModel | None:
    """The model of *Print my progress* on a library PC where a learner's records are linked to
    this session (the link exists once anyone signed in); None elsewhere."""
    link = ctx.services.get("progress_link")
    if ctx.config.kiosk.profile != "library" or link is None:
        return None
    from ui.screens.trainer.slip import write_slip_pdf

    return OwnSlipModel(ctx.tasks, ctx.session, link, library=True, writer=write_slip_pdf)


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
        self.own_slip: OwnSlipPanel | None = None
        slips = own_slip_model(ctx) if model.can_print else None
        if slips is not None and slips.available:
            self.own_slip = OwnSlipPanel(slips)
            layout.addWidget(self.own_slip)
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
        if self.own_slip is not None:
            self.own_slip.retranslate()

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        self.setStyleSheet(
            f"QLabel#lesson_certificate {{ border: 6px double {p.primary}; border-radius: 20px;"
            f" padding: 32px; background: {p.surface}; color: {p.text};"
            f" font-size: {theme.px('tile', scale)}px; }}"
            f"QLabel#lesson_mastery {{ border-left: 8px solid {p.muted}; padding: 8px 16px;"
            f" background: {p.surface}; color: {p.text}; }}"
            f"QLabel#lesson_mastery[mastered=\"true\"] {{ border-left-color: {p.good}; }}")
