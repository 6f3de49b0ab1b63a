"""Every shipped lesson played start to finish in English, Spanish and Russian, through the
catalog and the player's own controls. Practice steps are driven through each pad's public
``perform`` helper (the typing pad through its keyboard); the real gestures themselves are tested
in test_lessons_player.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import config, i18n, threadguard
from kiosk.lessons import DoneStep, PracticeStep, QuizStep, load_all, load_lesson
from kiosk.session import FakeClock

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
LESSON_IDS = sorted(p.name for p in LESSONS.iterdir()
                    if (p / "lesson.toml").is_file())


def _kiosk(profile: str):
    from test_lessons_player import lesson_screens

    from ui.app import build_window

    cfg = config.load(environ={"KIOSK_PROFILE": profile})
    ctx, window = build_window(cfg, clock=FakeClock(), screens=lesson_screens())
    window.resize(*cfg.screen_size)
    window.show()
    assert ctx.tasks.wait_idle()  # the lessons load on a worker
    return window


@pytest.fixture(scope="module")
def kiosks(qapp):
    """One window per profile for the whole module: building one per lesson would cost more
    than playing. A lesson plays on the street kiosk unless only the library offers it."""
    made: dict[str, object] = {}

    def get(profile: str):
        if profile not in made:
            made[profile] = _kiosk(profile)
        return made[profile]

    yield get
    for window in made.values():
        window.stop()
        window.close()
        window.deleteLater()
    i18n.set_language("en")


def success(pad, gesture) -> None:
    """Make the gesture the step asks for, through the pad's public helpers."""
    if gesture.kind == "type":
        pad.keyboard.set_text(i18n._(gesture.expected))
        return
    details = {"tap": {"on_target": True}, "double_tap": {"on_target": True},
               "press_hold": {"on_target": True, "seconds": getattr(gesture, "hold_seconds", 0)},
               "drag_drop": {"on_target": True},
               "swipe": {"direction": getattr(gesture, "direction", "")},
               "scroll": {"found": True}, "pinch": {"zoom": getattr(gesture, "zoom", "")}}
    pad.perform(**details[gesture.kind])


def test_all_twelve_lessons_ship() -> None:
    assert len(LESSON_IDS) >= 12
    with threadguard.allowed():  # the test's own reading, not the kiosk's
        assert len(load_all(LESSONS)) == len(LESSON_IDS)


@pytest.mark.parametrize("language", ["en", "es", "ru"])
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_lesson_plays_start_to_finish(kiosks, lesson_id, language) -> None:
    with threadguard.allowed():
        lesson = load_lesson(LESSONS / lesson_id)
    kiosk = kiosks("street" if lesson.offered_on("street") else "library")
    session = kiosk.ctx.session
    session.wipe()
    session.activity()
    session.set_language(language)
    session.open("lessons")
    catalog = kiosk.screens["lessons"]
    catalog.cards[lesson_id].click()
    player = kiosk.screens["lesson"]
    assert kiosk.current_screen is player
    run = player.run
    total = run.lesson.step_count
    english_texts = 0
    while True:
        step = run.step
        assert player.position.text() == run.position.text()
        assert str(run.position.number) in player.position.text() or language == "ru"
        assert player.step_text.text().strip()
        if player.step_text.text() == (step.question if isinstance(step, QuizStep) else step.text):
            english_texts += 1
        if isinstance(step, PracticeStep):
            assert player.next.property("unavailable")
            success(player.pad, step.gesture)
            assert run.progress.solved, f"step {run.index + 1} not solved"
            assert player.feedback_box.text.text() == i18n._(step.success)
        elif isinstance(step, QuizStep):
            assert player.next.property("unavailable")
            player.choice_buttons[step.correct_index].click()
            assert player.feedback_box.icon.text() == "✔"
        elif isinstance(step, DoneStep):
            assert player.certificate.text().startswith("★")
            assert i18n._(run.lesson.title) in player.certificate.text()
        assert player.next.isEnabled()
        player.next.click()
        QApplication.processEvents()
        if run.finished:
            break
    assert kiosk.current_screen is catalog
    assert catalog.cards[lesson_id].marker == "✔ " + i18n._("Done")
    if language != "en":  # the lesson really was shown translated, not in English
        assert english_texts <= total // 4, f"{english_texts} of {total} steps untranslated"
