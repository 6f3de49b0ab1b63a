"""Exports for trainers: the class grid as CSV and the learning events as xAPI statements (JSON).

CSV has one row per learner × lesson with the grid's columns; numbers are plain numbers (minutes,
percent), times ISO 8601 with their UTC offset, and the file name carries the class and a
timestamp (``progress-tuesday-seniors-20261125T1530.csv``) so exports never overwrite each other.
Files are written atomically, e.g. straight onto a USB stick the trainer picked.
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
from kiosk.paths import atomic_write_text
from kiosk.progress import xapi
from kiosk.progress.events import utc_now
from kiosk.progress.store import ProgressStore
from kiosk.progress.summary import ClassGrid, LessonLookup, class_grid

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
    """``progress-<class>-YYYYMMDDTHHMM.csv`` or ``xapi-<class>-YYYYMMDDTHHMM.json`` (local time)."""
    stamp = (now or utc_now()).astimezone().strftime("%Y%m%dT%H%M")
    prefix, ext = ("progress", "csv") if kind == "csv" else ("xapi", "json")
    return f"{prefix}-{_slug(class_name) if class_name else 'all-classes'}-{stamp}.{ext}"


def _target(out: Path, kind: str, class_name: str | None, now: datetime | None) -> Path:
    out = Path(out)
    return out / export_filename(kind, class_name, now) if out.is_dir() else out


def _iso(when: datetime | None) -> str:
    return when.astimezone().isoformat(timespec="seconds") if when else ""


def grid_rows(grid: ClassGrid) -> list[list[object]]:
    """The CSV rows of one class grid (one per learner × lesson)."""
    rows: list[list[object]] = []
    for learner, cells in grid.rows():
        for cell in cells:
            rows.append([grid.school_class.name, learner.display_name, learner.id, cell.lesson_id,
                         cell.lesson.display_title, cell.status.label(), cell.steps_reached,
                         cell.lesson.step_count if cell.lesson.step_count is not None else "",
                         cell.time_spent_minutes, _iso(cell.last_activity),
                         cell.score_percent if cell.score_percent is not None else ""])
    return rows


def csv_text(grids: Sequence[ClassGrid]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_(column) for column in CSV_COLUMNS])
    for grid in grids:
        writer.writerows(grid_rows(grid))
    return buffer.getvalue()


def _classes(store: ProgressStore, class_id: int | None) -> list[int]:
    if class_id is not None:
        return [class_id]
    return [c.id for c in store.accounts.list_classes()]


def export_csv(store: ProgressStore, out: Path, class_id: int | None = None,
               lessons: LessonLookup = None, now: datetime | None = None) -> Path:
    """Write the grid of one class (or every active class) as CSV; returns the file written.

    ``out`` is a file, or a folder to put a timestamped file in. The file starts with a UTF-8
    byte order mark so spreadsheet programs read names in any script correctly.
    """
    grids = [class_grid(store, cid, lessons) for cid in _classes(store, class_id)]
    name = grids[0].school_class.name if class_id is not None and grids else None
    path = _target(out, "csv", name, now)
    atomic_write_text(path, "\ufeff" + csv_text(grids))
    return path


def export_xapi(store: ProgressStore, out: Path, class_id: int | None = None,
                lessons: LessonLookup = None, home_page: str = xapi.DEFAULT_HOME_PAGE,
                now: datetime | None = None) -> Path:
    """Write the learning events of a class (or everyone) as a JSON array of xAPI statements."""
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
    statements = xapi.statements(events, home_page, lessons)
    atomic_write_text(path, json.dumps(statements, ensure_ascii=False, indent=1) + "\n")
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
