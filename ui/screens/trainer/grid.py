"""The dense class grid: one row per learner, one column per lesson, a status shape in each cell.

A view of :class:`kiosk.progress.grid.GridView` (it counts nothing itself). Each status is drawn
as a shape of its own — an empty ring, a half-filled circle, a triangle with "!", a filled circle
with a tick, a star for a mastered lesson — in the status colour, beside "steps reached / steps"
(never colour alone; the shapes and the key above the grid are in :mod:`ui.screens.trainer.shapes`;
the whole cell is also spoken to screen readers). Lesson titles wrap in the column headers above their
totals; both headers stay in place while the grid scrolls. Columns share the width, so 30
learners × 12 lessons fit a 1920 px screen at 100 % text; at bigger text the columns reach their
minimum and the grid scrolls sideways instead of clipping.

Right to left (Farsi) the grid mirrors as a whole: names on the right, the first lesson next to
them, and in each cell and header total the shape comes first on the right with its number to
its left — painted here, so the painter places them itself (:func:`leading`).
"""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableWidget,
                               QTableWidgetItem, QWidget)

from kiosk.i18n import _
from kiosk.progress.grid import STATUS_SHAPES, GridView, Totals
from kiosk.progress.summary import Status
from ui.theme import Palette, px
from ui.screens.trainer.shapes import leading, paint_shape, status_color

SHAPE_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


def name_shown(name: str) -> str:
    """A learner's name with an invisible mark of its own direction after it, so the final "."
    of "Ana A." stays at the end of the name on a right-to-left page (and "مریم ک." keeps its
    own on a left-to-right one) — the name is never turned around, only its full stop."""
    for char in name:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return name + "\u200e"
        if kind in ("R", "AL"):
            return name + "\u200f"
    return name


class StatusDelegate(QStyledItemDelegate):
    """A cell: the status shape, then "steps reached / steps"."""

    def __init__(self, grid: ClassGridTable) -> None:
        super().__init__(grid)
        self.grid = grid

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        palette = self.grid.palette_
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.fillRect(rect, QColor(palette.surface if selected else palette.window))
        painter.setPen(QPen(QColor(palette.muted), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        status = Status(index.data(STATUS_ROLE))
        color = QColor(status_color(palette, status))
        side = self.grid.shape_size
        pad = self.grid.cell_pad
        rtl = self.grid.isRightToLeft()
        box = QRectF(rect)
        shape_rect = leading(box, pad, side, rtl)
        shape_rect = QRectF(shape_rect.left(), rect.center().y() - side / 2 + 1, side, side)
        paint_shape(painter, shape_rect, index.data(SHAPE_ROLE), color, QColor(palette.window))
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if text:
            painter.setFont(self.grid.cell_font)
            painter.setPen(QColor(palette.text))
            start = pad + side + pad // 2
            align = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute if rtl
                     else Qt.AlignmentFlag.AlignLeft)
            # "12/14" is digits: it reads left to right on either page, only its place mirrors.
            painter.drawText(leading(box, start, max(0.0, box.width() - start - pad / 2), rtl),
                             int(Qt.AlignmentFlag.AlignVCenter | align), text)
        if selected:
            painter.setPen(QPen(QColor(palette.text), 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(self.grid.min_column, self.grid.row_height)


class LessonHeader(QHeaderView):
    """Column headers: the lesson title, wrapped (long words break rather than clip), above
    the column's totals drawn with the same shapes as the cells."""

    def __init__(self, grid: ClassGridTable) -> None:
        super().__init__(Qt.Orientation.Horizontal, grid)
        self.grid = grid
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def _title_layout(self, text: str, width: float) -> tuple[QTextLayout, float]:
        """The title wrapped to ``width`` (long words break rather than clip), and its height —
        one layout for measuring and painting, so the header is as tall as what it draws."""
        layout = QTextLayout(text, self.grid.header_font)
        rtl = self.grid.isRightToLeft()
        # Lines are placed by hand (at the right edge right to left): a bare layout aligns none.
        option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        option.setTextDirection(self.grid.layoutDirection())
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(max(0.0, width - line.naturalTextWidth()) if rtl else 0.0,
                                     height))
            height += line.height()
        layout.endLayout()
        return layout, height

    def _title_height(self, text: str, width: int) -> float:
        return self._title_layout(text, width)[1]

    def _totals_places(self, index: int, width: int) -> list[tuple[Status, int, float, int]]:
        """Where each total goes: (status, count, x offset, line) — as many per line as fit."""
        totals = self.grid.totals[index]
        metrics = QFontMetrics(self.grid.totals_font)
        side, pad = self.grid.totals_height * 0.7, self.grid.cell_pad
        places, x, line = [], 0.0, 0
        ruled = self.grid.view.columns[index].ruled
        for status, count in ((s, totals.count(s)) for s in totals.shown(ruled)):
            wide = side + pad / 3 + metrics.horizontalAdvance(str(count))
            if x > 0 and x + wide > width:
                x, line = 0.0, line + 1
            places.append((status, count, x, line))
            x += wide + pad * 0.8
        return places

    def _totals_lines(self, index: int) -> int:
        width = self.sectionSize(index) - 2 * self.grid.cell_pad
        return 1 + max(line for *_rest, line in self._totals_places(index, width))

    def needed_height(self) -> int:
        pad = self.grid.cell_pad
        tallest = max((self._title_height(self.grid.titles[n], self.sectionSize(n) - 2 * pad)
                       + self._totals_lines(n) * self.grid.totals_height
                       for n in range(self.count())), default=0.0)
        return int(tallest + 3 * pad)

    def paintSection(self, painter: QPainter, rect: QRect, index: int) -> None:  # noqa: N802
        if not rect.isValid() or index >= len(self.grid.titles):
            return
        palette, pad = self.grid.palette_, self.grid.cell_pad
        painter.save()
        painter.fillRect(rect, QColor(palette.surface))
        painter.setPen(QPen(QColor(palette.muted), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(QColor(palette.text))
        rtl = self.grid.isRightToLeft()
        places = self._totals_places(index, rect.width() - 2 * pad)
        lines = 1 + max(line for *_rest, line in places)
        high = self.grid.totals_height
        title, _height = self._title_layout(self.grid.titles[index], rect.width() - 2 * pad)
        title.draw(painter, QPointF(rect.left() + pad, rect.top() + pad))
        side = high * 0.7
        painter.setFont(self.grid.totals_font)
        metrics = QFontMetrics(self.grid.totals_font)
        top = rect.bottom() - pad - lines * high
        inner = QRectF(rect).adjusted(pad, 0, -pad, 0)
        # Absolute: a painter on a right-to-left widget would turn "right" into "left".
        align = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute if rtl
                 else Qt.AlignmentFlag.AlignLeft)
        for status, count, offset, line in places:
            y = top + line * high
            shape = leading(inner, offset, side, rtl)
            paint_shape(painter, QRectF(shape.left(), y + (high - side) / 2, side, side),
                        STATUS_SHAPES[status], QColor(status_color(palette, status)),
                        QColor(palette.surface))
            number = leading(inner, offset + side + pad / 3,
                             metrics.horizontalAdvance(str(count)) + 4, rtl)
            painter.setPen(QColor(palette.text))
            painter.drawText(QRectF(number.left(), y, number.width(), high),
                             int(Qt.AlignmentFlag.AlignVCenter | align), str(count))
        painter.restore()


class ClassGridTable(QTableWidget):
    """The grid of a class; taps open a learner's lesson (cell), a learner (name) or a lesson
    (column header). Enter on a focused cell opens it too."""

    cell_opened = Signal(int, int)
    learner_opened = Signal(int)
    lesson_opened = Signal(int)

    def __init__(self, view: GridView, palette: Palette, scale: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(len(view.rows), len(view.columns), parent)
        self.setObjectName("trainer_grid")
        self.palette_ = palette
        self.view = view
        self.titles = [column.lesson.shown_title for column in view.columns]
        self.totals: list[Totals] = [column.totals for column in view.columns]
        self._size(scale)
        self.setItemDelegate(StatusDelegate(self))
        self.setHorizontalHeader(LessonHeader(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setStyleSheet(f"QTableWidget {{ border: 1px solid {palette.muted}; "
                           f"font-size: {self.cell_font.pixelSize()}px; }}"
                           f"QHeaderView::section:vertical {{ background: {palette.surface}; "
                           f"color: {palette.text}; font-weight: 700; padding: 0 {self.cell_pad}px; "
                           f"border: none; border-bottom: 1px solid {palette.muted}; }}")
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.min_column)
        header.sectionClicked.connect(self.lesson_opened.emit)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.row_height)
        rows.setSectionsClickable(True)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.sectionClicked.connect(self.learner_opened.emit)
        for r, (learner, cells) in enumerate(view.rows):
            name = QTableWidgetItem(name_shown(learner.display_name))
            name.setData(Qt.ItemDataRole.AccessibleTextRole, learner.display_name)
            self.setVerticalHeaderItem(r, name)
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(cell.short())
                item.setData(SHAPE_ROLE, cell.shape)
                item.setData(STATUS_ROLE, cell.status.value)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, cell.spoken())
                item.setToolTip(cell.spoken())
                self.setItem(r, c, item)
        for c, column in enumerate(view.columns):
            head = QTableWidgetItem(column.lesson.shown_title)
            head.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{column.lesson.shown_title}: {column.words()}")
            self.setHorizontalHeaderItem(c, head)
        self.cellClicked.connect(self.cell_opened.emit)
        self.setAccessibleName(_("Progress of the class"))
        # Right to left, Qt keeps the sideways scroll value while the page settles (the vertical
        # scroll bar comes, the width changes), which left the first lesson half under the
        # names at 200 % text: until the trainer scrolls sideways, the grid stays at its start.
        self._scrolled_sideways = False
        bar = self.horizontalScrollBar()
        bar.actionTriggered.connect(self._on_sideways)
        bar.sliderPressed.connect(self._on_sideways)
        bar.rangeChanged.connect(lambda _low, _high: self._keep_start())

    def _on_sideways(self, *_args: object) -> None:
        self._scrolled_sideways = True

    def _keep_start(self) -> None:
        if not self._scrolled_sideways:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.minimum())

    def _size(self, scale: float) -> None:
        body = px("small", scale)
        self.cell_font = QFont()
        self.cell_font.setPixelSize(body)
        self.cell_font.setWeight(QFont.Weight.Bold)
        self.header_font = QFont()
        # Lesson titles wrap into a few short lines: a little smaller than the cells, so one
        # long word ("Touchscreen") still fits a column a full-HD screen shares among twelve.
        self.header_font.setPixelSize(int(body * 0.76))
        self.header_font.setWeight(QFont.Weight.Medium)
        self.totals_font = QFont()
        self.totals_font.setPixelSize(int(body * 0.8))
        metrics = QFontMetrics(self.cell_font)
        self.cell_pad = max(5, int(body * 0.3))
        self.shape_size = int(body * 0.95)
        self.row_height = int(metrics.height() * 1.6)
        self.totals_height = int(QFontMetrics(self.totals_font).height() * 1.1)
        # A cell must hold its shape and "12/15"; the totals wrap in the header when narrower.
        self.min_column = self.shape_size + 2 * self.cell_pad + metrics.horizontalAdvance("88/88")

    def relayout(self) -> None:
        """Fit the header to the wrapped titles at the columns' current width."""
        header = self.horizontalHeader()
        if isinstance(header, LessonHeader):
            header.setFixedHeight(header.needed_height())

    def full_height(self) -> int:
        """The height that shows every row without scrolling."""
        bar = self.horizontalScrollBar()
        extra = bar.sizeHint().height() if bar.maximum() > 0 else 0
        return (self.horizontalHeader().height() + self.row_height * self.rowCount()
                + 2 * self.frameWidth() + extra)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        self.relayout()
        self._keep_start()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            index = self.currentIndex()
            if index.isValid():
                self.cell_opened.emit(index.row(), index.column())
                return
        super().keyPressEvent(event)
