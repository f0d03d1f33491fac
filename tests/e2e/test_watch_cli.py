"""`cuecard watch`, `cuecard trigger` and the doctor's watcher line on a real X server."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.e2e.xsession import XSession
from tests.tips.test_tips import installed_calc
from tests.watch.x11_driver import X11Driver

pytestmark = pytest.mark.x11


@pytest.fixture
def x11(x_without_tray: XSession) -> Iterator[X11Driver]:
    driver = X11Driver(x_without_tray)
    yield driver
    driver.close_all()


def cuecard(session: XSession, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cuecard", "--data-dir", str(tmp_path / "data"), *args],
        env=session.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_watch_once_json_and_trigger(x11: X11Driver, tmp_path: Path) -> None:
    x11.open_window("xterm", "Q3 budget.ods - LibreOffice Calc", "libreoffice-calc")
    result = cuecard(x11.session, tmp_path, "watch", "--once", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == "Q3 budget.ods - LibreOffice Calc"
    assert record["class"] == "libreoffice-calc"
    assert record["app"] == "xterm"
    assert set(record) == {"ts", "app", "title", "class", "pid", "fullscreen", "private", "element"}
    trigger = cuecard(x11.session, tmp_path, "trigger")
    assert trigger.returncode == 0, trigger.stderr
    entry = yaml.safe_load(trigger.stdout)["when"][0]
    assert entry == {"app": ["xterm"], "class": "libreoffice-calc", "title": "* - LibreOffice Calc"}


def test_watch_streams_changes_and_keeps_private_windows_private(
    x11: X11Driver, tmp_path: Path
) -> None:
    first = x11.open_window("xterm", "Stream one", "StreamTest")
    process = subprocess.Popen(
        [sys.executable, "-m", "cuecard", "--data-dir", str(tmp_path / "data"), "watch", "--json"],
        env=x11.session.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()

    def next_report() -> dict[str, object]:
        try:
            return dict(json.loads(lines.get(timeout=15)))
        except queue.Empty:
            pytest.fail("cuecard watch printed nothing for 15 s")

    try:
        assert next_report()["title"] == "Stream one"
        x11.open_window("xterm", "Passwords.kdbx - KeePassXC", "keepassxc")
        private = next_report()
        assert private["private"] is True
        assert private["title"] == "" and private["app"] == "" and private["class"] == ""
        x11.activate(first)
        assert next_report()["title"] == "Stream one"
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        errors = process.stderr.read()
    assert "KeePassXC" not in errors and "Stream one" not in errors, "titles never logged"


def test_doctor_reports_the_x11_watcher(x_without_tray: XSession, tmp_path: Path) -> None:
    result = cuecard(x_without_tray, tmp_path, "doctor")
    display = x_without_tray.display
    assert (
        f"window watcher  x11 (event-driven; chosen for an X11 session (DISPLAY={display}))"
        in result.stdout
    )


def test_new_tip_from_the_window_on_a_real_display(x11: X11Driver, tmp_path: Path) -> None:
    installed_calc()  # its desktop file names the app "LibreOffice Calc"
    x11.open_window("xterm", "Q3 budget.ods - LibreOffice Calc", "libreoffice-calc")
    opened = tmp_path / "editor-got.txt"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cuecard",
            "--data-dir",
            str(tmp_path / "data"),
            "new",
            "--from-window",
        ],
        env={**x11.session.env, "EDITOR": f"sh -c 'echo \"$0\" > {opened}'"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "data" / "content" / "tips" / "a-tip-for-libreoffice-calc.md"
    assert opened.read_text().strip() == str(draft), "the editor got the draft"
    front = yaml.safe_load(draft.read_text().split("---")[1])
    assert front["title"] == "A tip for LibreOffice Calc"
    assert front["when"] == [
        {"app": ["xterm"], "class": "libreoffice-calc", "title": "* - LibreOffice Calc"}
    ]
    found = cuecard(
        x11.session,
        tmp_path,
        "match",
        "--app",
        "xterm",
        "--title",
        "x - LibreOffice Calc",
        "--class",
        "libreoffice-calc",
        "--json",
    )
    assert str(front["id"]).startswith("tips/")
    assert front["id"] in [r["id"] for r in json.loads(found.stdout)]
