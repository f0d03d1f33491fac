"""The palette's rows as rich text: a card's title, kind, minutes and tags, and for a
search hit its marked title and snippet. Every piece of card or query text is escaped;
only the marks are markup."""

from __future__ import annotations

import html
from dataclasses import dataclass

from cuecard.models import Card
from cuecard.search.engine import SearchHit, SearchResults
from cuecard.search.highlight import Segment
from cuecard.ui.style import Colors, colors


@dataclass(frozen=True)
class Section:
    """A titled group of cards shown before anything is typed."""

    title: str
    cards: tuple[Card, ...]


def segments_html(segments: tuple[Segment, ...], mark_style: str) -> str:
    """Plain-text segments as rich text: every piece escaped, matched ones marked."""
    return "".join(
        f"<span style='{mark_style}'>{html.escape(s.text)}</span>" if s.hit else html.escape(s.text)
        for s in segments
    )


def card_html(
    card: Card, title_html: str | None = None, picked: bool = False, c: Colors | None = None
) -> str:
    """A card's row: its title (escaped, unless already marked up), kind, minutes, tags,
    and whether it was opened before from a search for these words (why it is high).
    `c`: the theme's colours, when the caller has them (reading them per row cost half a
    millisecond a keystroke)."""
    c = c or colors()
    minutes = f" · {card.minutes} min" if card.minutes else ""
    tags = f" · {html.escape(', '.join(card.tags[:4]))}" if card.tags else ""
    opened = " · opened before" if picked else ""
    title = html.escape(card.title) if title_html is None else title_html
    return (
        f"<div style='font-size:14px; font-weight:600'>{title}</div>"
        f"<div style='color:{c.muted}; font-size:12px'>{html.escape(card.kind.capitalize())}"
        f"{minutes}{tags}{opened}</div>"
    )


def hit_html(hit: SearchHit, picked: bool = False, c: Colors | None = None) -> str:
    """A search hit's row: the card's row with what matched marked, and its snippet."""
    c = c or colors()
    mark = f"color: {c.accent}; font-weight: 700;"
    return card_html(hit.card, segments_html(hit.title, mark), picked, c) + (
        f"<div style='font-size:12px'>{segments_html(hit.snippet, mark)}</div>"
    )


def notice_html(result: SearchResults) -> str:
    """Which words the results stand for, when not exactly the typed ones ('' if they
    are): the corrected query, and typed words no card has."""
    parts = []
    if result.hits and result.showing_for:
        parts.append(f"Showing results for <i>{html.escape(result.showing_for)}</i>")
    if result.hits and result.unknown:
        missing = ", ".join(f"“{html.escape(w)}”" for w in result.unknown)
        parts.append(f"No card has {missing}: showing cards with the other words")
    return " · ".join(parts)
