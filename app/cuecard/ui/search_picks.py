"""The palette's memory of what people open from a search (search/picks.py): read
from the learning record at start, noted at each pick (in memory at once, on disk
through the store writer) and emptied when the record is erased."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from cuecard.clock import Clock
from cuecard.models import Card
from cuecard.search.picks import PickMemory
from cuecard.store.picks import load_picks, record_pick
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay


class SearchPicks(GuiRelay):
    """Remembers the card opened for each query; `weights(query)` for the engine."""

    loaded = Signal(object)  # tuple[SearchPick, ...] read from the record

    def __init__(self, writer: StoreWriter, clock: Clock, parent: QObject | None = None):
        super().__init__(parent)
        self.writer = writer
        self.clock = clock
        self.memory = PickMemory()
        self.loaded.connect(self.memory.replace)

    def load(self) -> None:
        """Read the remembered picks off the GUI thread."""
        self.post_result(self.writer.call(load_picks), "loaded")

    def note(self, query: str, card: Card) -> None:
        self.memory.add(query, card.id)
        when = self.clock.now()
        self.writer.call(lambda db: record_pick(db, query, card.id, when))

    def weights(self, query: str) -> Mapping[str, float]:
        return self.memory.weights(query)

    def forget(self) -> None:
        """The learning record was erased: so is this memory."""
        self.memory.clear()
