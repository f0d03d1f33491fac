"""Event-driven KDE Plasma (KWin) watcher: a KWin script calls back over D-Bus.

KWin tells no other client which window is active on Wayland, but it runs scripts. On
start the watcher owns the session-bus name org.cuecard.Watcher, exports /Cuecard, then
loads resources/kwin/cuecard-watch.js with org.kde.KWin /Scripting loadScript(path,
"cuecard-watch") and runs it with /Scripting start (which runs every loaded script not
yet running). Not with the script's own object (/Scripting/ScriptN on Plasma 6, /N on
Plasma 5): KWin numbers a script by how many are loaded, so after another tool unloads
one, N can be the number of a script still loaded and `run` would go to that one. The
script follows workspace.windowActivated (clientActivated on Plasma 5) and the active
window's captionChanged / fullScreenChanged, and calls org.cuecard.Watcher.Report(
caption, resourceClass, pid, fullScreen, x, y, w, h, id); an empty caption, class and
pid mean "no active window". stop() unloads the script. The script also keeps Cuecard's
own nudge toast above the user's window, in the corner, and hands focus straight back
(KWin activates every new window first; see the script's header).

Real KWin 5.27 (checked by tests/wayland): every activation is preceded by one of "no
window" (the Reporter's settling absorbs it); duplicate captions get " <2>" appended
(the script strips it); a Qt window's class is its desktop file name, a GTK one's its
program name, an Xwayland one's its WM_CLASS. If KWin leaves the bus (it crashed or the
session ended) the watcher reports "no window" once and stops.

The read loop runs on the watcher's own thread with one blocking jeepney connection;
tests pass `load_script=False` and play KWin's part by calling Report themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cuecard.paths import AppPaths
from cuecard.watch.base import BackendInUse, BackendUnavailable
from cuecard.watch.wayland_common import ReaderWatcher, Reporter
from cuecard.watch.wayland_dbus import (
    DBUS_NAME,
    UNKNOWN_METHOD,
    BusClient,
    DBusCallError,
    body_of,
    member_of,
    window_payload_to_info,
)

BUS_NAME = "org.cuecard.Watcher"
OBJECT_PATH = "/Cuecard"
INTERFACE = "org.cuecard.Watcher"
KWIN_NAME = "org.kde.KWin"
SCRIPTING_PATH = "/Scripting"
SCRIPTING_INTERFACE = "org.kde.kwin.Scripting"
PLUGIN_NAME = "cuecard-watch"
PEER_INTERFACE = "org.freedesktop.DBus.Peer"
log = logging.getLogger(__name__)


def script_path() -> Path:
    """The KWin script shipped in resources/ (source checkout or frozen build)."""
    return AppPaths.default().resource("kwin", "cuecard-watch.js")


report_to_info = window_payload_to_info  # the payload shape is shared with the GNOME extension


def kwin_owner_rule() -> str:
    """Match the bus's signal that org.kde.KWin changed hands (or left)."""
    return (
        f"type='signal',sender='{DBUS_NAME}',interface='{DBUS_NAME}',"
        f"member='NameOwnerChanged',arg0='{KWIN_NAME}'"
    )


class KWinWatcher(ReaderWatcher):
    """Receives the KWin script's Report calls (see the module docstring)."""

    name = "kwin"

    def __init__(self, bus: BusClient, script: Path | None) -> None:
        super().__init__()
        self._bus = bus
        self._script = script
        self._loaded = False
        self.detail = (
            f"KWin runs Cuecard's KWin script ({script}) and calls back over the session "
            "bus; nudges: KWin focuses every new window, so the script hands focus straight "
            "back to yours and keeps the nudge above it in the corner"
        )

    def _run(self, reporter: Reporter) -> None:
        if self._script is not None:
            self._load_script(self._script)
        self._bus.serve(self.handle, reporter)

    def handle(self, message: Any, reporter: Reporter) -> None:
        """Answer one incoming message; a Report call becomes an offer (public for tests)."""
        kind, path, interface, member = member_of(message)
        if kind == "signal" and member == "NameOwnerChanged":
            body = body_of(message)
            if body[:1] == (KWIN_NAME,) and len(body) > 2 and not body[2]:
                raise ConnectionError("KWin left the session bus")
            return
        if kind != "method_call":
            return
        if path == OBJECT_PATH and interface in (INTERFACE, "") and member == "Report":
            self._bus.reply(message)
            reporter.offer(report_to_info(body_of(message)))
        elif interface == PEER_INTERFACE and member == "Ping":
            self._bus.reply(message)
        else:
            self._bus.reply_error(message, UNKNOWN_METHOD, f"{interface}.{member} is not here")

    def _load_script(self, path: Path) -> None:
        from jeepney import DBusAddress, new_method_call

        scripting = DBusAddress(SCRIPTING_PATH, bus_name=KWIN_NAME, interface=SCRIPTING_INTERFACE)
        # A script of ours left over from a crash would make loadScript answer -1.
        self._bus.call(new_method_call(scripting, "unloadScript", "s", (PLUGIN_NAME,)))
        reply = self._bus.call(
            new_method_call(scripting, "loadScript", "ss", (str(path), PLUGIN_NAME))
        )
        script_id = int(reply[0]) if reply else -1
        if script_id < 0:
            raise RuntimeError(f"KWin refused to load {path}")
        self._loaded = True
        self._bus.call(new_method_call(scripting, "start"))

    def _interrupt(self) -> None:
        self._bus.interrupt()

    def _close(self) -> None:
        self._bus.close()

    def _after_stop(self) -> None:
        if not self._loaded:
            return
        from jeepney import DBusAddress, new_method_call

        scripting = DBusAddress(SCRIPTING_PATH, bus_name=KWIN_NAME, interface=SCRIPTING_INTERFACE)
        try:
            bus = BusClient.open_address(self._bus.address)
        except BackendUnavailable:
            return
        try:
            bus.call(new_method_call(scripting, "unloadScript", "s", (PLUGIN_NAME,)))
            self._loaded = False
        except (OSError, TimeoutError, DBusCallError) as exc:
            log.warning("could not unload the KWin script %s: %s", PLUGIN_NAME, exc)
        finally:
            bus.close()


def create(
    env: Mapping[str, str], *, load_script: bool = True, script: Path | None = None
) -> KWinWatcher:
    """A KWin watcher on env's session bus; BackendUnavailable when KWin is not running.

    `load_script=False` skips KWin entirely (tests send the script's Report calls).
    """
    bus = BusClient.open(env)
    try:
        if load_script:
            if not bus.name_has_owner(KWIN_NAME):
                raise BackendUnavailable("KWin is not running (no org.kde.KWin on the session bus)")
            script = script or script_path()
            if not script.is_file():
                raise BackendUnavailable(f"the KWin script {script} is missing")
            bus.add_match(kwin_owner_rule())
        if not bus.request_name(BUS_NAME):
            owner = bus.call_bus("GetConnectionUnixProcessID", "s", BUS_NAME)[0]
            raise BackendInUse(
                KWinWatcher.name,
                f"another Cuecard (pid {owner}) is already watching KWin "
                f"(it owns the D-Bus name {BUS_NAME})",
            )
    except BackendUnavailable:
        bus.close()
        raise
    except (OSError, TimeoutError, DBusCallError) as exc:
        bus.close()
        raise BackendUnavailable(f"the D-Bus session bus did not answer: {exc}") from exc
    return KWinWatcher(bus, script if load_script else None)
