"""Search relevance on the sample pack and on a generated library, and the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.search.engine import (
    SearchEngine,
    fts_query,
    make_snippet,
    snippet_html,
    word_pattern,
)
from cuecard.store.db import open_db
from cuecard.store.searches import top_missed_searches
from tests.conftest import REPO, write_card


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[LibrarySnapshot, SearchEngine]:
    cache = tmp_path_factory.mktemp("cache") / "index.sqlite"
    snapshot = ContentLibrary([REPO / "content"], IndexCache(cache)).load()
    return snapshot, SearchEngine(cache)


def ids(found: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.card.id for hit in found]


def test_exact_title_first(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    assert ids(engine.search("Freeze the header row", snapshot.cards))[0] == (
        "spreadsheet/freeze-header"
    )


def test_prefix_as_you_type(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    for typed in ("pi", "piv", "pivo", "pivot"):
        assert "spreadsheet/pivot-table" in ids(engine.search(typed, snapshot.cards)), typed


def test_typo_in_title(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    found = engine.search("frezee", snapshot.cards)
    assert ids(found)[0] == "spreadsheet/freeze-header" and found[0].fuzzy


def test_tag_and_body_phrase(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    assert "video-call/share-one-window" in ids(engine.search("screen-sharing", snapshot.cards))
    body = engine.search("grep", snapshot.cards)
    assert ids(body)[0] == "terminal/find-files-and-text"
    assert "<b>" in body[0].snippet_html


def test_current_app_ranks_higher(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    plain = ids(engine.search("shortcuts", snapshot.cards))
    boosted = ids(engine.search("shortcuts", snapshot.cards, boost={"writer/shortcuts"}))
    assert boosted[0] == "writer/shortcuts" and plain[0] != "writer/shortcuts"


def test_nothing_and_hostile_queries(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    assert engine.search("", snapshot.cards) == []
    assert engine.search("qqqqzzzz", snapshot.cards) == []
    for hostile in ('"', "AND OR NOT", "*", 'a"b*(', "NEAR(a b)", "ü" * 300):
        engine.search(hostile, snapshot.cards)  # never raises


def test_snippet_skips_the_title_the_result_already_shows(
    sample: tuple[LibrarySnapshot, SearchEngine],
) -> None:
    snapshot, engine = sample
    [hit, *_] = engine.search("freeze", snapshot.cards)
    assert hit.card.title == "Freeze the header row"
    assert "the header row" not in hit.snippet_html
    assert "<b>freeze</b>" in hit.snippet_html.lower()
    assert make_snippet("Tip One x", word_pattern(["tip"]), "S", title="Tip") == "S"


def test_query_building_and_snippets() -> None:
    assert fts_query("Pivot  tab!") == '"pivot"* "tab"*'
    assert fts_query("!!") is None
    assert snippet_html("a <b> \ue000x\ue001") == "a &lt;b&gt; <b>x</b>"


def test_hot_reload_keeps_the_index_in_step(tmp_path: Path) -> None:
    root = tmp_path / "c"
    card = write_card(root, "a.md", "# Alpha\n\nAbout zebras.\n")
    cache = tmp_path / "index.sqlite"
    library = ContentLibrary([root], IndexCache(cache))
    library.load()
    engine = SearchEngine(cache)
    assert ids(engine.search("zebras", library.snapshot.cards)) == ["a"]
    card.write_text("# Alpha\n\nAbout giraffes.\n", encoding="utf-8")
    library.apply_changes([card])
    assert engine.search("zebras", library.snapshot.cards) == []
    assert ids(engine.search("giraffes", library.snapshot.cards)) == ["a"]
    card.unlink()
    library.apply_changes([card])
    assert engine.search("giraffes", library.snapshot.cards) == []


def test_generated_library(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench" / "content"))
    from generate import generate

    root = tmp_path / "gen"
    generate(root, 600)
    cache = tmp_path / "index.sqlite"
    snapshot = ContentLibrary([root], IndexCache(cache)).load()
    engine = SearchEngine(cache)
    target = snapshot.cards["bench/00123"]
    assert ids(engine.search(target.title, snapshot.cards))[0] == "bench/00123"
    assert all(h.card.id in snapshot.cards for h in engine.search("table", snapshot.cards))


def test_search_command_and_missed_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main(["search", "pivot", "--json", "--limit", "3", *data]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["id"] == "spreadsheet/pivot-table"
    assert set(records[0]) == {"id", "title", "summary", "minutes", "tags", "path", "score"}
    assert main(["search", "Quantum", "Knitting", *data]) == 0
    assert main(["search", "quantum  knitting", *data]) == 0
    assert "No card matches" in capsys.readouterr().out
    db = open_db(tmp_path / "cuecard.db").db
    assert top_missed_searches(db) == [("quantum knitting", 2)]


def test_snippet_starts_on_a_whole_word() -> None:
    body = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda target word"
    snippet = make_snippet(body, word_pattern(["target"]), "S", width=30)
    assert snippet.startswith("…") and snippet[1:].split()[0] in body.split()
    assert "<b>target</b>" in snippet
