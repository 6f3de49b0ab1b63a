"""QR codes drawn with segno into Qt images, for "scan to continue on your phone".

Modules are painted as whole pixels (no smoothing) with the standard four-module quiet zone, dark
on light whatever the theme: phone cameras read dark-on-light codes most reliably, so the high
contrast theme gets a white card around a black code rather than an inverted one.
"""
from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

QUIET_ZONE = 4


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules (True = dark), without the quiet zone."""
    code = segno.make(payload, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in code.matrix]


def qr_image(payload: str, module_px: int = 8, border: int = QUIET_ZONE,
             dark: str = "#000000", light: str = "#FFFFFF") -> QImage:
    """A QImage of the QR code for ``payload``: ``module_px`` pixels per module."""
    matrix = qr_matrix(payload)
    count = len(matrix) + 2 * border
    small = QImage(count, count, QImage.Format.Format_RGB32)
    small.fill(QColor(light))
    dark_rgb = QColor(dark).rgb()
    for row, cells in enumerate(matrix):
        for col, cell in enumerate(cells):
            if cell:
                small.setPixel(col + border, row + border, dark_rgb)
    side = count * module_px
    return small.scaled(side, side, Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.FastTransformation)


def read_modules(image: QImage, module_count: int, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Sample the centre of each module of an image made by :func:`qr_image` (for tests and
    self-checks: what a scanner would see, module by module)."""
    module_px = image.width() / (module_count + 2 * border)
    return [[QColor(image.pixel(int((c + border + 0.5) * module_px),
                                int((r + border + 0.5) * module_px))).lightness() < 128
             for c in range(module_count)] for r in range(module_count)]


class QrCode(QLabel):
    """A label showing a QR code; :attr:`payload` is the text it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload = ""
        self.image = QImage()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # White card even on the black high-contrast theme: scanners need the light quiet zone.
        self.setStyleSheet("background: #FFFFFF; border-radius: 8px;")

    def set_payload(self, payload: str, side_px: int = 280) -> None:
        self.payload = payload
        if not payload:
            self.image = QImage()
            self.clear()
            return
        modules = len(qr_matrix(payload)) + 2 * QUIET_ZONE
        self.image = qr_image(payload, module_px=max(2, side_px // modules))
        self.setPixmap(QPixmap.fromImage(self.image))
        self.setFixedSize(self.image.width(), self.image.height())
