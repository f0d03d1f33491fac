"""`cuecard watch` and `cuecard trigger` show the focused element (real bus, real app)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from tests.a11y.conftest import start_app
from tests.a11y.session import A11ySession, DemoApp

pytestmark = pytest.mark.x11


def cuecard(
    session: A11ySession, tmp_path: Path, *args: str, config: str = ""
) -> subprocess.CompletedProcess[str]:
    settings = tmp_path / "settings.yaml"
    settings.write_text(config or "content.builtin: false\n")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cuecard",
            "--data-dir",
            str(tmp_path / "d"),
            "--config",
            str(settings),
            *args,
        ],
        env=session.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_watch_once_shows_the_focused_field_and_trigger_writes_dialog_and_control(
    a11y: A11ySession, apps: list[DemoApp], tmp_path: Path
) -> None:
    app = start_app(a11y, apps, "qt")
    app.send("dialog")
    result = cuecard(a11y, tmp_path, "watch", "--once", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == "Insert Pivot Table"
    assert record["element"] == {
        "role": "text",
        "name": "Source range",
        "dialog": "Insert Pivot Table",
        "native_role": "text",
    }
    assert "Sheet1" not in result.stdout, "a text field's value was shown"
    assert not a11y.tree_enabled(), "the tree is switched off again after the look"
    trigger = cuecard(a11y, tmp_path, "trigger")
    assert trigger.returncode == 0, trigger.stderr
    entry = yaml.safe_load(trigger.stdout)["when"][0]
    assert entry["dialog"] == "Insert Pivot Table"
    assert entry["control"] == "Source range"
    assert entry["class"] == "pivotdemo"
    assert "title" not in entry  # the dialog stands for the dialog window's title
    # The entry is a valid trigger that fits what the author was looking at.
    card = tmp_path / "pack" / "pivot.md"
    card.parent.mkdir()
    card.write_text("---\n" + trigger.stdout + "---\n# Pivot\n\nBody.\n")
    match = cuecard(
        a11y,
        tmp_path,
        "match",
        "--app",
        entry["app"][0],
        "--class",
        "pivotdemo",
        "--dialog",
        "Insert Pivot Table",
        "--control",
        "Source range",
        "--json",
        "--content",
        str(card.parent),
    )
    assert [r["id"] for r in json.loads(match.stdout)] == ["pivot"]


def test_watch_streams_focus_changes_but_never_a_private_window_s(
    a11y: A11ySession, apps: list[DemoApp], tmp_path: Path
) -> None:
    app = start_app(a11y, apps, "qt")
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\nprivacy:\n  exclude_titles: ['*Pivot Table*']\n")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cuecard",
            "--data-dir",
            str(tmp_path / "d"),
            "--config",
            str(settings),
            "watch",
            "--json",
        ],
        env=a11y.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()

    def until(predicate: object, what: str) -> dict[str, object]:
        seen = []
        while True:
            try:
                record = dict(json.loads(lines.get(timeout=15)))
            except queue.Empty:
                pytest.fail(f"cuecard watch never printed {what}; printed {seen}")
            seen.append(record)
            if predicate(record):  # type: ignore[operator]
                return record

    try:
        element = until(lambda r: r["element"], "the focused field")["element"]
        assert element["name"] == "Search"  # type: ignore[index]
        app.send("dialog")  # titled "Insert Pivot Table": private by the settings
        private = until(lambda r: r["private"], "the private dialog")
        assert private["element"] is None and private["title"] == ""
        app.send("focus destination")
        app.send("close")
        back = until(lambda r: r["element"] and not r["private"], "the main window's field")
        assert back["element"]["name"] == "Search"  # type: ignore[index]
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "Destination" not in err


def test_doctor_says_when_and_why_the_tree_is_switched_on(
    a11y: A11ySession, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pivot.md").write_text(
        "---\nwhen: [{class: pivotdemo, dialog: Insert Pivot Table}]\n---\n# Pivot\n\nBody.\n"
    )
    result = cuecard(a11y, tmp_path, "doctor", "--json", "--content", str(pack))
    [check] = [c for c in json.loads(result.stdout)["checks"] if c["name"] == "accessibility"]
    assert check["ok"], check
    assert "1 card or rule names dialogs or controls" in check["detail"]
    assert "switches the accessibility tree on" in check["detail"]
    assert "AT-SPI bus running" in check["detail"] and "off now" in check["detail"]
    assert not a11y.tree_enabled(), "the doctor only looks"
