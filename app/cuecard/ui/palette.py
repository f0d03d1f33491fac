"""The search palette: a frameless floating panel, keyboard first (type, ↑/↓, Enter, Esc).

Like Raycast or Alfred it opens centred on the active screen, above other windows,
and goes away on Esc, on a choice or when another window is clicked. Before anything is
typed it lists the cards for the current app, those due for review and those opened
recently (with none, what to type). On reopening the last query is there, selected, so
typing replaces it. A query that finds nothing is counted once per search session (from
opening to closing) and only when the user typed it: showing the previous query again
is not a new miss. Each keystroke searches at once; when typing pauses, a query of
several words is searched again more widely on a worker (what a keystroke cannot
afford; the next keystroke cancels it), and the results change only if the highlight was
not moved. A card opened from the results comes first when the same words are typed
again (search/picks.py): `chosen_for` tells the controller, which remembers it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping, Sequence

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cuecard.content.library import LibrarySnapshot
from cuecard.models import Rect
from cuecard.search.engine import SearchEngine, SearchHit, SearchResults
from cuecard.store.searches import normalise_query
from cuecard.ui.palette_empty import NothingFound
from cuecard.ui.palette_rows import Section, card_html, hit_html, notice_html
from cuecard.ui.plain import plain_label, rich_label
from cuecard.ui.result_rows import ResultRows, Row
from cuecard.ui.screens import active_screen, fit_size
from cuecard.ui.settled_search import Settled, SettledSearch
from cuecard.ui.style import colors, named
from cuecard.wording import plural

MISSED_AFTER_MS = 2000  # a query that still finds nothing after this pause counts as missed
SETTLE_MS = 300  # a pause in typing after which a query of several words is searched wider
PALETTE_SIZE = QSize(640, 460)
SUGGESTED = 6  # cards per section before typing
LIMIT = 20  # results shown


class SearchPalette(QWidget):
    """Type to search every card; emits `card_chosen` on Enter or click."""

    card_chosen = Signal(object)
    chosen_for = Signal(str, object)  # the query, and the card opened from its results
    missed = Signal(str)
    settled = Signal(str)  # a query searched again, more widely, after a pause in typing

    def __init__(
        self,
        engine: SearchEngine,
        boost: Callable[[], Collection[str]] = tuple,
        parent: QWidget | None = None,
        suggestions: Callable[[], Sequence[Section]] = tuple,
        picks: Callable[[str], Mapping[str, float]] = lambda _query: {},
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("SearchPalette")
        self.setWindowTitle("Search cards — Cuecard")
        self.engine = engine
        self.boost = boost
        self.suggestions = suggestions
        self.picks = picks
        self._picked: Mapping[str, float] = {}  # the last search's picks (rows say so)
        self.snapshot = LibrarySnapshot()
        self.hits: list[SearchHit] = []
        self._missed_this_session = False
        self._was_active = False
        c = colors()
        panel = named(QFrame(self), "panel")
        panel.setStyleSheet(
            f"#panel {{ background: {c.window}; border: 1px solid {c.border};"
            " border-radius: 10px; }"
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(panel)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(14, 14, 14, 10)
        self.query = named(
            QLineEdit(placeholderText="Search cards: type a task, an app, a key…"), "query"
        )
        self.query.setClearButtonEnabled(True)
        self.query.setStyleSheet(
            f"font-size: 16px; padding: 8px; border: 1px solid {c.border}; border-radius: 6px;"
        )
        self.results = ResultRows()
        # "Showing results for tar" when corrected words were searched.
        self.notice = named(rich_label(), "notice")
        self.notice.setStyleSheet(f"color: {c.muted}; font-size: 12px; padding: 2px 4px;")
        self.notice.hide()
        self.hint = named(plain_label(word_wrap=True), "hint")
        self.hint.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        # Nothing found: said where the results would be, with the offer to log it.
        self.empty = NothingFound()
        self.empty.ask.clicked.connect(self.log_missed)
        self.empty.hide()
        layout.addWidget(self.query)
        layout.addWidget(self.notice)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.hint)
        self.result = SearchResults("", ())
        self._logged: set[str] = set()  # searches logged as missed this session
        self._missed_timer = QTimer(self, singleShot=True, interval=MISSED_AFTER_MS)
        self._missed_timer.timeout.connect(self._report_missed)
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(self._settle)
        self._settling = SettledSearch(engine, self)
        self._settling.found.connect(self._settled)
        self.query.textChanged.connect(self.run_query)
        self.query.textEdited.connect(self._typed)
        self.query.returnPressed.connect(self.open_current)
        self.results.itemClicked.connect(lambda _item: self.open_current())
        self.resize(PALETTE_SIZE)
        self._show_hint()

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        self.snapshot = snapshot
        self.engine.prepare(snapshot.cards)  # vocabulary and field index, in the background
        self.run_query(self.query.text())

    def open_palette(self, near: Rect | None = None) -> None:
        """A new search session: centred on the active screen (the one holding `near`,
        the active window, else the one under the mouse), the last query selected."""
        screen = active_screen(near)
        area = screen.availableGeometry()
        self.resize(fit_size(PALETTE_SIZE, screen, self))
        self.move(
            area.left() + (area.width() - self.width()) // 2,
            area.top() + max((area.height() - self.height()) // 5, 0),
        )
        self._missed_this_session = False
        self._logged.clear()
        self._missed_timer.stop()
        self._was_active = False
        self.run_query(self.query.text())  # suggestions follow the current window
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self.query.selectAll()

    def run_query(self, text: str) -> None:
        self._settle_timer.stop()
        self._settling.cancel()
        if not text.strip():
            self.result = SearchResults(text, ())
            self._show_suggestions()
            return
        self._show_results(self._lookup(text))
        if len(text.split()) > 1:
            self._settle_timer.start()

    def _settle(self) -> None:
        """Typing paused: search the query again with the wider pools of a finished
        one, on a worker (ui/settled_search.py). The rows change only if the user has not
        moved the highlight meanwhile."""
        text = self.query.text()
        first = self.results.first_card_row()
        if not self.isVisible() or not text.strip() or self.results.currentRow() != first:
            return
        self._settling.start(text, self.snapshot.cards, LIMIT, self.boost(), self.picks(text))

    def _settled(self, settled: Settled) -> None:
        """The wider search's results, shown if still wanted (the query, the library and
        the highlight unchanged: a keystroke cancels it, but one may come as it ends)."""
        text = settled.results.query
        first = self.results.first_card_row()
        if (
            not self.isVisible()
            or text != self.query.text()
            or settled.cards is not self.snapshot.cards
            or self.results.currentRow() != first
        ):
            return
        self._picked = settled.picked
        if [hit.card.id for hit in settled.results.hits] != [hit.card.id for hit in self.hits]:
            self._show_results(settled.results)
        self.settled.emit(text)

    def _lookup(self, text: str) -> SearchResults:
        cards, self._picked = self.snapshot.cards, self.picks(text)
        return self.engine.lookup(text, cards, LIMIT, self.boost(), False, self._picked)

    def _show_results(self, result: SearchResults) -> None:
        self.result = result
        self.hits = list(result.hits)
        picked = self._picked
        c = colors()
        rows = [(hit_html(hit, hit.card.id in picked, c), hit.card) for hit in self.hits]
        self.results.set_rows(rows)
        if self.hits:
            self.results.setCurrentRow(0)
        self._show_notice()
        self._show_hint()

    def _typed(self, text: str) -> None:
        """The user changed the query: a miss is counted after a pause, once a session."""
        self._missed_timer.stop()
        if (
            text.strip()
            and not self.hits
            and not self._missed_this_session
            and normalise_query(text) not in self._logged
        ):
            self._missed_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.results.fit_rows()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        QTimer.singleShot(0, self.results.fit_rows)

    def _show_suggestions(self) -> None:
        """Before typing: the suggestions' sections (the current app's cards, those due
        for review, those opened lately), each under its heading; empty ones left out."""
        self.hits = []
        c = colors()
        shown: set[str] = set()
        rows: list[Row] = []
        for section in self.suggestions():
            cards = [card for card in section.cards if card.id not in shown][:SUGGESTED]
            if not cards:
                continue
            heading = html.escape(section.title.upper())
            style = f"color:{c.muted}; font-size:11px; font-weight:600"
            rows.append((f"<div style='{style}'>{heading}</div>", None))
            for card in cards:
                shown.add(card.id)
                rows.append((card_html(card, c=c), card))
        self.results.set_rows(rows)
        first = self.results.first_card_row()
        self.results.setCurrentRow(first)
        self._show_notice()
        self._show_hint()

    def _show_notice(self) -> None:
        """Which words the results stand for, when not exactly the typed ones."""
        markup = notice_html(self.result)
        self.notice.setText(markup)
        self.notice.setVisible(bool(markup))

    def _show_hint(self) -> None:
        text = self.query.text().strip()
        nothing = bool(text) and not self.hits
        blank = not text and not self.results.row_cards  # no suggestion to list yet
        self.results.setVisible(not (nothing or blank))
        self.empty.setVisible(nothing or blank)
        if blank:
            self.empty.show_start(len(self.snapshot.cards), self._example())
        if not text:
            self.hint.setText(
                f"{plural(len(self.snapshot.cards), 'card')} · type to search · ↑/↓ to choose"
                " · Enter to open · Esc to close"
            )
        elif nothing:
            logged = normalise_query(text) in self._logged
            self.empty.show_query(text, logged)
            self.hint.setText(
                "Esc to close" if logged else "Enter logs this search for the authors · Esc"
            )
        else:
            self.hint.setText(
                f"{plural(len(self.hits), 'match')} · Enter opens the highlighted card"
            )

    def _example(self) -> str:
        """A card's title to suggest typing (the shortest: a task in a few words)."""
        cards = self.snapshot.cards.values()
        return min(cards, key=lambda c: (len(c.title), c.id)).title if cards else ""

    def log_missed(self) -> None:
        """Log the current search as one that found nothing (the user asked: once per
        search, whatever else was counted this session)."""
        self._missed_timer.stop()
        self._report_missed(asked=True)

    def _report_missed(self, asked: bool = False) -> None:
        text = self.query.text()
        key = normalise_query(text)
        if not text.strip() or self.hits or key in self._logged:
            return
        if self._missed_this_session and not asked:
            return  # counted by itself once per search session
        self._missed_this_session = True
        self._logged.add(key)
        self.missed.emit(text)
        self._show_hint()

    def open_current(self) -> None:
        """Enter: open the highlighted card, or, with nothing found, log the search."""
        card = self.results.current_card()
        if card is not None and self.results.isVisible():
            if self.query.text().strip():
                self.chosen_for.emit(self.query.text(), card)
            self.card_chosen.emit(card)
            self.close()
        elif self.query.text().strip() and not self.hits:
            self.log_missed()

    def close_session(self) -> None:
        """End the search session: a miss still pending is counted now, then close."""
        self._settle_timer.stop()
        self._settling.cancel()
        if self._missed_timer.isActive():
            self._missed_timer.stop()
            self._report_missed()
        self.close()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        # Another window was clicked: a floating panel gets out of the way.
        if event.type() == QEvent.Type.ActivationChange:
            if self.isActiveWindow():
                self._was_active = True
            elif self._was_active and self.isVisible():
                self._was_active = False
                QTimer.singleShot(0, self.close_session)
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_session()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.results.move_selection(1 if key == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(event)
