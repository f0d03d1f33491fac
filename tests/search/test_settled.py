"""A settled query (the palette after a pause, `cuecard search`) weighs wider pools
than a keystroke can afford: an answer holding few of a task's words in its short
fields, beyond the cards a keystroke ranks, is found once the query settles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.search.engine import SearchEngine
from tests.search.conftest import build

QUERY = "inspect archive contents"


def library() -> dict[str, tuple[str, str]]:
    # Forty short names that hold two of the three words in their summaries (more
    # than a keystroke ranks of such cards), and one longer, well-known name that holds
    # the same two but that every other card mentions.
    cards = {f"d{n:02}": ("Inspect an archive member.", "Nothing more.") for n in range(40)}
    cards["peruse"] = ("Inspect an archive.", "Lists what it holds: `peruse file.zip`")
    for n in range(40):
        cards[f"m{n:02}"] = ("Compress files.", f"Check the result with peruse (case {n}).")
    return cards


def titles(tmp_path: Path, settled: bool) -> list[str]:
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", library())
    engine = SearchEngine(tmp_path / "i.sqlite")
    try:
        hits = engine.search(QUERY, snapshot.cards, limit=10, settled=settled)
    finally:
        engine.close()
    return [hit.card.title for hit in hits]


def test_a_settled_query_finds_an_answer_beyond_a_keystrokes_pool(tmp_path: Path) -> None:
    typing, settled = titles(tmp_path / "t", False), titles(tmp_path / "s", True)
    assert "peruse" not in typing[:5], typing
    assert settled[0] == "peruse", settled


def test_the_search_command_gives_the_settled_ranking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path / "content", tmp_path / "unused.sqlite", library())
    options = ["--content", str(tmp_path / "content"), "--data-dir", str(tmp_path / "data")]
    assert main(["search", QUERY, "--json", *options]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == "peruse"
