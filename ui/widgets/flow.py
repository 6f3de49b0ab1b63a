"""A container that places its widgets left to right and wraps to a new row when the width runs
out (mirrored for right-to-left languages).

Used where the number and width of controls depend on the language and the text size (the control
bar, rows of buttons), so nothing is ever clipped at 200 % text: it wraps instead. A child wider
than a whole row (a long label at 200 % text) is given the row's width and asked for its height
there, so a word-wrapping button (``WrapButton``) grows taller instead of sticking out.

It is a widget that positions its children itself rather than a ``QLayout`` subclass: PySide6
layout subclasses must return ``None`` from ``itemAt``, which corrupts ``None``'s reference count
on Python 3.11 and crashes after a few thousand relayouts.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

_held = False  # see held(): rows arrange once after a restyle, not at every child's event


@contextmanager
def held() -> Iterator[None]:
    """While the whole application is re-polished (a text-size or theme change), every child of
    every row reports a style, font and layout change — thousands of arrangements for nothing.
    Hold them, then arrange each visible row once."""
    global _held
    _held = True
    try:
        yield
    finally:
        _held = False
        for widget in QApplication.allWidgets():
            if isinstance(widget, FlowWidget):
                widget.updateGeometry()
                if widget.isVisible():
                    widget._arrange(widget.width(), apply=True)


class FlowWidget(QWidget):
    def __init__(self, parent: QWidget | None = None, spacing: int = 16, margin: int = 20) -> None:
        super().__init__(parent)
        self._items: list[QWidget] = []
        self._spacing = spacing
        self._margin = margin
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        widget.installEventFilter(self)
        self._items.append(widget)
        self.updateGeometry()

    def room(self) -> int:
        """The width a child may have (a wider child is given this width and wraps its words if
        it can, see :class:`ui.widgets.buttons.WrapButton`)."""
        return max(0, self.width() - 2 * self._margin)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(width, apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max(self.width(), 400)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # One row's height: the real height comes from heightForWidth once the width is known.
        hints = [w.sizeHint() for w in self._items if not w.isHidden()]
        widest = max((h.width() for h in hints), default=0)
        tallest = max((h.height() for h in hints), default=0)
        return QSize(widest + 2 * self._margin, tallest + 2 * self._margin)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange(self.width(), apply=True)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - a child's size may have changed
        if not _held and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Hide,
                                          QEvent.Type.FontChange, QEvent.Type.StyleChange):
            try:
                self.updateGeometry()
                self._arrange(self.width(), apply=True)
            except RuntimeError:
                # A child's Hide while Qt destroys this row (the window closing, a test's
                # window deleted): the row's C++ half is already gone — nothing to arrange.
                pass
        return False

    def _arrange(self, width: int, apply: bool) -> int:
        inner = width - 2 * self._margin
        rtl = self.isRightToLeft()
        rows: list[list[tuple[QWidget, QSize]]] = [[]]
        x = 0
        for widget in self._items:
            if widget.isHidden():
                continue
            hint = widget.sizeHint().expandedTo(widget.minimumSize())
            if hint.width() > inner > 0 and widget.hasHeightForWidth():
                # Too wide for a row of its own: as wide as the row, taller (its words wrap).
                width = max(inner, widget.minimumSizeHint().width())
                hint = QSize(width, max(hint.height(), widget.heightForWidth(width)))
            if rows[-1] and x + hint.width() > inner:
                rows.append([])
                x = 0
            rows[-1].append((widget, hint))
            x += hint.width() + self._spacing
        y = self._margin
        for row in rows:
            if not row:
                continue
            height = max(h.height() for _, h in row)
            x = 0
            for widget, hint in row:
                if apply:
                    left = width - self._margin - x - hint.width() if rtl else self._margin + x
                    widget.setGeometry(QRect(left, y, hint.width(), height))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return y - self._spacing + self._margin if rows[0] else 2 * self._margin
