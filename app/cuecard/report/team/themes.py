"""Recurring themes in free-text answers: the words and two-word phrases most people
used (each counted once per person, however often they wrote it), in linear time."""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
MAX_TEXT = 2000
_STOPWORDS = """a about above after again all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further get got had has have having he her here hers him his how i if in into is
    it its itself just let like me more most my myself no nor not now of off on once only
    or other our ours out over own really right same she should so some still such than
    that the their theirs them then there these they this those through to too under
    until up us very was we were what when where which while who whom why will with
    would you your yours yourself yourselves i'm it's don't i've i'd im dont ive
    want need use using used way ways thing things lot bit much many one two
    learning learn learned help helps helpful please nothing something maybe currently
    right now"""  # the last lines: the pulse's own questions, and fillers in answers
STOPWORDS = frozenset(_STOPWORDS.split())


def words(text: str) -> list[str]:
    return [match.group().lower().replace("’", "'") for match in _WORD.finditer(text[:MAX_TEXT])]


def phrases(text: str) -> Iterator[str]:
    """The text's content words, and each pair of content words next to each other."""
    previous: str | None = None
    for word in words(text):
        if word in STOPWORDS or len(word) < 2:
            previous = None
            continue
        yield word
        if previous is not None:
            yield f"{previous} {word}"
        previous = word


class ThemeCounter:
    """Which people used each word or phrase (people as small numbers)."""

    def __init__(self) -> None:
        self.people: dict[str, set[int]] = {}

    def add(self, person: int, text: str | None) -> None:
        if not text:
            return
        for phrase in set(phrases(text)):
            self.people.setdefault(phrase, set()).add(person)

    def top(self, k: int, limit: int = 15) -> tuple[list[tuple[str, int]], int]:
        """The phrases used by at least k people, most people first (then a to z), at
        most `limit`, a phrase dropped when a longer one with the same people covers it;
        and how many phrases fewer than k people used."""
        counted = [(phrase, len(people)) for phrase, people in self.people.items()]
        enough = sorted(
            ((p, n) for p, n in counted if n >= k), key=lambda item: (-item[1], item[0])
        )
        pairs = {p: n for p, n in enough if " " in p}
        kept = [
            (phrase, n)
            for phrase, n in enough
            if " " in phrase
            or not any(n == m and phrase in pair.split() for pair, m in pairs.items())
        ]
        return kept[:limit], len(counted) - len(enough)
