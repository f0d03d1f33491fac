"""Small list windows: browse/search cards, and the content problems list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuecard.content.library import LibrarySnapshot
from cuecard.models import Card, Level, Problem
from cuecard.ui.style import named


class CardBrowser(QWidget):
    """Type to filter every card by title, summary and tags; Enter opens the card."""

    card_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search cards — Cuecard")
        self.resize(520, 460)
        layout = QVBoxLayout(self)
        self.query = named(QLineEdit(placeholderText="Type to search cards…"), "query")
        self.query.setClearButtonEnabled(True)
        self.query.setStyleSheet("font-size: 15px; padding: 6px;")
        self.results = named(QListWidget(), "results")
        self.results.setStyleSheet("QListWidget::item { padding: 6px; }")
        self.empty = QLabel("No cards match.", alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty)
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self._open_current)
        self.results.itemActivated.connect(lambda _item: self._open_current())
        self._cards: list[Card] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(event)

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        self._cards = sorted(snapshot.cards.values(), key=lambda card: card.title.lower())
        self._filter(self.query.text())

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        self.results.clear()
        for card in self._cards:
            haystack = " ".join((card.title, card.summary, " ".join(card.tags))).lower()
            if all(word in haystack for word in words):
                minutes = f"  ·  {card.minutes} min" if card.minutes else ""
                item = QListWidgetItem(f"{card.title}{minutes}\n{card.summary}".strip())
                item.setData(Qt.ItemDataRole.UserRole, card)
                self.results.addItem(item)
        self.results.setCurrentRow(0)
        self.empty.setVisible(self.results.count() == 0)

    def _move(self, delta: int) -> None:
        row = max(0, min(self.results.count() - 1, self.results.currentRow() + delta))
        self.results.setCurrentRow(row)

    def _open_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.card_chosen.emit(item.data(Qt.ItemDataRole.UserRole))


class ProblemsWindow(QWidget):
    """Every lint problem of the loaded content; double-click opens the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Content problems — Cuecard")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.summary = named(QLabel(), "summary")
        self.tree = named(QTreeWidget(), "problems")
        self.tree.setHeaderLabels(["Level", "File", "Line", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 260)
        self.tree.setColumnWidth(2, 50)
        self.tree.itemActivated.connect(self._open_file)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self.tree.clear()
        errors = sum(1 for p in problems if p.level is Level.ERROR)
        self.summary.setText(
            f"{errors} errors and {len(problems) - errors} warnings. "
            "Double-click a row to open the file."
            if problems
            else "No problems: every card loaded cleanly."
        )
        for problem in problems:
            item = QTreeWidgetItem(
                [problem.level.value, problem.path.name, str(problem.line or ""), problem.message]
            )
            item.setToolTip(1, str(problem.path))
            item.setToolTip(3, problem.message)
            item.setData(0, Qt.ItemDataRole.UserRole, str(problem.path))
            self.tree.addTopLevelItem(item)

    def _open_file(self, item: QTreeWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(0, Qt.ItemDataRole.UserRole)))
