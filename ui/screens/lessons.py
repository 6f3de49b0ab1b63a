"""The *Learn* tile: the lesson catalog ("lessons") and the lesson player ("lesson", args {"id"}).

The player is a thin view over :class:`kiosk.lessons.LessonRun`: the engine decides order,
success, hints and the way forward; the player shows one step per screen with its controls always
in the same places — *Previous*, *Read to me*/*Pause*/*Continue*, *Next* at the bottom, "Step 3 of 9" at the
top — and turns pad gestures, quiz taps and button presses into engine calls. After every change
the run is saved in the visitor session's scratch space (``lesson:<id>``), so leaving and coming
back resumes at the same step until the session is wiped. Every learning event goes to each
callable in ``ctx.lesson_listeners`` (the progress store).
"""
from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from kiosk import i18n
from kiosk.i18n import _, format_date, format_minutes, ngettext
from kiosk.lessons import (TOPICS, DoneStep, LearningEvent, Lesson, LessonLibrary, LessonRun,
                           PracticeStep, QuizStep, load_all)
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout, vertical_scroll
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.flow import FlowWidget
from ui.widgets.practice import PracticePad, make_pad

logger = logging.getLogger(__name__)

ALL_TOPICS = ""


def library(ctx: AppContext) -> LessonLibrary:
    """The lessons, loaded once for the whole kiosk (a broken lesson is skipped, never fatal)."""
    return ctx.service("lessons", lambda: load_all(ctx.config.content_dir / "lessons"))


def scratch_key(lesson_id: str) -> str:
    return f"lesson:{lesson_id}"


def wrapped(role: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


# -- catalog --------------------------------------------------------------------------------------

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

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override: wrapped text needs height
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(theme.TOUCH_MIN, self.layout().heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, self.heightForWidth(max(self.width(), 400)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(theme.TOUCH_MIN * 3, self.heightForWidth(max(self.width(), theme.TOUCH_MIN * 3)))

    def set_marker(self, marker: str) -> None:
        self.marker = marker
        self.marker_label.setText(marker)
        self.marker_label.setVisible(bool(marker))
        self.retranslate()

    def retranslate(self) -> None:
        lesson = self.lesson
        self.title_label.setText(_(lesson.title))
        self.summary_label.setText(_(lesson.summary))
        steps = ngettext("{n} step", "{n} steps", lesson.step_count).format(
            n=i18n.format_number(lesson.step_count))
        self.meta_label.setText(f"⏱ {format_minutes(lesson.minutes)} · {steps} · {lesson.level_title()}")
        self.setAccessibleName(_(lesson.title))
        self.setAccessibleDescription(" ".join(filter(None, [_(lesson.summary), self.marker])))

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
    """Every lesson as a big card, grouped by topic, with a row of topic buttons to filter."""

    name = "lessons"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.topic = ALL_TOPICS
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
        layout.addWidget(self.empty)
        self.body: QWidget | None = None
        self.body_holder = QVBoxLayout()
        self.body_holder.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.body_holder)
        layout.addStretch(1)
        self._build_body()
        self.retranslate()

    @property
    def library(self) -> LessonLibrary:
        return library(self.ctx)

    def _build_body(self) -> None:
        """Topic buttons, group headings and one card per lesson of the current library."""
        ctx = self.ctx
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        self.body_holder.addWidget(self.body)
        self.filters = FlowWidget(spacing=12, margin=0)
        self.topic_buttons: dict[str, BigButton] = {}
        groups = self.library.by_topic()
        for topic in [ALL_TOPICS, *groups]:
            button = BigButton()
            button.setObjectName(f"topic_{topic or 'all'}")
            button.setProperty("role", "language")  # the style sheet marks the selected one
            button.clicked.connect(lambda _c=False, t=topic: self.show_topic(t))
            self.filters.add(button)
            self.topic_buttons[topic] = button
        layout.addWidget(self.filters)
        self.filters.setVisible(bool(len(self.library)))
        self.cards: dict[str, LessonCard] = {}
        self.group_headings: dict[str, QLabel] = {}
        self.grids: dict[str, QGridLayout] = {}
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
                card.clicked.connect(lambda _c=False, i=lesson.id: ctx.session.open("lesson", id=i))
                self.cards[lesson.id] = card
        self._columns = 0

    def reload_if_empty(self) -> bool:
        """No lessons (content folder missing at start): look again, and show them if they are
        back — a technician restoring the content needs no restart."""
        if self.cards:
            return False
        fresh = load_all(self.ctx.config.content_dir / "lessons")
        if not len(fresh):
            return False
        self.ctx.services["lessons"] = fresh  # the player and sign-in read the service too
        old = self.body
        self.body_holder.removeWidget(old)
        old.hide()
        old.deleteLater()
        self._build_body()
        self.restyle()
        self.retranslate()
        logger.info("lessons are back: %d found", len(fresh))
        return True

    def title(self) -> str:
        return _("Learn")

    def show_topic(self, topic: str) -> None:
        self.topic = topic
        for name, label in self.group_headings.items():
            visible = topic in (ALL_TOPICS, name)
            label.setVisible(visible)
            for card in (self.cards[l.id] for l in self.library.by_topic()[name]):
                card.setVisible(visible)
        for name, button in self.topic_buttons.items():
            button.setProperty("selected", name == topic)
            button.style().unpolish(button)
            button.style().polish(button)
        self.scroll.verticalScrollBar().setValue(0)

    def refresh_markers(self) -> None:
        """"Continue at step 4" / "✔ Done" from what this visitor did (session scratch)."""
        for lesson_id, card in self.cards.items():
            state = self.ctx.session.scratch.get(scratch_key(lesson_id)) or {}
            if state.get("finished"):
                marker = "✔ " + _("Done")
            elif state.get("index"):
                marker = "▶ " + _("Continue at step {number}").format(
                    number=i18n.format_number(int(state["index"]) + 1))
            else:
                marker = ""
            card.set_marker(marker)

    def on_show(self, args: dict[str, Any]) -> None:
        self.reload_if_empty()
        self.refresh_markers()

    def reset(self) -> None:
        self.show_topic(ALL_TOPICS)
        self.refresh_markers()

    def retranslate(self) -> None:
        self.heading.setText(_("Learn at your own pace"))
        self.subheading.setText(_("Choose a lesson. Each one goes step by step, and you can practise on the screen."))
        for topic, button in self.topic_buttons.items():
            button.setText(_(TOPICS.get(topic, topic)) if topic else _("All lessons"))
        for topic, label in self.group_headings.items():
            label.setText(_(TOPICS.get(topic, topic)))
        self.empty.setText(_("The lessons are not available right now. Please ask library staff."))
        self.empty.setVisible(not self.cards)
        self.refresh_markers()
        self.show_topic(self.topic)

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        for card in self.cards.values():
            card.restyle(p, scale)
        columns = 2 if self.ctx.profile == "library" and scale < 1.5 else 1
        if columns != self._columns:
            self._columns = columns
            groups = self.library.by_topic()
            for topic, grid in self.grids.items():
                for n, lesson in enumerate(groups[topic]):
                    grid.addWidget(self.cards[lesson.id], n // columns, n % columns)


# -- player ---------------------------------------------------------------------------------------

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


class LessonPlayerScreen(Screen):
    """One step per screen; the controls never move."""

    name = "lesson"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.run: LessonRun | None = None
        self.pad: PracticePad | None = None
        self.choice_buttons: list[WrapButton] = []
        self.certificate: QLabel | None = None
        self.reading = False      # read-aloud is on: new steps and feedback are spoken too
        self._shown_index = -1
        #: The engine's answer to the last attempt on the shown step: more specific than
        #: ``run.feedback()`` ("Almost — tap right on Tap me." rather than "Not quite").
        self._last_feedback = None
        self._build()
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
        self.hint = wrapped("lead")
        self.hint.setObjectName("lesson_hint")
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
        self.back = BigButton()
        self.back.setObjectName("lesson_back")
        self.back.clicked.connect(self._on_back_clicked)
        self.read = BigButton()
        self.read.setObjectName("lesson_read")
        self.read.clicked.connect(self._on_read_clicked)
        self.next = BigButton(role="primary")
        self.next.setObjectName("lesson_next")
        self.next.clicked.connect(self._on_next_clicked)
        self.nav = QGridLayout()
        self.nav.setHorizontalSpacing(16)
        self.nav.setVerticalSpacing(12)
        outer.addLayout(self.nav)
        self._nav_rows = 0
        self._arrange_nav(1)

    def _arrange_nav(self, rows: int) -> None:
        """One row (Previous, Read to me, Next) or, when the words are too wide, Read to me above."""
        if rows == self._nav_rows:
            return
        self._nav_rows = rows
        for button in (self.back, self.read, self.next):
            self.nav.removeWidget(button)
        if rows == 1:
            self.nav.addWidget(self.back, 0, 0)
            self.nav.addWidget(self.read, 0, 1)
            self.nav.addWidget(self.next, 0, 2)
        else:
            self.nav.addWidget(self.read, 0, 0, 1, 2)
            self.nav.addWidget(self.back, 1, 0)
            self.nav.addWidget(self.next, 1, 1)

    def _fit_nav(self) -> None:
        needed = sum(b.sizeHint().width() for b in (self.back, self.read, self.next)) + 2 * 16
        self._arrange_nav(1 if needed <= self.width() - 64 else 2)

    # -- Screen API -------------------------------------------------------------------------------
    @property
    def library(self) -> LessonLibrary:
        return library(self.ctx)

    def title(self) -> str:
        return _(self.run.lesson.title) if self.run else _("Lesson")

    def on_show(self, args: dict[str, Any]) -> None:
        lesson_id = args.get("id") or next((l.id for l in self.library), None)
        if self.run is not None and self.run.lesson.id == lesson_id and not self.run.finished:
            self.show_step()
            return
        lesson = self.library.get(lesson_id) if lesson_id else None
        if lesson is None:
            self.run = None
            self._show_problem()
            return
        self.open_lesson(lesson)

    def open_lesson(self, lesson: Lesson) -> None:
        """Start ``lesson``, or continue it where this visitor (or signed-in learner) left it."""
        state = self.ctx.session.scratch.get(scratch_key(lesson.id))
        if not state and self.ctx.resume_lookup is not None:
            try:
                index = self.ctx.resume_lookup(lesson.id)
            except Exception:  # noqa: BLE001 - a progress-store problem must not block the lesson
                logger.exception("resume lookup failed for lesson %s", lesson.id)
                index = None
            if index:
                state = {"version": 1, "lesson": lesson.id, "index": int(index), "steps": {}}
        self.stop_reading()
        self.run = LessonRun.resume(lesson, state, self._on_learning_event)
        self._shown_index = -1
        self._save()
        self.show_step()

    def reset(self) -> None:
        self.run = None
        self.reading = False
        self._shown_index = -1
        self._last_feedback = None
        self._clear_slot()

    def retranslate(self) -> None:
        # Arrows point the way the page reads: mirrored for right-to-left languages.
        back_arrow, forward_arrow = ("▶", "◀") if i18n.is_rtl() else ("◀", "▶")
        self.back.setText(back_arrow + " " + _("Previous"))
        self.next.setText((_("Finish") + " ✔") if self._on_done() else (_("Next") + " " + forward_arrow))
        self.skip.setText(_("Skip this practice") + " " + forward_arrow)
        self._update_read_button()
        if self.run is None:
            self._show_problem()
            return
        self._fill_texts()
        if self.pad is not None:
            self.pad.retranslate()
        self._update_state()
        self._fit_nav()

    def restyle(self) -> None:
        if self.pad is not None:
            self.pad.restyle(self.ctx.palette, self.ctx.scale)
        if self.run is not None:
            self._show_picture()
            self._style_certificate()
            self._update_state()
        self._fit_nav()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_nav()

    # -- showing a step -----------------------------------------------------------------------------
    def _on_done(self) -> bool:
        return self.run is not None and isinstance(self.run.step, DoneStep)

    def show_step(self) -> None:
        """Show the run's current step (rebuilding its pad/choices only when the step changed)."""
        run = self.run
        self.problem.hide()
        for widget in (self.step_title, self.step_text, self.back, self.next):
            widget.show()
        if self._shown_index != run.index:
            self._shown_index = run.index
            self._last_feedback = None
            self._clear_slot()
            step = run.step
            if isinstance(step, PracticeStep):
                self._build_pad(step)
            elif isinstance(step, QuizStep):
                self._build_choices(step)
            elif isinstance(step, DoneStep):
                self._build_done(step)
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
        self.pad, self.choice_buttons, self.certificate = None, [], None

    def _build_pad(self, step: PracticeStep) -> None:
        self.pad = make_pad(step.gesture)
        self.pad.attempted.connect(self._on_pad_attempted)
        self.pad.restyle(self.ctx.palette, self.ctx.scale)
        self.pad.set_solved(self.run.progress.solved)
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

    def _build_done(self, step: DoneStep) -> None:
        self.learned = wrapped("lead")
        self.learned.setObjectName("lesson_learned")
        self.certificate = wrapped()
        self.certificate.setObjectName("lesson_certificate")
        self.certificate.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slot.addWidget(self.learned)
        self.slot.addWidget(self.certificate)
        self._style_certificate()

    def _style_certificate(self) -> None:
        if self.certificate is None:
            return
        p, scale = self.ctx.palette, self.ctx.scale
        self.certificate.setStyleSheet(
            f"QLabel#lesson_certificate {{ border: 6px double {p.primary}; border-radius: 20px;"
            f" padding: 32px; background: {p.surface}; color: {p.text};"
            f" font-size: {theme.px('tile', scale)}px; }}")

    def _show_picture(self) -> None:
        path = self.run.lesson.image_path(self.run.step) if self.run else None
        if path is None or not Path(path).is_file():
            self.image.clear()
            self.image.hide()
            return
        scale = min(self.ctx.scale, 1.5)
        portrait = self.ctx.profile == "street"
        width, height = int(640 * scale), int((420 if portrait else 300) * scale)
        self.image.setPixmap(picture(str(path), width, height))
        self.image.show()

    def _fill_texts(self) -> None:
        run, step = self.run, self.run.step
        self.lesson_title.setText(_(run.lesson.title))
        self.position.setText(run.position.text())
        self.step_title.setText(_(step.title) if step.title else "")
        self.step_title.setVisible(bool(step.title))
        main = step.question if isinstance(step, QuizStep) else step.text
        self.step_text.setText(_(main))
        if isinstance(step, QuizStep):
            wrong = run.wrong_choices
            for number, (button, choice) in enumerate(zip(self.choice_buttons, step.choices)):
                mark = "✖ " if number in wrong else ("✔ " if run.progress.solved and choice.correct else "")
                button.setText(mark + _(choice.text))
        if isinstance(step, DoneStep) and self.certificate is not None:
            self.learned.setText(_("What you learned:") + "\n" + "\n".join(
                "✔ " + _(line) for line in step.learned))
            self.certificate.setText(self.certificate_text())
        self.setAccessibleName(self.title())

    def certificate_text(self) -> str:
        who = self.ctx.session.signed_in
        first = who.display_name.split()[0] if who and who.display_name.strip() else ""
        heading_text = (_("Certificate of completion — {name}").format(name=first) if first
                        else _("Certificate of completion"))
        return "\n".join(["★ " + heading_text, _(self.run.lesson.title), format_date(date.today())])

    def _update_state(self) -> None:
        """Feedback, hint, skip and the enabled state of Previous/Next, from the engine."""
        run = self.run
        feedback = self._last_feedback or run.feedback()
        text = feedback.text() if feedback else ""
        if feedback and feedback.explanation_text():
            text = f"{text}\n{feedback.explanation_text()}"
        self.feedback_box.show_feedback(feedback.outcome if feedback else "", text, self.ctx.palette)
        hint = feedback.hint_text() if feedback else None
        self.hint.setText("💡 " + _("Hint:") + " " + hint if hint else "")
        self.hint.setVisible(bool(hint))
        self.skip.setVisible(run.can_skip)
        self.back.setEnabled(run.can_go_back)
        self.next.setEnabled(run.can_go_next)
        if isinstance(run.step, QuizStep):
            for number, button in enumerate(self.choice_buttons):
                button.setEnabled(not run.progress.solved and number not in run.wrong_choices)
        if self.pad is not None:
            self.pad.set_solved(run.progress.solved)

    def _show_problem(self) -> None:
        self._clear_slot()
        for widget in (self.step_title, self.image, self.feedback_box, self.hint, self.skip,
                       self.back, self.next):
            widget.hide()
        self.lesson_title.setText("")
        self.position.setText("")
        self.step_text.setText(_("Sorry, this lesson is not available right now. "
                                 "Tap Back to choose another one."))
        self.problem.hide()

    # -- engine calls --------------------------------------------------------------------------------
    def _on_learning_event(self, event: LearningEvent) -> None:
        for listener in list(self.ctx.lesson_listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - recording progress must never break the lesson
                logger.exception("lesson listener failed on %s", event.verb)

    def _save(self) -> None:
        if self.run is not None:
            self.ctx.session.scratch[scratch_key(self.run.lesson.id)] = self.run.to_dict()

    def _changed(self, spoken: str | None = None) -> None:
        self._save()
        self.show_step()
        if spoken and self.reading:
            self.say(spoken)

    def _on_pad_attempted(self, kind: str, details: dict) -> None:
        if self.run is None or not isinstance(self.run.step, PracticeStep):
            return
        feedback = self.run.report_gesture(kind, **details)
        self._last_feedback = feedback
        self._changed(feedback.speech_text())

    def _on_choice_clicked(self, number: int) -> None:
        if self.run is None or not isinstance(self.run.step, QuizStep):
            return
        feedback = self.run.answer(number)
        self._last_feedback = feedback
        self._changed(feedback.speech_text())

    def _on_skip_clicked(self) -> None:
        if self.run is not None and self.run.skip():
            self._after_move()

    def _on_back_clicked(self) -> None:
        if self.run is not None and self.run.back():
            self._after_move()

    def _on_next_clicked(self) -> None:
        if self.run is None or not self.run.next():
            return
        if self.run.finished:
            self._save()
            self.stop_reading()
            self.run = None
            session = self.ctx.session
            if len(session.navigation.stack) > 1 and session.navigation.stack[-2][0] == "lessons":
                session.back()
            else:
                session.open("lessons")
            return
        self._after_move()

    def _after_move(self) -> None:
        self._changed()
        if self.reading:
            self.say(self.run.speech_text())
        elif self.ctx.speaker.state != "idle":
            self.ctx.speaker.stop()

    # -- read aloud -------------------------------------------------------------------------------------
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
        if self.run is None:
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
        feedback = self._last_feedback or self.run.feedback()
        extra = feedback.speech_text() if feedback else ""
        self.say("\n".join(filter(None, [self.run.speech_text(), extra])))

    def _on_speaker_state_changed(self, _state: str) -> None:
        self._update_read_button()

    def _update_read_button(self) -> None:
        speaker = self.ctx.speaker
        self.read.setVisible(speaker.available)
        labels = {"speaking": "⏸ " + _("Pause"), "paused": "▶ " + _("Continue")}
        self.read.setText(labels.get(speaker.state, "🔊 " + _("Read to me")))


def screens(ctx: AppContext) -> list[Screen]:
    return [CatalogScreen(ctx), LessonPlayerScreen(ctx)]
