"""Search that learns from what a person opens.

A card opened from the results of some words comes first the next time the same words
are typed, and rises as soon as the start of them is (four characters or more): the
answer to "view system logs" that had to be scrolled to once is at the top after that.
One opening is enough; more openings rank a card above others picked for the same words
less often. The start of the words counts half. Everything here is in memory;
store/picks.py keeps it in the learning record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cuecard.store.picks import SearchPick
from cuecard.store.searches import normalise_query

PREFIX_FROM = 4  # characters typed before the start of remembered words counts
AGAIN = 0.05  # what each opening after the first adds (up to MOST_AGAIN of them)
MOST_AGAIN = 4
PREFIX_SHARE = 0.5  # what a pick counts when only the start of its words was typed


class PickMemory:
    """The remembered picks, by query; `weights(query)` says how strongly each card was
    chosen for it (1 for the same words, a little more for each opening after the
    first; half of that for words that start with what was typed)."""

    def __init__(self, picks: Iterable[SearchPick] = ()) -> None:
        self._picks: dict[str, dict[str, int]] = {}
        self.replace(picks)

    def replace(self, picks: Iterable[SearchPick]) -> None:
        """Use these picks (the record was read), keeping any noted since."""
        for pick in picks:
            cards = self._picks.setdefault(pick.query, {})
            cards[pick.card_id] = max(cards.get(pick.card_id, 0), pick.picks)

    def add(self, query: str, card_id: str) -> None:
        """Note one opening of `card_id` from the results of `query`."""
        text = normalise_query(query)
        if text and card_id:
            cards = self._picks.setdefault(text, {})
            cards[card_id] = cards.get(card_id, 0) + 1

    def clear(self) -> None:
        self._picks.clear()

    def weights(self, query: str) -> Mapping[str, float]:
        """Card id -> how strongly it was chosen for `query`."""
        text = normalise_query(query)
        if not text or not self._picks:
            return {}
        found: dict[str, float] = {}
        exact = self._picks.get(text, {})
        for card_id, count in exact.items():
            found[card_id] = _strength(count)
        if len(text) >= PREFIX_FROM:
            for words, cards in self._picks.items():
                if words != text and words.startswith(text):
                    for card_id, count in cards.items():
                        share = PREFIX_SHARE * _strength(count)
                        found[card_id] = max(found.get(card_id, 0.0), share)
        return found


def _strength(count: int) -> float:
    return 1.0 + AGAIN * min(max(count - 1, 0), MOST_AGAIN)
