"""The tests' own view of a real KWin: one-shot KWin scripts that answer over D-Bus.

KWin tells no client which window is active, so the tests ask it the way Cuecard does:
a script (the tests' own, under names of their own) calls back the name
org.cuecard.TestProbe, which this process owns on the session's bus. `run()` loads a
script, waits for its answer and unloads it; `record_activations()` keeps one loaded
that reports every activation, so a test can check what KWin did, not only the end state.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress

from cuecard.watch.wayland_dbus import BusClient, body_of, member_of

NAME = "org.cuecard.TestProbe"
PATH = "/Probe"
SCRIPTING = DBusAddress("/Scripting", bus_name="org.kde.KWin", interface="org.kde.kwin.Scripting")
TIMEOUT = 10.0
PRELUDE = """
function text(value) {
    if (value === undefined || value === null) { return ""; }
    if (typeof value === "string") { return value; }
    if (typeof ArrayBuffer !== "undefined" && value instanceof ArrayBuffer) {
        var bytes = new Uint8Array(value), out = "";
        for (var i = 0; i < bytes.length; i++) { out += String.fromCharCode(bytes[i]); }
        return out;
    }
    return String(value);
}
function windows() {
    return workspace.windowList ? workspace.windowList() : workspace.clientList();
}
function activeWindow() {
    return workspace.windowActivated ? workspace.activeWindow : workspace.activeClient;
}
function describe(w) {
    if (!w) { return null; }
    var g = w.frameGeometry;
    var order = workspace.stackingOrder || [];
    return {caption: text(w.caption), resourceClass: text(w.resourceClass), pid: w.pid,
            active: w.active, keepAbove: w.keepAbove, skipTaskbar: w.skipTaskbar,
            skipSwitcher: w.skipSwitcher, fullScreen: w.fullScreen,
            x: g.x, y: g.y, width: g.width, height: g.height, stacking: order.indexOf(w)};
}
"""


class KWinProbe:
    """See the module docstring; `folder` must be readable by KWin's user."""

    def __init__(self, bus_address: str, folder: Path, log: Callable[[], str] = str) -> None:
        self.folder = folder
        self.log = log  # the compositor's log, for failure messages
        self.inbox = BusClient.open_address(bus_address)
        assert self.inbox.request_name(NAME)
        self.calls = BusClient.open_address(bus_address)
        self.results: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.activations: list[dict[str, Any] | None] = []
        self.problems: list[str] = []
        self.lock = threading.Lock()
        self.count = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                message = self.inbox.next_message(timeout=None)
            except (OSError, ValueError):
                return
            kind, path, _, member = member_of(message)
            if kind != "method_call" or path != PATH:
                continue
            body = body_of(message)
            self.inbox.reply(message)
            try:
                if member == "Result":
                    self.results.put((str(body[0]), json.loads(str(body[1]))))
                elif member == "Activated":
                    with self.lock:
                        self.activations.append(json.loads(str(body[0])))
            except (IndexError, ValueError) as exc:
                self.problems.append(f"{member}{body!r}: {exc}")

    def _load(self, name: str, source: str) -> None:
        from jeepney import new_method_call

        path = self.folder / f"{name}.js"
        path.write_text(PRELUDE + source, encoding="utf-8")
        path.chmod(0o644)
        load = new_method_call(SCRIPTING, "loadScript", "ss", (str(path), name))
        assert int(self.calls.call(load)[0]) >= 0, f"KWin refused the test script {name}"
        # Not the script's own `run`: KWin may give it the number of another loaded
        # script (see cuecard.watch.wayland_kde); `start` runs whatever is not running.
        self.calls.call(new_method_call(SCRIPTING, "start"))

    def _unload(self, name: str) -> None:
        from jeepney import new_method_call

        self.calls.call(new_method_call(SCRIPTING, "unloadScript", "s", (name,)))

    def run(self, source: str) -> Any:
        """Run `source` inside KWin; it calls `answer(value)` once, and that is returned."""
        self.count += 1
        token = f"cuecard-test-probe-{self.count}"
        answer = (
            f'function answer(value) {{ callDBus("{NAME}", "{PATH}", "{NAME}", "Result", '
            f'"{token}", JSON.stringify(value === undefined ? null : value)); }}\n'
        )
        body = f"try {{ {source} }} catch (error) {{ answer({{error: String(error)}}); }}"
        self._load(token, answer + body)
        try:
            while True:
                try:
                    got, value = self.results.get(timeout=TIMEOUT)
                except queue.Empty:
                    pytest.fail(
                        f"KWin never ran the test script {token} ({self.problems}): {self.log()}"
                    )
                if got == token:
                    if isinstance(value, dict) and set(value) == {"error"}:
                        pytest.fail(f"the test script {token} failed in KWin: {value['error']}")
                    return value
        finally:
            self._unload(token)

    def windows(self) -> list[dict[str, Any]]:
        return list(self.run("answer(windows().map(describe));"))

    def active(self) -> dict[str, Any] | None:
        return self.run("answer(describe(activeWindow()));")  # type: ignore[no-any-return]

    def activate(self, pid: int) -> None:
        """Activate the window of `pid` as a click on it or Alt+Tab would."""
        done = self.run(
            f"var all = windows(), hit = false;"
            f"for (var i = 0; i < all.length; i++) {{ if (all[i].pid === {pid}) {{"
            f"  if (workspace.windowActivated) {{ workspace.activeWindow = all[i]; }}"
            f"  else {{ workspace.activeClient = all[i]; }} hit = true; }} }}"
            f"answer(hit);"
        )
        assert done, f"KWin has no window of pid {pid}"

    def set_fullscreen(self, pid: int, on: bool) -> None:
        """Make the window of `pid` fullscreen (or not), as the window menu would."""
        done = self.run(
            f"var all = windows(), hit = false;"
            f"for (var i = 0; i < all.length; i++) {{ if (all[i].pid === {pid}) {{"
            f"  all[i].fullScreen = {'true' if on else 'false'}; hit = true; }} }}"
            f"answer(hit);"
        )
        assert done, f"KWin has no window of pid {pid}"

    def record_activations(self) -> None:
        self._load(
            "cuecard-test-log",
            f"function seen(w) {{ callDBus('{NAME}', '{PATH}', '{NAME}', 'Activated',"
            f" JSON.stringify(describe(w))); }}\n"
            "if (workspace.windowActivated) { workspace.windowActivated.connect(seen); }"
            " else { workspace.clientActivated.connect(seen); }\n",
        )

    def recorded(self) -> list[dict[str, Any] | None]:
        with self.lock:
            return list(self.activations)

    def close(self) -> None:
        for bus in (self.inbox, self.calls):
            bus.interrupt()
        self.thread.join(timeout=5)
        for bus in (self.inbox, self.calls):
            bus.close()
