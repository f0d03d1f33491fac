"""*Report outdated…*: what no longer matches, and where the report goes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.models import Card
from cuecard.ui.plain import plain_label, window_title
from cuecard.ui.style import colors, dialog_flags, named

COMMENT_LIMIT = 2000  # characters kept of the note


def where_it_goes(card: Card, sync_host: str = "") -> str:
    """One sentence on who will see the report."""
    owner = f"the card's owner, {card.owner}," if card.owner else "the people who write the cards"
    sent = f" It is also sent to {sync_host} with your learning records." if sync_host else ""
    return (
        f"Your report is kept in your learning record on this computer, and {owner} see it "
        f"in the author report.{sent}"
    )


class ReportOutdatedDialog(QDialog):
    """Asks what no longer matches (optional) and says where the report goes."""

    def __init__(self, card: Card, sync_host: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, dialog_flags())
        self.setObjectName("ReportOutdatedDialog")
        self.setWindowTitle(window_title(f"Report outdated: {card.title} — Cuecard"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        question = named(plain_label(f"What no longer matches in “{card.title}”?", True), "ask")
        question.setStyleSheet("font-weight: 600;")
        layout.addWidget(question)
        self.comment = named(QPlainTextEdit(), "comment")
        self.comment.setPlaceholderText(
            "Optional: e.g. the menu is called Format now, step 2 has moved"
        )
        self.comment.setTabChangesFocus(True)
        self.comment.setMinimumSize(380, 90)
        self.comment.setMaximumHeight(140)
        layout.addWidget(self.comment)
        self.where = named(plain_label(where_it_goes(card, sync_host), word_wrap=True), "where")
        self.where.setStyleSheet(f"color: {colors().muted}; font-size: 12px;")
        layout.addWidget(self.where)
        buttons = QDialogButtonBox()
        self.send_button = named(QPushButton("Send report"), "send")
        self.send_button.setDefault(True)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def text(self) -> str:
        return self.comment.toPlainText().strip()[:COMMENT_LIMIT]
