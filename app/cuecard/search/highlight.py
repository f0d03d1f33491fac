"""What matched, as plain-text segments: the UI escapes them and draws the marks itself.

A word of a title, summary or body counts as matched when it is one of the plan's
alternatives (the typed word, a form, a synonym or a correction), starts with one that
may be a prefix, or has one as a letter/digit part ('python' in 'python3'). Work is
linear in the text looked at, and the body is only looked at up to SCAN characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cuecard.search.plan import QueryPlan
from cuecard.search.words import fold, word_parts

_TOKEN = re.compile(r"[^\W_]+")
SCAN = 4_000  # characters of a body searched for the first match (else: the summary)
WIDTH = 110  # characters of body shown around it
MEMO = 20_000  # words of card text remembered per query
BLOCK_SEPARATOR = " · "  # between a heading or list line and the next block in a snippet
_ENDS_SENTENCE = tuple(".!?:;,…)]\"'”’")
WRAP_AT = 72  # a shorter line that ends without punctuation is a heading or list item


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of plain text, marked when it matched the query."""

    text: str
    hit: bool = False


Snippet = tuple[Segment, ...]


class Matcher:
    """Tells whether a word of card text matches any alternative of a plan."""

    def __init__(self, plan: QueryPlan) -> None:
        # Stop words are not marked ('the' everywhere), unless they are all there is.
        groups = [g for g in plan.groups if not g.optional] or plan.groups
        alternatives = [a for g in groups for a in g.alternatives]
        self._exact = frozenset(a.word for a in alternatives)
        self._prefixes = tuple(sorted({a.word for a in alternatives if a.prefix}))
        self._memo: dict[str, bool] = {}
        # Where a match may start: any alternative at the start of a word (found by the
        # regex engine in C; `matches` then judges the whole word).
        starts = sorted(self._exact, key=len, reverse=True)
        self._start = (
            re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, starts)) + ")", re.I)
            if starts
            else None
        )

    def __bool__(self) -> bool:
        return bool(self._exact)

    def matches(self, word: str) -> bool:
        known = self._memo.get(word)
        if known is None:
            folded = fold(word)
            known = (
                folded in self._exact
                or any(folded.startswith(p) for p in self._prefixes)
                or any(part in self._exact for part in word_parts(folded))
            )
            if len(self._memo) < MEMO:
                self._memo[word] = known
        return known

    def segments(self, text: str) -> Snippet:
        """`text` cut into matched words and the plain text between them."""
        if self._start is None:
            return (Segment(text),) if text else ()
        result: list[Segment] = []
        last = 0
        for start in self._start.finditer(text):
            token = _TOKEN.match(text, start.start())
            if token is None or token.start() < last or not self.matches(token.group(0)):
                continue
            if token.start() > last:
                result.append(Segment(text[last : token.start()]))
            result.append(Segment(token.group(0), True))
            last = token.end()
        if last < len(text):
            result.append(Segment(text[last:]))
        return tuple(result)

    def first_match(self, text: str) -> int:
        """Offset of the first matched word in `text`, or -1."""
        if self._start is None:
            return -1
        position = 0
        while (start := self._start.search(text, position)) is not None:
            token = _TOKEN.match(text, start.start())
            if token is not None and self.matches(token.group(0)):
                return start.start()
            position = start.end()
        return -1


def _merge(segments: list[Segment]) -> list[Segment]:
    """Neighbouring segments of the same kind joined."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].hit == segment.hit and not segment.hit:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def body_snippet(body: str, matcher: Matcher, fallback: str, title: str = "") -> Snippet:
    """About WIDTH characters of the body around its first matched word, the matched
    words marked; the summary (marked the same way) when the body has no match. A body
    that opens with the card's title skips it: the result already shows the title."""
    head = body[:SCAN]
    skip = 0
    heading = " ".join(title.split())
    if heading:
        stripped = head.lstrip()
        flat_start = " ".join(stripped[: len(heading) + 40].split())
        if flat_start.lower().startswith(heading.lower()):
            skip = _offset_after_words(head, len(heading.split()))
    first = matcher.first_match(head[skip:]) if matcher else -1
    if first < 0:
        return matcher.segments(fallback) if matcher else (Segment(fallback),)
    first += skip
    start = max(skip, first - WIDTH // 3)
    if start > skip and not head[start - 1].isspace():  # begin on a whole word
        space = head.find(" ", start, first)
        start = space + 1 if space != -1 else first
    flat = flatten(body[start : start + WIDTH * 2])
    piece = flat[:WIDTH]
    cut = len(flat) > WIDTH or start + WIDTH * 2 < len(body.rstrip())
    if len(flat) > WIDTH and " " in piece[WIDTH // 2 :]:
        piece = piece[: piece.rfind(" ")]  # end on a whole word
    segments = list(matcher.segments(piece))
    if start > 0:
        segments.insert(0, Segment("…"))
    if cut:
        segments.append(Segment("…"))
    return tuple(_merge(segments))


def flatten(text: str) -> str:
    """The lines of a card's plain text on one line. A short line that ends without
    punctuation before one that starts a new sentence (a heading, a list item) is kept
    apart by BLOCK_SEPARATOR, so "Freeze the top row" and "Calc: View…" do not read as
    one sentence; a paragraph's wrapped lines join with a space."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    out: list[str] = []
    for index, line in enumerate(lines):
        if index:
            before = lines[index - 1]
            block_end = len(before) < WRAP_AT and not before.endswith(_ENDS_SENTENCE)
            starts = line[0].isupper() or line[0].isdigit()
            out.append(BLOCK_SEPARATOR if block_end and starts else " ")
        out.append(line)
    return "".join(out)


def _offset_after_words(text: str, count: int) -> int:
    """The offset just past the first `count` whitespace-separated words of `text`."""
    found = re.match(r"\s*(?:\S+\s+){" + str(max(0, count - 1)) + r"}\S+", text)
    return found.end() if found else 0
