"""Share a tip: a draft prefilled from the window, in the user's own folder, lint-clean,
found by search once saved; `cuecard new` opens it in $VISUAL/$EDITOR."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.content.parse import parse_card_bytes
from cuecard.models import WindowInfo
from cuecard.store.db import open_db
from cuecard.tips.draft import draft_path, draft_text, tip_id
from cuecard.tips.editor import editor_command

ID = "tips/0a1b2c3d"
CALC = WindowInfo(
    app="soffice.bin", title="q3.ods - LibreOffice Calc", window_class="libreoffice-calc"
)


def parsed(text: str) -> tuple[object, list[str]]:
    result = parse_card_bytes(text.encode(), Path("/mine/tips/t.md"), Path("/mine"))
    return result.card, [p.message for p in result.problems]


def installed_calc() -> None:
    """LibreOffice Calc's desktop file, as its package installs it (the hermetic XDG)."""
    folder = Path(os.environ["XDG_DATA_HOME"]) / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "libreoffice-calc.desktop").write_text(
        "[Desktop Entry]\nName=LibreOffice Calc\nStartupWMClass=libreoffice-calc\n"
    )


def test_draft_from_a_window_is_a_clean_card_with_its_trigger(clock: FixedClock) -> None:
    installed_calc()  # the title names the app as the desktop does
    card, problems = parsed(draft_text(CALC, clock.today(), ID))
    assert problems == []
    assert card is not None
    assert card.title == "A tip for LibreOffice Calc"  # type: ignore[attr-defined]
    [trigger] = card.triggers  # type: ignore[attr-defined]
    assert (trigger.apps, trigger.title) == (("soffice.bin",), "* - LibreOffice Calc")
    assert card.reviewed == clock.today()  # type: ignore[attr-defined]
    assert card.step_count == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "window",
    [None, WindowInfo(app="", title="", private=True)],
    ids=["no window", "private window"],
)
def test_without_a_usable_window_no_trigger(clock: FixedClock, window: WindowInfo | None) -> None:
    card, problems = parsed(draft_text(window, clock.today(), ID))
    assert problems == [] and card is not None
    assert (card.title, card.triggers) == ("My tip", ())  # type: ignore[attr-defined]


def test_hostile_window_titles_make_a_valid_one_line_title(clock: FixedClock) -> None:
    window = WindowInfo(app="xterm", title='x - "quoted": # not a comment\u202e\n---\nid: evil')
    card, problems = parsed(draft_text(window, clock.today(), ID))
    assert card is not None and "id" not in [p for p in problems if "id" in p]
    assert card.id == ID  # type: ignore[attr-defined]
    assert "\n" not in card.title and "\u202e" not in card.title  # type: ignore[attr-defined]


def test_a_tip_has_a_random_id_that_says_nothing_about_the_window(clock: FixedClock) -> None:
    card, problems = parsed(draft_text(CALC, clock.today(), tip_id("C0FFEE42")))
    assert problems == [] and card is not None
    assert card.id == "tips/c0ffee42", "in the front matter, so a pack keeps it"  # type: ignore[attr-defined]
    assert tip_id("../x y") == "tips/xy"


def test_draft_files_never_overwrite(tmp_path: Path) -> None:
    first = draft_path(tmp_path, "A tip for Calc")
    first.parent.mkdir(parents=True)
    first.write_text("mine")
    assert draft_path(tmp_path, "A tip for Calc").name == "a-tip-for-calc-2.md"


def test_editor_choice() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano"}) == ["nano"]
    assert editor_command({}) is None


def test_cuecard_new_writes_opens_and_is_searchable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = tmp_path / "opened.txt"
    monkeypatch.setenv("EDITOR", f"sh -c 'echo \"$0\" > {opened}'")
    monkeypatch.delenv("VISUAL", raising=False)
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    args = ["--data-dir", str(tmp_path / "data"), "--config", str(settings)]
    assert main(["new", *args]) == 0
    out = capsys.readouterr().out
    draft = tmp_path / "data" / "content" / "tips" / "my-tip.md"
    assert str(draft) in out and draft.is_file()
    assert opened.read_text().strip() == str(draft), "the editor got the draft"
    assert (tmp_path / "data" / "content").stat().st_mode & 0o077 == 0
    [(kind, card_id)] = (
        open_db(tmp_path / "data" / "cuecard.db")
        .db.execute("SELECT kind, card_id FROM events")
        .fetchall()
    )
    assert kind == "tip_created" and re.fullmatch(r"tips/[0-9a-f]{8}", card_id)
    assert f"id: {json.dumps(card_id)}" in draft.read_text()
    draft.write_text(draft.read_text().replace("My tip", "Rename a sheet quickly"))
    assert main(["search", "rename sheet", "--json", *args]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in found] == [card_id]


def test_new_from_window_needs_a_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--from-window", "--data-dir", str(tmp_path)]) == 1
    assert "no window to take the trigger from" in capsys.readouterr().err
    assert not (tmp_path / "content").exists()
