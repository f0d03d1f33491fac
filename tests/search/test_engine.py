"""Search relevance on the sample pack and on a generated library, and the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.search.engine import SearchEngine
from cuecard.search.highlight import Matcher, Segment, body_snippet, flatten
from cuecard.search.plan import Correction, plan_query
from cuecard.search.vocab import Vocabulary
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
    assert ids(found)[0] == "spreadsheet/freeze-header"
    assert found[0].corrections == (Correction("frezee", "freeze"),)


def test_tag_and_body_phrase(sample: tuple[LibrarySnapshot, SearchEngine]) -> None:
    snapshot, engine = sample
    assert "video-call/share-one-window" in ids(engine.search("screen-sharing", snapshot.cards))
    body = engine.search("grep", snapshot.cards)
    assert ids(body)[0] == "terminal/find-files-and-text"
    assert [s.text for s in body[0].snippet if s.hit][:1] == ["grep"]


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
    text = "".join(s.text for s in hit.snippet)
    assert "the header row" not in text
    assert "freeze" in [s.text.lower() for s in hit.snippet if s.hit]
    assert [s.text.lower() for s in hit.title if s.hit] == ["freeze"]
    tip = matcher_for("tip")
    assert body_snippet("Tip One x", tip, "S", title="Tip") == (Segment("S"),)


def matcher_for(query: str, vocabulary: tuple[str, ...] = ("tip", "target", "word")) -> Matcher:
    return Matcher(plan_query(query, Vocabulary(dict.fromkeys(vocabulary, 1), ())))


def test_plans_quote_every_word_for_fts() -> None:
    vocabulary = Vocabulary({"pivot": 3, "table": 3, "tables": 2}, ("pivot",))
    plan = plan_query("Pivot  tab!", vocabulary)
    assert [g.typed for g in plan.groups] == ["pivot", "tab"]
    assert plan.match_all() == '("pivot") AND ("tab"*)'
    assert plan_query("!!", vocabulary).match_all() is None
    hostile = plan_query('a"b*( NEAR(x y) {title}: OR', vocabulary).match_all() or ""
    assert all(part.startswith('("') for part in hostile.split(" AND "))
    assert '""' not in hostile and "{" not in hostile and "(x" not in hostile


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
    assert set(records[0]) == {
        "id",
        "title",
        "summary",
        "minutes",
        "tags",
        "path",
        "score",
        "corrections",
    }
    assert records[0]["corrections"] == []
    assert main(["search", "pivto", "--json", "--limit", "1", *data]) == 0
    [corrected] = json.loads(capsys.readouterr().out)
    assert corrected["id"] == "spreadsheet/pivot-table"
    assert corrected["corrections"] == [{"typed": "pivto", "used": "pivot"}]
    assert main(["search", "pivto", *data]) == 0
    assert "Showing results for 'pivot'" in capsys.readouterr().out
    assert main(["search", "Quantum", "Knitting", *data]) == 0
    assert main(["search", "quantum  knitting", *data]) == 0
    assert "No card matches" in capsys.readouterr().out
    db = open_db(tmp_path / "cuecard.db").db
    assert top_missed_searches(db) == [("quantum knitting", 2)]


def test_snippet_starts_on_a_whole_word() -> None:
    body = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda " * 3 + "target word"
    snippet = body_snippet(body, matcher_for("target"), "S")
    text = "".join(s.text for s in snippet)
    assert text.startswith("…") and text[1:].split()[0] in body.split()
    assert [s.text for s in snippet if s.hit] == ["target"]


def test_snippet_keeps_headings_and_list_lines_apart_from_the_next_block() -> None:
    body = (
        "Frozen rows stay at the top while the rest of the sheet scrolls.\n"
        "Freeze just the top row\n"
        "Calc: View > Freeze Cells > Freeze First Row.\n"
        "Click the cell just below the last row and just right of the last column you want\n"
        "to keep visible: A3 keeps rows 1-2.\n"
    )
    text = "".join(s.text for s in body_snippet(body, matcher_for("target", ("freeze",)), "S"))
    assert text == "S"  # no match: the summary
    snippet = body_snippet(body, matcher_for("freeze", ("freeze",)), "S")
    text = "".join(s.text for s in snippet)
    assert "Freeze just the top row · Calc: View" in text
    assert "scrolls. Freeze just" in text  # a sentence's end needs no separator
    assert (
        flatten("last column you want\nto keep visible") == "last column you want to keep visible"
    )
