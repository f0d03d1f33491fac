"""A settled search chooses, among the many cards holding every word in their short
fields, the best by a quick judgement, not the shortest titles alone."""

from __future__ import annotations

from pathlib import Path

from cuecard.search.engine import SearchEngine
from tests.search.conftest import build
from tests.search.test_ranking import titles


def test_the_card_saying_the_words_themselves_is_weighed_once_settled(tmp_path: Path) -> None:
    # 320 cards hold 'download' only through a word related to it ('install'): too many
    # for a body pass, and 40 of them have shorter names than the one card that says
    # 'download' itself (as tldr-pages' co, ci and mc did for wget).
    names = [f"q{n:02d}" for n in range(40)] + [f"qq{n:04d}" for n in range(280)]
    cards = {name: (f"Install a file of kind {name}.", f"{name} path") for name in names}
    cards["fetch"] = ("Download a file from the web.", "fetch url")
    snapshot = build(tmp_path / "cards", tmp_path / "index.sqlite", cards)
    engine = SearchEngine(tmp_path / "index.sqlite")
    settled = titles(engine.search("download a file", snapshot.cards, settled=True))
    assert settled[0] == "fetch"
    # While typing, a keystroke's budget weighs the 30 shortest names only.
    assert "fetch" not in titles(engine.search("download a file", snapshot.cards))
