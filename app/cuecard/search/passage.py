"""How much of a query one passage of a card holds: its words close together.

A card answers a task best when one sentence of it says the task: "List all running
processes" in an example, "Create a new user account" in a summary. A passage here is
any WINDOW consecutive words; its coverage is the share of the query's weight (rarer
words weigh more) whose words it holds, each at the quality of its best match there.
The text's words are read once to find those matching the query; only their positions
are then looked at, and a window is at most WINDOW words long, so the work is linear in
the text's length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

WINDOW = 10  # words of one passage (an example line, a short sentence)
MAX_HITS = 64  # matching words looked at, from the start of the text

# For one word of card text: query group -> quality of its match (0..1).
Matches = Mapping[int, float]


def coverage(
    held: Mapping[str, Matches],
    ordered: Sequence[str],
    weights: Mapping[int, float],
    floor: float = 0.0,
) -> float:
    """The best coverage (0..1) of any WINDOW consecutive words: the weight of the
    groups a window holds, times their quality, over the total weight. `held`: the words
    of the text that match some group; `ordered`: the text's words in order (read only
    when a window must be looked for). 0 when no window can cover more than `floor` (not
    worth looking)."""
    total = sum(weights.values())
    if total <= 0 or not held:
        return 0.0
    # Per word: (group, its share of the total weight at the word's quality).
    shares = {
        word: tuple((group, weights[group] * quality / total) for group, quality in found.items())
        for word, found in held.items()
    }
    anywhere: dict[int, float] = {}
    for pairs in shares.values():
        for group, share in pairs:
            if share > anywhere.get(group, 0.0):
                anywhere[group] = share
    bound = sum(anywhere.values())
    if bound <= floor:
        return 0.0
    if len(anywhere) < 2:  # one word of the query: any place holding it will do
        return bound
    # One pass with set lookups: cheaper than an index of where every word stands, which
    # was made for each body read (a third of a settled keystroke's ranking).
    hits = [(at, word) for at, word in enumerate(ordered) if word in held][:MAX_HITS]
    best = 0.0
    for start, (position, _) in enumerate(hits):
        window: dict[int, float] = {}
        for other, word in hits[start:]:
            if other - position >= WINDOW:
                break
            for group, share in shares[word]:
                if share > window.get(group, 0.0):
                    window[group] = share
        covered = sum(window.values())
        if covered > best:
            best = covered
            if best >= bound - 1e-9:  # no window can hold more than the whole text
                break
    return best
