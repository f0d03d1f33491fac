"""How many cards a search weighs, and the candidates it ranks.

While typing, what a keystroke affords (about 10 ms); once the query settles (the
palette after a pause, `cuecard search`), wider pools: 100 cards holding every word in
their short fields, of which the 40 best by a body-less judgement are judged in full
(while typing: the 30 with the shortest titles); 300 cards holding most words there, of
which the 80 best; 100 rows per body pass, all-but-one passes over up to 300 rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cuecard.models import Card
from cuecard.search.cancel import never
from cuecard.search.rank import Judge

MOST_UP_TO = 100  # matching rows an all-words-but-one pass ranks at most while typing
SETTLED_PARTIAL = 300  # once settled: cards holding most words in short fields, counted
SETTLED_JUDGED = 80  # ... of them, kept for a full judgement after a quick one
SETTLED_BODY = 100  # ... rows each body pass of a task phrasing ranks by bm25
SETTLED_MOST_UP_TO = 300  # ... matching rows an all-words-but-one pass ranks at most
# ... cards holding every word in short fields, counted; of them, kept after a quick
# judgement. The shortest titles alone dropped `wget` ("Download files from the Web.") for
# 'download a file' in favour of `co`, `ci`, `mc`, matched by words related to them.
SETTLED_COMPLETE, SETTLED_COMPLETE_JUDGED = 100, 40


@dataclass(slots=True)
class Candidate:
    """A card worth ranking, with what the passes that found it know of it."""

    card: Card
    body: float = 0.0  # bm25 share of the best body match of its pass (0..1)
    partial: bool = False  # lacks one of the required words


@dataclass(frozen=True, slots=True)
class Depth:
    """How many cards a search weighs. While typing, what a keystroke affords; once the
    query settles, wider pools find answers that hold few of the query's words (a
    task's verb or object is often missing from its answer's short fields)."""

    partial: int = 0  # cards holding most words in short fields (at least the limit)
    judged_partial: int = 0  # of those, kept after a quick judgement (0: all of them)
    body: int = 0  # rows of a task phrasing's body passes (at least 1.5 x the limit)
    most_up_to: int = MOST_UP_TO
    complete: int = 0  # cards holding every word in short fields (at least `want`)
    judged_complete: int = 0  # of those, kept after a quick judgement (0: all of them)


TYPING = Depth()
SETTLED = Depth(
    SETTLED_PARTIAL,
    SETTLED_JUDGED,
    SETTLED_BODY,
    SETTLED_MOST_UP_TO,
    SETTLED_COMPLETE,
    SETTLED_COMPLETE_JUDGED,
)


def keep_best(
    found: dict[str, Candidate],
    judge: Judge,
    keep: int,
    partial: bool,
    check: Callable[[], None] = never,
) -> None:
    """Of the cards found only in their short fields (holding most words there when
    `partial`, every word otherwise), keep the `keep` best by a quick judgement of those
    fields (bodies are not read for it). `check` runs before each judgement."""
    pool = [c for c in found.values() if c.partial is partial and not c.body]
    if len(pool) <= keep:
        return

    def quick(candidate: Candidate) -> float:
        check()
        return judge.judge(candidate.card, "", 0.0, partial).score

    pool.sort(key=quick, reverse=True)
    for candidate in pool[keep:]:
        del found[candidate.card.id]


def found_partly(found: dict[str, Candidate], card: Card, share: float) -> None:
    """Record a card a body pass found lacking a word; one already found in its short
    fields keeps the better of its body shares (its body is evidence too)."""
    candidate = found.setdefault(card.id, Candidate(card, share, partial=True))
    candidate.body = max(candidate.body, share)
