"""The class report laid out as a PDF to print (landscape A4): a view of
:class:`kiosk.progress.report.ClassReport`, which says everything that goes on the page.

Runs in a worker thread (QTextDocument and QPdfWriter paint without widgets, which Qt allows off
the UI thread); the PDF is built in memory and written with the export's own owner-only, atomic
writer, so a half-written report never lands on the USB stick.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from kiosk.i18n import is_rtl
from kiosk.progress.export import write_private
from kiosk.progress.report import ClassReport

#: Ink for the marks: dark enough to read in black and white, each mark a shape of its own anyway.
INK = {"mastered": "#0A5C27", "completed": "#0A5C27", "started": "#7A4A00", "needs-help": "#A4161A",
        "not-started": "#3A3A3A"}


def report_html(report: ClassReport) -> str:
    """The report as the HTML subset QTextDocument lays out (a table with a repeated header)."""
    direction = "rtl" if is_rtl() else "ltr"
    head = "".join(f"<th>{escape(title)}</th>" for title in report.lessons)
    # A mark stays with its number; the three totals wrap between them in a narrow column.
    totals = "".join("<td class='total'>" + " ".join(
        escape(part).replace(" ", "&nbsp;") for part in t.split("  ")) + "</td>"
        for t in report.totals)
    body = []
    for number, (name, cells) in enumerate(report.rows):
        # A mark stays with its number and a name on one line (non-breaking spaces); every
        # other row shaded so the eye follows a learner across twelve lessons.
        tds = "".join(
            f"<td><span style='color:{INK.get(c.status, '#111')}'>{c.mark}</span>"
            f"&nbsp;{escape(c.text)}</td>" for c in cells)
        shade = " class='even'" if number % 2 else ""
        body.append(f"<tr{shade}><td class='name'>{escape(name).replace(' ', '&nbsp;')}</td>"
                    f"{tds}</tr>")
    legend = " &nbsp;&nbsp; ".join(escape(item) for item in report.legend)
    return f"""<html dir="{direction}"><head><style>
body {{ font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 8pt; color: #111; }}
h1 {{ font-size: 16pt; margin: 0; }}
p {{ margin: 2pt 0; }}
table {{ border-collapse: collapse; }}
th {{ background: #EEF2F7; font-size: 6.5pt; font-weight: 600; text-align: left; padding: 2pt 4pt; }}
td {{ padding: 1pt 4pt; border-bottom: 1px solid #BBB; }}
td.name {{ font-weight: 700; padding-right: 8pt; }}
tr.even td {{ background: #F3F5F8; }}
td.total {{ background: #EEF2F7; font-size: 6.5pt; padding: 1pt 6pt 3pt 2pt; }}
</style></head><body>
<h1>{escape(report.title)}</h1>
<p>{escape(report.made)}</p>
<p><b>{escape(report.summary)}</b></p>
<p>{legend}</p>
<table width="100%" cellspacing="0" cellpadding="2" border="0">
<thead><tr><th width='11%'>{escape(report.learners_heading)}</th>{head}</tr>
<tr><td class='total'></td>{totals}</tr></thead>
<tbody>{''.join(body)}</tbody></table>
<p style="font-size: 7.5pt">{escape(report.footnote)}</p>
</body></html>"""


def html_pdf(html: str, title: str, landscape: bool = True) -> bytes:
    """The bytes of a PDF of ``html`` on A4 (landscape or portrait, 12 mm margins)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("WeHo Kiosk")
    writer.setResolution(300)
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(html)
    rect = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def report_pdf(report: ClassReport) -> bytes:
    """The PDF file's bytes (landscape A4, 12 mm margins)."""
    return html_pdf(report_html(report), report.title)


def write_report_pdf(report: ClassReport, path: Path) -> Path:
    write_private(path, report_pdf(report))
    return path
