"""The X server the real app draws on goes away (the session ends, Xvfb is killed):
the app ends by itself instead of hanging or spinning, its learning record opens
without being moved aside, and the next start on a new X server comes up to the tray
(no stale lock or socket left to refuse it). docs/reliability.md, issue 17."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import Xlib.error

from cuecard.platform.hotkey import HotkeyResult, register
from cuecard.store.db import open_db
from tests.e2e.conftest import _require_x, wait_for, xdo
from tests.e2e.test_tray_app import app_args, embedded_in_tray, start  # noqa: F401
from tests.e2e.xsession import XSession

pytestmark = pytest.mark.x11


@pytest.fixture
def sessions() -> Iterator[list[XSession]]:
    _require_x()
    made: list[XSession] = []
    yield made
    for session in made:
        session.stop()


def tray_icon(session: XSession) -> str | None:
    windows = xdo(session, "search", "--onlyvisible", "--classname", "cuecard").split()
    return next((w for w in windows if embedded_in_tray(session, w)), None)


def test_the_app_ends_with_its_x_server_and_starts_again_on_the_next(
    sessions: list[XSession],
    tmp_path: Path,
    app_args: list[str],  # noqa: F811
) -> None:
    data = tmp_path / "data"
    args = app_args
    first = XSession().start()
    sessions.append(first)
    app = start(first, args)
    try:
        wait_for(lambda: tray_icon(first), timeout=60, what="the tray icon")
        wait_for(lambda: (data / "cuecard.db").is_file(), what="the learning record")
        first.stop()  # trayer, openbox, then Xvfb itself
        try:
            code = app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.send_signal(signal.SIGABRT)  # its stack in the output, if faulthandler is on
            _, err = app.communicate(timeout=10)
            pytest.fail(f"the app outlived its X server by 30 s: {err[-3000:]}")
        assert app.stderr is not None
        assert "Traceback" not in app.stderr.read(), f"exit {code}"
    finally:
        if app.poll() is None:
            app.kill()
        app.wait()
    opened = open_db(data / "cuecard.db")
    try:
        assert opened.recovered_from is None, "the record was moved aside"
        assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        opened.db.conn.close()
    second = XSession().start()
    sessions.append(second)
    again = start(second, args)
    try:
        wait_for(lambda: tray_icon(second), timeout=60, what="the tray icon on the next start")
        assert again.poll() is None
    finally:
        again.kill()
        again.wait()


def silent_display() -> tuple[socket.socket, str]:
    """A TCP X display (port 6000 + n) that takes connections and never answers."""
    for number in range(150, 250):
        listener = socket.socket()
        try:
            listener.bind(("127.0.0.1", 6000 + number))
        except OSError:
            listener.close()
            continue
        listener.listen()
        return listener, f"127.0.0.1:{number}"
    pytest.skip("no free X display port")


def test_a_display_that_does_not_answer_cannot_hold_up_the_start(
    sessions: list[XSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What hung the app above when X went away during its start: pynput's wait() for
    its listener has no timeout, and register() called it on the GUI thread."""
    session = XSession(with_tray=False).start()
    sessions.append(session)
    monkeypatch.setenv("DISPLAY", session.display)
    from pynput import keyboard  # noqa: F401  (its X backend checks the display on import)

    server, display = silent_display()
    monkeypatch.setenv("DISPLAY", display)
    results: list[HotkeyResult] = []
    # pynput's listener thread waits on the silent display until it closes, then ends
    # with the closed connection: expected here, so kept from pytest's unhandled-thread
    # warning, and checked to be that and nothing else.
    raised: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    before = set(threading.enumerate())
    caller = threading.Thread(
        target=lambda: results.append(register("<ctrl>+<alt>+j", lambda: None)), daemon=True
    )
    try:
        caller.start()
        caller.join(60)
    finally:
        server.close()
    for thread in set(threading.enumerate()) - before:
        thread.join(10)
    assert results, "register() never returned"
    assert not results[0].active and "did not answer" in results[0].message
    assert all(isinstance(error, Xlib.error.ConnectionClosedError) for error in raised), raised
