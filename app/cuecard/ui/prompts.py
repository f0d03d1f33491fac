"""Two small dialogs: the monthly pulse, and what you applied at the end of a sprint."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.learning.pulse import QUESTIONS
from cuecard.ui.plain import plain_label, window_title
from cuecard.ui.style import colors, dialog_flags, named

MARGINS = (18, 16, 18, 14)  # as the other Cuecard dialogs: room around the words
SPACING = 8


def _heading(text: str) -> QWidget:
    label = plain_label(text, word_wrap=True)
    label.setStyleSheet("font-size: 15px; font-weight: 600;")
    return label


def _muted(text: str) -> QWidget:
    label = plain_label(text, word_wrap=True)
    label.setStyleSheet(f"color: {colors().muted};")
    return label


class PulseDialog(QDialog):
    """Two questions; Save, or Skip this month. Answers stay on this device (and go to
    the learning record store only when sync is on)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, dialog_flags())
        self.setWindowTitle(window_title("Pulse — Cuecard"))
        self.skipped = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(SPACING)
        layout.addWidget(_heading("How is your learning going?"))
        layout.addWidget(_muted("Two quick questions, once a month. Both are optional."))
        self.learning = named(QLineEdit(placeholderText="e.g. pivot tables"), "pulseLearning")
        self.helps = named(QLineEdit(placeholderText="e.g. ten quiet minutes a day"), "pulseHelps")
        for question, field in zip(QUESTIONS, (self.learning, self.helps), strict=True):
            layout.addSpacing(4)
            layout.addWidget(plain_label(question))
            layout.addWidget(field)
        layout.addSpacing(6)
        self.learning.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.skip_button = named(QPushButton("Skip this month"), "pulseSkip")
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        for field in (self.learning, self.helps):
            field.textChanged.connect(self._update)
        buttons.accepted.connect(self.accept)
        self.skip_button.clicked.connect(self._skip)
        layout.addWidget(buttons)

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.learning.text().strip() or self.helps.text().strip()))

    def _skip(self) -> None:
        self.skipped = True
        self.reject()

    @property
    def answers(self) -> tuple[str, str]:
        return self.learning.text().strip(), self.helps.text().strip()


class AppliedDialog(QDialog):
    """What did you apply to a real task? Saved to the learning log with the sprint."""

    def __init__(self, sprint_name: str, goal: str, text: str = "", parent: QWidget | None = None):
        super().__init__(parent, dialog_flags())
        self.setWindowTitle(window_title(f"{sprint_name} — what I applied — Cuecard"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.setSpacing(SPACING)
        layout.addWidget(_heading(sprint_name))
        if goal:
            layout.addWidget(_muted(f"Goal: {goal}"))
        layout.addSpacing(4)
        layout.addWidget(
            plain_label("What did you apply to a real task? A line or two.", word_wrap=True)
        )
        self.text = named(QPlainTextEdit(), "appliedText")
        self.text.setPlainText(text)
        self.text.setPlaceholderText("e.g. Built this month's report with a pivot table")
        self.text.setMinimumSize(440, 90)
        self.text.setMaximumHeight(140)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Later")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(bool(text.strip()))
        self.text.textChanged.connect(
            lambda: self.save_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def applied(self) -> str:
        return " ".join(self.text.toPlainText().split())
