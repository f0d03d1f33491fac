"""Recent tips in the tray, and recently opened cards for the search palette.

A nudge that went away can be found again: *Recent tips* lists the last cards Cuecard
offered, newest first, with when. Both lists are read from the learning record at start
(on the writer thread) and then kept up to date in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from cuecard.clock import Clock
from cuecard.models import Card
from cuecard.store.recent import RecentCard, Recents, recent_cards
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.plain import menu_text, tooltip

KEEP = 10  # entries in each list
EMPTY_TIPS = "No tips yet: nudges you missed show up here"


def when_text(when: datetime, now: datetime) -> str:
    """When, in few words: "14:32" today, "yesterday", a weekday this week, else "3 Nov"."""
    local, today = when.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if local.date() == today - timedelta(days=1):
        return "yesterday"
    if local.date() > today - timedelta(days=7):
        return f"{local:%A}"
    return f"{local.day} {local:%b}"


def _push(entries: list[RecentCard], card_id: str, when: datetime) -> list[RecentCard]:
    return [RecentCard(card_id, when), *(e for e in entries if e.card_id != card_id)][:KEEP]


class RecentCards(GuiRelay):
    """Keeps the recent lists and fills the *Recent tips* menu."""

    loaded = Signal(object)
    chosen = Signal(object)  # a Card picked from Recent tips

    def __init__(
        self,
        menu: QMenu,
        cards: Callable[[], Mapping[str, Card]],
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.menu = menu
        self.cards = cards
        self.clock = clock
        self.offered: list[RecentCard] = []
        self.opened: list[RecentCard] = []
        self.loaded.connect(self._install)
        self.menu.aboutToShow.connect(self.refresh_menu)
        self.refresh_menu()

    def load(self, writer: StoreWriter) -> None:
        """Read both lists from the record, off the GUI thread."""
        self.post_result(writer.call(lambda db: recent_cards(db, KEEP)), "loaded")

    def _install(self, recents: Recents) -> None:
        # Anything noted while the record was read is newer than what it holds.
        offered, opened = list(recents.offered), list(recents.opened)
        for entry in reversed(self.offered):
            offered = _push(offered, entry.card_id, entry.when)
        for entry in reversed(self.opened):
            opened = _push(opened, entry.card_id, entry.when)
        self.offered, self.opened = offered, opened
        self.refresh_menu()

    def note_offered(self, card: Card) -> None:
        self.offered = _push(self.offered, card.id, self.clock.now())
        self.refresh_menu()

    def note_opened(self, card_id: str) -> None:
        self.opened = _push(self.opened, card_id, self.clock.now())

    def recently_opened(self) -> tuple[Card, ...]:
        cards = self.cards()
        return tuple(cards[e.card_id] for e in self.opened if e.card_id in cards)

    def forget(self) -> None:
        """The learning record was erased: so are these lists."""
        self.offered, self.opened = [], []
        self.refresh_menu()

    def refresh_menu(self) -> None:
        self.menu.clear()
        cards = self.cards()
        now = self.clock.now()
        shown = [(cards[e.card_id], e.when) for e in self.offered if e.card_id in cards]
        for card, when in shown:
            # After a tab, Qt shows text in the shortcut column: the time, right-aligned.
            text = f"{menu_text(card.title)}\t{when_text(when, now)}"
            action = self.menu.addAction(text)
            action.setToolTip(tooltip(card.summary or card.title))
            action.triggered.connect(lambda _=False, c=card: self.chosen.emit(c))
        if not shown:
            hint = self.menu.addAction(EMPTY_TIPS)
            hint.setEnabled(False)
