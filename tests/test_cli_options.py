"""Global options before and after the command: nothing given in either place is lost.

--content accumulates from both places in the order given; for --data-dir and --config
the last one given wins (so one given after the command beats one given before it), and
an option beats its environment variable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuecard.cli import GlobalOptions, build_parser, global_options, main
from tests.conftest import write_card

# The fewest arguments each command needs; a new command with required arguments must be
# added here, so that the loop below covers every command.
REQUIRED_ARGUMENTS: dict[str, list[str]] = {
    "preview": ["card.md"],
    "log": ["list"],
    "export": ["out.json"],
    "search": ["query"],
    "done": ["some-id"],
    "rate": ["some-id", "up"],
    "sync": ["status"],
    "pack": ["keygen", "key.pem"],
}


def commands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if a.dest == "command"]
    return sorted(actions[0].choices or {})


def parsed(before: list[str], command: str, after: list[str]) -> GlobalOptions:
    argv = [*before, command, *REQUIRED_ARGUMENTS.get(command, []), *after]
    return global_options(build_parser().parse_args(argv))


def test_every_command_is_covered() -> None:
    assert {"lint", "doctor", "run", "preview", "rate"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_content_accumulates_from_both_places(command: str) -> None:
    a1, a2, b1, b2 = Path("a1"), Path("a2"), Path("b1"), Path("b2")
    assert parsed([], command, []).content == ()
    assert parsed(["--content", "a1"], command, []).content == (a1,)
    assert parsed([], command, ["--content", "b1"]).content == (b1,)
    assert parsed(["--content", "a1"], command, ["--content", "b1"]).content == (a1, b1)
    both = parsed(
        ["--content", "a1", "--content", "a2"],
        command,
        ["--content", "b1", "--content", "b2"],
    )
    assert both.content == (a1, a2, b1, b2)


@pytest.mark.parametrize("command", commands())
@pytest.mark.parametrize("option", ["--data-dir", "--config"])
def test_single_valued_options_last_one_wins(command: str, option: str) -> None:
    field = option.lstrip("-").replace("-", "_")

    def value(before: list[str], after: list[str]) -> Path | None:
        result: Path | None = getattr(parsed(before, command, after), field)
        return result

    assert value([], []) is None
    assert value([option, "x"], []) == Path("x")
    assert value([], [option, "y"]) == Path("y")
    assert value([option, "x"], [option, "y"]) == Path("y")
    assert value([option, "x1", option, "x2"], []) == Path("x2")
    assert value([], [option, "y1", option, "y2"]) == Path("y2")
    assert value([option, "x1", option, "x2"], [option, "y"]) == Path("y")


def test_without_a_command() -> None:
    options = global_options(
        build_parser().parse_args(["--content", "a", "--content", "b", "--data-dir", "d"])
    )
    assert options == GlobalOptions((Path("a"), Path("b")), Path("d"), None)


def _lint_cards(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    main(argv)
    cards: int = json.loads(capsys.readouterr().out)["cards"]
    return cards


def test_lint_loads_roots_from_both_places(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    first, second = tmp_path / "first", tmp_path / "second"
    write_card(first, "one.md", "# One\n\nBody.\n")
    write_card(first, "two.md", "# Two\n\nBody.\n")
    write_card(second, "three.md", "# Three\n\nBody.\n")
    common = ["--config", str(settings), "--data-dir", str(data_dir)]
    argv = [*common, "--content", str(first), "lint", "--content", str(second)]
    assert _lint_cards([*argv, "--format", "json"], capsys) == 3


def test_config_after_the_command_wins(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_builtin, without = tmp_path / "with.yaml", tmp_path / "without.yaml"
    with_builtin.write_text("content.builtin: true\n")
    without.write_text("content.builtin: false\n")
    root = tmp_path / "root"
    write_card(root, "one.md", "# One\n\nBody.\n")
    base = ["--data-dir", str(data_dir), "--content", str(root)]
    only_root = ["lint", "--format", "json"]
    assert _lint_cards([*base, "--config", str(with_builtin), *only_root], capsys) > 1
    argv = [*base, "--config", str(with_builtin), *only_root, "--config", str(without)]
    assert _lint_cards(argv, capsys) == 1
    argv = [*base, "--config", str(without), *only_root, "--config", str(with_builtin)]
    assert _lint_cards(argv, capsys) > 1


def _doctor_data_dir(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main([*argv, "--json"])
    checks = json.loads(capsys.readouterr().out)["checks"]
    detail: str = next(c["detail"] for c in checks if c["name"] == "data dir")
    return detail


def test_data_dir_after_the_command_wins_and_beats_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    env_dir, before, after = tmp_path / "env", tmp_path / "before", tmp_path / "after"
    monkeypatch.setenv("CUECARD_DATA_DIR", str(env_dir))
    config = ["--config", str(settings)]
    assert str(env_dir) in _doctor_data_dir([*config, "doctor"], capsys)
    shown = _doctor_data_dir([*config, "--data-dir", str(before), "doctor"], capsys)
    assert str(before) in shown
    shown = _doctor_data_dir(
        [*config, "--data-dir", str(before), "doctor", "--data-dir", str(after)], capsys
    )
    assert str(after) in shown and str(before) not in shown


@pytest.mark.parametrize("where", ["before", "after", "environment"])
def test_a_relative_data_dir_is_taken_from_the_working_directory(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """`cuecard --data-dir rel/dir search x` from any folder (the search cache's file URI
    once needed an absolute path and crashed); the folder is fixed once, at start."""
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    root = tmp_path / "root"
    write_card(root, "zebra.md", "# Zebra crossing\n\nStripes.\n")
    monkeypatch.chdir(tmp_path)
    common = ["--config", str(settings), "--content", str(root)]
    search = ["search", "zebra", "--json"]
    if where == "before":
        argv = [*common, "--data-dir", "rel/dir", *search]
    elif where == "after":
        argv = [*common, *search, "--data-dir", "rel/dir"]
    else:
        monkeypatch.setenv("CUECARD_DATA_DIR", "rel/dir")
        argv = [*common, *search]
    assert main(argv) == 0
    assert "Zebra crossing" in capsys.readouterr().out
    assert (tmp_path / "rel" / "dir").is_dir()
    shown = _doctor_data_dir([*common, "--data-dir", "rel/../rel/dir", "doctor"], capsys)
    assert str(tmp_path / "rel" / "dir") in shown
