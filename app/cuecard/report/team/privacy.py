"""k-anonymity for the team view: a figure about fewer than k people is left out.

Every figure is counted together with the set of people behind it; `Gate` shows the
figure when that set has at least k people (a true zero stays 0) and counts what it
left out, section by section, for the page's "What this page leaves out" part.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Sequence

from cuecard.report.team.model import LeftOut, Shown

FIGURE_WHY = "figures about fewer than {k} people (shown as “<{k}”)"
# The page's sections top to bottom: "What this page leaves out" lists them in this order.
PAGE_ORDER = (
    "Everything",
    "Cards",
    "Searches that found nothing",
    "New hires",
    "Learning sprints",
    "Anyone can teach",
    "Pulse",
    "Learning wall",
)


def _page_position(row: LeftOut) -> tuple[int, str, str]:
    place = PAGE_ORDER.index(row.section) if row.section in PAGE_ORDER else len(PAGE_ORDER)
    return place, row.section, row.why


class Gate:
    """Decides, and remembers, which figures are left out."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.figures: Counter[str] = Counter()  # section -> figures left out
        self.items: dict[tuple[str, str], int] = {}  # (section, why) -> things left out

    def enough(self, people: int | Collection[object]) -> bool:
        count = people if isinstance(people, int) else len(people)
        return count >= self.k

    def figure(self, section: str, value: int, people: int | Collection[object]) -> Shown:
        """`value` when it is about k or more people (or nobody); None, counted, if not."""
        count = people if isinstance(people, int) else len(people)
        if count == 0 or count >= self.k:
            return value
        self.figures[section] += 1
        return None

    def leave_out(self, section: str, why: str, count: int = 1) -> None:
        """Things (rows, lines, phrases) left out of `section` for the reason `why`."""
        if count:
            self.items[(section, why)] = self.items.get((section, why), 0) + count

    def report(self) -> tuple[LeftOut, ...]:
        rows = [LeftOut(section, count, why) for (section, why), count in self.items.items()]
        why = FIGURE_WHY.format(k=self.k)
        rows += [LeftOut(section, count, why) for section, count in self.figures.items()]
        return tuple(sorted(rows, key=_page_position))


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(25th percentile, median, 75th percentile), interpolated between values."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, mid, high
