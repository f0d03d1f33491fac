"""Python-Markdown with a bound on its work: linear in the source, whatever the markup.

Two parts. The pre-pass (`markdown_prepass`) defuses whole-document hazards before
parsing. A work budget covers the inline scanners that look ahead from each candidate
with a Python loop: the link processors' bracket and parenthesis scans (every unclosed
`[` scans to the end of its paragraph, six processors over) and the code-span scan
(every unclosed backtick run does the same). Each scan is charged to the budget, which
allows `BUDGET_PER_CHAR` characters of scanning per source character; a scan the
budget cannot pay for is cut where the budget ends and treated as finding nothing, so
that bracket or backtick shows literally. Real cards use a small fraction of it, so
they render exactly as before; hostile ones stop costing once it is spent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.inlinepatterns import (
    BacktickInlineProcessor,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from cuecard.content import markdown_prepass as prepass

BUDGET_PER_CHAR = 16
BUDGET_BASE = 65_536
_TICKS = re.compile("`+")
# The inline patterns Python-Markdown runs with our extensions, and every character one
# of them can start a match with: text without any of these needs none of them.
INLINE_PATTERNS = frozenset(
    {"backtick", "keys-custom", "escape", "reference", "link", "image_link", "entity"}
    | {"image_reference", "short_reference", "short_image_ref", "autolink", "automail"}
    | {"linebreak", "html", "keys", "em_strong", "delimiter"}
)
_INLINE_STARTS = re.compile(r"[`\\\[!<&*_~+]|  \n")


@dataclass(frozen=True)
class GuardReport:
    """What the guard did in one render: scanning done and allowed, characters shown
    literally by the pre-pass, blocks shown as plain text."""

    scanned: int
    budget: int
    exhausted: bool
    neutralised: int
    plain_blocks: int


class WorkBudget:
    """Characters the inline scanners may still look at."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0
        self.exhausted = False

    @property
    def room(self) -> int:
        return max(0, self.limit - self.spent)

    def charge(self, scanned: int, cut: bool = False) -> None:
        self.spent += scanned
        self.exhausted |= cut


class _BudgetedLinks:
    """getText/getLink of the link processors, run on at most `budget.room` characters."""

    budget: WorkBudget

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        room = self.budget.room
        if len(data) - index <= room:
            text, end, handled = super().getText(data, index)  # type: ignore[misc]
            self.budget.charge(end - index)
            return text, end, handled
        # The budget cannot pay for a scan to the end: look as far as it can, once.
        text, end, handled = super().getText(data[index : index + room], 0)  # type: ignore[misc]
        self.budget.charge(room, cut=True)
        return text, index + end, handled

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        room = self.budget.room
        window = len(data) - index
        whole = window <= room
        window = min(window, room)
        sub = data if whole else data[index : index + room]
        href, title, end, handled = super().getLink(sub, index if whole else 0)  # type: ignore[misc]
        end = end if whole else end + index
        linked = data[index:end]
        # Without quotes the scan stops at `end`; with one it may have gone to the end.
        exact = handled and (title is not None or ("'" not in linked and '"' not in linked))
        self.budget.charge(end - index if exact and whole else window, cut=not whole)
        return href, title, end, handled


def _budgeted(cls: type[LinkInlineProcessor]) -> type[LinkInlineProcessor]:
    return type(f"Budgeted{cls.__name__}", (_BudgetedLinks, cls), {})


class BudgetedBacktick(BacktickInlineProcessor):  # type: ignore[misc]
    """Code spans, with each scan for the closing backticks charged to the budget."""

    budget: WorkBudget

    def find_code_spans(self, start: int, text: str) -> tuple[int, int | None]:
        ticks = _TICKS.match(text, start)
        count = len(ticks.group(0)) if ticks else 0
        room = self.budget.room
        whole = len(text) - start <= room
        sub = text if whole else text[start : start + room]
        begin, end = super().find_code_spans(start if whole else 0, sub)
        offset = 0 if whole else start
        exact = end is not None and begin - (start - offset) == count
        if not whole:
            self.budget.charge(len(sub), cut=True)
        elif exact and end is not None:
            self.budget.charge(end + count - start)
        else:
            self.budget.charge(len(sub) - start)
        if exact and end is not None:
            return begin + offset, end + offset
        if whole:
            return begin, end
        return start + count, None


class BlockQueue:
    """The list of blocks Python-Markdown's block parser works through, taking and putting
    back at the front only (`blocks[0]`, `pop(0)`, `insert(0, x)`): kept reversed, so
    each is O(1) rather than moving every other block. 20,000 one-line paragraphs moved
    400 million list slots (every paragraph is taken and put back once by the reference
    processor before the paragraph processor takes it)."""

    def __init__(self, blocks: list[str]) -> None:
        self._reversed = blocks[::-1]

    def __getitem__(self, index: int) -> str:
        if index != 0:
            raise IndexError("only the first block is available")
        return self._reversed[-1]

    def pop(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("only the first block can be taken")
        return self._reversed.pop()

    def insert(self, index: int, block: str) -> None:
        if index != 0:
            raise IndexError("blocks go back at the front only")
        self._reversed.append(block)

    def __len__(self) -> int:
        return len(self._reversed)


_LINK_PROCESSORS: dict[str, tuple[type[LinkInlineProcessor], int]] = {
    "reference": (ReferenceInlineProcessor, 170),
    "link": (LinkInlineProcessor, 160),
    "image_link": (ImageInlineProcessor, 150),
    "image_reference": (ImageReferenceInlineProcessor, 140),
    "short_reference": (ShortReferenceInlineProcessor, 130),
    "short_image_ref": (ShortImageReferenceInlineProcessor, 125),
}


class _Prepass(Preprocessor):  # type: ignore[misc]
    """Runs after whitespace normalisation, before raw HTML (fenced code is done here)."""

    def __init__(self, md: markdown.Markdown, guard: GuardExtension) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        neutraliser = prepass.Neutraliser.for_text(text)
        if neutraliser is None:  # the text uses every private-use character we could
            return [self.md.htmlStash.store(prepass.plain_block_html(text))]
        self.guard.neutraliser = neutraliser
        result = self.guard.defuse(text, neutraliser, self.md.htmlStash.store)
        self.guard.neutralised += result.neutralised
        self.guard.plain_blocks += result.plain_blocks
        return result.text.split("\n")


class _Restore(Postprocessor):  # type: ignore[misc]
    def __init__(self, md: markdown.Markdown, guard: GuardExtension) -> None:
        super().__init__(md)
        self.guard = guard

    def run(self, text: str) -> str:
        neutraliser = self.guard.neutraliser
        return neutraliser.restore_html(text) if neutraliser is not None else text


class GuardExtension(Extension):  # type: ignore[misc]
    """Registers the pre-pass, the budgeted processors and the stand-in restoring."""

    def __init__(self, budget: WorkBudget, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget = budget
        self.neutraliser: prepass.Neutraliser | None = None
        self.neutralised = 0
        self.plain_blocks = 0
        self.fenced: FencedBlockPreprocessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        fenced = md.preprocessors["fenced_code_block"]
        assert isinstance(fenced, FencedBlockPreprocessor)
        self.fenced = fenced  # run block by block from the pre-pass, not over the text
        md.preprocessors.deregister("fenced_code_block")
        md.preprocessors.register(_Prepass(md, self), "cuecard_prepass", 29)
        md.postprocessors.register(_Restore(md, self), "cuecard_restore", 0)
        for name, (cls, priority) in _LINK_PROCESSORS.items():
            current = md.inlinePatterns[name]
            assert type(current) is cls, f"unexpected {name} processor {type(current)}"
            processor = _budgeted(cls)(current.pattern, md)
            processor.budget = self.budget
            md.inlinePatterns.register(processor, name, priority)
        backtick = BudgetedBacktick(md.inlinePatterns["backtick"].pattern)
        backtick.budget = self.budget
        md.inlinePatterns.register(backtick, "backtick", 190)
        self._skip_plain_text(md)
        parse_blocks = md.parser.parseBlocks

        def parse_queued(parent: Any, blocks: list[str]) -> None:
            parse_blocks(parent, BlockQueue(blocks) if isinstance(blocks, list) else blocks)

        md.parser.parseBlocks = parse_queued

    @staticmethod
    def _skip_plain_text(md: markdown.Markdown) -> None:
        """Text with no character an inline pattern starts with goes past all 17 of
        them at once: 20,000 one-word paragraphs made 340,000 pattern searches."""
        names = {item.name for item in md.inlinePatterns._priority}
        assert names == INLINE_PATTERNS, f"inline patterns changed: {names ^ INLINE_PATTERNS}"
        assert "em_strong" in names and set(md.inlinePatterns["em_strong"].tokens) <= {"*", "_"}
        inline = md.treeprocessors["inline"]
        handle = inline._InlineProcessor__handleInline

        def handle_marked(data: str, pattern_index: int = 0) -> str:
            if _INLINE_STARTS.search(data) is None:
                return data
            result: str = handle(data, pattern_index)
            return result

        inline._InlineProcessor__handleInline = handle_marked

    def reset(self) -> None:
        self.neutraliser = None

    def opening_fence(self, line: str, fence: str) -> bool:
        """Whether fenced_code opens a block at `line` (given a closing `fence` later):
        its regex matches the line, and it does not skip it for bad attributes."""
        assert self.fenced is not None
        match = self.fenced.FENCED_BLOCK_RE.match(f"{line}\n{fence}")
        attrs = match.group("attrs") if match else None
        return match is not None and not (attrs and get_attrs_and_remainder(attrs)[1])

    def fence_html(self, block: str) -> str:
        """What fenced_code leaves of one fenced block: its placeholder between blank
        lines (the code itself goes to the HTML stash)."""
        assert self.fenced is not None
        return "\n".join(self.fenced.run(block.split("\n")))

    def defuse(
        self, text: str, neutraliser: prepass.Neutraliser, stash: Callable[[str], str]
    ) -> prepass.PrepassResult:
        return prepass.defuse(text, neutraliser, stash, self.opening_fence, self.fence_html)


class GuardedMarkdown:
    """A Markdown converter for one card: every section shares one work budget."""

    def __init__(self, extensions: list[str], source_chars: int) -> None:
        self.budget = WorkBudget(BUDGET_PER_CHAR * source_chars + BUDGET_BASE)
        self.guard = GuardExtension(self.budget)
        self.md = markdown.Markdown(extensions=[*extensions, self.guard], output_format="html")

    def convert(self, source: str) -> str:
        self.md.reset()
        html: str = self.md.convert(source)
        return html

    @property
    def report(self) -> GuardReport:
        return GuardReport(
            self.budget.spent,
            self.budget.limit,
            self.budget.exhausted,
            self.guard.neutralised,
            self.guard.plain_blocks,
        )
