"""Counts the work of Python-Markdown's scanning loops while a card renders.

The quadratic renders of odd markup came from loops inside Python-Markdown and the
stdlib HTML parser that scan forward from each candidate: the link processors' bracket
and parenthesis scans, the code-span scan, the HTML parser's tag, comment and
declaration scans, and every block processor's look at the rest of a block after each
split, plus the rebuild of a paragraph's text after each inline match.
`markdown_work()` wraps those (the libraries' own functions, not ours) and adds
up the characters each call covers, so a test can show the total stays proportional to
the input without timing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from markdown.blockprocessors import BlockProcessor
from markdown.htmlparser import HTMLExtractor
from markdown.inlinepatterns import BacktickInlineProcessor, LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor


@dataclass
class Work:
    """Characters covered by kind of scan ("inline", "html", "blocks", "rebuild") and by
    function."""

    kinds: dict[str, int] = field(default_factory=dict)
    functions: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, function: str, chars: int) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + max(chars, 0)
        self.functions[function] = self.functions.get(function, 0) + max(chars, 0)

    def __getitem__(self, kind: str) -> int:
        return self.kinds.get(kind, 0)


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


@contextmanager
def markdown_work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    work = Work()

    def wrap(kind: str, cls: type, name: str, measure: Callable[..., int]) -> None:
        original = cls.__dict__[name]

        def counting(*args: Any) -> Any:
            result = original(*args)
            work.add(kind, f"{cls.__name__}.{name}", measure(result, *args))
            return result

        monkeypatch.setattr(cls, name, counting)

    # getText: from `index` to the end it returns (or the end of data when unmatched).
    wrap("inline", LinkInlineProcessor, "getText", lambda r, _s, data, index: r[1] - index)
    # getLink: to its end, or to the end of data when it failed or took the fallback.
    wrap(
        "inline",
        LinkInlineProcessor,
        "getLink",
        lambda r, _s, data, index: (
            r[2] - index
            if r[3] and (r[1] is not None or not set("'\"") & set(data[index : r[2]]))
            else len(data) - index
        ),
    )
    # find_code_spans: to the closing run when found, else to the end of the text.
    wrap(
        "inline",
        BacktickInlineProcessor,
        "find_code_spans",
        lambda r, _s, start, text: (r[1] if r[1] is not None else len(text)) - start,
    )
    for name in (
        "parse_starttag",
        "check_for_whole_start_tag",
        "parse_endtag",
        "parse_comment",
        "parse_pi",
        "parse_html_declaration",
        "parse_marked_section",
        "parse_bogus_comment",
    ):
        # Python-Markdown parses with its own copy of the stdlib parser, patched.
        owner = next(c for c in HTMLExtractor.__mro__ if name in vars(c))
        wrap("html", owner, name, lambda r, s, i, *_: (r if r >= 0 else len(s.rawdata)) - i)
    # Each inline match rebuilds the text it was found in.
    wrap(
        "rebuild",
        InlineProcessor,
        "_InlineProcessor__applyPattern",
        lambda r, _s, _pattern, data, *_: len(data) if r[1] else 0,
    )
    for processor in _all_subclasses(BlockProcessor):
        if "test" in vars(processor):
            wrap("blocks", processor, "test", lambda _r, _s, _parent, block: len(block))
    yield work
