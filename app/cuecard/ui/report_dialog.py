"""*Report outdated…*: what no longer matches, and where the report goes."""

from __future__ import annotations

from PySide6.QtCore import QUrl, SignalInstance
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.models import Card
from cuecard.stewardship.mailto import outdated_mailto, owner_email
from cuecard.ui.plain import plain_label, tooltip, window_title
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


class ReportOutdatedMixin(QWidget):
    """The card window's *Report outdated…*: the dialog, the state it leaves, and the
    email to the owner it offers. A mixin of CardWindow (ui/card_window.py)."""

    card: Card
    sync_host: str
    outdated_button: QPushButton
    outdated_state: QLabel
    email_button: QPushButton
    reported_outdated: SignalInstance
    mailto_offered: SignalInstance
    _mailto: str

    def report_outdated(self, comment: str) -> None:
        """Record the report; when the owner has an email address, offer a prefilled
        email to them (it is only sent if the learner sends it)."""
        self.outdated_button.setVisible(False)
        self.outdated_state.setVisible(True)
        self.outdated_state.setToolTip(tooltip(comment or "Reported without a note"))
        self.reported_outdated.emit(self.card.id, comment)
        link = outdated_mailto(self.card, comment)
        if link is not None:
            self._mailto = link
            address = owner_email(self.card.owner) or ""
            self.email_button.setToolTip(tooltip(f"Write to {address} about this card"))
            self.email_button.setVisible(True)
            self.mailto_offered.emit(link)

    def _open_mailto(self) -> None:
        if self._mailto:
            QDesktopServices.openUrl(QUrl(self._mailto, QUrl.ParsingMode.StrictMode))

    def outdated_dialog(self) -> ReportOutdatedDialog:
        return ReportOutdatedDialog(self.card, self.sync_host, self)

    def _ask_outdated(self) -> None:
        dialog = self.outdated_dialog()
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.report_outdated(dialog.text)
