"""What every fuzz input must satisfy besides "no exception escapes": sanitised HTML that
runs nothing and loads nothing remote, and time in proportion to ordinary input.

`check_safe_html` parses the HTML with the standard library's parser (independent of
nh3, which produced it) and refuses scripts, event handlers, style, frames and forms,
links other than http, https, mailto and in-page anchors, and images other than files
inside the content root. `TimeLimit` calibrates a target on ordinary input of several
sizes and says whether an input took more than `factor` times that for its size.
"""

from __future__ import annotations

import itertools
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from cuecard.content.render import _ATTRIBUTES, _TAGS


class InvariantError(AssertionError):
    """A fuzz input broke a promise other than "never raises"."""


LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Characters a browser (and QUrl) drops from anywhere in a URL or from its ends.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(_URL_NOISE.sub("", value).lower())
    return match.group(1) if match else None


class _Walker(HTMLParser):
    def __init__(self, base_dir: Path, root: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.base_dir = base_dir
        self.root = root.resolve()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self.problems.append(f"tag <{tag}> is not on the allow-list")
        allowed = _ATTRIBUTES.get(tag, set())
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on") or name in ("style", "srcset", "background", "formaction"):
                self.problems.append(f"<{tag} {name}=...> can run code or load a resource")
            elif name not in allowed and name != "rel":
                self.problems.append(f"<{tag} {name}> is not an allowed attribute")
            if name == "href" and not self._good_link(value):
                self.problems.append(f"<a href={value[:80]!r}> is not an allowed link")
            if name == "src" and not self._local_file(value):
                self.problems.append(f"<img src={value[:80]!r}> is not a file in the root")
            if name in ("href", "src") and _scheme(value) == "javascript":
                # Only as the scheme: an http link whose path holds the word is a link
                # to a web page (a fuzzed card had one; flagging it was this check's bug).
                self.problems.append(f"{name} holds javascript:")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _good_link(self, value: str) -> bool:
        scheme = _scheme(value)
        if scheme is None:
            return _URL_NOISE.sub("", value).startswith("#")
        return scheme in LINK_SCHEMES

    def _local_file(self, value: str) -> bool:
        cleaned = _URL_NOISE.sub("", value)
        parts = urllib.parse.urlsplit(cleaned)
        if _scheme(value) or parts.netloc or cleaned.startswith(("/", "\\")):
            return False
        try:
            target = (self.base_dir / urllib.parse.unquote(parts.path)).resolve()
        except (OSError, RuntimeError, ValueError):
            return False
        return target.is_relative_to(self.root) and target.is_file()


_DANGEROUS_TEXT = re.compile(r"<\s*(script|iframe|object|embed|style|link|meta|base)\b", re.I)


def check_safe_html(html: str, base_dir: Path, root: Path) -> None:
    """Raise InvariantError when `html` could run code or load anything remote."""
    walker = _Walker(base_dir, root)
    walker.feed(html)
    walker.close()
    if _DANGEROUS_TEXT.search(html):
        walker.problems.append("a script-like tag survives as markup")
    if walker.problems:
        raise InvariantError("; ".join(dict.fromkeys(walker.problems)))


class SlowInputError(InvariantError):
    """An input took far more time than ordinary input of its size."""


SIZES = (256, 1024, 4096, 16384, 65536)


@dataclass
class TimeLimit:
    """Seconds that ordinary input of each size takes, and the limit derived from it.

    `floor` keeps scheduler noise on a loaded machine (a few ms) from counting as a slow
    input; an input over the limit is timed again (best of `repeats`) before it counts.
    """

    run: Callable[[bytes], object]
    ordinary: Callable[[int], bytes]
    factor: float = 100.0
    floor: float = 0.002
    repeats: int = 5
    points: list[tuple[int, float]] = field(default_factory=list)

    @classmethod
    def untimed(cls, run: Callable[[bytes], object]) -> TimeLimit:
        """No time limit (tests: speed is shown by the benchmark run, not asserted)."""
        return cls(run, lambda _size: b"", factor=float("inf"), points=[(1, 1.0)])

    def calibrate(self, sizes: tuple[int, ...] = SIZES) -> TimeLimit:
        self.best(self.ordinary(sizes[0]), 3)  # imports, caches: not part of any size
        self.points = []
        for size in sizes:
            data = self.ordinary(size)
            self.points.append((len(data), self.best(data, 5)))
        self.points.sort()
        return self

    def best(self, data: bytes, repeats: int) -> float:
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            try:
                self.run(data)
            except Exception:  # the caller reports exceptions; here only time counts
                pass
            best = min(best, time.perf_counter() - start)
        return best

    def baseline(self, size: int) -> float:
        """Seconds ordinary input of `size` bytes takes (interpolated)."""
        points = self.points
        if size <= points[0][0]:
            return points[0][1]
        for (low, low_time), (high, high_time) in itertools.pairwise(points):
            if size <= high:
                share = (size - low) / (high - low)
                return low_time + share * (high_time - low_time)
        last, last_time = points[-1]
        return last_time * size / last

    def allowed(self, size: int) -> float:
        return max(self.factor * self.baseline(size), self.floor)

    def check(self, data: bytes, elapsed: float) -> float:
        """The input's time, re-measured (best of `repeats`) when it is over a tenth of
        the limit, so a pause of the machine is not taken for the input's doing; raises
        SlowInputError when even the best time is over the limit."""
        limit = self.allowed(len(data))
        if elapsed <= max(limit / 10, self.floor):
            return elapsed
        again = min(elapsed, self.best(data, self.repeats))
        if again > limit:
            raise SlowInputError(
                f"{len(data)} bytes took {again * 1000:.1f} ms; ordinary input of that size "
                f"takes {self.baseline(len(data)) * 1000:.2f} ms (limit {limit * 1000:.1f} ms)"
            )
        return again
