"""Counts in words: "1 card", "2 cards", "0 warnings" (a leaf module, no Qt).

Every message that puts a number in front of a noun goes through `plural`;
tests/test_wording.py finds the ones that do not.
"""

from __future__ import annotations

_IRREGULAR = {"entry": "entries", "match": "matches", "search": "searches", "this": "these"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` and the noun in the right number: plural(1, "card") is "1 card"."""
    if count == 1:
        return f"{count} {one}"
    return f"{count} {many or _IRREGULAR.get(one) or one + 's'}"
