"""The lesson player page ("lesson", args ``{"id"}``): a thin view over
:class:`kiosk.lessons.player.LessonPlayer`.

One step per screen with its controls always in the same places — *Previous*, *Read to me*/
*Pause*/*Continue*, *Next* at the bottom, "Step 3 of 9" at the top. The view model decides
everything else: the step's texts, feedback, hint, the quiz marks, and whether each control works.
A control that does not work yet still takes taps: it is drawn as unavailable (the
``unavailable`` property, which the theme styles) and a tap shows the reason in a line just above
the buttons ("Try the practice above first…"), where the learner is looking.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import _
from kiosk.lessons import DoneStep, PracticeStep, QuizStep
from kiosk.lessons.player import LessonPlayer, PlayerChange
from kiosk.progress.link import unsaved_notice
from ui.context import AppContext
from ui.screens.base import Screen, vertical_scroll
from ui.screens.lesson_certificate import PrintPanel
from ui.screens.lesson_done import DonePanel
from ui.screens.lesson_parts import (FeedbackBox, HintBox, NavBar, ReadAloudMixin, picture,
                                     player_of, show_control, wait_for_tasks, wrapped)
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.practice import PracticePad, make_pad

logger = logging.getLogger(__name__)


class LessonPlayerScreen(ReadAloudMixin, Screen):
    """One step per screen; the controls never move."""

    name = "lesson"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model: LessonPlayer = player_of(ctx)
        self.pad: PracticePad | None = None
        self.choice_buttons: list[WrapButton] = []
        self.done: DonePanel | None = None
        self.reading = False      # read-aloud is on: new steps and feedback are spoken too
        self._shown_index = -1
        self._build()
        self.model.subscribe(self._on_model_changed)
        ctx.speaker.state_changed.connect(self._on_speaker_state_changed)
        self.retranslate()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        side = 16 if self.ctx.profile == "street" else 32   # room for the keyboard in portrait
        outer.setContentsMargins(side, 20, side, 12)
        outer.setSpacing(12)
        top = QHBoxLayout()
        self.lesson_title = wrapped("muted")
        self.position = wrapped("lead")
        self.position.setObjectName("lesson_position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.position.setWordWrap(False)
        top.addWidget(self.lesson_title, 1)
        top.addWidget(self.position)
        outer.addLayout(top)
        body = QWidget()
        # No flick scrolling here: the practice pads take drags and swipes themselves.
        self.scroll = vertical_scroll(body, flick=False)
        outer.addWidget(self.scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        self.step_title = wrapped("title")
        self.step_title.setObjectName("step_title")
        self.step_text = wrapped("lead")
        self.step_text.setObjectName("step_text")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slot = QVBoxLayout()
        self.slot.setSpacing(16)
        self.feedback_box = FeedbackBox()
        self.hint = HintBox()
        self.skip = BigButton()
        self.skip.setObjectName("lesson_skip")
        self.skip.clicked.connect(self._on_skip_clicked)
        self.problem = wrapped("lead")
        for widget in (self.step_title, self.step_text, self.image):
            layout.addWidget(widget)
        layout.addLayout(self.slot)
        for widget in (self.feedback_box, self.hint, self.skip, self.problem):
            layout.addWidget(widget)
        layout.addStretch(1)
        # Why Next/Previous did nothing: outside the scrolling page, right above the buttons.
        self.notice = wrapped()
        self.notice.setObjectName("lesson_notice")
        self.notice.hide()
        outer.addWidget(self.notice)
        self.navbar = NavBar()
        outer.addWidget(self.navbar)
        self.back, self.read, self.next = self.navbar.back, self.navbar.read, self.navbar.next
        self.back.clicked.connect(self._on_back_clicked)
        self.read.clicked.connect(self._on_read_clicked)
        self.next.clicked.connect(self._on_next_clicked)

    def _fit_nav(self) -> None:
        self.navbar.fit(self.width())

    # -- Screen API -------------------------------------------------------------------------------
    @property
    def run(self):
        """The engine run on screen (None when no lesson is shown)."""
        return self.model.run

    @property
    def library(self):
        """The lessons this kiosk offers (``get(id)``), as the catalog view model has them."""
        return self.model.catalog

    def title(self) -> str:
        return self.model.title()

    def on_show(self, args: dict[str, Any]) -> None:
        self.model.show(args.get("id"), self.ctx.resume_lookup, args.get("step"))

    async def load(self) -> None:
        await wait_for_tasks(self.ctx)

    def reset(self) -> None:
        self.reading = False
        self.model.reset()

    def retranslate(self) -> None:
        # Arrows point the way the page reads: mirrored for right-to-left languages.
        back_arrow, forward_arrow = ("▶", "◀") if i18n.is_rtl() else ("◀", "▶")
        # "Previous step" / "Next step", not "Previous" / "Next": the control bar's "Back" just
        # below leaves the lesson, and a senior must tell the two apart (issue 14, item 8).
        self.back.setText(back_arrow + " " + _("Previous step"))
        self.next.setText((_("Finish") + " ✔") if self.model.on_done_step
                          else (_("Next step") + " " + forward_arrow))
        self.skip.setText(_("Skip this practice") + " " + forward_arrow)
        self._update_read_button()
        if self.model.run is None:
            self._show_problem()
            return
        self._fill_texts()
        if self.pad is not None:
            self.pad.retranslate()
        self._update_state()
        self._fit_nav()

    def restyle(self) -> None:
        p = self.ctx.palette
        # Unavailable controls take the theme's look (``unavailable=true``: muted and dashed);
        # the reason line is this page's own.
        self.setStyleSheet(
            f'QLabel#lesson_notice {{ border-left: 8px solid {p.warn}; padding: 8px 16px;'
            f' background: {p.surface}; color: {p.text}; }}')
        self.hint.restyle(p, self.ctx.scale)
        self.navbar.restyle(self.ctx.scale)
        if self.pad is not None:
            self.pad.restyle(p, self.ctx.scale)
        if self.model.run is not None:
            self._show_picture()
            if self.done is not None:
                self.done.restyle()
            self._update_state()
        self._fit_nav()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_nav()

    # -- rendering the view model -------------------------------------------------------------------
    def _on_model_changed(self, change: PlayerChange) -> None:
        if change is PlayerChange.LESSON:
            self.stop_reading()
            self._shown_index = -1
        if change is PlayerChange.FINISHED:
            self.stop_reading()
            self._clear_slot()
            self._shown_index = -1
            return
        self.show_step()

    def show_step(self) -> None:
        """Show the current step (rebuilding its pad/choices only when the step changed)."""
        run = self.model.run
        if run is None:
            self._clear_slot()
            self._shown_index = -1
            self.retranslate()
            return
        self.problem.hide()
        for widget in (self.step_title, self.step_text, self.back, self.next):
            widget.show()
        if self._shown_index != run.index:
            self._shown_index = run.index
            self._clear_slot()
            step = run.step
            if isinstance(step, PracticeStep):
                self._build_pad(step)
            elif isinstance(step, QuizStep):
                self._build_choices(step)
            elif isinstance(step, DoneStep):
                self._build_done()
            self.scroll.verticalScrollBar().setValue(0)
            self._show_picture()
        self.retranslate()

    def _clear_slot(self) -> None:
        while self.slot.count():
            widget = self.slot.takeAt(0).widget()
            if widget is not None:
                # Out of the page now (not at the next event-loop turn), then freed.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.pad, self.choice_buttons, self.done = None, [], None

    def _build_pad(self, step: PracticeStep) -> None:
        self.pad = make_pad(step.gesture, folder=self.model.run.lesson.folder)
        self.pad.attempted.connect(self._on_pad_attempted)
        self.pad.restyle(self.ctx.palette, self.ctx.scale)
        self.pad.set_solved(self.model.solved)
        self.slot.addWidget(self.pad)
        if step.gesture.kind == "type":
            self.pad.setFocus()

    def _build_choices(self, step: QuizStep) -> None:
        for number, _choice in enumerate(step.choices):
            button = WrapButton(fill=True)  # long answers wrap instead of being cut off
            button.setObjectName(f"quiz_choice_{number}")
            button.clicked.connect(lambda _c=False, n=number: self._on_choice_clicked(n))
            self.slot.addWidget(button)
            self.choice_buttons.append(button)

    def _build_done(self) -> None:
        self.done = DonePanel(self.ctx, self.model)
        self.slot.addWidget(self.done)

    # The last step's parts, where tests and the certificate printing look for them.
    @property
    def certificate(self) -> QLabel | None:
        return self.done.certificate if self.done is not None else None

    @property
    def learned(self) -> QLabel | None:
        return self.done.learned if self.done is not None else None

    @property
    def mastery(self) -> QLabel | None:
        return self.done.mastery if self.done is not None else None

    @property
    def print_panel(self) -> PrintPanel | None:
        return self.done.print_panel if self.done is not None else None

    def _show_picture(self) -> None:
        path = self.model.image_path()
        if path is None:
            self.image.clear()
            self.image.hide()
            return
        scale = min(self.ctx.scale, 1.5)
        portrait = self.ctx.profile == "street"
        width, height = int(640 * scale), int((420 if portrait else 300) * scale)
        self.image.setPixmap(picture(str(path), width, height))
        self.image.show()

    def _fill_texts(self) -> None:
        model = self.model
        self.lesson_title.setText(model.title())
        self.position.setText(model.position_text())
        self.step_title.setText(model.step_title())
        self.step_title.setVisible(bool(model.step_title()))
        self.step_text.setText(model.main_text())
        for button, choice in zip(self.choice_buttons, model.choices()):
            button.setText(choice.label)
        if self.done is not None:
            self.done.retranslate()
        self.setAccessibleName(self.title())

    def certificate_text(self) -> str:
        return self.model.certificate_text()

    @property
    def print_button(self):
        """*Print my certificate* on the last step of a library PC (None elsewhere)."""
        return self.print_panel.button if self.print_panel is not None else None

    @property
    def print_status(self):
        return self.print_panel.status if self.print_panel is not None else None

    def _update_state(self) -> None:
        """Feedback, hint, skip, the notice and how Previous/Next look, from the view model."""
        model = self.model
        feedback = model.feedback()
        self.feedback_box.show_feedback(feedback.outcome if feedback else "", model.feedback_text(),
                                        self.ctx.palette)
        hint = model.hint_text()
        appeared = (bool(hint) and self.hint.isHidden()) or (model.skip.visible and self.skip.isHidden())
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.skip.setVisible(model.skip.visible)
        show_control(self.back, model.previous)
        show_control(self.next, model.next)
        for button, choice in zip(self.choice_buttons, model.choices()):
            button.setEnabled(choice.enabled)
        if self.pad is not None:
            self.pad.set_solved(model.solved)
        # ...or, while a learner is signed in, that their progress waits to be saved (kept, retried).
        notice = model.notice_text() or unsaved_notice(self.ctx.services)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        if appeared:
            self._bring_help_into_view()

    def _bring_help_into_view(self) -> None:
        """The hint and "Skip this practice" have just appeared below the pad: scroll them up
        into sight, above the Previous/Next bar (issue 14, item 4) — a learner who is stuck must
        not have to find them by scrolling."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # their places, now
        for widget in (self.hint, self.skip):
            if widget.isVisibleTo(self.scroll.widget()):
                self.scroll.ensureWidgetVisible(widget, 0, 16)

    def _show_problem(self) -> None:
        self._clear_slot()
        for widget in (self.step_title, self.image, self.feedback_box, self.hint, self.skip,
                       self.back, self.next, self.notice):
            widget.hide()
        self.lesson_title.setText("")
        self.position.setText("")
        self.step_text.setText(self.model.main_text())
        self.problem.hide()

    # -- input ----------------------------------------------------------------------------------------
    def _on_pad_attempted(self, kind: str, details: dict) -> None:
        feedback = self.model.gesture(kind, details)
        if feedback is not None and self.reading:
            self.say(feedback.speech_text())

    def _on_choice_clicked(self, number: int) -> None:
        feedback = self.model.answer(number)
        if feedback is not None and self.reading:
            self.say(feedback.speech_text())

    def _on_skip_clicked(self) -> None:
        self._after_press(self.model.press_skip())

    def _on_back_clicked(self) -> None:
        self._after_press(self.model.press_previous())

    def _on_next_clicked(self) -> None:
        self._after_press(self.model.press_next())

    def _after_press(self, moved: bool) -> None:
        if not moved:
            if self.model.notice:
                # "Try the practice above": make sure "above" is on screen.
                target = self.pad or (self.choice_buttons[0] if self.choice_buttons else None)
                if target is not None:
                    self.scroll.ensureWidgetVisible(target, 0, 0)
            if self.reading and self.model.notice:
                self.say(self.model.notice_text())  # a listener hears why, too
            return
        if self.model.run is None:
            return  # finished: the catalog is showing
        if self.reading:
            self.say(self.model.speech_text())
        elif self.ctx.speaker.state != "idle":
            self.ctx.speaker.stop()
