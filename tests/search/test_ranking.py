"""Ranking for task phrasings (issue 11, second round): how well known a name is, a
passage that says the task, a title matching only part of the query, and answers that
lack one of the query's words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.search import engine as engine_module
from cuecard.search.engine import OPTIONAL_UP_TO, SearchEngine, SearchHit
from cuecard.search.passage import coverage
from cuecard.search.rank import RENOWN_FLOOR, SUBCOMMAND, renown
from tests.search.conftest import build

FILLER = " ".join(f"word{n}" for n in range(40))


def titles(found: list[SearchHit]) -> list[str]:
    return [hit.card.title for hit in found]


def search(
    tmp_path: Path, cards: dict[str, tuple[str, str]], query: str, limit: int = 20
) -> list[str]:
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", cards)
    return titles(SearchEngine(tmp_path / "i.sqlite").search(query, snapshot.cards, limit))


def test_a_name_other_cards_mention_ranks_above_an_obscure_one(tmp_path: Path) -> None:
    # Same summary; 'lc' would come first by the tie-break (same length, alphabetical).
    cards = {
        "wc": ("Count lines, words and bytes.", "wc -l file"),
        "lc": ("Count lines, words and bytes.", "lc -l file"),
        "grep": ("Find patterns.", "Count matches: grep pattern file | wc -l"),
        "ls": ("List files.", "Count them: ls | wc -l"),
        "find": ("Find files.", "Count them: find . | wc -l"),
    }
    assert search(tmp_path, cards, "count lines")[:2] == ["wc", "lc"]


def test_renown_grows_with_mentions_and_halves_for_subcommands() -> None:
    counts = {("wc",): 0, ("tar",): 3, ("git",): 500, ("git", "commit"): 500}
    mentioned = counts.__getitem__
    assert renown("wc", mentioned, 100) == 0.0
    assert 0.0 < renown("tar", mentioned, 100) < 1.0
    assert renown("git", mentioned, 100) == 1.0
    assert renown("git commit", mentioned, 100) == SUBCOMMAND
    # Mentions count fully from RENOWN_FLOOR on in a small library.
    assert renown("tar", lambda _: RENOWN_FLOOR, 100) == 1.0
    assert renown("", mentioned, 100) == 0.0


def test_a_passage_saying_the_task_ranks_above_scattered_words(tmp_path: Path) -> None:
    # Both bodies hold the words once and are as long; 'aa' comes first on a tie.
    cards = {
        "aa": ("A tool.", f"list {FILLER} running {FILLER} processes"),
        "zz": ("A tool.", f"List running processes: zz aux {FILLER} {FILLER}"),
    }
    assert search(tmp_path, cards, "list running processes") == ["zz", "aa"]


class NeverRead(list[str]):
    """A text whose words a test expects not to be read."""

    def __iter__(self) -> Iterator[str]:
        pytest.fail("read")


def test_coverage_of_a_window() -> None:
    weights = {0: 1.0, 1: 1.0, 2: 2.0}
    held = {"list": {0: 1.0}, "running": {1: 1.0}, "processes": {2: 0.5}}
    near = ["list", "running", "processes"]
    apart = ["list", *["x"] * 29, "running", *["x"] * 29, "processes"]
    assert coverage(held, near, weights) == pytest.approx(0.75)
    assert coverage(held, apart, weights) == pytest.approx(0.25)  # the best word
    # Nothing can beat the floor: the text's words are never read.
    assert coverage(held, NeverRead(), weights, floor=0.8) == 0.0


def test_a_title_holding_one_word_of_a_task_does_not_beat_its_answer(tmp_path: Path) -> None:
    # The title 'make' is one of three query words, and 'new' has the synonym 'make':
    # neither a synonym in a title nor a third of the query makes it the name asked
    # for (the whole-title bonus follows the share of words it holds, squared).
    cards = {
        "make": ("Task runner for targets described in Makefile.", "Make a target: make all"),
        "mkdir": ("Create directories.", "Create specific directories: mkdir path"),
    }
    assert search(tmp_path, cards, "make a new directory")[0] == "mkdir"


def test_an_answer_lacking_one_word_of_the_task_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a large library, where 'remove' and 'lines' are in too many cards for the
    # any-word pass to be ranked: only a pass over all words but one finds uniq.
    monkeypatch.setattr(engine_module, "OPTIONAL_UP_TO", 5)
    cards = {f"strip{n}": (f"Remove lines matching pattern {n}.", "Plain.") for n in range(6)}
    cards["uniq"] = ("Collapse adjacent equal lines.", "Display only duplicated lines: uniq -d")
    assert "uniq" in search(tmp_path, cards, "remove duplicate lines", limit=3)
    # While the last word is still short, that pass waits (keystroke cost).
    assert "uniq" not in search(tmp_path / "typing", cards, "remove duplicate li", limit=3)


def test_how_do_i_undo_my_last_commit_finds_the_git_card(tmp_path: Path) -> None:
    # A title that is one of the words ('undo', 'last') loses to the card whose summary
    # and example say the task.
    cards = {
        "git reset": (
            "Undo commits or unstage changes by moving HEAD.",
            "Undo the last commit, keeping its changes: git reset HEAD~",
        ),
        "git commit": ("Record changes to the repository.", "Commit staged files: git commit"),
        "git revert": ("Create commits that reverse earlier ones.", "git revert HEAD"),
        "last": ("Show the last logged in users.", "last"),
        "undo": ("Undo the last edit of a text buffer.", "Press u"),
        "git log": ("Show the commit history.", "Show the last commit: git log -1"),
    }
    assert search(tmp_path, cards, "how do I undo my last commit")[0] == "git reset"


@pytest.mark.parametrize("settled", [False, True])
def test_a_card_named_by_one_of_the_words_is_ranked_among_many_holding_all(
    tmp_path: Path, settled: bool
) -> None:
    # Many short names say "edit" and "file" in their summaries and run the well-known
    # `edit` in their examples; the card named "edit" says no other word of the query.
    # The cards holding every word filled the pool by title length, and too many hold
    # "file" for the pass over cards holding any word (OPTIONAL_UP_TO): the card named
    # by a word was never looked at.
    cards = {
        f"e{n:03d}": (f"Edit the {n}th kind of file.", f"Then open it: `edit out{n}.txt`")
        for n in range(OPTIONAL_UP_TO + 10)
    }
    cards["edit"] = ("A text editor for the terminal.", "Open a document: `edit notes.txt`")
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", cards)
    engine = SearchEngine(tmp_path / "i.sqlite")
    found = titles(engine.search("edit a file", snapshot.cards, 20, settled=settled))
    assert found[0] == "edit", found
