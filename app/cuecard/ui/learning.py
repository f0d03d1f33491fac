"""The learning log: the quick entry dialog and the log window.

These windows never touch the database themselves: they get data through `set_*`
methods and ask for changes through signals, which the controller runs on the store's
writer thread. (*My learning* is in ui/my_learning.py, *What Cuecard stores* in
ui/stored_data.py.)
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuecard.store.log import LogEntry
from cuecard.ui.my_learning import MyLearningWindow
from cuecard.ui.plain import plain_label, tooltip, window_title
from cuecard.ui.stored_data import StoredDataWindow
from cuecard.ui.style import EscapeClosable, colors, dialog_flags, named
from cuecard.ui.wrapping import wrap_rows

__all__ = ["LogWindow", "MyLearningWindow", "QuickLogDialog", "StoredDataWindow"]

EMPTY_LOG = "Nothing logged yet. A line a day adds up."
SELECT_FIRST = "Select an entry first."


class QuickLogDialog(QDialog):
    """One line: what did you learn? Optionally about a card. Also edits an entry."""

    def __init__(
        self,
        cards: list[tuple[str, str]],
        parent: QWidget | None = None,
        editing: LogEntry | None = None,
    ) -> None:
        super().__init__(parent, dialog_flags())
        self.setObjectName("QuickLogDialog")
        self.setWindowTitle(
            window_title("Edit log entry — Cuecard" if editing else "Log what I learned — Cuecard")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(plain_label("What did you learn? One line is plenty."))
        self.text = named(
            QLineEdit(placeholderText="e.g. Ctrl+R searches my shell history"), "logText"
        )
        self.text.setMinimumWidth(420)
        self.card = named(QComboBox(), "logCard")
        self.card.addItem("Not about a card", None)
        for card_id, title in cards:
            self.card.addItem(title, card_id)
        about = plain_label("About a card (optional)")
        about.setStyleSheet(f"color: {colors().muted}; font-size: 12px;")
        buttons = QDialogButtonBox()
        # Words on the buttons, no floppy-disk or red-X icons from the style.
        self.save_button = named(QPushButton("Save" if editing else "Add to log"), "save")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button.setEnabled(False)
        self.text.textChanged.connect(lambda t: self.save_button.setEnabled(bool(t.strip())))
        layout.addWidget(self.text)
        layout.addSpacing(4)
        layout.addWidget(about)
        layout.addWidget(self.card)
        layout.addWidget(buttons)
        if editing is not None:
            self.text.setText(editing.text)
            found = self.card.findData(editing.card_id) if editing.card_id else 0
            self.card.setCurrentIndex(max(found, 0))
            self.card.setEnabled(False)  # the log keeps which card a note was about

    @property
    def entry(self) -> tuple[str, str | None]:
        return self.text.text().strip(), self.card.currentData()


class LogWindow(EscapeClosable):
    """The log, newest first, with the card each note is about: add, edit, delete,
    export as markdown. Empty, it says so instead of showing a dead row."""

    edit_requested = Signal(int, str)
    delete_requested = Signal(int)
    export_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LogWindow")
        self.setWindowTitle("Learning log — Cuecard")
        self.resize(640, 420)
        self.titles: Mapping[str, str] = {}
        layout = QVBoxLayout(self)
        self.entries = named(QTreeWidget(), "entries")
        self.entries.setHeaderLabels(["When", "What I learned", "About"])
        self.entries.setRootIsDecorated(False)
        self.entries.setAlternatingRowColors(True)
        self.entries.setColumnWidth(0, 130)
        self.entries.setColumnWidth(1, 320)
        wrap_rows(self.entries)  # a long note or card title reads in full
        self.entries.itemDoubleClicked.connect(lambda _item, _column: self._edit())
        self.entries.itemSelectionChanged.connect(self._follow_selection)
        self.empty = named(plain_label(EMPTY_LOG, word_wrap=True), "emptyLog")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {colors().muted}; font-size: 15px;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.entries)
        self.pages.addWidget(self.empty)
        layout.addWidget(self.pages, 1)
        row = QHBoxLayout()
        self.add_button = named(QPushButton("Add…"), "add")
        self.edit_button = named(QPushButton("Edit…"), "edit")
        self.delete_button = named(QPushButton("Delete"), "delete")
        self.export_button = named(QPushButton("Export as markdown…"), "export")
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        self.export_button.clicked.connect(self.export_requested.emit)
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.edit_dialog: QuickLogDialog | None = None
        self.set_entries([])

    def set_entries(self, entries: list[LogEntry], titles: Mapping[str, str] | None = None) -> None:
        if titles is not None:
            self.titles = titles
        self.entries.clear()
        for entry in entries:
            about = self.titles.get(entry.card_id, entry.card_id) if entry.card_id else ""
            item = QTreeWidgetItem([f"{entry.ts.astimezone():%a %d %b, %H:%M}", entry.text])
            item.setText(2, about)
            item.setToolTip(1, tooltip(entry.text))
            item.setToolTip(2, tooltip(about))
            item.setData(0, Qt.ItemDataRole.UserRole, entry)
            self.entries.addTopLevelItem(item)
        self.pages.setCurrentWidget(self.entries if entries else self.empty)
        self.export_button.setEnabled(bool(entries))
        self.export_button.setToolTip(tooltip("" if entries else "Nothing to export yet."))
        self._follow_selection()

    def _follow_selection(self) -> None:
        chosen = self._current() is not None
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(chosen)
            button.setToolTip(tooltip("" if chosen else SELECT_FIRST))

    def _current(self) -> LogEntry | None:
        item = self.entries.currentItem()
        selected = item is not None and item.isSelected()
        entry = item.data(0, Qt.ItemDataRole.UserRole) if selected and item else None
        return entry if isinstance(entry, LogEntry) else None

    def _edit(self) -> None:
        entry = self._current()
        if entry is None:
            return
        card_id = entry.card_id
        about = [(card_id, self.titles.get(card_id, card_id))] if card_id else []
        self.edit_dialog = QuickLogDialog(about, self, editing=entry)
        accepted = self.edit_dialog.exec() == QDialog.DialogCode.Accepted
        text = self.edit_dialog.entry[0]
        self.edit_dialog.deleteLater()
        self.edit_dialog = None
        if accepted and text and text != entry.text:
            self.edit_requested.emit(entry.id, text)

    def _delete(self) -> None:
        entry = self._current()
        if entry is not None:
            self.delete_requested.emit(entry.id)
