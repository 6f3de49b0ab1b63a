"""The take-home progress slip laid out as a one-page PDF (portrait A4) to print: a view of
:class:`kiosk.progress.slip.ProgressSlip`.

Made like the class report (:mod:`ui.screens.trainer.report`): QTextDocument into QPdfWriter in a
worker thread, written with the exports' owner-only atomic writer. Marks are shapes of their own
(★ ✓ ◐ ⚠), so a black-and-white print says everything.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from kiosk.i18n import is_rtl
from kiosk.progress.export import write_private
from kiosk.progress.slip import ProgressSlip
from ui.screens.trainer.report import INK, html_pdf


def slip_html(slip: ProgressSlip) -> str:
    """The slip as the HTML subset QTextDocument lays out."""
    direction = "rtl" if is_rtl() else "ltr"
    align = "right" if is_rtl() else "left"
    head = "".join(f"<th>{escape(column)}</th>" for column in slip.columns)
    rows = "".join(
        f"<tr><td class='lesson'>{escape(row.lesson)}</td>"
        f"<td><span style='color:{INK.get(row.status_value, '#111')}'>{row.mark}</span> "
        f"{escape(row.status)}</td><td>{escape(row.completed_on)}</td></tr>" for row in slip.rows)
    table = (f"<table width='100%' cellspacing='0' cellpadding='4' border='0'>"
             f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>") if slip.rows else ""
    return f"""<html dir="{direction}"><head><style>
body {{ font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 13pt; color: #111; }}
p.city {{ font-size: 12pt; font-weight: 700; letter-spacing: 1pt; color: #1F3A5F; margin: 0; }}
h1 {{ font-size: 22pt; margin: 4pt 0 2pt 0; }}
p {{ margin: 3pt 0; }}
table {{ border-collapse: collapse; margin-top: 10pt; }}
th {{ background: #EEF2F7; font-size: 11pt; text-align: {align}; padding: 4pt 6pt; }}
td {{ padding: 5pt 6pt; border-bottom: 1px solid #BBB; }}
td.lesson {{ font-weight: 700; }}
p.note {{ font-size: 10pt; color: #333; margin-top: 14pt; }}
</style></head><body>
<p class="city">{escape(slip.city)}</p>
<h1>{escape(slip.title)}</h1>
<p>{escape(slip.class_line)} &nbsp;·&nbsp; {escape(slip.made)}</p>
<p><b>{escape(slip.summary)}</b></p>
{table}
<p class="note">{escape(slip.footnote)}</p>
</body></html>"""


def slip_pdf(slip: ProgressSlip) -> bytes:
    return html_pdf(slip_html(slip), slip.title, landscape=False)


def write_slip_pdf(slip: ProgressSlip, path: Path) -> Path:
    write_private(path, slip_pdf(slip))
    return path
