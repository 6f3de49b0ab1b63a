"""Trainer mode as a trainer meets it: the PIN pad and its lock, classes and learners, the class
progress grid, difficult questions, and CSV/xAPI exports written to a folder and read back."""
from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from kiosk import threadguard
from kiosk.progress.events import Recorder
from ui.screens.trainer.grid import SHAPE_ROLE, STATUS_ROLE
from ui_support import button, settle, tap

PIN = "730954"


@pytest.fixture(autouse=True)
def _strict_threads(monkeypatch):
    """A trainer page that queries the store on the UI thread fails these tests."""
    monkeypatch.setenv("KIOSK_STRICT_THREADS", "1")


class Seeding:
    """The test's own store handle: every call is set-up or a check, allowed on this thread."""

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name):
        found = getattr(self._store, name)
        if name in ("accounts", "trainer_pin"):
            return Seeding(found)
        if not callable(found):
            return found

        def call(*args, **kwargs):
            with threadguard.allowed():
                return found(*args, **kwargs)
        return call


@pytest.fixture
def store(lib_cfg):
    from kiosk.progress.store import open_from_config

    with threadguard.allowed():
        opened = open_from_config(lib_cfg)
    yield Seeding(opened)
    opened.close()


def enter_pin(qtbot, window, pin: str = PIN) -> None:
    pad = window.screens["trainer_pin"].pad
    for digit in pin:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, pad.keys["ok"])


def open_pin_pad(qtbot, window) -> None:
    """The technician gesture: hold the top-left corner."""
    window.ctx.session.activity()
    window.corner.timer.setInterval(20)
    qtbot.mousePress(window.corner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_screen.name == "trainer_pin")
    qtbot.mouseRelease(window.corner, Qt.MouseButton.LeftButton)
    settle(window)


def trainer_window(qtbot, make_window, cfg, store, **kwargs):
    if not store.trainer_pin.is_set():
        store.trainer_pin.set_pin(PIN)
    window = make_window(cfg, **kwargs)
    open_pin_pad(qtbot, window)
    settle(window)
    enter_pin(qtbot, window)
    assert window.current_screen.name == "trainer"
    return window


def test_without_a_pin_the_screen_says_how_to_set_one(qtbot, make_window, lib_cfg, store) -> None:
    window = make_window(lib_cfg)
    open_pin_pad(qtbot, window)
    screen = window.current_screen
    assert "kiosk trainer set-pin" in screen.message.text()
    assert not screen.pad.isVisible()
    assert [b for b in screen.findChildren(QPushButton) if b.isVisible()] == []


def test_wrong_pins_make_this_kiosk_wait_even_in_a_new_window(qtbot, make_window, lib_cfg,
                                                             store) -> None:
    store.trainer_pin.set_pin(PIN)
    window = make_window(lib_cfg)
    open_pin_pad(qtbot, window)
    screen = window.current_screen
    enter_pin(qtbot, window, "135799")
    assert "Wrong PIN. 2 tries left." in screen.message.text()
    for _ in range(2):
        enter_pin(qtbot, window, "135799")
    # 30 seconds, counted down from when the store said so (the check itself takes a moment).
    assert re.search(r"waits [23]\d seconds before the next try", screen.message.text())
    assert not screen.pad.isEnabled()
    assert window.current_screen.name == "trainer_pin"
    again = make_window(lib_cfg)
    open_pin_pad(qtbot, again)
    assert "Too many wrong PINs" in again.current_screen.message.text()
    assert not again.current_screen.pad.isEnabled()  # not even the right PIN gets in


def test_trainer_pages_are_not_reachable_without_the_pin(qtbot, make_window, lib_cfg, store) -> None:
    store.trainer_pin.set_pin(PIN)
    window = make_window(lib_cfg)
    window.ctx.session.activity()
    for page in ("trainer", "trainer_class", "trainer_learner", "trainer_export"):
        window.ctx.session.open(page)
        settle(window)
        assert window.current_screen.name == "trainer_pin"


def test_trainer_mode_ends_with_the_idle_wipe(qtbot, make_window, lib_cfg, store, clock) -> None:
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    assert window.ctx.session.signed_in is None
    window.ctx.session.activity()
    window.ctx.session.open("trainer")
    settle(window)
    assert window.current_screen.name == "trainer_pin"


def test_close_program_only_in_windowed_mode(qtbot, make_window, lib_cfg, store) -> None:
    kiosk = trainer_window(qtbot, make_window, lib_cfg, store)
    assert not kiosk.findChild(QPushButton, "trainer_close_program").isVisible()
    dev = trainer_window(qtbot, make_window, lib_cfg, store, windowed=True)
    closing = []
    dev.shutdown_requested.connect(lambda: closing.append(True))
    tap(qtbot, button(dev, "trainer_close_program"))
    assert closing == [True]


def test_create_class_add_learner_shows_code_once(qtbot, make_window, lib_cfg, store) -> None:
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    qtbot.keyClicks(window.findChild(object, "trainer_new_class"), "Tuesday seniors")
    tap(qtbot, button(window, "trainer_create_class"))
    assert "Tuesday seniors was created" in window.current_screen.message.text()
    tuesday = store.accounts.find_class("Tuesday seniors")
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    assert window.current_screen.name == "trainer_class"
    screen = window.current_screen
    qtbot.keyClicks(screen.first_name, "maria")
    qtbot.keyClicks(screen.initial, "g")
    tap(qtbot, button(window, "trainer_add_learner"))
    # The code comes up over the whole page, like a dialog, and must be acknowledged.
    assert screen.code_card.isVisible() and screen.code_card.geometry() == screen.rect()
    assert not screen.scroll.isEnabled()
    assert "Maria G." in screen.code_card.intro.text()
    code = screen.code_card.digits.text().replace(" ", "")
    assert len(code) == 4 and code.isdigit()
    learner = store.accounts.list_learners(tuesday.id)[0]
    assert store.accounts.sign_in(learner.id, code).ok
    tap(qtbot, screen.code_card.done)
    assert not screen.code_card.isVisible() and screen.code_card.digits.text() == ""
    assert screen.scroll.isEnabled()
    # The same name again is refused with a hint, and nothing else changes.
    qtbot.keyClicks(screen.first_name, "Maria")
    qtbot.keyClicks(screen.initial, "G")
    tap(qtbot, button(window, "trainer_add_learner"))
    assert "already in this class" in screen.message.text()
    assert len(store.accounts.list_learners(tuesday.id)) == 1


def open_learner_row(qtbot, window, row: int) -> None:
    """Tap a learner's name at the start of their row of the grid."""
    rows = window.current_screen.table.verticalHeader()
    y = rows.sectionViewportPosition(row) + rows.sectionSize(row) // 2
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rows.width() // 2, y))
    qtbot.waitUntil(lambda: window.current_screen.name == "trainer_learner")
    settle(window)


def window_lessons(cfg) -> list[str]:
    from kiosk.lessons import load_all

    with threadguard.allowed():  # test set-up
        return [lesson.id for lesson in load_all(cfg.content_dir / "lessons")]


def seed_class(store):
    """Four learners, one per status, in a class with two lessons."""
    tuesday = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(tuesday.id, ["spotting-scams", "email-basics"])
    names = [("Ana", "A"), ("Boris", "B"), ("Carmen", "C"), ("Dan", "D")]
    ana, boris, carmen, dan = [store.accounts.add_learner(tuesday.id, f, i).learner for f, i in names]
    t = [datetime.now(timezone.utc) - timedelta(hours=2)]

    def clock():
        t[0] += timedelta(seconds=30)
        return t[0]

    lesson = "spotting-scams"
    store = store._store
    with threadguard.allowed():
        _record(store, boris, carmen, dan, clock, lesson)
    return tuesday, [ana, boris, carmen, dan]


def _record(store, boris, carmen, dan, clock, lesson) -> None:
    Recorder(store, boris.id, "pc", clock).started(lesson)
    r = Recorder(store, carmen.id, "pc", clock)
    r.started(lesson)
    for _ in range(3):
        r.answered(lesson, 3, False, "1")
    r.answered(lesson, 6, True, "0")
    r.answered(lesson, 9, False, "tap")
    r = Recorder(store, dan.id, "pc", clock)
    r.started(lesson)
    r.answered(lesson, 3, False, "2")
    r.completed(lesson, 13, 0.5, True)


def test_grid_shows_each_status_as_a_shape_and_in_words(qtbot, make_window, lib_cfg, store) -> None:
    tuesday, learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    table = window.current_screen.table
    expected = [("not-started", "ring", "Not started"), ("started", "half", "Started"),
                ("needs-help", "triangle", "Needs help"), ("completed", "tick", "Completed")]
    for row, (status, shape, words) in enumerate(expected):
        item = table.item(row, 0)
        assert item.data(STATUS_ROLE) == status and item.data(SHAPE_ROLE) == shape
        assert words in item.data(Qt.ItemDataRole.AccessibleTextRole)
        assert table.item(row, 1).data(STATUS_ROLE) == "not-started"
    assert table.item(3, 0).text() == "14/14"
    assert "14 of 14 steps" in table.item(3, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    column = table.horizontalHeaderItem(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert column.endswith("1 completed · 1 in progress · 1 needs help")
    summary = window.current_screen.summary.text()
    assert summary.startswith("4 learners · 2 lessons") and "1 needs help" in summary
    # A cell opens that learner's steps in that lesson, by their titles.
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_screen.name == "trainer_learner_lesson")
    screen = window.current_screen
    qtbot.waitUntil(lambda: screen.detail.page is not None)
    settle(window)
    assert screen.heading.text() == "Carmen C. · Spotting scams"
    quiz = screen.findChild(object, "trainer_step_3").text()
    assert "Question 4: A caller says you owe taxes" in quiz and "✗ ✗ ✗" in quiz
    assert "3 missed, not right yet" in quiz
    assert "Sign 2: Gift cards" in screen.findChild(object, "trainer_step_2").text()
    assert "right the first time" in screen.findChild(object, "trainer_step_6").text()


def test_thirty_learners_by_twelve_lessons_fit_a_full_hd_screen(qtbot, make_window, lib_cfg,
                                                                store) -> None:
    big = store.accounts.create_class("Big class")
    lessons = sorted(window_lessons(lib_cfg))[:12]
    assert len(lessons) == 12
    store.accounts.assign_lessons(big.id, lessons)
    for n in range(30):
        store.accounts.add_learner(big.id, f"Learner{chr(65 + n % 26)}{'x' * (n // 26)}", "Q")
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    window.resize(1920, 1080)
    tap(qtbot, button(window, f"trainer_class_{big.id}"))
    screen = window.current_screen
    settle(window)
    table = screen.table
    assert table.rowCount() == 30 and table.columnCount() == 12
    assert table.horizontalScrollBar().maximum() == 0  # no scrolling sideways at 100 %
    assert table.height() <= screen.scroll.viewport().height()  # headers stay while rows scroll
    window.ctx.session.set_text_scale(2.0)
    settle(window)
    table = screen.table
    header = table.horizontalHeader()
    assert all(header.sectionSize(c) >= table.min_column for c in range(12))  # nothing squeezed
    assert table.verticalScrollBar().maximum() > 0  # rows scroll under the headers


def test_remove_learner_says_how_many_records_go(qtbot, make_window, lib_cfg, store) -> None:
    tuesday, learners = seed_class(store)
    carmen = learners[2]
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    open_learner_row(qtbot, window, 2)
    screen = window.current_screen
    tap(qtbot, button(window, "trainer_remove"))
    assert screen.confirm_text.text() == ("Remove Carmen C.? This also deletes all 6 of their "
                                          "activity records. This cannot be undone.")
    tap(qtbot, button(window, "trainer_confirm_keep"))
    assert not screen.confirm.isVisible()
    assert store.count_events(carmen.id) == 6
    tap(qtbot, button(window, "trainer_remove"))
    tap(qtbot, button(window, "trainer_confirm_remove"))
    assert window.current_screen.name == "trainer_class"
    assert "Carmen C. was removed, with 6 activity records." in window.current_screen.message.text()
    assert store.count_events(carmen.id) == 0
    assert [l.first_name for l in store.accounts.list_learners(tuesday.id)] == ["Ana", "Boris", "Dan"]


def test_rename_and_archive_a_class(qtbot, make_window, lib_cfg, store) -> None:
    tuesday, _learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    screen = window.current_screen
    screen.rename_edit.clear()
    qtbot.keyClicks(screen.rename_edit, "Thursday seniors")
    tap(qtbot, button(window, "trainer_rename_class"))
    assert screen.heading.text() == "Thursday seniors"
    tap(qtbot, button(window, "trainer_archive_class"))
    assert store.accounts.list_classes() == []
    assert button(window, "trainer_archive_class").text() == "Bring this class back"


def test_assign_lessons_to_a_class(qtbot, make_window, lib_cfg, store) -> None:
    tuesday = store.accounts.create_class("Tuesday seniors")
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    tap(qtbot, button(window, "trainer_choose_lessons"))
    tap(qtbot, button(window, "trainer_lesson_email-basics"))
    tap(qtbot, button(window, "trainer_lesson_spotting-scams"))
    assert button(window, "trainer_lesson_email-basics").text().startswith("☑ ")
    tap(qtbot, button(window, "trainer_lessons_save"))
    assert window.current_screen.name == "trainer_class"
    assert store.accounts.assigned_lessons(tuesday.id) == ["email-basics", "spotting-scams"]
    assert "Email basics" in window.current_screen.lessons_list.text()


def export_to_home(qtbot, window, kind: str) -> None:
    tap(qtbot, button(window, f"trainer_class_export_{kind}"))
    screen = window.current_screen
    assert screen.name == "trainer_export"
    home = [b for b in screen.findChildren(QPushButton) if b.isVisible() and "Home folder" in b.text()]
    tap(qtbot, home[0])
    assert "Saved" in screen.message.text()
    tap(qtbot, window.controls.back)


def test_csv_and_xapi_exports_are_written_and_read_back(qtbot, make_window, lib_cfg, store,
                                                        tmp_path, monkeypatch) -> None:
    home = tmp_path / "trainer-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    tuesday, learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    export_to_home(qtbot, window, "csv")
    export_to_home(qtbot, window, "xapi")
    [csv_file] = home.glob("progress-tuesday-seniors-*.csv")
    with csv_file.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(learners) * 2
    dan = next(r for r in rows if r["Learner"] == "Dan D." and r["Lesson ID"] == "spotting-scams")
    assert dan["Status"] == "Completed" and dan["Quiz score (%)"] == "50"
    assert dan["Lesson"] == "Spotting scams" and int(dan["Steps reached"]) == 14
    datetime.fromisoformat(dan["Last activity"])
    [xapi_file] = home.glob("xapi-tuesday-seniors-*.json")
    statements = json.loads(xapi_file.read_text(encoding="utf-8"))
    assert len(statements) == sum(store.count_events(l.id) for l in learners)
    for statement in statements:
        assert set(statement) >= {"id", "actor", "verb", "object", "timestamp"}
        assert set(statement["actor"]["account"]) == {"homePage", "name"}
        assert "mbox" not in statement["actor"]
        assert statement["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
        datetime.fromisoformat(statement["timestamp"])
    assert {s["actor"]["account"]["name"] for s in statements} == {l.id for l in learners[1:]}


def count_store_queries(window) -> list[str]:
    """The slots of every background task started from now on."""
    started: list[str] = []
    tasks = window.ctx.tasks
    run = tasks.run

    def counting(slot, *args, **kwargs):
        started.append(slot)
        return run(slot, *args, **kwargs)

    tasks.run = counting
    return started


def test_a_pending_remove_question_and_typed_names_stay_without_requerying(
        qtbot, make_window, lib_cfg, store, clock) -> None:
    tuesday, _learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    class_page = window.current_screen
    qtbot.keyClicks(class_page.first_name, "Zo")  # half-typed, then off to a learner
    open_learner_row(qtbot, window, 2)
    screen = window.current_screen
    tap(qtbot, button(window, "trainer_remove"))
    assert screen.confirm.isVisible()
    started = count_store_queries(window)
    tap(qtbot, button(window, "lang_ru"))
    assert screen.confirm.isVisible()
    assert screen.confirm_text.text().startswith("Удалить: Carmen C.?")
    tap(qtbot, window.controls.bigger)
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    tap(qtbot, window.overlay.button)
    assert not window.overlay.isVisible() and screen.confirm.isVisible()
    assert started == []  # redrawn from the view model: no store query for any of it
    tap(qtbot, window.controls.back)
    assert window.current_screen is class_page and class_page.first_name.text() == "Zo"
    assert started == ["trainer.class.load"]  # coming back by navigation does reload


def test_store_calls_run_off_the_ui_thread(qtbot, make_window, lib_cfg, store) -> None:
    """Under strict threads the store refuses the UI thread; the pages go through ctx.tasks."""
    from kiosk.threadguard import BlockingOnUiThread

    window = trainer_window(qtbot, make_window, lib_cfg, store)
    opened = window.ctx.services["progress"]  # opened by a worker for the PIN check
    try:
        opened.accounts.list_classes()
    except BlockingOnUiThread:
        pass
    else:
        raise AssertionError("a store query on the UI thread was not caught")


def test_the_printable_class_report_is_a_pdf_with_the_grid(qtbot, make_window, lib_cfg, store,
                                                           tmp_path, monkeypatch) -> None:
    import stat

    from PySide6.QtPdf import QPdfDocument

    home = tmp_path / "trainer-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    tuesday, _learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    export_to_home(qtbot, window, "pdf")
    [pdf] = home.glob("report-tuesday-seniors-*.pdf")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    text = document.getAllText(0).text()
    for words in ("Class progress: Tuesday seniors", "4 learners · 2 lessons", "Carmen C.",
                  "Spotting scams", "Email basics", "✓ Completed", "⚠ Needs help", "14/14"):
        assert words in text, words
    size = document.pagePointSize(0)
    assert size.width() > size.height()  # landscape, to fit the lessons side by side
