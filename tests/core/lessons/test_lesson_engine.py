"""The step engine: navigation, every gesture, hints after three misses, quizzes, resume, events."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.lessons import LearningEvent, LessonRun, NotThisStep, load_lesson

# Steps of the all-gestures fixture, by index.
TAP, DOUBLE, HOLD, DRAG, SWIPE, SCROLL, TYPE, PINCH, QUIZ, DONE = range(1, 11)


@pytest.fixture
def lesson(fixtures_dir: Path):
    return load_lesson(fixtures_dir / "all-gestures")


@pytest.fixture
def events() -> list[LearningEvent]:
    return []


def run_at(lesson, index: int, events: list | None = None) -> LessonRun:
    """A run standing on step ``index``, reached through a saved state as the UI would."""
    return LessonRun.resume(lesson, {"lesson": lesson.id, "index": index},
                            events.append if events is not None else None)


def test_explain_step_navigation_and_position(lesson) -> None:
    run = LessonRun.start(lesson)
    assert run.position.text() == "Step 1 of 11" and not run.can_go_back and run.can_go_next
    assert run.speech_text() == "Welcome.\nThis lesson tries every gesture."
    assert run.next() and run.position.number == 2 and run.can_go_back
    assert run.back() and run.index == 0 and not run.back()


def test_practice_step_blocks_next_until_done(lesson) -> None:
    run = run_at(lesson, TAP)
    assert not run.can_go_next and not run.next() and run.index == TAP
    feedback = run.report_gesture("tap", on_target=True)
    assert feedback.success and feedback.text() == "Nice — you tapped the button!"
    assert run.can_go_next and run.next() and run.index == DOUBLE


@pytest.mark.parametrize("index,good,bad,bad_text", [
    (TAP, ("tap", {}), ("double_tap", {}), "That was two taps. This time, tap just once and lift your finger."),
    (TAP, ("tap", {}), ("tap", {"on_target": False}), "Almost — tap right on OK."),
    (DOUBLE, ("double_tap", {}), ("tap", {}), "That was one tap. Tap twice, quickly."),
    (HOLD, ("press_hold", {"seconds": 2.5}), ("press_hold", {"seconds": 1.0}),
     "Keep your finger down a little longer."),
    (HOLD, ("press_hold", {"seconds": 2.0}), ("tap", {}), "Keep your finger down a little longer."),
    (DRAG, ("drag_drop", {"on_target": True}), ("drag_drop", {"on_target": False}),
     "Almost — keep your finger down until it is over the mailbox."),
    (SWIPE, ("swipe", {"direction": "left"}), ("swipe", {"direction": "right"}),
     "Almost! Slide your finger to the left."),
    (SCROLL, ("scroll", {"found": True}), ("scroll", {"found": False}),
     "Keep going — slide the list until you see the star."),
    (TYPE, ("type", {"text": "  hello   MARIA "}), ("type", {"text": "hello mario"}),
     "Not quite. Check each letter and try again."),
    (TYPE, ("type", {"text": "Hello Maria."}), ("swipe", {"direction": "up"}),
     "Not quite. Check each letter and try again."),
    (PINCH, ("pinch", {"scale": 1.8}), ("pinch", {"scale": 0.6}),
     "Almost! Move your two fingers apart to make it bigger."),
    (PINCH, ("pinch", {"zoom": "in"}), ("pinch", {"zoom": "out"}),
     "Almost! Move your two fingers apart to make it bigger."),
])
def test_every_gesture_is_judged(lesson, index, good, bad, bad_text) -> None:
    run = run_at(lesson, index)
    miss = run.report_gesture(bad[0], **bad[1])
    assert not miss.success and miss.outcome == "try_again" and miss.text() == bad_text
    assert miss.hint is None and not miss.can_skip and run.progress.misses == 1
    hit = run.report_gesture(good[0], **good[1])
    assert hit.success and hit.text() == lesson.steps[index].success
    assert run.report_gesture(bad[0], **bad[1]).success   # once solved, it stays solved
    assert run.progress.misses == 1


def test_three_misses_show_the_hint_and_offer_a_way_forward(lesson, events) -> None:
    run = run_at(lesson, SWIPE, events)
    for _ in range(2):
        feedback = run.report_gesture("swipe", direction="up")
        assert feedback.hint is None and not run.can_skip
    feedback = run.report_gesture("swipe", direction="down")
    assert feedback.hint_text() == "Put your finger on the right side and slide it to the left."
    assert feedback.can_skip and run.can_skip and run.can_go_next and run.hint_visible
    help_events = [e for e in events if e.verb == "asked-for-help"]
    assert [(e.step_index, e.result["reason"]) for e in help_events] == [(SWIPE, "missed")]
    assert run.skip() and run.index == SCROLL
    progressed = [e for e in events if e.verb == "progressed"][-1]
    assert progressed.step_index == SWIPE and progressed.result["skipped"] is True


def test_practice_attempt_for_pads_that_judge_themselves(lesson) -> None:
    run = run_at(lesson, DRAG)
    assert not run.practice_attempt(False).success
    assert run.practice_attempt(True).text() == "The letter is in the mailbox."


def test_asking_for_help_shows_the_hint(lesson, events) -> None:
    run = run_at(lesson, TYPE, events)
    assert run.ask_for_help() == lesson.steps[TYPE].hint
    assert run.hint_visible and run.feedback().hint == lesson.steps[TYPE].hint
    assert events[-1].verb == "asked-for-help" and events[-1].result == {"reason": "asked"}


def test_quiz_wrong_then_right(lesson, events) -> None:
    run = run_at(lesson, QUIZ, events)
    assert not run.can_go_next
    wrong = run.answer(1)
    assert wrong.outcome == "wrong" and wrong.text() == "A tap opens things. Try another answer."
    assert run.wrong_choices == {1} and run.can_go_next
    plain = run.answer(2)
    assert plain.text() == "Not quite. Have another look and try again."
    right = run.answer(0)
    assert right.outcome == "correct" and right.text() == "Yes! That zooms in."
    assert right.explanation_text() == "Spreading two fingers apart zooms in."
    assert run.speech_text().splitlines() == ["How do you make a picture bigger?",
                                              "Pinch two fingers apart.", "Tap it once.",
                                              "Shake the screen."]
    answers = [e.result for e in events if e.verb == "answered"]
    assert [(a["response"], a["success"], a["attempt"]) for a in answers] == \
        [(1, False, 1), (2, False, 2), (0, True, 3)]
    assert run.quiz_score.first_try == 0 and run.quiz_score.total == 1
    with pytest.raises(NotThisStep):
        run.answer(7)


def test_wrong_calls_for_the_step_are_refused(lesson) -> None:
    run = LessonRun.start(lesson)
    with pytest.raises(NotThisStep):
        run.answer(0)
    with pytest.raises(NotThisStep):
        run.report_gesture("tap")


def play_through(run: LessonRun) -> None:
    """Do every step right, the way a learner who knows it all would."""
    moves = {"tap": ("tap", {}), "double_tap": ("double_tap", {}),
             "press_hold": ("press_hold", {"seconds": 3}), "drag_drop": ("drag_drop", {}),
             "swipe": ("swipe", {"direction": "left"}), "scroll": ("scroll", {}),
             "type": ("type", {"text": "hello maria"}), "pinch": ("pinch", {"zoom": "in"})}
    while not run.finished:
        step = run.step
        if step.kind == "practice":
            kind, details = moves[step.gesture.kind]
            assert run.report_gesture(kind, **details).success
        elif step.kind == "quiz":
            assert run.answer(step.correct_index).success
        assert run.next()


def test_whole_lesson_completes_with_events(lesson, events) -> None:
    run = LessonRun.start(lesson, events.append)
    play_through(run)
    assert run.completed and run.finished and not run.can_go_back and not run.next()
    verbs = [e.verb for e in events]
    assert verbs[0] == "started" and verbs.count("completed") == 1
    assert verbs.count("progressed") == len(lesson.steps) - 1
    done = next(e for e in events if e.verb == "completed")
    assert done.step_index == DONE and done.step_kind == "done"
    assert done.result["quiz_first_try"] == 1 and done.result["skipped"] == 0
    assert all(e.lesson_id == "all-gestures" for e in events)


def test_resume_at_the_same_step_with_what_was_done(lesson, events) -> None:
    run = LessonRun.start(lesson)
    run.next()
    run.report_gesture("double_tap")
    run.report_gesture("tap")
    run.next()
    run.report_gesture("tap")
    saved = json.loads(json.dumps(run.to_dict()))      # the session keeps plain data
    again = LessonRun.resume(lesson, saved, events.append)
    assert again.index == DOUBLE and again.progress.misses == 1
    assert again.feedback().outcome == "try_again"
    again.back()
    assert again.progress.solved and again.feedback().success and again.can_go_next
    assert [e.verb for e in events] == ["resumed"]


def test_resume_a_finished_or_foreign_or_broken_state_starts_over(lesson, events) -> None:
    run = LessonRun.start(lesson)
    play_through(run)
    for state in (run.to_dict(), {"lesson": "another", "index": 4}, {"lesson": lesson.id,
                  "index": "x"}, {"lesson": lesson.id, "index": 2, "steps": [1, 2]}, None, {}):
        fresh = LessonRun.resume(lesson, state, events.append)
        assert fresh.index == 0 and fresh.progress.misses == 0
    assert {e.verb for e in events} == {"started"}


def test_resume_clamps_to_a_changed_lesson(lesson) -> None:
    state = {"lesson": lesson.id, "index": 99,
             "steps": {str(QUIZ): {"answers": [0, 9, "x"]}, "42": {"misses": 3}}}
    run = LessonRun.resume(lesson, state)
    assert run.index == DONE and run.completed
    assert run.quiz_score.first_try == 1


def test_a_failing_listener_never_breaks_the_lesson(lesson) -> None:
    def explode(event: LearningEvent) -> None:
        raise RuntimeError("store is down")
    run = LessonRun.start(lesson, explode)
    assert run.next() and run.report_gesture("tap").success


def test_feedback_follows_the_language(lesson, tmp_path: Path) -> None:
    """Feedback keeps message ids, so a language switch re-translates it."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from kiosk import i18n
    catalog = Catalog(locale="es")
    catalog.add("Almost! Slide your finger to the left.", "¡Casi! Desliza el dedo a la izquierda.")
    catalog.add("Step {number} of {total}", "Paso {number} de {total}")
    catalog.add("Welcome", "Bienvenida")
    folder = tmp_path / "translations" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "kiosk.po", "wb") as fh:
        write_po(fh, catalog)
    old = i18n.translations_dir()
    i18n.set_translations_dir(tmp_path / "translations")
    try:
        run = run_at(lesson, SWIPE)
        feedback = run.report_gesture("swipe", direction="up")
        i18n.set_language("es")
        assert feedback.text() == "¡Casi! Desliza el dedo a la izquierda."
        assert feedback.text("en") == "Almost! Slide your finger to the left."
        assert run.position.text() == "Paso 6 de 11"
        assert lesson.steps[0].speech_text().startswith("Bienvenida.")
        assert lesson.steps[0].speech_text("en").startswith("Welcome.")
    finally:
        i18n.set_language("en")
        i18n.set_translations_dir(old)
