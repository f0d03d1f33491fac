"""Every relative link and image in the Markdown docs points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = sorted(
    {
        REPO / "README.md",
        *REPO.glob("docs/*.md"),
        *REPO.glob("packaging/**/*.md"),
        *REPO.glob("resources/**/*.md"),
    }
)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")
# [text](target) or ![alt](target "title"), not an escaped \[.
LINK = re.compile(r"(?<!\\)!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def relative_targets(text: str) -> list[str]:
    """The link targets that name a file in the repository (no URL, no bare anchor)."""
    text = CODE.sub("", FENCE.sub("", text))
    targets = []
    for match in LINK.finditer(text):
        target = match[1]
        if re.match(r"^[a-zA-Z][a-zA-Z+.-]*:", target) or target.startswith("#"):
            continue
        targets.append(target.split("#", 1)[0])
    return targets


def test_the_link_finder_sees_links_and_skips_code_and_urls() -> None:
    text = (
        "![Shot](docs/a.png) [doc](b.md#part) [web](https://x.org/) [here](#top)\n"
        "`[no](c.md)` \\[a](b)\n```\n[no](d.md)\n```\n"
    )
    assert relative_targets(text) == ["docs/a.png", "b.md"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(doc: Path) -> None:
    missing = [
        target
        for target in relative_targets(doc.read_text(encoding="utf-8"))
        if not (doc.parent / target).exists()
    ]
    assert missing == []
