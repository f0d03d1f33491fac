"""The index's own vocabulary: which words exist, how common they are, and corrections.

Read from the FTS5 index (an `fts5vocab` table over it) on a connection of its own, so it
can be built off the GUI thread. Corrections use the Damerau-Levenshtein distance in its
optimal-string-alignment form (rapidfuzz's OSA: insertion, deletion, substitution and a
transposition of neighbours are one edit each; five times faster than the unrestricted
form, which differs only when a transposed pair is edited again): none for words of 1-2
letters, 1 edit for 3-5, 2 for longer words; among candidates the fewest edits win, then
title and tag words, then common ones. Candidates come from length buckets (a word of
length n is within k edits only of words of length n-k..n+k), compared in C, and every
answer is memoised.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.content.cache import TABLE
from cuecard.search.words import MAX_WORD, is_stop_word

COMMON = 3  # a word in this many cards is taken as meant, not as a typo
MAX_CORRECTIONS = 3
PREFIX_SCAN = 64  # words looked at to judge a prefix (bounded work per keystroke)
_MEMO = 4096


@dataclass(frozen=True, slots=True)
class Candidate:
    """A vocabulary word within the allowed edits of a query word."""

    word: str
    edits: int
    in_title: bool
    cards: int


def allowed_edits(word: str) -> int:
    """0 edits for 1-2 letters, 1 for 3-5, 2 for longer words."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


class Vocabulary:
    """Words of the index with the number of cards holding each (title and tag words
    flagged). Immutable once built; safe to read from any thread."""

    def __init__(
        self,
        cards: dict[str, int],
        title_words: Iterable[str],
        mentions: Mapping[str, int] | None = None,
        runs: Mapping[str, int] | None = None,
    ) -> None:
        """`cards`: word -> cards holding it; `mentions`: for title words, the cards
        holding the word in their summary or body (how often others refer to a name);
        `runs`: command name -> the other cards whose code runs it."""
        self._cards = cards
        self._titles = frozenset(title_words)
        self._mentions = mentions or {}
        self._runs = runs or {}
        self._least: dict[tuple[str, ...], int] = {}
        self._sorted = sorted(cards)
        buckets: dict[int, list[str]] = {}
        for word in cards:
            if _correctable(word):
                buckets.setdefault(len(word), []).append(word)
        self._buckets = buckets
        self._memo: OrderedDict[str, tuple[Candidate, ...]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._cards)

    def cards_with(self, word: str) -> int:
        """How many cards hold `word` (summed over columns: an upper bound)."""
        return self._cards.get(word, 0)

    def mentions(self, word: str) -> int:
        """How many cards hold the title word `word` in their summary or body."""
        return self._mentions.get(word, 0)

    def runs(self, name: str) -> int:
        """How many cards other than its own run the command `name` in their code."""
        return self._runs.get(name, 0)

    def least_mentioned(self, title: tuple[str, ...]) -> int:
        """The mentions of a title's least mentioned word (memoised; 0 for none)."""
        found = self._least.get(title)
        if found is None:
            if len(self._least) > _MEMO * 8:
                self._least.clear()
            found = self._least[title] = min((self.mentions(w) for w in title), default=0)
        return found

    def in_title(self, word: str) -> bool:
        """True when some card's title or tags hold the word."""
        return word in self._titles

    def words_starting(self, prefix: str, limit: int = PREFIX_SCAN) -> list[str]:
        """Up to `limit` words that start with `prefix`, in order."""
        start = bisect.bisect_left(self._sorted, prefix)
        found = []
        for word in self._sorted[start : start + limit]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def is_meant(self, word: str, as_prefix: bool) -> bool:
        """Whether `word` reads as typed on purpose: a title or tag word, or one common
        enough; for a word still being typed, the start of such a word."""
        if word in self._titles or self._cards.get(word, 0) >= COMMON:
            return True
        if not as_prefix:
            return False
        return any(w in self._titles or self._cards[w] >= COMMON for w in self.words_starting(word))

    def corrections(self, word: str) -> tuple[Candidate, ...]:
        """The best few words within the allowed edits of `word`, best first."""
        if word in self._memo:
            self._memo.move_to_end(word)
            return self._memo[word]
        found = self._corrections(word)
        self._memo[word] = found
        if len(self._memo) > _MEMO:
            self._memo.popitem(last=False)
        return found

    def _corrections(self, word: str) -> tuple[Candidate, ...]:
        edits = allowed_edits(word)
        if edits == 0 or len(word) > MAX_WORD or not _correctable(word):
            return ()
        from rapidfuzz import process  # imported on first use (memory of an idle app)
        from rapidfuzz.distance import OSA

        found = []
        for length in range(len(word) - edits, len(word) + edits + 1):
            bucket = self._buckets.get(length)
            if not bucket:
                continue
            for match, distance, _ in process.extract(
                word,
                bucket,
                scorer=OSA.distance,
                score_cutoff=edits,
                limit=None,
            ):
                # A stop word stands for nothing ('git' is not 'it'), unless it is a name.
                if match != word and (match in self._titles or not is_stop_word(match)):
                    found.append(
                        Candidate(match, int(distance), match in self._titles, self._cards[match])
                    )
        found.sort(key=lambda c: (c.edits, not c.in_title, -c.cards, c.word))
        return tuple(found[:MAX_CORRECTIONS])


def _correctable(word: str) -> bool:
    return 2 <= len(word) <= MAX_WORD and not word.isdigit() and any(c.isalpha() for c in word)


def data_version(db: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the index file."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def load_vocabulary(cache_path: Path) -> Vocabulary | None:
    """Read the vocabulary of the index cache's FTS table (None when it cannot be read)."""
    try:
        db = sqlite3.connect(f"{cache_path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        import rapidfuzz.process  # noqa: F401 (loaded here, off the GUI thread, for corrections)

        db.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, {TABLE}_fts, 'col')")
        cards: dict[str, int] = {}
        mentions: dict[str, int] = {}
        titles = []
        for word, column, count in db.execute("SELECT term, col, doc FROM temp.vocab"):
            cards[word] = cards.get(word, 0) + count
            if column in ("title", "tags"):
                titles.append(word)
            else:
                mentions[word] = mentions.get(word, 0) + count
        named = frozenset(titles)
        runs: dict[str, int] = {}
        for (commands,) in db.execute(f"SELECT commands FROM {TABLE} WHERE commands != ''"):
            for name in commands.split():
                runs[name] = runs.get(name, 0) + 1
        return Vocabulary(cards, named, {w: n for w, n in mentions.items() if w in named}, runs)
    except sqlite3.Error:
        return None
    finally:
        db.close()
