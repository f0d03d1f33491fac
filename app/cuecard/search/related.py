"""Words related in meaning, from a table built offline by an embedding model
(packaging/related_words.py; resources/search/README.md says how and under which
licences). Search offers them as the lowest-ranked alternatives of a query word: a
bridge from the words people type to the words authors wrote ('remove' -> delete,
'folder' -> directory) beyond the curated synonyms. A word's opposites, which such
models place close by ('stop' -> continue), are left out (opposites.py).

The table is read once, on first use, and each word's line is parsed only when asked
for (about 29,000 lines; the planner remembers what it asked).
"""

from __future__ import annotations

import functools
import gzip
import logging
from dataclasses import dataclass
from pathlib import Path

from cuecard.paths import bundled
from cuecard.search.opposites import opposite_starts

log = logging.getLogger(__name__)

TABLE_PARTS = ("search", "related-words.tsv.gz")


@dataclass(frozen=True, slots=True)
class RelatedWord:
    """A word close in meaning to another, with the cosine similarity of the two."""

    word: str
    similarity: float


class RelatedWords:
    """word -> the words nearest to it in meaning, nearest first."""

    def __init__(self, lines: dict[str, str]) -> None:
        self._lines = lines

    @classmethod
    def read(cls, path: Path) -> RelatedWords:
        """The table at `path` (gzip'd lines of `word<TAB>other:similarity% ...`). A
        missing or unreadable table gives an empty one: search works, without the bridge."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as table:
                lines = dict(line.rstrip("\n").split("\t", 1) for line in table if "\t" in line)
        except (OSError, EOFError, UnicodeDecodeError, ValueError) as error:
            log.warning("related words not loaded from %s: %s", path, error)
            lines = {}
        return cls(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def of(self, word: str) -> tuple[RelatedWord, ...]:
        """The words related to `word`, nearest first (none for a word not in the table
        or a line that does not parse), without its opposites (opposites.py)."""
        line = self._lines.get(word)
        if not line:
            return ()
        opposite = opposite_starts(word)
        found = []
        for entry in line.split():
            other, _, percent = entry.rpartition(":")
            if (
                other
                and percent.isascii()
                and percent.isdigit()
                and not (opposite and other.startswith(opposite))
            ):
                found.append(RelatedWord(other, min(int(percent), 100) / 100))
        return tuple(found)


@functools.cache
def bundled_related_words() -> RelatedWords:
    """The table shipped in resources/ (read once per process)."""
    return RelatedWords.read(bundled("resources").joinpath(*TABLE_PARTS))
