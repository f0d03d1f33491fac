"""The user's own learning: quick log entry, the log, "My learning", "What Cuecard stores".

These windows never touch the database themselves: they get data through `set_*`
methods and ask for changes through signals, which the controller runs on the store's
writer thread.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cuecard.store.log import LogEntry
from cuecard.store.summary import LearnerSummary
from cuecard.ui.plain import plain_label, rich_label
from cuecard.ui.style import EscapeClosable, colors, named


class QuickLogDialog(QDialog):
    """One line: what did you learn? Optionally about a card."""

    def __init__(self, cards: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log what I learned — Cuecard")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("What did you learn? One line is plenty."))
        self.text = named(
            QLineEdit(placeholderText="e.g. Ctrl+R searches my shell history"), "logText"
        )
        self.text.setMinimumWidth(440)
        self.card = named(QComboBox(), "logCard")
        self.card.addItem("Not about a card", None)
        for card_id, title in cards:
            self.card.addItem(title, card_id)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.text.textChanged.connect(lambda t: self.save_button.setEnabled(bool(t.strip())))
        layout.addWidget(self.text)
        layout.addWidget(self.card)
        layout.addWidget(buttons)

    @property
    def entry(self) -> tuple[str, str | None]:
        return self.text.text().strip(), self.card.currentData()


class LogWindow(EscapeClosable):
    """The log, newest first: edit, delete, export as markdown."""

    edit_requested = Signal(int, str)
    delete_requested = Signal(int)
    export_requested = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Learning log — Cuecard")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.entries = named(QListWidget(), "entries")
        self.entries.itemDoubleClicked.connect(lambda _item: self._edit())
        layout.addWidget(self.entries, 1)
        row = QHBoxLayout()
        for label, slot in (
            ("Add…", self.add_requested.emit),
            ("Edit…", self._edit),
            ("Delete", self._delete),
            ("Export as markdown…", self.export_requested.emit),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)

    def set_entries(self, entries: list[LogEntry]) -> None:
        self.entries.clear()
        for entry in entries:
            item = QListWidgetItem(f"{entry.ts.astimezone():%a %d %b, %H:%M}   {entry.text}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.entries.addItem(item)
        if not entries:
            self.entries.addItem("Nothing logged yet. A line a day adds up.")

    def _current(self) -> LogEntry | None:
        item = self.entries.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        return entry if isinstance(entry, LogEntry) else None

    def _edit(self) -> None:
        entry = self._current()
        if entry is None:
            return
        text, ok = QInputDialog.getText(self, "Edit entry", "What did you learn?", text=entry.text)
        if ok and text.strip():
            self.edit_requested.emit(entry.id, text.strip())

    def _delete(self) -> None:
        entry = self._current()
        if entry is not None:
            self.delete_requested.emit(entry.id)


class WeeklyChart(QWidget):
    """Completions per week as bars, the current week highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[tuple[object, int], ...] = ()
        self.setMinimumHeight(150)

    def set_weeks(self, weeks: tuple[tuple[object, int], ...]) -> None:
        self.weeks = weeks
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        del event
        c = colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.weeks:
            return
        top = max(count for _, count in self.weeks) or 1
        width = self.width() / len(self.weeks)
        base = self.height() - 22
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 2))
        painter.setFont(small)
        for index, (week, count) in enumerate(self.weeks):
            height = (base - 16) * count / top
            bar = QRectF(index * width + 6, base - height, width - 12, max(height, 1.5))
            current = index == len(self.weeks) - 1
            painter.fillRect(bar, QColor(c.accent if current else c.border))
            painter.setPen(QColor(c.muted))
            label = f"{week:%d %b}" if hasattr(week, "strftime") else str(week)
            painter.drawText(
                QRectF(index * width, base + 4, width, 16), Qt.AlignmentFlag.AlignCenter, label
            )
            if count:
                painter.drawText(
                    QRectF(index * width, base - height - 16, width, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )


class MyLearningWindow(EscapeClosable):
    """Your own progress: encouraging, never a comparison with anyone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("My learning — Cuecard")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.headline = named(plain_label(word_wrap=True), "headline")
        self.headline.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.chart = WeeklyChart()
        self.details = named(rich_label(word_wrap=True), "details")  # outside text escaped
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.headline)
        layout.addWidget(plain_label("Cards completed per week"))
        layout.addWidget(self.chart)
        layout.addWidget(self.details, 1)

    def set_summary(self, summary: LearnerSummary, titles: dict[str, str]) -> None:
        week = summary.completed_this_week
        self.headline.setText(
            f"{week} card{'s' if week != 1 else ''} completed this week. Nice work!"
            if week
            else "A fresh week: one short card is a good start."
        )
        self.chart.set_weeks(summary.weekly)
        muted = colors().muted

        def bullet_list(items: list[str], empty: str) -> str:
            if not items:
                return f"<p style='color:{muted}'>{html.escape(empty)}</p>"
            return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"

        progress = [titles.get(card_id, card_id) for card_id in summary.in_progress[:8]]
        log = [f"{e.ts.astimezone():%d %b}: {e.text}" for e in summary.recent_log]
        due = [titles.get(card_id, card_id) for card_id in summary.reviews_due]
        self.details.setText(
            f"<b>In progress</b>{bullet_list(progress, 'Nothing half-done.')}"
            f"<b>Recently logged</b>{bullet_list(log, 'Your learning log is empty.')}"
            f"<b>Reviews due</b>{bullet_list(due, 'None due.')}"
            f"<p style='color:{muted}'>{summary.completed_total} cards completed in all.</p>"
        )


class StoredDataWindow(EscapeClosable):
    """Exactly what is in the local database, table by table, with export and forget."""

    export_requested = Signal()
    forget_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What Cuecard stores — Cuecard")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.intro = named(plain_label(word_wrap=True), "intro")
        self.tabs = named(QTabWidget(), "tables")
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        export = QPushButton("Export as JSON…")
        export.clicked.connect(self.export_requested.emit)
        forget = named(QPushButton("Forget everything…"), "forget")
        forget.clicked.connect(self.forget_requested.emit)
        row.addWidget(export)
        row.addWidget(forget)
        layout.addLayout(row)

    def set_tables(self, tables: dict[str, list[dict[str, object]]], where: str) -> None:
        self.intro.setText(
            f"Everything below is stored only on this device, in {where}. No window titles or "
            "app names are stored: events name a card, a kind and a time. With sync on, the "
            "outbox holds the statements for your organisation's learning record store."
        )
        self.tabs.clear()
        for name, rows in tables.items():
            columns = list(rows[0]) if rows else []
            table = QTableWidget(len(rows), len(columns))
            table.setHorizontalHeaderLabels(columns)
            for r, row in enumerate(rows):
                for col, key in enumerate(columns):
                    value = row[key]
                    table.setItem(r, col, QTableWidgetItem("" if value is None else str(value)))
            table.resizeColumnsToContents()
            self.tabs.addTab(table, f"{name} ({len(rows)})")
