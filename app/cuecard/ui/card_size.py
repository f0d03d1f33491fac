"""The card window's size and place: as tall as the card at a comfortable width, on the
active screen, inside its free area. A mixin of CardWindow (ui/card_window.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from cuecard.models import Rect
from cuecard.ui.screens import active_screen, fit_size, fit_window

READING_WIDTH = 620  # a comfortable line length for the body; the user's width is kept
MIN_SIZE = QSize(380, 300)
CODE_WIDTH = 900  # a card with long code lines may be this wide, so fewer of them wrap
CODE_COLUMNS = 100  # longer lines wrap whatever the width
CODE_CHROME = 190  # margins, the step's check box column and the code box's padding
CODE_PIXELS = 13  # the code's font size (style.card_css: pre.code)


class CardSizeMixin(QWidget):
    """Sizes the window to its card once rendered, and keeps it on screen when shown."""

    browser: QTextBrowser
    near: Rect | None
    _code: tuple[str, ...]
    _width: int
    _sized: bool

    def size_to_card(self) -> None:
        """As tall as the card needs at the reading width, within the free area of the
        active screen (title bar included)."""
        screen = active_screen(self.near)
        width = fit_size(QSize(max(self._width, self.code_width()), 1), screen, self).width()
        document = self.browser.document().clone(self)
        margins = self.browser.contentsMargins()
        layout = self.layout()
        assert layout is not None
        side = layout.contentsMargins().left() + layout.contentsMargins().right()
        document.setTextWidth(width - side - margins.left() - margins.right() - 2)
        body = int(document.size().height()) + margins.top() + margins.bottom() + 4
        document.deleteLater()
        chrome = layout.sizeHint().height() - self.browser.sizeHint().height()
        wanted = QSize(width, max(chrome + body, MIN_SIZE.height()))
        self.resize(fit_size(wanted, screen, self))
        self._sized = True
        if not self.isVisible():
            fit_window(self, screen, centre=True)

    def code_width(self) -> int:
        """The width that shows the card's longest code line (up to CODE_COLUMNS
        characters) unwrapped, at most CODE_WIDTH; 0 for a card without code."""
        columns = max((len(line) for code in self._code for line in code.splitlines()), default=0)
        if not columns:
            return 0
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(CODE_PIXELS)
        mono = QFontMetrics(font)
        wanted = mono.horizontalAdvance("m") * min(columns, CODE_COLUMNS) + CODE_CHROME
        return min(wanted, CODE_WIDTH)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # The window manager's real frame is known once shown: keep the title bar on
        # screen (at 125 % an 800 px screen is 640 px tall, and panels take some).
        QTimer.singleShot(0, lambda: fit_window(self) if self.isVisible() else None)
