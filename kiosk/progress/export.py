"""Exports for trainers: the class grid as CSV and the learning events as xAPI statements (JSON).

CSV has one header row, then one row per learner × lesson read from the same
:class:`~kiosk.progress.grid.GridView` the screen draws, so statuses and numbers match it; numbers
are plain numbers (minutes, percent), times ISO 8601 with their UTC offset, and the file name
carries the class and a timestamp (``progress-tuesday-seniors-20261125T1530.csv``) so exports
never overwrite each other. A text cell a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return: a class called ``=HYPERLINK(…)``) gets a
leading apostrophe, so it shows as the text it is. Files are written atomically and readable by
their owner only (mode 0600), e.g. straight onto a USB stick the trainer picked.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from kiosk.i18n import N_, _
from kiosk.progress import xapi
from kiosk.progress.events import utc_now
from kiosk.progress.grid import GridView, grid_view
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.mastery import rule_names, ruled_lessons, with_mastered, with_mastery
from kiosk.progress.store import ProgressStore
from kiosk.progress.summary import LessonLookup, class_grid

#: Export files hold names and progress of people: readable by the kiosk's own user only.
EXPORT_MODE = 0o600
#: What a spreadsheet reads as the start of a formula (or a command, in old ones).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The CSV header, in grid order (translated when written).
CSV_COLUMNS = (
    N_("Class"), N_("Learner"), N_("Account ID"), N_("Lesson ID"), N_("Lesson"), N_("Status"),
    N_("Steps reached"), N_("Steps in lesson"), N_("Time spent (minutes)"), N_("Last activity"),
    N_("Quiz score (%)"),
)


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-_")
    return slug[:40] or "class"


def export_filename(kind: str, class_name: str | None, now: datetime | None = None) -> str:
    """``progress-<class>-YYYYMMDDTHHMM.csv``, ``xapi-<class>-….json``, ``report-<class>-….pdf``
    or ``slip-<learner>-….pdf`` (a learner's progress slip; local time)."""
    stamp = (now or utc_now()).astimezone().strftime("%Y%m%dT%H%M")
    prefix, ext = {"csv": ("progress", "csv"), "pdf": ("report", "pdf"),
                   "slip": ("slip", "pdf")}.get(kind, ("xapi", "json"))
    return f"{prefix}-{_slug(class_name) if class_name else 'all-classes'}-{stamp}.{ext}"


def _target(out: Path, kind: str, class_name: str | None, now: datetime | None) -> Path:
    out = Path(out)
    return out / export_filename(kind, class_name, now) if out.is_dir() else out


def _iso(when: datetime | None) -> str:
    return when.astimezone().isoformat(timespec="seconds") if when else ""


def neutralise(value: object) -> object:
    """A text cell as a spreadsheet must show it: never run as a formula. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def grid_rows(view: GridView) -> list[list[object]]:
    """The CSV rows of one class grid (one per learner × lesson), before neutralising."""
    rows: list[list[object]] = []
    for learner, cells in view.rows:
        for cell in cells:
            rows.append([view.school_class.name, learner.display_name, learner.id, cell.lesson.id,
                         cell.lesson.display_title, cell.status.label(), cell.steps_reached,
                         cell.steps_total if cell.steps_total is not None else "",
                         cell.minutes, _iso(cell.last_activity),
                         cell.score_percent if cell.score_percent is not None else ""])
    return rows


def csv_text(views: Sequence[GridView]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_(column) for column in CSV_COLUMNS])
    for view in views:
        writer.writerows([neutralise(value) for value in row] for row in grid_rows(view))
    return buffer.getvalue()


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically into a file only its owner can read (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, EXPORT_MODE)
    try:
        os.fchmod(fd, EXPORT_MODE)  # an old temp file of the same name kept its mode
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        if fd != -1:
            os.close(fd)
    os.replace(tmp, path)


def _classes(store: ProgressStore, class_id: int | None) -> list[int]:
    if class_id is not None:
        return [class_id]
    return [c.id for c in store.accounts.list_classes()]


def class_view(store: ProgressStore, class_id: int, lessons: LessonLookup = None,
               facts: LessonFacts | None = None) -> GridView:
    """The grid of a class as the trainer's screen shows it; with ``facts``, completed cells
    that met their lesson's mastery rule are **Mastered** there as on the screen."""
    grid = class_grid(store, class_id, lessons)
    if facts is None:
        return grid_view(grid)
    return grid_view(with_mastered(grid, store, facts), ruled_lessons(facts, grid.lessons))


def export_csv(store: ProgressStore, out: Path, class_id: int | None = None,
               lessons: LessonLookup = None, now: datetime | None = None,
               facts: LessonFacts | None = None) -> Path:
    """Write the grid of one class (or every active class) as CSV; returns the file written.

    ``out`` is a file, or a folder to put a timestamped file in. The file starts with a UTF-8
    byte order mark so spreadsheet programs read names in any script correctly. ``facts`` (the
    kiosk's lessons) lets "Mastered" be written where the screen shows it.
    """
    if facts is None and isinstance(getattr(lessons, "__self__", None), LessonFacts):
        # ``lessons`` is ``facts.translated`` (the CLI's way): its rules mark Mastered too.
        facts = lessons.__self__  # type: ignore[union-attr]
    views = [class_view(store, cid, lessons, facts) for cid in _classes(store, class_id)]
    name = views[0].school_class.name if class_id is not None and views else None
    path = _target(out, "csv", name, now)
    write_private(path, ("\ufeff" + csv_text(views)).encode("utf-8"))
    return path


def export_xapi(store: ProgressStore, out: Path, class_id: int | None = None,
                lessons: LessonLookup = None, home_page: str = xapi.DEFAULT_HOME_PAGE,
                now: datetime | None = None, facts: LessonFacts | None = None) -> Path:
    """Write the learning events of a class (or everyone) as a JSON array of xAPI statements.

    With ``facts``, a ``completed`` statement's ``result.success`` says whether the learner met
    the lesson's mastery rule (lessons with one)."""
    if class_id is None:
        events = store.events()
        name = None
    else:
        events = []
        for learner in store.accounts.list_learners(class_id):
            events.extend(store.events(account=learner.id))
        events.sort(key=lambda e: (e.timestamp, e.id))
        name = store.accounts.get_class(class_id).name
    path = _target(out, "xapi", name, now)
    if facts is not None:
        events = with_mastery(events, facts)
    statements = xapi.statements(events, home_page, lessons, rule_names(facts))
    write_private(path, (json.dumps(statements, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


@dataclass(frozen=True)
class ExportPlace:
    """A folder a trainer may save exports in: a USB stick (``removable``) or the home folder."""

    label: str
    path: Path
    removable: bool


#: Where desktop Linux mounts USB sticks: /media/<user>/<label>, /media/<label>, /run/media/<user>/<label>.
MEDIA_ROOTS = (Path("/media"), Path("/run/media"))


def _mounted_below(root: Path, depth: int = 2) -> list[Path]:
    found: list[Path] = []
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return found
    for child in children:
        if os.path.ismount(child):
            found.append(child)
        elif depth > 1:
            found.extend(_mounted_below(child, depth - 1))
    return found


def export_places(roots: Sequence[Path] = MEDIA_ROOTS, home: Path | None = None) -> list[ExportPlace]:
    """Writable removable media first, then the home folder (for the trainer's folder chooser)."""
    places = [ExportPlace(p.name, p, True) for root in roots for p in _mounted_below(Path(root))
              if os.access(p, os.W_OK)]
    home = Path.home() if home is None else Path(home)
    if home.is_dir() and os.access(home, os.W_OK):
        places.append(ExportPlace(home.name or str(home), home, False))
    return places
