"""lint.py and `cuecard lint`: text and JSON output, stale cards, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.lint import LintReport, lint_snapshot, stale_problems
from cuecard.models import Level, Problem
from tests.content.helpers import write

TODAY = date.today()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No real settings, data dir or working folder of the machine running the tests."""
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(tmp_path / "no-site.yaml"))
    monkeypatch.setenv("CUECARD_CONFIG", str(tmp_path / "no-user.yaml"))
    monkeypatch.setenv("CUECARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    write(tmp_path / "good/a.md", "# A\n\nbody\n")
    write(tmp_path / "good/b.md", "---\nrequires: [a]\n---\n# B\n\nbody\n")
    return tmp_path / "good"


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    write(tmp_path / "bad/long.md", "---\ntitle: Long\nminutes: 20\nlayout: post\n---\nbody\n")
    write(tmp_path / "bad/typed.md", "---\nwhen: 5\n---\nbody\n")
    return tmp_path / "bad"


def stale_root(tmp_path: Path) -> Path:
    root = tmp_path / "stale"
    write(root / "old.md", "---\nowner: ana@x\nreviewed: 2020-01-01\nreview_every: 30d\n---\nbody")
    write(root / "fresh.md", f"---\nreviewed: {TODAY.isoformat()}\nreview_every: 30d\n---\nbody")
    write(root / "unowned.md", "---\nreviewed: 2020-01-01\nreview_every: 1d\n---\nbody")
    write(root / "undated.md", "# Undated\n\nbody")
    return root


class TestReport:
    def test_text_format_and_order(self, bad: Path, tmp_path: Path) -> None:
        report = lint_snapshot(ContentLibrary([bad]).load(), TODAY)
        assert report.as_text(tmp_path).split("\n") == [
            "bad/long.md:3: error: minutes is 20; a card must take at most 10 minutes",
            "bad/long.md:4: warning: unknown key 'layout' ignored",
            "bad/typed.md:2: warning: 'when' should be a list of triggers ({app, title, class}), "
            "got 5; field ignored",
            "2 files checked, 2 cards: 1 error, 2 warnings",
        ]
        assert (report.errors, report.warnings, report.exit_code, report.cards) == (1, 2, 1, 2)
        assert report.files == 2

    def test_paths_outside_relative_folder_stay_absolute(self, bad: Path) -> None:
        text = lint_snapshot(ContentLibrary([bad]).load(), TODAY).as_text(Path("/elsewhere"))
        assert text.startswith(f"{bad / 'long.md'}:3: error: ")

    def test_json_format(self, bad: Path) -> None:
        data = json.loads(lint_snapshot(ContentLibrary([bad]).load(), TODAY).as_json())
        assert (data["cards"], data["errors"], data["warnings"]) == (2, 1, 2)
        assert data["problems"][0] == {
            "path": str(bad / "long.md"),
            "line": 3,
            "level": "error",
            "message": "minutes is 20; a card must take at most 10 minutes",
            "field": "minutes",
        }
        assert [p["field"] for p in data["problems"]] == ["minutes", "layout", "when"]

    def test_report_exit_codes(self) -> None:
        problem = Problem(Path("/a.md"), 1, Level.ERROR, "x")
        report = LintReport((problem,), 1)
        assert report.as_text().split("\n")[0] == "/a.md:1: error: x"
        assert report.exit_code == 1
        assert LintReport((Problem(Path("/a.md"), 1, Level.WARNING, "w"),), 1).exit_code == 0
        assert LintReport((), 0).exit_code == 0

    def test_duplicates_are_reported_once_and_sorted(self) -> None:
        late = Problem(Path("/b.md"), 1, Level.WARNING, "w")
        early = Problem(Path("/a.md"), 9, Level.ERROR, "e")
        report = lint_snapshot(LibrarySnapshot(problems=(late, early, late)), TODAY)
        assert report.problems == (early, late)
        assert report.cards == 0


class TestStale:
    def test_stale_cards_are_warnings(self, tmp_path: Path) -> None:
        root = stale_root(tmp_path)
        report = lint_snapshot(ContentLibrary([root]).load(), TODAY)
        assert [(p.path.name, p.line, p.level, p.message) for p in report.problems] == [
            (
                "old.md",
                0,
                Level.WARNING,
                "past its review date (2020-01-31, reviewed 2020-01-01); owner ana@x",
            ),
            (
                "unowned.md",
                0,
                Level.WARNING,
                "past its review date (2020-01-02, reviewed 2020-01-01); no owner",
            ),
        ]
        assert report.exit_code == 0

    def test_stale_as_error(self, tmp_path: Path) -> None:
        report = lint_snapshot(ContentLibrary([stale_root(tmp_path)]).load(), TODAY, True)
        assert [p.level for p in report.problems] == [Level.ERROR, Level.ERROR]
        assert report.exit_code == 1

    def test_stale_uses_given_day_and_pack_default(self, tmp_path: Path) -> None:
        write(tmp_path / "p/pack.yaml", "review_every: 10d\n")
        write(tmp_path / "p/c.md", "---\nreviewed: 2026-01-01\n---\nbody")
        snapshot = ContentLibrary([tmp_path / "p"]).load()
        assert stale_problems(snapshot, date(2026, 1, 11), Level.WARNING) == []
        [problem] = stale_problems(snapshot, date(2026, 1, 12), Level.WARNING)
        assert problem.message.startswith("past its review date (2026-01-11")
        assert problem.code == "reviewed"


class TestCommand:
    def test_clean_root_exits_zero(self, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", str(good)]) == 0
        assert capsys.readouterr().out == "2 files checked, 2 cards: 0 errors, 0 warnings\n"

    def test_errors_exit_one(self, bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", "bad"]) == 1
        out = capsys.readouterr().out.split("\n")
        assert out[0] == "bad/long.md:3: error: minutes is 20; a card must take at most 10 minutes"
        assert out[-2] == "2 files checked, 2 cards: 1 error, 2 warnings"

    def test_warnings_only_exit_zero(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        write(tmp_path / "warn/a.md", "---\nfoo: bar\n---\nbody")
        assert main(["lint", "warn"]) == 0
        assert capsys.readouterr().out.startswith("warn/a.md:2: warning: unknown key 'foo'")

    def test_json_output(self, bad: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", str(good), str(bad), "--format", "json"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert set(data) == {"files", "cards", "errors", "warnings", "problems"}
        assert (data["files"], data["cards"], data["errors"], data["warnings"]) == (4, 4, 1, 2)
        for problem in data["problems"]:
            assert set(problem) == {"path", "line", "level", "message", "field"}
            assert problem["level"] in ("error", "warning")

    def test_stale_as_error_flag(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        root = stale_root(tmp_path)
        assert main(["lint", str(root)]) == 0
        assert "stale/old.md:0: warning: past its review date" in capsys.readouterr().out
        assert main(["lint", str(root), "--stale-as-error"]) == 1
        assert "stale/old.md:0: error: past its review date" in capsys.readouterr().out

    def test_same_id_in_two_roots_warns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        write(tmp_path / "first/calc/x.md", "# Old\n\nbody")
        write(tmp_path / "second/calc/x.md", "# New\n\nbody")
        assert main(["lint", "first", "second"]) == 0
        assert capsys.readouterr().out.split("\n")[:2] == [
            f"first/calc/x.md:0: warning: id 'calc/x' is overridden by "
            f"{Path.cwd() / 'second/calc/x.md'} (root {Path.cwd() / 'second'})",
            "2 files checked, 1 card: 0 errors, 1 warning",
        ]

    def test_missing_folder_exits_two(self, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["lint", str(good), "missing"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == "cuecard: missing is not a folder; give a content root folder.\n"

    def test_file_instead_of_folder_exits_two(self, good: Path) -> None:
        assert main(["lint", str(good / "a.md")]) == 2

    def test_lint_writes_no_cache(self, good: Path, tmp_path: Path) -> None:
        main(["lint", str(good)])
        assert not (tmp_path / "data").exists()

    def test_unknown_format_is_usage_error(self, good: Path) -> None:
        with pytest.raises(SystemExit) as exit_info:
            main(["lint", str(good), "--format", "xml"])
        assert exit_info.value.code == 2


def test_report_splits_every_problem_by_root(tmp_path: Path) -> None:
    """Per root: card, pack, cross-reference and stale-card problems all count."""
    write(tmp_path / "r1/a.md", "---\nminutes: 30\nfoo: 1\nrequires: [ghost]\n---\n# A\n\nbody\n")
    write(tmp_path / "r1/old.md", "---\nreviewed: 2020-01-01\nreview_every: 30d\n---\n# Old\n\nx\n")
    write(tmp_path / "r2/b.md", "# B\n\nbody\n")
    write(tmp_path / "r2/rules.yaml", "- when: {app: x}\n  show: [nobody]\n")
    write(tmp_path / "r2/pack.yaml", "name: [\n")
    report = lint_snapshot(ContentLibrary([tmp_path / "r1", tmp_path / "r2"]).load(), TODAY)
    one, two = report.roots
    # r1: minutes and requires are errors; the unknown key and the stale card warnings.
    assert (one.path, one.files, one.cards, one.errors, one.warnings) == (
        tmp_path / "r1",
        2,
        2,
        2,
        2,
    )
    # r2: the unknown rule target and the broken pack.yaml are errors.
    assert (two.path, two.files, two.cards, two.errors, two.warnings) == (
        tmp_path / "r2",
        3,
        1,
        2,
        0,
    )
    assert (report.files, report.cards) == (5, 3)
    assert (report.errors, report.warnings) == (one.errors + two.errors, 2)
