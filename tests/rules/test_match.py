"""Matching and ranking on real libraries written to tmp_path, and on the sample pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.content.library import ContentLibrary
from cuecard.content.patterns import compile_pattern
from cuecard.models import WindowInfo
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import Learner, match_window
from cuecard.watch.privacy import PrivacyRules
from tests.conftest import REPO, write_card


def card(root: Path, name: str, front: str) -> None:
    write_card(root, f"{name}.md", f"---\n{front}\n---\n# {name}\n\nBody.\n")


@pytest.fixture
def library(tmp_path: Path) -> ContentLibrary:
    root = tmp_path / "c"
    card(root, "app-only", "when: [{app: soffice.bin}]")
    card(root, "app-title", 'when: [{app: [Soffice.bin.EXE], title: "*LibreOffice Calc"}]')
    card(root, "title-regex", 'when: [{title: "re:^Meet\\\\s[-–]"}]')
    card(root, "class-glob", 'when: [{class: "libreoffice-*"}]')
    card(root, "hostile", 'when: [{title: "re:(a+)+$"}]')
    card(root, "far", 'when: [{title: "re:X{3}$"}]')
    card(root, "needs", "when: [{app: soffice.bin}]\nrequires: [app-only]")
    card(root, "finance", "when: [{app: soffice.bin}]\naudience: [finance]")
    card(root, "tagged", "tags: [terminal]")
    write_card(root, "rules.yaml", "- when: [{app: xterm}]\n  show: [tag:terminal]\n")
    lib = ContentLibrary([root])
    lib.load()
    return lib


def ids(
    library: ContentLibrary, app: str, title: str, cls: str = "", learner: Learner | None = None
) -> list[str]:
    snapshot = library.snapshot
    index = TriggerIndex.from_snapshot(snapshot)
    return [c.card.id for c in match_window(index, snapshot.cards, app, title, cls, learner)]


def test_app_and_title_beat_app_alone(library: ContentLibrary) -> None:
    found = ids(library, "soffice.bin", "Budget.ods - libreoffice calc")
    assert found[0] == "app-title"
    assert set(found) == {"app-title", "app-only", "needs", "finance"}
    assert ids(library, "soffice.bin", "Budget.odt - LibreOffice Writer")[0] != "app-title"


def test_globs_are_case_insensitive_and_whole(library: ContentLibrary) -> None:
    assert "class-glob" in ids(library, "other", "x", "LibreOffice-Calc")
    assert "class-glob" not in ids(library, "other", "x", "my-libreoffice-calc")


def test_regex_searches_and_hostile_patterns_are_linear(library: ContentLibrary) -> None:
    assert "title-regex" in ids(library, "chrome", "Meet – abc-defg-hij")
    assert "title-regex" not in ids(library, "chrome", "Google Meet")
    hostile_title = "a" * 999 + "!"
    assert "hostile" not in ids(library, "x", hostile_title)  # returns at once on RE2
    assert "hostile" in ids(library, "x", "aaaa")


def test_the_whole_title_is_matched_however_long(library: ContentLibrary) -> None:
    assert "far" in ids(library, "x", "a" * 990 + "XXX")
    assert "far" in ids(library, "x", "a" * 1500 + "XXX")
    assert "far" in ids(library, "x", "a" * 100_000 + "XXX")
    assert "far" not in ids(library, "x", "a" * 100_000 + "XX")


def test_rules_yaml_expands_tags(library: ContentLibrary) -> None:
    assert ids(library, "xterm", "bash") == ["tagged"]


def test_rank_audience_prerequisites_completed(library: ContentLibrary) -> None:
    learner = Learner(roles=frozenset({"finance"}), completed=frozenset({"app-only"}))
    found = ids(library, "soffice.bin", "Doc", learner=learner)
    # all three are app-only triggers: finance fits and needs has its prerequisite now
    assert found.index("finance") < found.index("app-only")
    assert found.index("needs") < found.index("app-only"), "completed cards rank last"
    stranger = ids(library, "soffice.bin", "Doc", learner=Learner())
    assert stranger.index("finance") > stranger.index("app-only"), "audience misfit ranks low"


def test_sample_pack_matches_real_windows() -> None:
    snapshot = ContentLibrary([REPO / "content"]).load()
    index = TriggerIndex.from_snapshot(snapshot)
    calc = match_window(
        index, snapshot.cards, "soffice.bin", "Q3 budget.ods - LibreOffice Calc", "libreoffice-calc"
    )
    assert calc and all(c.card.id.startswith("spreadsheet/") for c in calc)
    code = match_window(index, snapshot.cards, "code", "app.py - repo - Visual Studio Code", "Code")
    assert {c.card.id for c in code} >= {"code-editor/command-palette-multi-cursor"}
    assert match_window(index, snapshot.cards, "gedit", "notes.txt - gedit", "Gedit") == []


def test_match_command_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(
        [
            "match",
            "--app",
            "soffice.bin",
            "--title",
            "x - LibreOffice Calc",
            "--class",
            "libreoffice-calc",
            "--json",
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["id"].startswith("spreadsheet/")
    assert set(records[0]) == {"id", "title", "score", "trigger", "support"}
    assert {r["support"] for r in records} == {"full"}, "a new learner gets full cards"
    assert records == sorted(records, key=lambda r: -r["score"])


def test_titles_with_newlines_match_whole(library: ContentLibrary) -> None:
    """A title can hold newlines (X11 and browsers pass them through): `*` and `.` cross
    them, in the trigger index and in privacy exclusions alike."""
    assert ids(library, "soffice.bin", "Budget\n2027.ods - LibreOffice Calc")[0] == "app-title"
    assert "far" in ids(library, "x", "line one\nline two XXX")
    title = "Notes\nmore — Mozilla Firefox Private Browsing"
    assert PrivacyRules.create().excludes(WindowInfo(app="firefox", title=title))
    assert compile_pattern("re:^Notes.more").matches(title)
    assert compile_pattern("* — Mozilla Firefox Private Browsing").matches(title)


def test_a_pattern_over_the_length_limit_is_refused_and_named(tmp_path: Path) -> None:
    from cuecard.content.patterns import MAX_PATTERN, PatternError, pattern_error

    assert compile_pattern("*" * MAX_PATTERN).matches("any title")
    too_long = "\0\0K!*" * 2000  # the fuzzed rules file: a glob of 2,000 stars
    with pytest.raises(PatternError, match="10,000 characters long; at most 1,000"):
        compile_pattern(too_long)
    assert pattern_error(too_long) == "it is 10,000 characters long; at most 1,000"
    # An author sees it in the card's problems, with the line, and the card still loads.
    write_card(
        tmp_path,
        "long.md",
        f"---\ntitle: Long\nwhen:\n  - app: gedit\n    title: '{'x*' * 600}'\n---\nBody\n",
    )
    from cuecard.content.library import ContentLibrary

    snapshot = ContentLibrary([tmp_path]).load()
    assert [c.title for c in snapshot.cards.values()] == ["Long"]
    messages = [(p.line, p.message) for p in snapshot.problems]
    assert messages == [
        (4, "trigger 'title' pattern is too long: it is 1,200 characters long; at most 1,000")
    ]
