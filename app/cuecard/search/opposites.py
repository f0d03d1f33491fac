"""Opposites that an embedding model places close together, kept apart in search.

Words used in the same contexts get near vectors, and opposites are used in the same
contexts: the related-words table has 'continue' beside 'stop', 'close' beside 'open',
'reveal' beside 'hide'. For someone who typed 'stop', a card about continuing is the
wrong card, so `related.py` drops a word's opposites from what it offers.

Each pair holds the starts of the two words' forms ('clos' covers close, closed,
closes, closing); a pair is written once and applies both ways.
"""

from __future__ import annotations

import functools

OPPOSITE_STARTS: tuple[tuple[str, str], ...] = (
    ("start", "stop"),
    ("begin", "stop"),
    ("continu", "stop"),
    ("keep", "stop"),
    ("resum", "paus"),
    ("open", "clos"),
    ("reopen", "clos"),
    ("show", "hid"),
    ("reveal", "hid"),
    ("uncover", "hid"),
    ("unhid", "hid"),
    ("enabl", "disabl"),
    ("activat", "deactivat"),
    ("add", "remov"),
    ("add", "delet"),
    ("creat", "delet"),
    ("creat", "remov"),
    ("creat", "destroy"),
    ("install", "uninstall"),
    ("install", "remov"),
    ("upload", "download"),
    ("encrypt", "decrypt"),
    ("compress", "decompress"),
    ("compress", "extract"),
    ("archiv", "extract"),
    ("zip", "unzip"),
    ("pack", "unpack"),
    ("mount", "unmount"),
    ("mount", "umount"),
    ("lock", "unlock"),
    ("block", "unblock"),
    ("connect", "disconnect"),
    ("import", "export"),
    ("attach", "detach"),
    ("load", "unload"),
    ("increas", "decreas"),
    ("allow", "deny"),
    ("allow", "denied"),
    ("includ", "exclud"),
    ("login", "logout"),
    ("freez", "unfreez"),
    ("upper", "lower"),
    ("send", "receiv"),
    ("read", "writ"),
    ("read", "wrot"),
    ("input", "output"),
    ("enter", "exit"),
    ("before", "after"),
    ("first", "last"),
    ("minim", "maxim"),
    ("success", "fail"),
    ("accept", "reject"),
    ("subscrib", "unsubscrib"),
    ("follow", "unfollow"),
    ("select", "deselect"),
    ("select", "unselect"),
)


@functools.lru_cache(maxsize=4096)
def opposite_starts(word: str) -> tuple[str, ...]:
    """The starts of the words opposite to `word` ('stop': start, begin, continu)."""
    found = []
    for one, other in OPPOSITE_STARTS:
        if word.startswith(one):
            found.append(other)
        elif word.startswith(other):
            found.append(one)
    return tuple(found)


def opposed(word: str, other: str) -> bool:
    """`other` is a form of an opposite of `word`."""
    starts = opposite_starts(word)
    return bool(starts) and other.startswith(starts)
