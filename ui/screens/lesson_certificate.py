"""Printing a lesson certificate on a library PC (issue 14: a certificate taken away before the
wipe).

The kiosk is offline, so the certificate goes to the **default printer** the library set up
(CUPS, through Qt's QPrinter — no dialog, a visitor should not meet one). Where no printer is set
up, the same page is written as a PDF into the kiosk's state folder (``certificates/``) for staff
to print, *without* the learner's name — nothing personal stays on the kiosk after the wipe —
and the learner is told to show the completion code, which is on the screen and on the paper.

:func:`print_certificate` runs on a worker through the kiosk's one task path (QPainter may paint
on a QPrinter outside the UI thread); it never touches a widget.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.i18n import _
from kiosk.lessons.certificate import Certificate
from kiosk.lessons.player import LessonPlayer
from ui.context import AppContext
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import FlowWidget

logger = logging.getLogger(__name__)

PRINTED, SAVED, FAILED = "printed", "saved", "failed"
PRINT_SLOT = "lesson.print"


class PrintPanel(QWidget):
    """*Print my certificate* and what became of it, under the certificate on a library PC."""

    def __init__(self, ctx: AppContext, model: LessonPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.model = ctx, model
        self.outcome = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.button = WrapButton(role="primary")
        self.button.setObjectName("lesson_print")
        self.button.clicked.connect(self._on_button_clicked)
        row = FlowWidget(self, margin=0)  # parented at birth: Qt owns it from the start
        row.add(self.button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "lead")
        self.status.setObjectName("lesson_print_status")
        self.status.hide()
        layout.addWidget(row)
        layout.addWidget(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Print my certificate"))
        self._show_outcome()

    def _on_button_clicked(self) -> None:
        """Print on the library's printer (or keep a copy for staff) off the UI thread."""
        on_paper, kept = self.model.certificate(), self.model.certificate(with_name=False)
        self.button.setEnabled(False)
        self.outcome = ""
        self.status.setText(_("Printing…"))
        self.status.show()
        self.ctx.tasks.run(PRINT_SLOT, print_certificate, on_paper, kept,
                           self.ctx.config.state_dir / "certificates",
                           on_done=self._on_printed, on_error=self._on_print_failed)

    def _on_printed(self, result: tuple[str, str]) -> None:
        if isValid(self):  # (the page may have moved on meanwhile)
            self.outcome = result[0]
            self._show_outcome()

    def _on_print_failed(self, exc: BaseException) -> None:
        logger.error("certificate not printed: %s", exc)
        if isValid(self):
            self.outcome = FAILED
            self._show_outcome()

    def _show_outcome(self) -> None:
        if not self.outcome:
            return
        code = self.model.certificate().code.replace("-", "\u2011")  # kept on one line
        self.status.setText({
            PRINTED: _("Sent to the printer. Please collect your certificate there."),
            SAVED: _("There is no printer here. Show your code {code} to library staff: they "
                     "can print your certificate.").format(code=code),
        }.get(self.outcome, _("The printer did not answer. Show your code {code} to library "
                              "staff.").format(code=code)))
        self.button.setEnabled(self.outcome == FAILED)


def print_certificate(on_paper: Certificate, kept: Certificate, folder: Path) -> tuple[str, str]:
    """Print ``on_paper`` on the default printer; with none, write ``kept`` (no name) as a PDF
    in ``folder``. Returns (PRINTED, printer name) or (SAVED, file path)."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    default = QPrinterInfo.defaultPrinter()
    if not default.isNull():
        printer = QPrinter(default, QPrinter.PrinterMode.HighResolution)
        _draw(printer, on_paper)
        return PRINTED, default.printerName()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{on_paper.code}-{kept.lesson_title[:40]}.pdf".replace("/", "-")
    path = folder / name
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    # Written beside, then renamed: a half-written file is never left under the real name.
    handle, partial = tempfile.mkstemp(suffix=".pdf", dir=folder)
    os.close(handle)
    printer.setOutputFileName(partial)
    _draw(printer, kept)
    os.replace(partial, path)
    logger.info("certificate kept for staff to print: %s", path.name)
    return SAVED, str(path)


def _draw(printer, certificate: Certificate) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not start the page")
    try:
        page = QRectF(painter.viewport())
        dpi = printer.resolution()
        pen = QPen(QColor("#0B3D91"), dpi * 0.04)
        painter.setPen(pen)
        painter.drawRect(page.adjusted(dpi * 0.1, dpi * 0.1, -dpi * 0.1, -dpi * 0.1))
        painter.setPen(QColor("#111111"))
        y = page.top() + dpi * 0.8
        for text, points, bold in ((certificate.heading, 30, True), (certificate.lesson_title, 26, False),
                                   (certificate.date_text, 18, False), (certificate.code_line, 24, True),
                                   (certificate.note, 16, False)):
            font = QFont("Noto Sans")
            font.setPointSizeF(points)
            font.setBold(bold)
            painter.setFont(font)
            height = painter.fontMetrics().height() * 2.2
            painter.drawText(QRectF(page.left(), y, page.width(), height),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            y += height
    finally:
        painter.end()
