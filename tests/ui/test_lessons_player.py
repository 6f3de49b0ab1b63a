"""The lesson player as a learner meets it: every practice gesture made with real mouse, touch,
wheel and key input, warm feedback, the hint and one-tap skip after three misses, quizzes, the
certificate, read-aloud, resuming after leaving, and the wipe."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk import config
from kiosk.lessons import DoneStep, PracticeStep, QuizStep
from kiosk.session import SignedIn


def lesson_screens():
    """The shell with only the screens these tests visit (map and chargers cost seconds each)."""
    from ui.screens import lessons
    from ui.screens.attract import AttractScreen
    from ui.screens.home import HomeScreen
    from ui.screens.info import HelpScreen, OneMomentScreen

    return [AttractScreen, HomeScreen, HelpScreen, OneMomentScreen, lessons.screens]


@pytest.fixture
def window(qtbot, clock):
    from ui.app import build_window

    cfg = config.load(environ={})
    _ctx, kiosk_window = build_window(cfg, clock=clock, screens=lesson_screens())
    qtbot.addWidget(kiosk_window)
    kiosk_window.resize(*cfg.screen_size)
    kiosk_window.show()
    qtbot.waitExposed(kiosk_window)
    assert kiosk_window.ctx.tasks.wait_idle()  # the lessons load on a worker
    yield kiosk_window
    kiosk_window.stop()


def tap(qtbot, widget, pos: QPoint | None = None) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def unavailable(button) -> bool:
    """Drawn as not working yet (it still takes a tap, to say why)."""
    return bool(button.property("unavailable"))


def point(rect) -> QPoint:
    return rect.center().toPoint()


@pytest.fixture
def open_step(window):
    """Open the player at the first step of ``lesson`` with practice gesture (or step kind) ``kind``."""
    session = window.ctx.session
    session.activity()
    player = window.screens["lesson"]

    def _open(lesson_id: str, kind: str):
        lesson = player.library.get(lesson_id)
        index = next(i for i, s in enumerate(lesson.steps)
                     if (isinstance(s, PracticeStep) and s.gesture.kind == kind) or s.kind == kind)
        session.scratch[f"lesson:{lesson_id}"] = {"version": 1, "lesson": lesson_id,
                                                  "index": index, "steps": {}}
        session.open("lessons")
        session.open("lesson", id=lesson_id)
        assert window.current_screen is player
        assert player.run.index == index
        QApplication.processEvents()
        return player

    return _open


def feedback(player) -> str:
    return player.feedback_box.text.text() if player.feedback_box.isVisible() else ""


def test_tap_on_the_button_succeeds_and_beside_it_says_where(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "tap")
    assert unavailable(player.next)
    pad = player.pad
    tap(qtbot, pad, QPoint(12, 12))
    assert feedback(player) == "Almost — tap right on Tap me."
    assert unavailable(player.next)
    tap(qtbot, pad, point(pad.target_rect()))
    assert feedback(player) == "Nice — you tapped the button!"
    assert player.feedback_box.icon.text() == "✔"
    assert not unavailable(player.next)


def test_double_tap_and_a_lone_tap(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "double_tap")
    pad = player.pad
    tap(qtbot, pad, point(pad.target_rect()))
    qtbot.waitUntil(lambda: feedback(player) == "That was one tap. Tap twice, quickly.")
    qtbot.mouseDClick(pad, Qt.MouseButton.LeftButton, pos=point(pad.target_rect()))
    qtbot.waitUntil(lambda: feedback(player) == "Well done — that was a double tap!")
    assert not unavailable(player.next)


def test_press_and_hold_is_timed_and_fills_up(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "press_hold")
    pad = player.pad
    target = point(pad.target_rect())
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=target)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=target)
    assert feedback(player) == "Keep your finger down a little longer."
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: 0.3 < pad.fill() < 1.0)   # the button fills while held
    qtbot.waitUntil(lambda: feedback(player) == "Great — you pressed and held!", timeout=4000)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=target)
    assert player.run.progress.solved and not unavailable(player.next)


def drag(qtbot, widget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * n / steps)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_drag_and_drop_into_the_basket(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "drag_drop")
    pad = player.pad
    item = point(pad.item_rect())
    drag(qtbot, pad, item, QPoint(item.x(), 10))
    assert feedback(player) == "Almost — keep your finger down until it is over the basket."
    assert pad.item_rect() == pad.item_home()  # the apple went back to its place
    drag(qtbot, pad, item, point(pad.box_rect()))
    assert feedback(player) == "You did it — the apple is in the basket!"
    assert pad.box_rect().contains(pad.item_rect().center())


def test_drag_and_drop_by_two_taps(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "drag_drop")
    pad = player.pad
    tap(qtbot, pad, point(pad.item_rect()))
    assert pad.selected
    tap(qtbot, pad, point(pad.box_rect()))
    assert player.run.progress.solved


def test_swipe_direction_comes_from_the_finger(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "swipe")
    pad = player.pad
    mid_y = pad.height() // 2
    drag(qtbot, pad, QPoint(100, mid_y), QPoint(pad.width() - 100, mid_y))
    assert feedback(player) == "Almost! Slide your finger to the left."
    tap(qtbot, pad)  # too short to be a swipe
    assert player.run.progress.misses == 2
    drag(qtbot, pad, QPoint(pad.width() - 100, mid_y), QPoint(100, mid_y))
    assert feedback(player) == "Good swipe — the page turned!"
    assert pad.page == 2


def wheel(widget, steps: int) -> None:
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, -120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_scroll_with_the_wheel_until_the_star_shows(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "scroll")
    pad = player.pad
    viewport = pad.area.viewport()
    assert not pad.target_in_view()
    tap(qtbot, viewport)
    assert feedback(player) == "Keep going — slide the list until you see the star."
    for _ in range(40):
        if player.run.progress.solved:
            break
        wheel(viewport, 1)
    assert pad.target_in_view()
    assert feedback(player) == "You found the star — nice scrolling!"


def test_scroll_by_sliding_the_list(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "scroll")
    viewport = player.pad.area.viewport()
    for _ in range(12):
        if player.run.progress.solved:
            break
        bottom = QPoint(viewport.width() // 2, viewport.height() - 10)
        drag(qtbot, viewport, bottom, QPoint(bottom.x(), 10))
    assert player.run.progress.solved


def test_type_with_the_on_screen_keys(qtbot, open_step) -> None:
    player = open_step("keyboard-and-typing", "type")
    pad = player.pad
    assert pad.model.text() == "Type: hello"
    for key in ["h", "e", "l", "p", "enter"]:
        tap(qtbot, pad.keyboard.key_button(key))
    assert feedback(player) == "Not quite. Check each letter and try again."
    for key in ["backspace", "l", "o"]:
        tap(qtbot, pad.keyboard.key_button(key))
    assert pad.typed.text().startswith("hello")
    assert feedback(player) == "Wonderful — you typed your first word!"


def test_type_with_a_real_keyboard(qtbot, open_step) -> None:
    player = open_step("keyboard-and-typing", "type")
    qtbot.keyClicks(player.pad, "hello")
    assert player.run.progress.solved


def test_pinch_with_the_big_buttons(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "pinch")
    pad = player.pad
    assert player.run.step.gesture.zoom == "in"
    tap(qtbot, pad.smaller)
    assert feedback(player) == "Almost! Move your two fingers apart to make it bigger."
    smaller = pad.zoom
    tap(qtbot, pad.bigger)
    assert player.run.progress.solved and pad.zoom > smaller


def test_pinch_with_two_fingers(qtbot, window, open_step) -> None:
    player = open_step("touchscreen-basics", "pinch")
    pad = player.pad
    player.scroll.ensureWidgetVisible(pad)  # fingers land on what is on screen
    device = QTest.createTouchDevice()
    c = pad.mapTo(window, pad.rect().center())  # touch points in window coordinates
    near, far = QPoint(40, 0), QPoint(160, 0)
    QTest.touchEvent(window, device).press(0, c - near).press(1, c + near).commit()
    QTest.touchEvent(window, device).move(0, c - far).move(1, c + far).commit()
    QTest.touchEvent(window, device).release(0, c - far).release(1, c + far).commit()
    qtbot.waitUntil(lambda: player.run.progress.solved)
    assert feedback(player) == player.run.step.success
    assert pad.zoom > 1.0


def test_three_misses_show_the_hint_and_a_one_tap_skip(qtbot, open_step) -> None:
    player = open_step("touchscreen-basics", "tap")
    step_index = player.run.index
    for n in range(3):
        assert not player.skip.isVisible()
        tap(qtbot, player.pad, QPoint(12, 12))
    assert player.hint.isVisible()
    assert "Put one finger on the button" in player.hint.text()
    assert player.skip.isVisible() and not unavailable(player.next)
    tap(qtbot, player.skip)
    assert player.run.index == step_index + 1
    tap(qtbot, player.back)
    assert player.run.index == step_index
    assert not unavailable(player.next)  # a skipped step does not lock the learner in again


def test_quiz_wrong_then_right_with_explanation(qtbot, open_step) -> None:
    player = open_step("spotting-scams", "quiz")
    step = player.run.step
    assert isinstance(step, QuizStep)
    wrong = next(i for i, c in enumerate(step.choices) if not c.correct)
    assert unavailable(player.next)
    tap(qtbot, player.choice_buttons[wrong])
    assert player.feedback_box.icon.text() == "↻"
    assert player.choice_buttons[wrong].text().startswith("✖")
    assert not player.choice_buttons[wrong].isEnabled()
    tap(qtbot, player.choice_buttons[step.correct_index])
    assert player.feedback_box.icon.text() == "✔"
    if step.explanation:
        assert step.explanation in feedback(player)
    assert not unavailable(player.next)


def test_done_step_shows_what_was_learned_and_a_certificate(qtbot, open_step, window) -> None:
    player = open_step("email-basics", "done")
    step = player.run.step
    assert isinstance(step, DoneStep)
    assert step.learned[0] in player.learned.text()
    assert player.certificate.text().startswith("★ Certificate of completion\n")
    window.ctx.session.sign_in(SignedIn("a1", "Maria Lopez"))
    player.on_show({"id": "email-basics"})
    assert "Certificate of completion — Maria" in player.certificate.text()
    assert player.next.text().startswith("Finish")
    tap(qtbot, player.next)
    assert window.current_screen.name == "lessons"
    assert window.screens["lessons"].cards["email-basics"].marker == "✔ Done"


def test_leaving_and_returning_resumes_at_the_same_step(qtbot, window) -> None:
    session = window.ctx.session
    session.activity()
    tap(qtbot, window.screens["home"].tiles["lessons"])
    catalog = window.screens["lessons"]
    tap(qtbot, catalog.cards["touchscreen-basics"])
    player = window.current_screen
    tap(qtbot, player.next)
    tap(qtbot, player.next)
    assert player.position.text() == "Step 3 of 14"
    tap(qtbot, window.controls.back)
    assert window.current_screen is catalog
    assert catalog.cards["touchscreen-basics"].marker_label.text() == "▶ Continue at step 3"
    tap(qtbot, catalog.cards["email-basics"])
    assert player.position.text() == "Step 1 of 14"
    tap(qtbot, window.controls.back)
    tap(qtbot, catalog.cards["touchscreen-basics"])
    assert player.position.text() == "Step 3 of 14"


def test_signed_in_learner_continues_where_they_left_on_another_pc(qtbot, window) -> None:
    asked = []
    window.ctx.resume_lookup = lambda lesson_id: asked.append(lesson_id) or 4
    session = window.ctx.session
    session.activity()
    session.open("lesson", id="email-basics")
    assert asked == ["email-basics"]
    assert window.screens["lesson"].position.text() == "Step 5 of 14"


def test_learning_events_reach_every_listener(qtbot, window, open_step) -> None:
    first, second = [], []
    window.ctx.lesson_listeners.extend([first.append, lambda e: 1 / 0, second.append])
    player = open_step("touchscreen-basics", "tap")
    tap(qtbot, player.pad, point(player.pad.target_rect()))
    tap(qtbot, player.next)
    verbs = [e.verb for e in second]
    assert verbs == ["resumed", "answered", "progressed"]
    assert [e.verb for e in first] == verbs  # a failing listener does not stop the others


def test_read_to_me_speaks_the_step_in_the_current_language(qtbot, window, open_step) -> None:
    speaker = window.ctx.speaker
    assert speaker.available
    window.ctx.session.set_language("es")
    player = open_step("touchscreen-basics", "tap")
    speaker.history.clear()
    tap(qtbot, player.read)
    language, text = speaker.history[-1]
    assert language == "es"
    assert text.startswith(player.run.speech_text("es").split("\n")[0])
    assert player.step_text.text() in text
    tap(qtbot, player.pad, point(player.pad.target_rect()))  # feedback is spoken too
    assert speaker.history[-1] == ("es", player.run.feedback().speech_text())
    tap(qtbot, player.next)  # and the next step, while read-aloud is on
    assert speaker.history[-1] == ("es", player.run.speech_text())


def test_language_switch_mid_lesson_keeps_the_step_and_feedback(qtbot, window, open_step) -> None:
    player = open_step("touchscreen-basics", "tap")
    tap(qtbot, player.pad, point(player.pad.target_rect()))
    tap(qtbot, window.controls.language_buttons["ru"])
    assert player.position.text().startswith("Шаг")
    assert feedback(player) == player.run.feedback().text() != "Nice — you tapped the button!"
    assert not unavailable(player.next)


def test_session_wipe_forgets_lesson_positions(qtbot, window, clock) -> None:
    session = window.ctx.session
    session.activity()
    session.open("lessons")
    session.open("lesson", id="touchscreen-basics")
    player = window.screens["lesson"]
    tap(qtbot, player.next)
    assert "lesson:touchscreen-basics" in session.scratch
    session.wipe()
    assert "lesson:touchscreen-basics" not in session.scratch
    assert window.screens["lessons"].cards["touchscreen-basics"].marker == ""
    session.activity()
    session.open("lesson", id="touchscreen-basics")
    assert player.position.text() == "Step 1 of 14"


def test_unknown_lesson_is_a_calm_message_not_a_crash(qtbot, window) -> None:
    window.ctx.session.activity()
    window.ctx.session.open("lesson", id="no-such-lesson")
    player = window.screens["lesson"]
    assert "not available" in player.step_text.text()
    assert not player.next.isVisible()


def test_read_to_me_pauses_continues_and_repeats(qtbot, window, open_step) -> None:
    speaker = window.ctx.speaker
    player = open_step("touchscreen-basics", "tap")
    tap(qtbot, player.read)
    qtbot.waitUntil(lambda: speaker.state == "speaking")
    assert "Pause" in player.read.text()
    tap(qtbot, player.read)
    qtbot.waitUntil(lambda: speaker.state == "paused")
    assert "Continue" in player.read.text()
    tap(qtbot, player.read)
    qtbot.waitUntil(lambda: speaker.state == "speaking")
    speaker.stop()
    qtbot.waitUntil(lambda: speaker.state == "idle")
    spoken = len(speaker.history)
    tap(qtbot, player.read)  # finished: the same button repeats the step
    assert len(speaker.history) == spoken + 1
    assert speaker.history[-1][1].startswith(player.run.speech_text().split("\n")[0])


def test_next_before_the_practice_looks_unavailable_and_a_tap_says_why(qtbot, window, open_step) -> None:
    player = open_step("touchscreen-basics", "tap")
    step = player.run.index
    assert unavailable(player.next) and not player.notice.isVisible()
    assert "practice" in player.next.accessibleDescription()
    tap(qtbot, player.next)  # it still takes the tap, to say why nothing happened
    assert player.run.index == step
    assert player.notice.isVisible()
    assert player.notice.text() == ("Try the practice above first. "
                                    "After 3 tries, you can skip it.")
    tap(qtbot, player.pad, point(player.pad.target_rect()))
    assert not player.notice.isVisible() and not unavailable(player.next)
    tap(qtbot, player.next)
    assert player.run.index == step + 1


def test_previous_on_the_first_step_and_next_before_a_quiz_answer_say_why(qtbot, window,
                                                                         open_step) -> None:
    session = window.ctx.session
    session.activity()
    session.open("lesson", id="email-basics")
    player = window.screens["lesson"]
    assert player.run.index == 0 and unavailable(player.back)
    tap(qtbot, player.back)
    assert player.notice.text() == "This is the first step, so there is no step before it."
    player = open_step("spotting-scams", "quiz")
    assert not player.notice.isVisible()  # a new step starts without an old reason
    tap(qtbot, player.next)
    assert player.notice.text() == "Choose an answer above first."
    window.ctx.session.set_language("es")  # re-read in Spanish, not reset
    assert player.notice.isVisible() and player.notice.text() == player.model.notice_text()


def test_the_street_kiosk_does_not_offer_the_mouse_lesson(qtbot, window, make_window) -> None:
    catalog = window.screens["lessons"]
    assert "using-a-mouse" not in catalog.cards and "touchscreen-basics" in catalog.cards
    window.ctx.session.activity()
    window.ctx.session.open("lesson", id="using-a-mouse")
    assert "not available" in window.screens["lesson"].step_text.text()
    library = make_window(config.load(environ={"KIOSK_PROFILE": "library"}),
                          screens=lesson_screens())
    assert library.ctx.tasks.wait_idle()
    assert "using-a-mouse" in library.screens["lessons"].cards


def test_a_drag_over_a_lesson_card_does_not_open_it_but_a_tap_does(qtbot, window) -> None:
    session = window.ctx.session
    session.activity()
    session.open("lessons")
    card = window.screens["lessons"].cards["email-basics"]
    window.screens["lessons"].scroll.ensureWidgetVisible(card)
    start = QPoint(40, card.height() // 2)
    end = start + QPoint(card.width() // 2, 0)  # still on the card, far from where it began
    qtbot.mousePress(card, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(card, end)
    qtbot.mouseRelease(card, Qt.MouseButton.LeftButton, pos=end)
    assert window.current_screen.name == "lessons"
    tap(qtbot, card)
    assert window.current_screen.name == "lesson"
