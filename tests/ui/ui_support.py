"""Helpers shared by the UI tests: tapping like a visitor and finding the one visible button."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def tap(qtbot, widget) -> None:
    """A finger on the middle of ``widget`` — which must be on screen and enabled, as for a visitor."""
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    settle(widget.window())


def settle(window) -> None:
    """Let the background work a tap started (store queries) deliver its result, as a visitor
    would wait for the page to fill."""
    ctx = getattr(window, "ctx", None)
    if ctx is not None and "tasks" in ctx.services:
        assert ctx.tasks.wait_idle(), "background work did not finish"


def button(window, name: str) -> QPushButton:
    """The one visible button called ``name``."""
    shown = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
    assert len(shown) == 1, f"{name}: {len(shown)} visible"
    return shown[0]
