"""Search that forgives (issue 11): typos of names, task phrasings, stop words, units."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.search.engine import SearchEngine, SearchHit
from cuecard.search.plan import Correction
from tests.conftest import write_card
from tests.search.conftest import build, command_card

Library = tuple[LibrarySnapshot, SearchEngine]


def titles(found: list[SearchHit]) -> list[str]:
    return [hit.card.title for hit in found]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("tarr", "tar"), ("dokcer", "docker"), ("pyhton", "python"), ("gti", "git")],
)
def test_a_typo_of_a_name_finds_it_first(commands: Library, typed: str, meant: str) -> None:
    snapshot, engine = commands
    found = engine.search(typed, snapshot.cards)
    assert titles(found)[0] == meant


@pytest.mark.parametrize("typed", ["tarr", "dokcer", "pyhton", "gti", "tar", "docker"])
def test_short_titles_never_win_on_part_of_a_longer_word(commands: Library, typed: str) -> None:
    snapshot, engine = commands
    top = titles(engine.search(typed, snapshot.cards))[:3]
    assert top and all(len(title) > 2 for title in top), top


def test_corrections_are_reported(commands: Library) -> None:
    snapshot, engine = commands
    results = engine.lookup("tarr", snapshot.cards)
    assert results.corrections == (Correction("tarr", "tar"),)
    assert results.showing_for == "tar"
    exact = engine.lookup("tar", snapshot.cards)
    assert exact.corrections == () and exact.showing_for == ""


def test_exact_matches_rank_above_corrected_ones(tmp_path: Path) -> None:
    # 'rsynk' is a rare word (one card), so it is also corrected to 'rsync': the card
    # with the typed word comes first, the one with the correction after it.
    snapshot = build(
        tmp_path / "c",
        tmp_path / "i.sqlite",
        {
            "backup": ("Copy files with rsync to a server.", "Nightly copies."),
            "mirror": ("Mirror files with rsynk to a server.", "Nightly mirrors."),
            "restore": ("Restore what rsync copied.", "Plain."),
        },
    )
    engine = SearchEngine(tmp_path / "i.sqlite")
    found = engine.search("rsynk", snapshot.cards)
    assert titles(found)[0] == "mirror" and set(titles(found)[1:]) == {"backup", "restore"}
    assert found[0].corrections == () and found[1].corrections == (Correction("rsynk", "rsync"),)


def test_a_word_in_one_body_ranks_above_a_correction_in_a_summary(tmp_path: Path) -> None:
    # What the sample content did: 'git' in one card's body ("Git Bash"); 'get' (one
    # edit away) in another's summary and all through its body, whose bm25 was worth as
    # much as the typed word's and put it first. 'it' (also one edit) is a stop word.
    snapshot = build(
        tmp_path / "c",
        tmp_path / "i.sqlite",
        {
            "Shell line editing": ("Move along the command line.", "Git Bash works too."),
            "Plan a sprint": ("Get a goal done.", "Get it done, get it shown, get going."),
            "Keep a log": ("Write down what you learn.", "Reread it later: it sticks."),
        },
    )
    engine = SearchEngine(tmp_path / "i.sqlite")
    results = engine.lookup("git", snapshot.cards)
    assert titles(list(results.hits)) == ["Shell line editing", "Plan a sprint"]
    assert results.showing_for == ""


def test_stop_words_are_not_required(commands: Library) -> None:
    snapshot, engine = commands
    assert titles(engine.search("how to create a user", snapshot.cards))[0] == "useradd"
    assert titles(engine.search("how do i delete a user", snapshot.cards))[0] == "userdel"


def test_task_phrasings_use_forms_and_synonyms(commands: Library) -> None:
    snapshot, engine = commands
    assert titles(engine.search("view system logs", snapshot.cards))[0] == "journalctl"
    assert titles(engine.search("remove users", snapshot.cards))[0] == "userdel"
    assert titles(engine.search("generate a key", snapshot.cards))[0] == "ssh-keygen"


@pytest.mark.parametrize("typed", ["ssh-keygen", "ssh keygen", "SSH Keygen", "ssh kegyen"])
def test_hyphenated_title_matches_as_a_unit(commands: Library, typed: str) -> None:
    snapshot, engine = commands
    assert titles(engine.search(typed, snapshot.cards))[:2] == ["ssh-keygen", "ssh"]


def test_whole_word_title_first(commands: Library) -> None:
    snapshot, engine = commands
    assert titles(engine.search("git", snapshot.cards))[:2] == ["git", "gitk"]
    assert titles(engine.search("tar", snapshot.cards))[:2] == ["tar", "tarcat"]


def test_prefixes_while_typing(commands: Library) -> None:
    snapshot, engine = commands
    assert titles(engine.search("doc", snapshot.cards))[0] == "docker"
    assert titles(engine.search("jour", snapshot.cards))[0] == "journalctl"
    assert titles(engine.search("t", snapshot.cards))[0] == "tar"
    assert titles(engine.search("ssh ke", snapshot.cards))[0] == "ssh-keygen"


def test_title_above_tags_above_summary_above_body(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write_card(root, "a.md", command_card("in body", "Plain.", "A zebra crossing."))
    write_card(root, "b.md", command_card("in summary", "A zebra.", "Plain."))
    write_card(root, "c.md", command_card("in tags", "Plain.", "Plain.", ("zebra",)))
    write_card(root, "d.md", command_card("zebra in title", "Plain.", "Plain."))
    snapshot = ContentLibrary([root], IndexCache(tmp_path / "i.sqlite")).load()
    engine = SearchEngine(tmp_path / "i.sqlite")
    assert titles(engine.search("zebra", snapshot.cards)) == [
        "zebra in title",
        "in tags",
        "in summary",
        "in body",
    ]


def test_words_nothing_has_are_reported_and_the_rest_searched(commands: Library) -> None:
    snapshot, engine = commands
    results = engine.lookup("tar qqqq", snapshot.cards)
    assert results.unknown == ("qqqq",)
    assert titles(list(results.hits))[0] == "tar"
    assert engine.lookup("qqqq zzzz", snapshot.cards).hits == ()


def test_hostile_and_huge_queries(commands: Library) -> None:
    snapshot, engine = commands
    for hostile in ('"', "AND OR NOT", "*", 'a"b*(', "NEAR(a b)", "tar*)", "{title}: tar"):
        engine.search(hostile, snapshot.cards)  # never raises
    huge = " ".join(["tarr", "x" * 5000, "ü" * 3000] * 2000)
    assert titles(engine.search(huge, snapshot.cards))[0] == "tar"


def test_new_words_are_found_at_once_and_corrected_once_read(tmp_path: Path) -> None:
    root = tmp_path / "c"
    cache = tmp_path / "i.sqlite"
    snapshot = build(root, cache, {"alpha": ("About nothing.", "Plain.")})
    engine = SearchEngine(cache)
    assert engine.search("alpha", snapshot.cards)  # vocabulary read
    library = ContentLibrary([root], IndexCache(cache))
    library.load()
    card = write_card(root, "beta.md", command_card("beta", "About quokkas.", "Plain."))
    changed = library.apply_changes([card])
    # The vocabulary is a moment old: the new word is still searched as typed.
    assert titles(engine.search("quokkas", changed.cards)) == ["beta"]
    engine.prepare(changed.cards)
    engine._prepared.wait()
    assert titles(engine.search("qoukkas", changed.cards)) == ["beta"]
