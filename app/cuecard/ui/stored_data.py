"""*What Cuecard stores*: the learning record in words (store/describe.py), with the raw
export one click away and a button that forgets it all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuecard.store.describe import StoredSection, describe_record
from cuecard.ui.plain import plain_label, tooltip
from cuecard.ui.style import EscapeClosable, colors, named
from cuecard.wording import plural

EXPANDED_UP_TO = 30  # sections with this many lines or fewer start open


class StoredDataWindow(EscapeClosable):
    """What is in the local database, section by section in words, with export and forget."""

    export_requested = Signal()
    forget_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StoredDataWindow")
        self.setWindowTitle("What Cuecard stores — Cuecard")
        self.resize(760, 500)
        self.sections: tuple[StoredSection, ...] = ()
        self.notes: list[QTreeWidgetItem] = []  # each section's sentence, wrapped
        layout = QVBoxLayout(self)
        self.intro = named(plain_label(word_wrap=True), "intro")
        self.tree = named(QTreeWidget(), "record")
        self.tree.setHeaderLabels(["When", "What"])
        self.tree.setColumnWidth(0, 200)
        self.tree.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.where = named(plain_label(word_wrap=True), "where")
        self.where.setStyleSheet(f"color: {colors().muted}; font-size: 12px;")
        row.addWidget(self.where, 1)
        self.export_button = named(QPushButton("Export raw data (JSON)…"), "export")
        self.export_button.setToolTip(tooltip("Every row of every table, exactly as stored"))
        self.export_button.clicked.connect(self.export_requested.emit)
        forget = named(QPushButton("Forget everything…"), "forget")
        forget.clicked.connect(self.forget_requested.emit)
        row.addWidget(self.export_button)
        row.addWidget(forget)
        layout.addLayout(row)

    def set_tables(
        self,
        tables: Mapping[str, Sequence[Mapping[str, object]]],
        where: str,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self.intro.setText(
            "Everything Cuecard keeps about you is below, and it stays on this computer. "
            "It never keeps window titles, app names or what you type in other apps: "
            "what you did names a card and a time."
        )
        self.where.setText(f"Stored in {where}")
        self.sections = describe_record(tables, titles or {})
        self.tree.clear()
        self.notes = []
        bold = QFont(self.tree.font())
        bold.setBold(True)
        muted = QBrush(QColor(colors().muted))
        for section in self.sections:
            top = QTreeWidgetItem([section.title])
            top.setFont(0, bold)
            summary = QTreeWidgetItem([section.summary])
            summary.setForeground(0, muted)
            summary.setToolTip(0, tooltip(section.summary))
            top.addChild(summary)
            self.notes.append(summary)
            for line in section.lines:
                # A line without a time spans both columns (no blank When beside it).
                child = QTreeWidgetItem([line.when, line.text] if line.when else [line.text])
                child.setToolTip(1 if line.when else 0, tooltip(line.text))
                top.addChild(child)
            if section.more:
                more = QTreeWidgetItem(
                    ["", f"… and {plural(section.more, 'more row')} in the raw export"]
                )
                top.addChild(more)
            self.tree.addTopLevelItem(top)
            # Headings and sentences span both columns; rows keep When | What.
            top.setFirstColumnSpanned(True)
            summary.setFirstColumnSpanned(True)
            for number, line in enumerate(section.lines, start=1):
                spanned = top.child(number)
                if spanned is not None:
                    spanned.setFirstColumnSpanned(not line.when)
            top.setExpanded(len(section.lines) <= EXPANDED_UP_TO)
        self.wrap_notes()

    def wrap_notes(self) -> None:
        """Each section's sentence wraps across the window's width: a spanned row of a
        tree is one line tall unless told otherwise (its end was cut with "…")."""
        width = self.tree.viewport().width() - 2 * self.tree.indentation() - 8
        metrics = self.tree.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        for note in self.notes:
            box = metrics.boundingRect(QRect(0, 0, max(width, 100), 10_000), flags, note.text(0))
            note.setSizeHint(0, QSize(width, box.height() + 4))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.wrap_notes()
