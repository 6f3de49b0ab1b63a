"""A signed-in learner's own progress slip, saved from the lesson's last step on a library PC.

The same one-page slip a trainer saves for them (:mod:`kiosk.progress.slip`), onto a USB stick or
into the home folder — but only ever the slip of whoever is signed in *now*: the account is taken
from the session at each tap and checked again before anything is read, so a visitor can never
save another learner's records (nobody signed in, a trainer, the street kiosk: no button at all).

Qt-free like the trainer's :class:`~kiosk.progress.exporting.ExportModel`; the PDF is laid out by
the view's ``writer`` (Qt) in the worker that reads the slip from the store.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kiosk.i18n import _
from kiosk.progress import queries
from kiosk.progress.export import ExportPlace
from kiosk.progress.exporting import say_not_saved, write_slip
from kiosk.progress.link import ProgressLink
from kiosk.progress.slip import ProgressSlip
from kiosk.progress.viewmodel import TaskRunner, ViewModel, said
from kiosk.session import Session

#: How long the worker waits for the lesson's last records to reach the store before reading the
#: slip (they are written on the recording thread; the slip should show the lesson just finished).
FLUSH_SECONDS = 5.0


class OwnSlipModel(ViewModel):
    """*Print my progress*: look for places, save the signed-in learner's slip in one of them."""

    slot = "lesson.own_slip"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink, *,
                 library: bool, writer: Callable[[ProgressSlip, Path], Path] | None = None) -> None:
        super().__init__(tasks, session)
        self.link = link
        self.library = library
        #: Lays the slip out as a PDF (Qt: the view hands it over).
        self.writer = writer
        self.places: list[ExportPlace] | None = None  # None: not asked yet
        self.written: Path | None = None
        self._account: str | None = None

    def learner(self) -> str | None:
        """The signed-in learner's account, or None where the button must not be offered: the
        street kiosk, nobody signed in, a trainer, or records not linked to this session."""
        who = self.session.signed_in
        if not self.library or who is None or who.is_trainer:
            return None
        return who.account_id if self.link.account == who.account_id else None

    @property
    def available(self) -> bool:
        return self.learner() is not None

    def start(self) -> None:
        """The button: find the USB sticks and the home folder."""
        account = self.learner()
        if account is None:
            return
        self._account, self.written = account, None
        self.say(said(_("Where should your progress slip go? To use a USB stick, put it in "
                        "first, then tap “Look again”.")))
        self.run("places", queries.find_places, then=self._found)

    look_again = start

    def _found(self, places: list[ExportPlace]) -> None:
        if self.learner() != self._account:  # signed out (or someone else) meanwhile
            self.reset()
            return
        self.places = places
        if not places:
            self.say(lambda: _("No place to save was found. Put in a USB stick and tap "
                               "“Look again”."))
        self.changed()

    def save(self, place: ExportPlace) -> None:
        account = self.learner()
        if account is None or account != self._account:
            self.reset()
            return
        self.say(said(_("Saving…")))
        self.run("save", self._write, place.path, account,
                 then=lambda path: self._saved(place, path), failed=self._not_saved)

    def _write(self, folder: Path, account: str) -> Path:
        """Worker thread: the lesson's last records in, then the slip of ``account`` as a PDF."""
        self.link.flush(FLUSH_SECONDS)
        return write_slip(self.link, self.writer, folder, account)

    def _saved(self, place: ExportPlace, path: Path) -> None:
        self.written = path
        if place.removable:
            self.say(lambda: _("Your progress slip is saved on the USB stick “{name}” as "
                               "“{file}”. Print it from there.").format(name=place.label,
                                                                        file=path.name))
        else:
            self.say(lambda: _("Your progress slip is saved in the home folder of this computer "
                               "as “{file}” ({folder}). Ask library staff to print it.").format(
                file=path.name, folder=str(path.parent)))

    def _not_saved(self, exc: BaseException) -> None:
        say_not_saved(self, exc)

    def reset(self) -> None:
        self.places, self.written, self._account = None, None, None
        self.say(None)
