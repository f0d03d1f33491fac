"""The just-in-time loop end to end: real app, real X server, tray, window manager."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cuecard.store.db import open_db
from tests.conftest import write_card
from tests.e2e.conftest import wait_for, xdo
from tests.e2e.xsession import XSession
from tests.watch.x11_driver import X11Driver

pytestmark = pytest.mark.x11
DRIVER = Path(__file__).with_name("app_driver.py")
BUDGET = "Quarterly budget.ods - LibreOffice Calc"
Record = dict[str, object]


class AppProcess:
    """The app under test; its JSON reports are collected on a reader thread."""

    def __init__(self, session: XSession, args: list[str]) -> None:
        # A file, not a pipe nobody reads: a chatty app would block on a full pipe.
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by kill)
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *args],
            env=session.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            bufsize=1,
        )
        self.records: queue.Queue[Record] = queue.Queue()
        self.seen: list[Record] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.records.put(json.loads(line))

    def wait(self, predicate: Callable[[Record], bool], what: str, timeout: float = 20) -> Record:
        for record in self.seen:
            if predicate(record):
                self.seen.remove(record)
                return record
        while True:
            try:
                record = self.records.get(timeout=timeout)
            except queue.Empty:
                self.stderr.seek(0)
                tail = self.stderr.read()[-2000:]
                pytest.fail(f"app never reported {what}; saw {self.seen[-8:]}; stderr: {tail}")
            if predicate(record):
                return record
            self.seen.append(record)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def where(self, name: str) -> tuple[int, int]:
        self.send(f"where {name}")
        reply = self.wait(
            lambda r: r.get("reply") == "where" and r.get("name") == name, f"where {name}"
        )
        assert reply["x"] is not None, f"{name} is not on screen"
        return int(reply["x"]), int(reply["y"])  # type: ignore[call-overload]

    def quit(self) -> list[Record]:
        """Quit; returns every report not consumed by `wait` (to check for absences)."""
        self.send("quit")
        assert self.process.wait(timeout=20) == 0
        self.reader.join(timeout=10)
        while not self.records.empty():
            self.seen.append(self.records.get())
        return self.seen

    def recorded(self, kind: str, timeout: float = 5.0) -> bool:
        """True when the app records an event of `kind` within `timeout` seconds."""
        try:
            self.wait(lambda r: r.get("event") == "recorded" and r["kind"] == kind, kind, timeout)
        except pytest.fail.Exception:
            return False
        return True

    def click_until_recorded(self, session: XSession, name: str, kind: str) -> None:
        """Click widget `name` until the app records `kind`: a click can land while the
        window is still being placed by the window manager."""
        for _ in range(3):
            click(session, self.where(name))
            if self.recorded(kind):
                return
        pytest.fail(f"clicking {name} never recorded {kind}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[list[str], Path]:
    root = tmp_path / "pack"
    write_card(
        root,
        "freeze.md",
        "---\nminutes: 2\nwhen:\n  - title: '*Quarterly budget*'\n"
        "---\n# Freeze the header row\n\n## Select row 2\nClick it.\n\n"
        "## Freeze\nView > Freeze.\n",
    )
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    data = tmp_path / "data"
    return ["--data-dir", str(data), "--config", str(settings), "--content", str(root)], data


@pytest.fixture
def apps() -> Iterator[list[AppProcess]]:
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.kill()


def start(session: XSession, args: list[str], apps: list[AppProcess]) -> AppProcess:
    app = AppProcess(session, args)
    apps.append(app)
    app.wait(lambda r: r.get("event") == "indexed", "its trigger index")
    return app


def click(session: XSession, point: tuple[int, int]) -> None:
    xdo(session, "mousemove", str(point[0]), str(point[1]), "click", "1")


def toasts(session: XSession) -> str:
    """Ids of the visible nudge toasts (their titles start with "Cuecard: ")."""
    return xdo(session, "search", "--onlyvisible", "--name", "^Cuecard: ")


def active(session: XSession) -> str:
    return xdo(session, "getactivewindow")


def decided(card: str | None = None, reason: str | None = None) -> Callable[[Record], bool]:
    return lambda r: (
        r.get("event") == "decided"
        and (card is None or r["card"] == card)
        and (reason is None or r["reason"] == reason)
    )


def test_nudge_without_focus_then_show_steps_done_and_only_a_hint_after_restart(
    x_with_tray: XSession, setup: tuple[list[str], Path], apps: list[AppProcess]
) -> None:
    args, data = setup
    x11 = X11Driver(x_with_tray)
    app = start(x_with_tray, args, apps)
    budget = x11.open_window("xterm", BUDGET, "Budget")
    user_window = active(x_with_tray)
    app.wait(decided(card="freeze"), "a nudge for the budget window")
    toast = wait_for(
        lambda: xdo(
            x_with_tray, "search", "--onlyvisible", "--name", "^Cuecard: Freeze the header row$"
        ),
        what="the toast",
    )
    assert toast
    for _ in range(5):
        assert active(x_with_tray) == user_window, "the toast must not take focus"
    classes = subprocess.run(
        ["xprop", "-id", str(toast).split()[0], "WM_CLASS"],
        env=x_with_tray.env,
        capture_output=True,
        text=True,
    ).stdout
    assert '"cuecard"' in classes
    click(x_with_tray, app.where("showButton"))
    wait_for(
        lambda: xdo(
            x_with_tray, "search", "--onlyvisible", "--name", "^Freeze the header row — Cuecard$"
        ),
        what="the card window",
    )
    app.click_until_recorded(x_with_tray, "step:0", "step_done")
    app.click_until_recorded(x_with_tray, "step:1", "step_done")
    app.click_until_recorded(x_with_tray, "done", "completed")
    app.quit()
    rows = (
        open_db(data / "cuecard.db")
        .db.execute("SELECT kind, card_id, value FROM events ORDER BY id")
        .fetchall()
    )
    assert rows == [
        ("shown", "freeze", "proactive"),
        ("opened", "freeze", None),
        ("step_done", "freeze", "0"),
        ("step_done", "freeze", "1"),
        ("completed", "freeze", None),
    ]
    x11.close(budget)
    # The first nudge was a moment ago: let the next one come without the 10-minute gap.
    Path(args[3]).write_text("content.builtin: false\nnudges.min_gap_minutes: 0\n")
    again = start(x_with_tray, args, apps)
    x11.open_window("xterm", BUDGET, "Budget")
    hint = again.wait(decided(card="freeze", reason="offer"), "a hint for a learned card")
    assert hint["offer"] == "hint"
    wait_for(lambda: toasts(x_with_tray), what="the hint toast")
    # "I've got it": done without the steps, one more step towards no nudge at all.
    again.click_until_recorded(x_with_tray, "laterButton", "completed")
    again.quit()


def test_fullscreen_window_gets_no_nudge(
    x_with_tray: XSession, setup: tuple[list[str], Path], apps: list[AppProcess]
) -> None:
    args, _ = setup
    # A long dwell: the window must not earn a nudge before its fullscreen state is seen.
    Path(args[3]).write_text("content.builtin: false\nnudges:\n  dwell_seconds: 60\n")
    x11 = X11Driver(x_with_tray)
    app = start(x_with_tray, args, apps)
    slides = x11.open_window("xterm", BUDGET, "Budget")
    x11.set_fullscreen(slides, True)
    app.wait(decided(reason="quiet: a fullscreen window is active"), "quiet for fullscreen")
    rest = app.quit()
    assert not any(r.get("card") for r in rest if r.get("event") == "decided")


def test_snoozed_app_gets_no_nudge(
    x_with_tray: XSession, setup: tuple[list[str], Path], apps: list[AppProcess]
) -> None:
    args, _ = setup
    x11 = X11Driver(x_with_tray)
    app = start(x_with_tray, args, apps)
    app.send("snooze 3600")
    app.wait(lambda r: r.get("reply") == "snooze", "the snooze")
    x11.open_window("xterm", BUDGET, "Budget")
    app.wait(decided(reason="snoozed"), "silence while snoozed")
    assert not toasts(x_with_tray)
    app.quit()


def test_hotkey_opens_the_offered_card_then_cards_for_the_window(
    x_with_tray: XSession, setup: tuple[list[str], Path], apps: list[AppProcess]
) -> None:
    args, _ = setup
    x11 = X11Driver(x_with_tray)
    app = start(x_with_tray, args, apps)
    started = app.wait(lambda r: r.get("event") == "started", "start-up")
    assert "Ctrl+Alt+Space" in str(started["hotkey"])
    x11.open_window("xterm", BUDGET, "Budget")
    app.wait(decided(card="freeze"), "a nudge")
    wait_for(
        lambda: toasts(x_with_tray),
        what="the toast",
    )
    xdo(x_with_tray, "key", "ctrl+alt+space")
    card_window = wait_for(
        lambda: xdo(
            x_with_tray, "search", "--onlyvisible", "--name", "^Freeze the header row — Cuecard$"
        ),
        what="the card opened by the hotkey",
    )
    assert not toasts(x_with_tray)
    xdo(x_with_tray, "windowactivate", "--sync", str(card_window).split()[0])
    xdo(x_with_tray, "key", "Escape")
    wait_for(
        lambda: (
            not xdo(
                x_with_tray,
                "search",
                "--onlyvisible",
                "--name",
                "^Freeze the header row — Cuecard$",
            )
        ),
        what="the card to close",
    )
    x11.open_window("xterm", "Another " + BUDGET, "Budget")
    app.wait(
        lambda r: r.get("event") == "window" and str(r.get("title")).startswith("Another"),
        "the new window",
    )
    xdo(x_with_tray, "key", "ctrl+alt+space")
    wait_for(
        lambda: xdo(
            x_with_tray, "search", "--onlyvisible", "--name", "^Freeze the header row — Cuecard$"
        ),
        what="the card for this window, pulled by the hotkey",
    )
    app.quit()
