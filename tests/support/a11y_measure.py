"""Accessibility measurements on live widgets: what a test (or ``make screenshots``) can check on
any screen as the visitor sees it.

Each function looks at the widgets that are really shown under a root widget and returns
:class:`Finding` records (empty = fine), so a caller can collect them across screens, languages
and text sizes and report them together. Colour arithmetic lives in the Qt-free
:mod:`kiosk.contrast`; this module only reads colours, fonts and geometry from Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QAbstractSlider,
                               QAbstractSpinBox, QComboBox, QGraphicsView, QLabel, QLineEdit,
                               QPlainTextEdit, QScrollArea, QScrollBar, QTextEdit, QWidget)

from kiosk import contrast

#: WCAG 2.2 SC 2.5.5 (AAA) target size, in px at 100 % text.
TARGET_MIN = 44
#: Rounding slack in px for size and fit comparisons (Qt rounds font metrics to whole pixels).
SLACK = 1

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSlider, QComboBox,
            QAbstractSpinBox)


@dataclass(frozen=True)
class Finding:
    check: str      # "size", "name", "tab", "contrast", "clipped", "overlap"
    widget: str     # a readable description of the widget
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.widget}: {self.detail}"


def describe(widget: QWidget) -> str:
    """``Class#objectName "text"`` — enough to find the widget in the code."""
    name = widget.objectName()
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    text = text or widget.accessibleName()
    text = " ".join(text.split())
    if len(text) > 40:
        text = text[:37] + "…"
    parent = widget.parentWidget()
    where = ""
    while parent is not None and not where:
        where = parent.objectName()
        parent = parent.parentWidget()
    out = type(widget).__name__ + (f"#{name}" if name else "")
    if where:
        out += f" in #{where}"
    return out + (f' "{text}"' if text else "")


# -- which widgets --------------------------------------------------------------------------------

def shown_widgets(roots: Iterable[QWidget]) -> list[QWidget]:
    """Every widget under ``roots`` (roots included) that is really on screen."""
    found: list[QWidget] = []
    for root in roots:
        if root is None or not root.isVisible():
            continue
        found.append(root)
        found.extend(w for w in root.findChildren(QWidget) if w.isVisible())
    return found


def is_interactive(widget: QWidget) -> bool:
    """Something a visitor taps or types into: standard controls, scroll bars, the map, and our
    own widgets that take keyboard focus (cards, pads)."""
    if widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
        return False
    if isinstance(widget, (*CONTROLS, QScrollBar, QGraphicsView)):
        return True
    if isinstance(widget, QAbstractScrollArea):
        return False
    custom = type(widget).__module__.startswith("ui.")
    return custom and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def interactive(widgets: Iterable[QWidget]) -> list[QWidget]:
    return [w for w in widgets if is_interactive(w)]


# -- size and names ---------------------------------------------------------------------------------

def small_targets(widgets: Iterable[QWidget], minimum: int = TARGET_MIN) -> list[Finding]:
    return [Finding("size", describe(w), f"{w.width()}×{w.height()} px, needs {minimum}×{minimum}")
            for w in widgets if w.width() < minimum or w.height() < minimum]


def unnamed(widgets: Iterable[QWidget]) -> list[Finding]:
    """Controls a screen reader could not name. Scroll bars are named by Qt itself."""
    return [Finding("name", describe(w), "no accessibleName")
            for w in widgets if not isinstance(w, QScrollBar) and not w.accessibleName().strip()]


# -- keyboard -------------------------------------------------------------------------------------------

def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in order, as QWidget::focusNextPrevChild picks them."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in chain:
        if (widget.isVisible() and widget.isEnabled() and widget.focusProxy() is None
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def unreachable(window: QWidget, widgets: Iterable[QWidget]) -> list[Finding]:
    """Enabled controls (scroll bars aside: the arrow keys scroll) that Tab never reaches."""
    chain = set(tab_chain(window))
    return [Finding("tab", describe(w), "not reachable with Tab")
            for w in widgets
            if w.isEnabled() and not isinstance(w, QScrollBar) and w not in chain
            and not any(a in chain for a in _focus_owners(w))]


def _focus_owners(widget: QWidget) -> list[QWidget]:
    owners = []
    proxy = widget.focusProxy()
    while proxy is not None and proxy not in owners:
        owners.append(proxy)
        proxy = proxy.focusProxy()
    return owners


# -- geometry ------------------------------------------------------------------------------------------

def _scroll_viewport(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    if isinstance(area, QScrollArea) and area.viewport() is parent:
        return area
    return None


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` not cut away by its ancestors, in ``window`` coordinates."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def cut_off(widget: QWidget, window: QWidget) -> str:
    """Why ``widget`` is cut by a container it does not fit in ('' when it is whole).

    Inside a scroll area the cut is fine in the direction the area scrolls; scroll areas here
    scroll vertically, so a widget wider than the viewport is still reported.
    """
    child = widget
    rect = widget.rect()
    while child is not window and child.parentWidget() is not None:
        parent = child.parentWidget()
        rect = rect.translated(child.pos())
        area = _scroll_viewport(child)
        if area is not None:
            horizontal = area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if not horizontal and (rect.left() < -SLACK or rect.right() > parent.width() - 1 + SLACK):
                return f"wider than its scroll area ({rect.width()} px in {parent.width()} px)"
            return ""
        if (rect.left() < -SLACK or rect.top() < -SLACK
                or rect.right() > parent.width() - 1 + SLACK
                or rect.bottom() > parent.height() - 1 + SLACK):
            return (f"cut off by {describe(parent)} ({rect.width()}×{rect.height()} at "
                    f"{rect.x()},{rect.y()} in {parent.width()}×{parent.height()})")
        child = parent
    return ""


def _longest_word(text: str, metrics: QFontMetrics) -> int:
    return max((metrics.horizontalAdvance(word) for word in text.split()), default=0)


def _plain(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.PlainText or (
        label.textFormat() == Qt.TextFormat.AutoText and not '<' not in label.text())


def label_overflow(label: QLabel) -> str:
    """Why the label's text does not fit its own box ('' when it does)."""
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return ""
    box = label.contentsRect()
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"needs {needed} px of height, has {label.height()}"
        if _plain(label):
            word = _longest_word(text, metrics)
            if word > box.width() + SLACK:
                return f"a word is {word} px wide, the label {box.width()}"
        return ""
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK:
        return f"needs {hint.width()}×{hint.height()} px, has {label.width()}×{label.height()}"
    return ""


def button_overflow(button: QAbstractButton) -> str:
    """Why a button's words do not fit on it ('' when they do)."""
    text = button.text()
    if not text.strip():
        return ""
    metrics = QFontMetrics(button.font())
    words = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    hint = button.sizeHint()
    if hint.width() > button.width() + SLACK:
        return f"text {words} px (+ padding = {hint.width()}) on a {button.width()} px button"
    if hint.height() > button.height() + SLACK:
        return f"needs {hint.height()} px of height, has {button.height()}"
    return ""


def clipped_text(widgets: Iterable[QWidget], window: QWidget) -> list[Finding]:
    findings = []
    for widget in widgets:
        if isinstance(widget, QLabel):
            why = label_overflow(widget)
        elif isinstance(widget, QAbstractButton):
            why = button_overflow(widget)
        else:
            continue
        if not why and (widget.text().strip() if hasattr(widget, "text") else True):
            why = cut_off(widget, window)
        if why:
            findings.append(Finding("clipped", describe(widget), why))
    return findings


def overlapping(widgets: list[QWidget], window: QWidget) -> list[Finding]:
    """Pairs of controls that cover each other (a control inside another is not an overlap)."""
    boxes = [(w, visible_rect(w, window)) for w in widgets]
    boxes = [(w, r) for w, r in boxes if r.width() > 0 and r.height() > 0]
    findings = []
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1:]:
            common = ra.intersected(rb)
            if common.width() <= SLACK or common.height() <= SLACK:
                continue
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            findings.append(Finding("overlap", describe(a),
                                    f"overlaps {describe(b)} by {common.width()}×{common.height()} px"))
    return findings


# -- colour ---------------------------------------------------------------------------------------------

def _paints_background(widget: QWidget) -> bool:
    return (widget.isWindow() or widget.autoFillBackground()
            or widget.testAttribute(Qt.WidgetAttribute.WA_StyledBackground)
            or isinstance(widget, QAbstractButton))


def background_of(widget: QWidget) -> str:
    """The colour behind ``widget``: the nearest ancestor (or itself) that paints an opaque one."""
    current: QWidget | None = widget
    while current is not None:
        role = QPalette.ColorRole.Button if isinstance(current, QAbstractButton) else current.backgroundRole()
        colour = current.palette().color(role)
        if _paints_background(current) and colour.alpha() == 255:
            return colour.name()
        current = current.parentWidget()
    return "#FFFFFF"


def text_contrast(widgets: Iterable[QWidget]) -> list[Finding]:
    """Text below WCAG AAA contrast against what it sits on (disabled controls are exempt)."""
    findings = []
    for widget in widgets:
        if isinstance(widget, QLabel):
            if not widget.text().strip() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
                continue
            fg = widget.palette().color(widget.foregroundRole())
        elif isinstance(widget, QAbstractButton):
            if not widget.text().strip() or not widget.isEnabled():
                continue
            fg = widget.palette().color(QPalette.ColorRole.ButtonText)
        else:
            continue
        bg = background_of(widget)
        font = widget.font()
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
        bold = font.weight() >= 700
        needed = contrast.text_minimum(size, bold)
        ratio = contrast.contrast_ratio(fg.name(), bg)
        if ratio < needed:
            findings.append(Finding("contrast", describe(widget),
                                    f"{fg.name()} on {bg}: {ratio:.2f}:1, needs {needed}:1 "
                                    f"({size:.0f} px{' bold' if bold else ''})"))
    return findings
