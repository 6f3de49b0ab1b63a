"""View model of saving an export — a spreadsheet (CSV), the learning records (xAPI) or the class
report to print (PDF) — onto a USB stick or into the home folder.

Qt-free like the other trainer pages; the PDF is laid out by the view's ``pdf_writer`` (Qt),
called in the same worker that reads the report from the store.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kiosk.i18n import _
from kiosk.progress import queries
from kiosk.progress.dashboard import TrainerModel
from kiosk.progress.export import ExportPlace, export_filename
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import ExportKind
from kiosk.progress.report import ClassReport
from kiosk.progress.slip import ProgressSlip
from kiosk.progress.viewmodel import TaskRunner, ViewModel, said
from kiosk.session import Session


def write_slip(link: ProgressLink, writer: Callable[[ProgressSlip, Path], Path] | None,
               folder: Path, learner_id: str) -> Path:
    """Worker thread: ``learner_id``'s progress slip, laid out as a PDF by ``writer`` in ``folder``
    (the trainer's export and the learner's own *Print my progress* both save it this way)."""
    if writer is None:
        raise OSError("no way to lay out the slip here")
    slip = link.query(queries.slip, learner_id)
    return writer(slip, Path(folder) / export_filename("slip", slip.learner_name))


def say_not_saved(model: ViewModel, exc: BaseException) -> None:
    """A save that failed: a file-system problem is the visitor's to fix (another place), anything
    else is the kiosk's (the view model's usual failure path)."""
    if isinstance(exc, OSError):
        model.say(lambda: _("The file could not be saved there. Is the USB stick full or "
                            "locked? Try another place."))
    else:
        model.failed(exc)


class ExportModel(TrainerModel):
    """Where to save an export (USB sticks, the home folder) and saving it there."""

    slot = "trainer.export"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.kind: ExportKind = "csv"
        self.class_id: int | None = None
        #: The learner whose progress slip is saved (kind ``slip``).
        self.learner_id: str | None = None
        self.places: list[ExportPlace] = []
        self.written: Path | None = None
        #: Lays a :class:`ClassReport` out as a PDF file (Qt does it; the view hands it over).
        self.pdf_writer: Callable[[ClassReport, Path], Path] | None = None
        #: Lays a learner's :class:`ProgressSlip` out as a one-page PDF (Qt, as above).
        self.slip_writer: Callable[[ProgressSlip, Path], Path] | None = None

    def title(self) -> str:
        if self.kind == "pdf":
            return _("Save the class report to print (PDF)")
        if self.kind == "slip":
            return _("Save a progress slip to print (PDF)")
        return (_("Save the progress as a spreadsheet (CSV)") if self.kind == "csv"
                else _("Save the learning records (xAPI statements)"))

    def open(self, kind: ExportKind, class_id: int | None, learner_id: str | None = None) -> None:
        if not self.allowed():
            return
        self.kind, self.class_id, self.written = kind, class_id, None
        self.learner_id = learner_id
        self.say(None)
        self.look_again()

    def look_again(self) -> None:
        self.run("places", queries.find_places, then=self._found)

    def _found(self, places: list[ExportPlace]) -> None:
        self.places = places
        self.changed()

    def save(self, place: ExportPlace) -> None:
        self.say(said(_("Saving…")))
        if self.kind == "pdf":
            self.run("save", self._write_report, place.path, self.class_id,
                     then=lambda path: self._saved(place, path), failed=self._not_saved)
            return
        if self.kind == "slip":
            if self.learner_id is None:
                self._not_saved(OSError("no learner to make a slip for"))
                return
            self.run("save", write_slip, self.link, self.slip_writer, place.path, self.learner_id,
                     then=lambda path: self._saved(place, path), failed=self._not_saved)
            return
        self.run("save", self.link.query, queries.write_export, self.kind, place.path, self.class_id,
                 then=lambda path: self._saved(place, path), failed=self._not_saved)

    def _write_report(self, folder: Path, class_id: int | None) -> Path:
        """Worker thread: the report of the class, laid out as a PDF in ``folder``."""
        if class_id is None or self.pdf_writer is None:
            raise OSError("no class to report on")
        report = self.link.query(queries.class_report, class_id)
        return self.pdf_writer(report, Path(folder) / export_filename("pdf", report.class_name))

    def _saved(self, place: ExportPlace, path: Path) -> None:
        self.written = path
        self.say(lambda: _("Saved “{file}” on {place}.").format(
            file=path.name, place=place.label if place.removable else _("the home folder")))

    def _not_saved(self, exc: BaseException) -> None:
        say_not_saved(self, exc)

    def reset(self) -> None:
        self.places, self.written = [], None
        self.say(None)
