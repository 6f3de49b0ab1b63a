"""What a trainer hands over on paper, and mastery on the grid: the learner's take-home progress
slip (one PDF page, read back with pdftotext and looked at as a picture), the class report of
30 learners × 12 lessons on at most two pages, and the star of a mastered lesson on the grid and
in its key."""
from __future__ import annotations

import random
import shutil
import stat
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from test_trainer import _strict_threads, open_learner_row, seed_class, store, trainer_window  # noqa: F401

from kiosk import threadguard
from kiosk.progress.events import Recorder
from ui.screens.trainer.grid import SHAPE_ROLE, STATUS_ROLE
from ui_support import button, tap

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def perfect_run(store, learner, when: datetime) -> None:
    """A spotting-scams run with every quiz question right the first time (its rule)."""
    t = [when]

    def clock():
        t[0] += timedelta(seconds=30)
        return t[0]

    r = Recorder(store, learner.id, "pc", clock)
    r.started("spotting-scams")
    for step in (3, 6, 11):
        r.answered("spotting-scams", step, True, "1")
    for step in (8, 9):
        r.answered("spotting-scams", step, True, "tap")
    r.completed("spotting-scams", 13, 1.0, True)


def test_a_mastered_lesson_is_a_star_on_the_grid_and_in_its_key(qtbot, make_window, lib_cfg,
                                                                 store) -> None:
    tuesday, (ana, *_rest) = seed_class(store)
    with threadguard.allowed():
        perfect_run(store._store, ana, datetime.now(timezone.utc) - timedelta(hours=1))
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    screen = window.current_screen
    table = screen.table
    assert table.item(0, 0).data(STATUS_ROLE) == "mastered"
    assert table.item(0, 0).data(SHAPE_ROLE) == "star"
    assert "Mastered" in table.item(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert table.item(3, 0).data(SHAPE_ROLE) == "tick"  # Dan missed one: completed, not mastered
    column = table.horizontalHeaderItem(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "1 mastered · 1 completed" in column
    # Email basics has no rule: its header counts no stars.
    assert "mastered" not in table.horizontalHeaderItem(1).data(Qt.ItemDataRole.AccessibleTextRole)
    words = [label.text() for label in screen.legend.labels]
    assert words == ["Mastered", "Completed", "Started", "Needs help", "Not started"]
    assert screen.legend.isVisible() and "Mastered" in screen.legend.accessibleName()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@needs_poppler
def test_the_progress_slip_is_one_page_the_learner_keeps(qtbot, make_window, lib_cfg, store,
                                                          tmp_path, monkeypatch) -> None:
    home = tmp_path / "trainer-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    tuesday, (ana, *_rest) = seed_class(store)
    with threadguard.allowed():
        perfect_run(store._store, ana, datetime.now(timezone.utc) - timedelta(hours=1))
        Recorder(store._store, ana.id, "pc").started("email-basics")
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    open_learner_row(qtbot, window, 0)
    learner_page = window.current_screen
    lines = [label.text() for label in learner_page.findChildren(QLabel) if label.isVisible()]
    assert any("Spotting scams" in line and "Mastered" in line for line in lines)  # as on the grid
    tap(qtbot, button(window, "trainer_learner_slip"))
    screen = window.current_screen
    assert screen.name == "trainer_export" and screen.heading.text() == "Save a progress slip to print (PDF)"
    place = [b for b in screen.findChildren(QPushButton) if b.isVisible() and "Home folder" in b.text()]
    tap(qtbot, place[0])
    assert "Saved" in screen.message.text()
    [slip] = home.glob("slip-ana-a-*.pdf")
    assert stat.S_IMODE(slip.stat().st_mode) == 0o600
    info = subprocess.run(["pdfinfo", str(slip)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    text = pdf_text(slip)
    today = datetime.now().strftime("%B %-d, %Y")
    for words in ("City of West Hollywood", "Learning progress: Ana A.", "Class: Tuesday seniors",
                  "1 lesson completed · 1 mastered", "Spotting scams", "★ Mastered", "Email basics",
                  "◐ Started", "Completed on", today):
        assert words in text, words
    assert ana.id not in text and "Boris" not in text  # nobody else's, no account id
    # The first page as a picture, to look at (docs/screenshots/trainer-slip-en.png is one).
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(slip), str(tmp_path / "slip")],
                   check=True)
    assert (tmp_path / "slip.png").stat().st_size > 5000
    if shown := __import__("os").environ.get("KIOSK_TEST_KEEP_PDF_PNG"):
        shutil.copy(tmp_path / "slip.png", shown)


def realistic_class(store, learners: int = 30, lessons: list[str] | None = None):
    """A class of ``learners`` in ``lessons`` with a mix of every status, as a term would leave it."""
    from kiosk.progress.lessonfacts import LessonFacts
    from kiosk.lessons import load_all

    facts = LessonFacts(load_all(Path(__file__).resolve().parents[2] / "lessons"))
    ids = lessons or sorted(info.id for info in facts)[:12]
    big = store.accounts.create_class("Thursday computer club")
    store.accounts.assign_lessons(big.id, ids)
    rnd = random.Random(17)
    t = [datetime.now(timezone.utc) - timedelta(days=20)]

    def clock():
        t[0] += timedelta(seconds=40)
        return t[0]

    firsts = ["Maria", "José", "Olga", "Dmitri", "Anahit", "Reza", "Linda", "Robert", "Svetlana",
              "Carmen", "Hassan", "Yelena", "Patricia", "Armen", "Guadalupe", "Boris", "Shirin",
              "Michael", "Lupe", "Igor", "Nina", "Farhad", "Dorothy", "Vartan", "Rosa", "Tatiana",
              "Kourosh", "Helen", "Miguel", "Galina"]
    for n in range(learners):
        learner = store.accounts.add_learner(big.id, firsts[n % len(firsts)], chr(65 + n % 26)).learner
        r = Recorder(store, learner.id, "pc", clock)
        for lid in ids:
            luck = rnd.random()
            if luck < 0.2:
                continue
            r.started(lid)
            steps = facts.info(lid).step_count
            upto = steps - 1 if luck > 0.5 else rnd.randrange(1, steps - 1)
            for step in range(1, upto):
                r.progressed(lid, step)
                if facts.kinds(lid)[step] in ("quiz", "practice"):
                    r.answered(lid, step, rnd.random() > 0.25, "1")
            if luck > 0.5:
                r.completed(lid, steps - 1, 1.0, True)
    return big, facts


@needs_poppler
def test_the_report_of_thirty_learners_by_twelve_lessons_fits_two_pages(qapp, tmp_path) -> None:
    from kiosk.progress import queries
    from kiosk.progress.store import open_store
    from ui.screens.trainer.report import write_report_pdf

    with threadguard.allowed():
        opened = open_store(f"sqlite:///{tmp_path}/big.sqlite3")
        try:
            big, facts = realistic_class(opened)
            report = queries.class_report(opened, facts, big.id)
        finally:
            opened.close()
    path = write_report_pdf(report, tmp_path / "report.pdf")
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 2
    text = pdf_text(path)
    assert len(report.rows) == 30
    for name, _cells in report.rows:  # every learner, each name whole on one line
        assert name in text, name
    assert "Thursday computer club" in text and "★ Mastered" in text
    for title in report.lessons:
        assert title.split()[0] in text
