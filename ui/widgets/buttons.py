"""Large, clearly named buttons and home-screen tiles sized for unsteady hands."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle, QStyleOptionButton,
                               QStylePainter, QVBoxLayout, QWidget)

from ui.theme import TOUCH_MIN


class BigButton(QPushButton):
    """A push button at least 88 px each way whose accessible name follows its text."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, role: str = "") -> None:
        super().__init__(text, parent)
        if role:
            self.setProperty("role", role)
        self.setMinimumSize(TOUCH_MIN, TOUCH_MIN)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Focus by keyboard only: a tap must not leave a focus ring behind on a touchscreen.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override keeps the name in sync
        super().setText(text)
        self.setAccessibleName(text)


class WrapButton(QPushButton):
    """A big push button whose words wrap onto more lines instead of being cut off.

    A plain QPushButton keeps its text on one line, so at 200 % text in Russian a long label is
    wider than a portrait page. This one paints its words word-wrapped in the button's own font and
    colour (from the theme's style sheet) and asks for more height when it is narrow
    (``heightForWidth``). Inside a :class:`ui.widgets.flow.FlowWidget` it never asks for more
    width than the flow has; elsewhere it keeps to one line, like :class:`BigButton`.
    ``text()``/``setText()`` and the accessible name work as on any button.
    """

    #: Space between the border and the words (the theme's padding plus its border).
    PAD_X, PAD_Y = 28, 16
    FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap

    def __init__(self, text: str = "", parent: QWidget | None = None, *, role: str = "",
                 fill: bool = False) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        #: ``fill``: a full-width row of a page (quiz answers): wraps to whatever width the page
        #: gives it, left-aligned, outside a flow too.
        self.fill = fill
        self._flags = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                       | Qt.TextFlag.TextWordWrap) if fill else self.FLAGS
        self._words = ""
        self.setMinimumSize(TOUCH_MIN, TOUCH_MIN)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def text(self) -> str:  # noqa: D102 - Qt's own text stays empty: we paint the words
        return self._words

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._words = text
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    # -- size -----------------------------------------------------------------------------------
    def _metrics(self) -> QFontMetrics:
        self.ensurePolished()  # the style sheet sets the font when the button is polished
        return QFontMetrics(self.font())

    def _room(self) -> int | None:
        """The width the flow this button sits in has for it (None outside a flow)."""
        room = getattr(self.parentWidget(), "room", None)
        return room() if callable(room) else None

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def _icon_room(self) -> int:
        """Width the icon (if any) takes before the words, with its gap."""
        return 0 if self.icon().isNull() else self.iconSize().width() + 12

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        inner = max(1, width - 2 * self.PAD_X - self._icon_room())
        box = self._metrics().boundingRect(QRect(0, 0, inner, 100_000), self._flags, self._words or " ")
        tallest = max(box.height(), 0 if self.icon().isNull() else self.iconSize().height())
        return max(TOUCH_MIN, tallest + 2 * self.PAD_Y)

    def _one_line(self) -> int:
        return max(TOUCH_MIN, self._metrics().horizontalAdvance(self._words) + 2 * self.PAD_X + 2
                   + self._icon_room())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """In a flow: the longest word (the rest wraps). Elsewhere a layout would squeeze the
        button to that instead of shrinking its neighbours, so there it keeps one line."""
        if self._room() is None and not self.fill:
            return self.sizeHint()
        metrics = self._metrics()
        word = max((metrics.horizontalAdvance(w) for w in self._words.split()), default=0)
        width = max(TOUCH_MIN, word + 2 * self.PAD_X + 2 + self._icon_room())
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override: one line, or wrapped to the room
        if self.fill:
            width = min(self._one_line(), max(self.width(), self.minimumSizeHint().width()))
            return QSize(width, self.heightForWidth(max(width, self.width())))
        width = self._one_line()
        room = self._room()
        if room is not None and room > 0 and width > room:
            width = max(room, self.minimumSizeHint().width())
        return QSize(width, self.heightForWidth(width))

    # -- look -----------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override: the panel, then the words
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        option.icon = QIcon()  # drawn below, beside the wrapped words
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.setFont(self.font())
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.ButtonText))
        box = self.rect().adjusted(self.PAD_X, self.PAD_Y // 2, -self.PAD_X, -self.PAD_Y // 2)
        room = self._icon_room()
        if room:
            # The icon and the words as one group, centred (at the start for ``fill``); the icon
            # leads in the page's reading direction.
            side = self.iconSize()
            inner = max(1, box.width() - room)
            words = self._metrics().boundingRect(QRect(0, 0, inner, 100_000), self._flags,
                                                 self._words or " ").width() + 2
            words = inner if self.fill else words
            left = box.left() if self.fill else box.left() + max(0, (box.width() - room - words) // 2)
            rtl = self.isRightToLeft()
            icon_x = left + words + 12 if rtl else left
            self.icon().paint(painter, QRect(icon_x, box.center().y() - side.height() // 2,
                                             side.width(), side.height()))
            box = QRect(left if rtl else left + room, box.top(), words, box.height())
        painter.drawText(box, self._flags, self._words)


class ReadAloudButton(WrapButton):
    """The one *Read to me* button of every screen: the same look (an ordinary button with a
    drawn speaker icon — no emoji font needed, the theme's colours), the same words for the same
    state: Read to me → Pause → Continue. Hidden where speech cannot work (the screen decides:
    ``ctx.speaker.available``)."""

    ICONS = {"idle": "speaker", "speaking": "pause", "paused": "play"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setProperty("readAloud", True)
        self.state = "idle"
        self._colour = ""
        self._scale = 1.0

    def show_state(self, state: str) -> None:
        """Words and icon for the speaker's ``state`` ("idle", "speaking", "paused")."""
        from kiosk.i18n import _

        self.state = state if state in self.ICONS else "idle"
        self.setText({"speaking": _("Pause"), "paused": _("Continue")}.get(self.state, _("Read to me")))
        self._draw_icon()

    def restyle(self, colour: str, scale: float) -> None:
        self._colour, self._scale = colour, scale
        self._draw_icon()

    def _draw_icon(self) -> None:
        if not self._colour:
            return
        from ui import theme

        side = int(36 * min(self._scale, 1.5))
        self.setIconSize(QSize(side, side))
        self.setIcon(theme.icon(self.ICONS[self.state], self._colour, 2 * side))
        self.updateGeometry()


class Tile(QPushButton):
    """A big home-screen choice: icon, a word-wrapped title and a one-line description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setMinimumSize(TOUCH_MIN * 2, TOUCH_MIN * 2)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 24)
        row.setSpacing(28)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        texts = QVBoxLayout()
        texts.setSpacing(8)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        for label in (self.icon_label, self.title_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts.addStretch(1)
        texts.addWidget(self.title_label)
        texts.addWidget(self.description_label)
        texts.addStretch(1)
        row.addWidget(self.icon_label)
        row.addLayout(texts, 1)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override: wrapped text needs height
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(self.minimumHeight(), self.layout().heightForWidth(width))

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        hint.setHeight(max(hint.height(), self.heightForWidth(max(self.width(), self.minimumWidth()))))
        return hint

    def set_content(self, title: str, description: str, icon: QIcon, icon_px: int) -> None:
        self.title_label.setText(title)
        self.description_label.setText(description)
        self.icon_label.setPixmap(icon.pixmap(icon_px, icon_px))
        self.icon_label.setFixedWidth(icon_px + 8)
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)

    def style_texts(self, title_px: int, description_px: int, color: str) -> None:
        self.title_label.setStyleSheet(
            f"font-size: {title_px}px; font-weight: 700; color: {color}; background: transparent;")
        self.description_label.setStyleSheet(
            f"font-size: {description_px}px; color: {color}; background: transparent;")
