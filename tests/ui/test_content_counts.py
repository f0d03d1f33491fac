"""`cuecard lint`, `cuecard doctor` and the tray agree on the same folder's files, cards
and problems: all three show `content.lint.lint_snapshot`'s report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.wording import plural

GOOD = "---\ntitle: Good\n---\n# Good\n\nBody.\n"
BAD_FIELDS = "---\ntitle: Bad\nminutes: 99\nlayout: post\nwhen: 5\n---\n# Bad\n\nBody.\n"
UNPARSEABLE = "---\ntitle: [unclosed\n  : : what\n---\n# Broken\n\nBody.\n"
QuitAfter = Callable[[TrayController], TrayController]
RULES = "- when: {app: calc}\n  show: [no-such-card]\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """One good card, one with bad fields, one whose YAML cannot be parsed, plus a
    pack.yaml and a rules.yaml that names a card nobody wrote."""
    root = tmp_path / "three"
    write_card(root, "good.md", GOOD)
    write_card(root, "bad-fields.md", BAD_FIELDS)
    write_card(root, "unparseable.md", UNPARSEABLE)
    write_card(root, "pack.yaml", "name: Three\n")
    write_card(root, "rules.yaml", RULES)
    return root


@pytest.fixture
def options(folder: Path, data_dir: Path, tmp_path: Path) -> list[str]:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content:\n  builtin: false\n")
    return ["--config", str(settings), "--data-dir", str(data_dir), "--content", str(folder)]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(argv)
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_lint_doctor_and_tray_give_the_same_counts(
    qtbot: QtBot,
    folder: Path,
    options: list[str],
    data_dir: Path,
    tmp_path: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lint = _run([*options, "lint", "--format", "json"], capsys)
    problems = lint["problems"]
    assert isinstance(problems, list)
    named = {Path(p["path"]).name for p in problems}
    assert {"bad-fields.md", "unparseable.md", "rules.yaml"} <= named
    counts = (lint["files"], lint["cards"], lint["errors"], lint["warnings"])
    assert counts[:2] == (5, 2), "3 card files (one not loaded), pack.yaml and rules.yaml"
    errors, warnings = lint["errors"], lint["warnings"]
    assert isinstance(errors, int) and isinstance(warnings, int)
    assert errors >= 3 and warnings >= 2 and errors + warnings == len(problems)

    doctor = _run([*options, "doctor", "--json"], capsys)
    totals = doctor["content"]
    assert isinstance(totals, dict)
    assert (totals["files"], totals["cards"], totals["errors"], totals["warnings"]) == counts
    roots = doctor["content_roots"]
    assert isinstance(roots, list) and len(roots) == 1
    root = roots[0]
    assert (root["files"], root["cards"], root["errors"], root["warnings"]) == counts

    settings = tmp_path / "settings.yaml"
    context = AppContext.create(data_dir, settings, [folder], clock=clock)
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=False))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()
    shown = [
        {"path": str(p.path), "line": p.line, "level": p.level.value, "message": p.message}
        for p in controller.current_problems()
    ]
    assert shown == [{k: p[k] for k in ("path", "line", "level", "message")} for p in problems]
    assert controller.actions.problems.text() == f"Content problems ({errors + warnings})"


def test_text_outputs_name_the_same_counts(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    lint = _run([*options, "lint", "--format", "json"], capsys)
    summary = (
        f"{plural(lint['files'], 'file')} checked, {plural(lint['cards'], 'card')}: "
        f"{plural(lint['errors'], 'error')}, {plural(lint['warnings'], 'warning')}"
    )
    main([*options, "lint"])
    assert capsys.readouterr().out.rstrip().endswith(summary)
    main([*options, "doctor"])
    assert f"all roots: {summary}" in capsys.readouterr().out
