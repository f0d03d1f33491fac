"""The search palette: a centred, keyboard-first window (type, ↑/↓, Enter, Esc)."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cuecard.content.library import LibrarySnapshot
from cuecard.search.engine import SearchEngine, SearchHit
from cuecard.ui.plain import plain_label, rich_label
from cuecard.ui.style import colors, named

MISSED_AFTER_MS = 2000  # a query that still finds nothing after this pause counts as missed
PALETTE_WIDTH = 640


class SearchPalette(QWidget):
    """Type to search every card; emits `card_chosen` on Enter or click."""

    card_chosen = Signal(object)
    missed = Signal(str)

    def __init__(
        self,
        engine: SearchEngine,
        boost: Callable[[], Collection[str]] = tuple,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("SearchPalette")
        self.setWindowTitle("Search cards — Cuecard")
        self.engine = engine
        self.boost = boost
        self.snapshot = LibrarySnapshot()
        self.hits: list[SearchHit] = []
        c = colors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 10)
        self.query = named(
            QLineEdit(placeholderText="Search cards: type a task, an app, a key…"), "query"
        )
        self.query.setClearButtonEnabled(True)
        self.query.setStyleSheet("font-size: 16px; padding: 8px;")
        self.results = named(QListWidget(), "results")
        self.results.setStyleSheet(
            f"QListWidget {{ border: none; }} QListWidget::item {{ border-bottom: 1px solid"
            f" {c.border}; }} QListWidget::item:selected {{ background: {c.surface}; }}"
        )
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = named(plain_label(), "hint")
        self.hint.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self._missed_timer = QTimer(self, singleShot=True, interval=MISSED_AFTER_MS)
        self._missed_timer.timeout.connect(self._report_missed)
        self.query.textChanged.connect(self.run_query)
        self.query.returnPressed.connect(self.open_current)
        self.results.itemClicked.connect(lambda _item: self.open_current())
        self.resize(PALETTE_WIDTH, 460)
        self._show_hint()

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        self.snapshot = snapshot
        if self.query.text():
            self.run_query(self.query.text())
        self._show_hint()

    def open_palette(self) -> None:
        """Show centred on the screen under the mouse, ready to type."""
        screen = QGuiApplication.screenAt(self.cursor().pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.move(area.center().x() - self.width() // 2, area.top() + area.height() // 5)
        self.query.selectAll()
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()

    def run_query(self, text: str) -> None:
        self.hits = (
            self.engine.search(text, self.snapshot.cards, limit=20, boost=self.boost())
            if text.strip()
            else []
        )
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem()
            label = rich_label(self._item_html(hit), word_wrap=True)
            label.setContentsMargins(8, 6, 8, 6)
            item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()))
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
            item.setSizeHint(label.sizeHint())
        if self.hits:
            self.results.setCurrentRow(0)
        self._missed_timer.stop()
        if text.strip() and not self.hits:
            self._missed_timer.start()
        self._show_hint()

    def _item_html(self, hit: SearchHit) -> str:
        c = colors()
        card = hit.card
        minutes = f" · {card.minutes} min" if card.minutes else ""
        tags = f" · {html.escape(', '.join(card.tags[:4]))}" if card.tags else ""
        guess = " · <i>did you mean this?</i>" if hit.fuzzy else ""
        return (
            f"<div style='font-size:14px; font-weight:600'>{html.escape(card.title)}</div>"
            f"<div style='color:{c.muted}; font-size:12px'>{html.escape(card.kind.capitalize())}"
            f"{minutes}{tags}{guess}</div>"
            f"<div style='font-size:12px'>{hit.snippet_html}</div>"
        )

    def _show_hint(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.hint.setText(
                f"{len(self.snapshot.cards)} cards · ↑/↓ to choose · Enter to open · Esc to close"
            )
        elif not self.hits:
            self.hint.setText("No card matches. Try fewer or other words.")
        else:
            count = len(self.hits)
            self.hint.setText(
                f"{count} match{'es' if count != 1 else ''} · Enter opens the highlighted card"
            )

    def _report_missed(self) -> None:
        if self.query.text().strip() and not self.hits:
            self.missed.emit(self.query.text())

    def move_selection(self, delta: int) -> None:
        if self.results.count():
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + delta))
            self.results.setCurrentRow(row)

    def open_current(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.hits):
            self.card_chosen.emit(self.hits[row].card)
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self._missed_timer.isActive():  # still nothing found: count it now
                self._missed_timer.stop()
                self._report_missed()
            self.close()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.move_selection(1 if key == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(event)
