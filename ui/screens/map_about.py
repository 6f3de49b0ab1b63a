"""*About this map*: the page behind the one-line credit under the map — where the data comes
from (every attribution line of the pack, its licence and date), what the map shows, a legend
with the same symbols as the map, and a Back button. It draws
:meth:`kiosk.maps.viewmodel.MapScreenModel.about`; it sits in the map screen's scrolling panel,
so 200 % text scrolls rather than being cut.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.maps.viewmodel import MapScreenModel
from ui.screens.base import heading
from ui.widgets.buttons import BigButton
from ui.widgets.map_items import symbol_pixmap


def _paragraph(role: str = "") -> QLabel:
    label = heading(role) if role else QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class LegendRow(QWidget):
    """A category's map symbol and its name."""

    def __init__(self, category: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.symbol = QLabel()
        self.text = _paragraph()
        row.addWidget(self.symbol)
        row.addWidget(self.text, 1)

    def show_entry(self, label: str, edge: str, scale: float) -> None:
        side = int(48 * min(scale, 1.5))
        self.symbol.setPixmap(symbol_pixmap(self.category, side, edge))
        self.symbol.setFixedSize(side, side)
        self.text.setText(label)


class AboutMapPage(QWidget):
    """The page (see module docs); ``sources`` holds one label per attribution line."""

    def __init__(self, model: MapScreenModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        self.back_button = BigButton(role="primary")
        self.back_button.setObjectName("map_about_back")
        self.back_button.clicked.connect(model.close_about)
        self.sources_heading = heading("lead")
        self.sources_box = QVBoxLayout()
        self.sources_box.setSpacing(8)
        self.licence = _paragraph()
        self.date = _paragraph()
        self.shows_heading = heading("lead")
        self.shows_box = QVBoxLayout()
        self.shows_box.setSpacing(8)
        self.legend_heading = heading("lead")
        self.legend_box = QVBoxLayout()
        self.legend_box.setSpacing(10)
        box.addWidget(self.shows_heading)
        box.addLayout(self.shows_box)
        box.addWidget(self.legend_heading)
        box.addLayout(self.legend_box)
        box.addWidget(self.sources_heading)
        box.addLayout(self.sources_box)
        box.addWidget(self.licence)
        box.addWidget(self.date)
        box.addWidget(self.back_button)
        self.sources: list[QLabel] = []
        self.shows: list[QLabel] = []
        self.legend: dict[str, LegendRow] = {}

    @staticmethod
    def _fill(labels: list[QLabel], box: QVBoxLayout, texts: tuple[str, ...] | list[str]) -> None:
        while len(labels) < len(texts):
            label = _paragraph()
            box.addWidget(label)
            labels.append(label)
        for label, text in zip(labels, texts):
            label.setText(text)
            label.setVisible(True)
        for label in labels[len(texts):]:
            label.setVisible(False)

    def retranslate(self, scale: float, edge: str) -> None:
        about = self.model.about()
        self.back_button.setText(_("Back to the map"))
        self.sources_heading.setText(_("Where the map comes from"))
        self.shows_heading.setText(_("What the map shows"))
        self.legend_heading.setText(_("Symbols on the map"))
        if about is None:
            return
        self._fill(self.sources, self.sources_box, about.sources)
        self.licence.setText(about.licence)
        self.date.setText(about.date)
        self.date.setVisible(bool(about.date))
        self._fill(self.shows, self.shows_box, about.shows)
        wanted = dict(about.legend)
        for category in wanted:
            if category not in self.legend:
                row = LegendRow(category)
                self.legend_box.addWidget(row)
                self.legend[category] = row
        for category, row in self.legend.items():
            row.setVisible(category in wanted)
            if category in wanted:
                row.show_entry(wanted[category], edge, scale)

    def text(self) -> str:
        """Everything the page says, in order (for *Read to me* and tests)."""
        parts = [self.shows_heading.text(), *(l.text() for l in self.shows if not l.isHidden()),
                 self.legend_heading.text(),
                 *(r.text.text() for r in self.legend.values() if not r.isHidden()),
                 self.sources_heading.text(), *(l.text() for l in self.sources if not l.isHidden()),
                 self.licence.text(), self.date.text() if not self.date.isHidden() else ""]
        return "\n".join(p for p in parts if p)


__all__ = ["AboutMapPage", "LegendRow"]
