"""What the palette shows where results would be when nothing matches: that nothing
did (the query shown as plain text), and a button to log the search for the card
authors (the report lists searches that found nothing; nothing else is kept). Before
typing, when there is nothing to suggest, the same place says what to type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from cuecard.ui.plain import plain_label
from cuecard.ui.style import colors, named
from cuecard.wording import plural


class NothingFound(QWidget):
    """Says that no card matches, with the offer to log the search (`ask`); before
    typing, with nothing to suggest, what to type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nothingFound")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.nothing = named(plain_label(word_wrap=True), "nothing")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setStyleSheet("font-size: 14px;")
        self.ask = named(QPushButton(), "askAuthors")
        self.ask.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.asked = named(plain_label(word_wrap=True), "asked")
        self.asked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.asked.setStyleSheet(f"color: {colors().muted}; font-size: 12px;")
        layout.addWidget(self.nothing)
        layout.addWidget(self.ask, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.asked)
        layout.addStretch(2)

    def show_query(self, text: str, logged: bool) -> None:
        """Say that `text` found nothing, and whether it was logged already."""
        self.nothing.setText(f"No card matches “{text}”.\nTry fewer or other words.")
        self.ask.show()
        self.ask.setEnabled(not logged)
        self.ask.setText(
            "Logged for the card authors ✓" if logged else "Log this search for the authors"
        )
        self.asked.setText(
            "The card authors see how often a search found nothing; nothing else is kept."
        )

    def show_start(self, count: int, example: str) -> None:
        """Before typing, with nothing to suggest (no card for the app in front, none
        opened yet): what to type, with one card's title as an example."""
        self.nothing.setText(
            "Cards for the app in front, cards due for review and\n"
            "cards you opened lately will show here."
        )
        self.ask.hide()
        example = f", for example “{example.lower()}”" if example else ""
        self.asked.setText(f"Or type to search all {plural(count, 'card')}{example}.")
