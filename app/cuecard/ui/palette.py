"""The search palette: a centred, keyboard-first window (type, ↑/↓, Enter, Esc).

It says when results come from corrected words ("Showing results for tar"), marks the
words that matched in each title and snippet, and when nothing is found offers to log
the search for the card authors. Card text and the query are plain text everywhere:
every piece is escaped here before the palette adds its own marks.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.content.library import LibrarySnapshot
from cuecard.search.engine import SearchEngine, SearchHit, SearchResults
from cuecard.search.highlight import Segment
from cuecard.store.searches import normalise_query
from cuecard.ui.plain import plain_label, rich_label
from cuecard.ui.style import colors, named

MISSED_AFTER_MS = 2000  # a query that still finds nothing after this pause counts as missed
PALETTE_WIDTH = 640


def segments_html(segments: tuple[Segment, ...], mark_style: str) -> str:
    """Plain-text segments as rich text: every piece escaped, matched ones marked."""
    return "".join(
        f"<span style='{mark_style}'>{html.escape(s.text)}</span>" if s.hit else html.escape(s.text)
        for s in segments
    )


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
        # "Showing results for tar" when corrected words were searched.
        self.notice = named(rich_label(), "notice")
        self.notice.setStyleSheet(f"color: {c.muted}; font-size: 12px; padding: 2px 4px;")
        self.notice.hide()
        self.hint = named(plain_label(word_wrap=True), "hint")
        self.hint.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        # Nothing found: say so where the results would be, and offer to log the search
        # for the card authors (the report lists searches that found nothing).
        self.empty = named(QWidget(), "nothingFound")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        self.nothing = named(plain_label(word_wrap=True), "nothing")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setStyleSheet("font-size: 14px;")
        self.ask = named(QPushButton(), "askAuthors")
        self.ask.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ask.clicked.connect(self.log_missed)
        self.asked = named(plain_label(word_wrap=True), "asked")
        self.asked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.asked.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        empty_layout.addWidget(self.nothing)
        empty_layout.addWidget(self.ask, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(self.asked)
        empty_layout.addStretch(2)
        self.empty.hide()
        layout.addWidget(self.query)
        layout.addWidget(self.notice)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.hint)
        self.result = SearchResults("", ())
        self._logged: set[str] = set()  # searches logged as missed since the palette opened
        self._missed_timer = QTimer(self, singleShot=True, interval=MISSED_AFTER_MS)
        self._missed_timer.timeout.connect(self._report_missed)
        self.query.textChanged.connect(self.run_query)
        self.query.returnPressed.connect(self.open_current)
        self.results.itemClicked.connect(lambda _item: self.open_current())
        self.resize(PALETTE_WIDTH, 460)
        self._show_hint()

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        self.snapshot = snapshot
        self.engine.prepare(snapshot.cards)  # vocabulary and field index, in the background
        if self.query.text():
            self.run_query(self.query.text())
        self._show_hint()

    def open_palette(self) -> None:
        """Show centred on the screen under the mouse, ready to type."""
        screen = QGuiApplication.screenAt(self.cursor().pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.move(area.center().x() - self.width() // 2, area.top() + area.height() // 5)
        self.query.selectAll()
        self._logged.clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()

    def run_query(self, text: str) -> None:
        self.result = (
            self.engine.lookup(text, self.snapshot.cards, limit=20, boost=self.boost())
            if text.strip()
            else SearchResults(text, ())
        )
        self.hits = list(self.result.hits)
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
        if text.strip() and not self.hits and normalise_query(text) not in self._logged:
            self._missed_timer.start()
        self._show_notice()
        self._show_hint()

    def _mark_style(self) -> str:
        return f"color: {colors().accent}; font-weight: 700;"

    def _item_html(self, hit: SearchHit) -> str:
        c = colors()
        card = hit.card
        minutes = f" · {card.minutes} min" if card.minutes else ""
        tags = f" · {html.escape(', '.join(card.tags[:4]))}" if card.tags else ""
        mark = self._mark_style()
        return (
            f"<div style='font-size:14px; font-weight:600'>{segments_html(hit.title, mark)}</div>"
            f"<div style='color:{c.muted}; font-size:12px'>{html.escape(card.kind.capitalize())}"
            f"{minutes}{tags}</div>"
            f"<div style='font-size:12px'>{segments_html(hit.snippet, mark)}</div>"
        )

    def _show_notice(self) -> None:
        """Which words the results stand for, when not exactly the typed ones."""
        result = self.result
        parts = []
        if result.hits and result.showing_for:
            parts.append(f"Showing results for <i>{html.escape(result.showing_for)}</i>")
        if result.hits and result.unknown:
            missing = ", ".join(f"“{html.escape(w)}”" for w in result.unknown)
            parts.append(f"No card has {missing}: showing cards with the other words")
        self.notice.setText(" · ".join(parts))
        self.notice.setVisible(bool(parts))

    def _show_hint(self) -> None:
        text = self.query.text().strip()
        nothing = bool(text) and not self.hits
        self.results.setVisible(not nothing)
        self.empty.setVisible(nothing)
        if not text:
            self.hint.setText(
                f"{len(self.snapshot.cards)} cards · ↑/↓ to choose · Enter to open · Esc to close"
            )
        elif nothing:
            logged = normalise_query(text) in self._logged
            self.nothing.setText(f"No card matches “{text}”.\nTry fewer or other words.")
            self.ask.setEnabled(not logged)
            self.ask.setText(
                "Logged for the card authors ✓" if logged else "Log this search for the authors"
            )
            self.asked.setText(
                "The card authors see how often a search found nothing; nothing else is kept."
            )
            self.hint.setText(
                "Esc to close" if logged else "Enter logs this search for the authors · Esc"
            )
        else:
            count = len(self.hits)
            self.hint.setText(
                f"{count} match{'es' if count != 1 else ''} · Enter opens the highlighted card"
            )

    def log_missed(self) -> None:
        """Log the current search as one that found nothing (once per search)."""
        self._missed_timer.stop()
        self._report_missed()

    def _report_missed(self) -> None:
        text = self.query.text()
        key = normalise_query(text)
        if text.strip() and not self.hits and key not in self._logged:
            self._logged.add(key)
            self.missed.emit(text)
            self._show_hint()

    def move_selection(self, delta: int) -> None:
        if self.results.count():
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + delta))
            self.results.setCurrentRow(row)

    def open_current(self) -> None:
        """Enter: open the highlighted card, or, with nothing found, log the search."""
        row = self.results.currentRow()
        if 0 <= row < len(self.hits):
            self.card_chosen.emit(self.hits[row].card)
            self.close()
        elif self.query.text().strip() and not self.hits:
            self.log_missed()

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
