"""The card window's size and place: as tall as the card at a comfortable width, on the
active screen, inside its free area. A mixin of CardWindow (ui/card_window.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from cuecard.models import Rect
from cuecard.ui.screens import active_screen, fit_size, fit_window

READING_WIDTH = 620  # a comfortable line length for the body; the user's width is kept
MIN_SIZE = QSize(380, 300)


class CardSizeMixin(QWidget):
    """Sizes the window to its card once rendered, and keeps it on screen when shown."""

    browser: QTextBrowser
    near: Rect | None
    _width: int
    _sized: bool

    def size_to_card(self) -> None:
        """As tall as the card needs at the reading width, within the free area of the
        active screen (title bar included)."""
        screen = active_screen(self.near)
        width = fit_size(QSize(self._width, 1), screen, self).width()
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # The window manager's real frame is known once shown: keep the title bar on
        # screen (at 125 % an 800 px screen is 640 px tall, and panels take some).
        QTimer.singleShot(0, lambda: fit_window(self) if self.isVisible() else None)
