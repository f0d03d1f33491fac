"""The learning record, caches and exports are the user's alone, whatever the umask."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.private_files import (
    ensure_private_dir,
    private_file,
    tighten_tree,
    write_private_text,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """The common default that made everything group- and world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.lstat().st_mode & 0o777


def open_to_others(top: Path) -> dict[str, str]:
    return {
        str(path.relative_to(top.parent)): oct(mode(path))
        for path in (top, *top.rglob("*"))
        if mode(path) & 0o077
    }


def test_a_run_of_commands_leaves_nothing_others_can_read(
    tmp_path: Path, content_root: Path
) -> None:
    data = tmp_path / "home" / "share" / "cuecard"  # made from nothing, parents too
    settings = tmp_path / "settings.yaml"
    settings.write_text("content:\n  builtin: false\n")
    options = ["--data-dir", str(data), "--config", str(settings), "--content", str(content_root)]
    exports = tmp_path / "exports"
    exports.mkdir()
    for command in (
        ["log", "add", "a private note"],
        ["done", "calc/freeze"],
        ["search", "freeze"],
        ["search", "a private search that finds nothing"],
        ["export", str(exports / "record.json")],
        ["log", "export", str(exports / "log.md")],
        ["report", "--html", str(exports / "report.html")],
    ):
        assert main([*options, *command]) == 0, command
    names = {path.name for path in data.rglob("*")}
    assert {"cuecard.db", "cache", "index.sqlite"} <= names, names
    assert open_to_others(data) == {}
    assert mode(tmp_path / "home") == 0o700, "missing parents made 0700 (XDG base dirs)"
    assert {path.name: oct(mode(path)) for path in exports.iterdir()} == {
        "record.json": "0o600",
        "log.md": "0o600",
        "report.html": "0o600",
    }
    assert "a private note" in (exports / "log.md").read_text()


def test_an_install_left_open_by_an_older_version_is_closed(
    data_dir: Path, content_root: Path
) -> None:
    sqlite3.connect(data_dir / "cuecard.db").close()
    for name in ("window-state.ini", "cuecard.db.corrupt-20250101-000000"):
        (data_dir / name).write_text("private")
    for folder in ("cache", "logs", "content"):
        (data_dir / folder).mkdir()
    (data_dir / "cache" / "index.sqlite").write_text("")
    (data_dir / "logs" / "cuecard.log").write_text("")
    card = data_dir / "content" / "my-card.md"
    card.write_text("# Mine\n\nThe user's own file.\n")
    data_dir.chmod(0o755)
    before = open_to_others(data_dir)
    assert len(before) == 10, before
    assert main(["--data-dir", str(data_dir), "log", "list"]) == 0
    assert open_to_others(data_dir) == {"data/content/my-card.md": "0o644"}, (
        "all of ours closed; the user's own card files are left as they are"
    )


def test_exports_are_private_even_over_an_open_file(tmp_path: Path) -> None:
    out = tmp_path / "log.md"
    out.write_text("old")
    out.chmod(0o644)
    write_private_text(out, "new")
    assert out.read_text() == "new"
    assert mode(out) == 0o600
    write_private_text(Path(os.devnull), "to a device: no chmod")
    assert mode(Path(os.devnull)) == 0o666


def test_private_helpers_keep_what_is_not_ours_to_change(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "b")
    assert mode(folder) == 0o700 and mode(tmp_path / "a") == 0o700
    state = private_file(folder / "state.ini")
    assert mode(state) == 0o600 and state.read_text() == ""
    state.write_text("kept")
    assert private_file(state).read_text() == "kept", "an existing file is not emptied"
    outside = tmp_path / "outside.txt"
    outside.write_text("")
    outside.chmod(0o644)
    (folder / "link").symlink_to(outside)
    tighten_tree(tmp_path / "a")
    assert mode(outside) == 0o644, "links are not followed out of the tree"
