"""Guards against Qt binding releases that would crash a kiosk after days of running."""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:
    """PySide6 6.12.0 released one reference to None per void call; on Python 3.11 the process
    aborts ("deallocating None") after a few thousand relayouts — a black kiosk screen."""
    button = QPushButton("x")
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for i in range(2000):
        button.setGeometry(QRect(0, 0, 100 + i % 2, 100))
        button.setText("y")
    assert sys.getrefcount(None) >= before - 50
