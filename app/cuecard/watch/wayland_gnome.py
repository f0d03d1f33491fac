"""Event-driven GNOME Shell watcher: listens to the Cuecard Shell extension over D-Bus.

GNOME Shell tells no client which window is focused on Wayland, so Cuecard ships a small
extension (resources/gnome-shell-extension/cuecard-watch@cuecard.org, installed by the
user once). It owns the session-bus name org.cuecard.Shell and emits
org.cuecard.Shell.FocusChanged(title, wm_class, pid, fullscreen, x, y, w, h) from
/org/cuecard/Shell; Current() returns the same values. An empty title and class with
pid 0 mean "no focused window".

The watcher subscribes to the signal and to the name's owner changes, then asks
Current() for the state it starts from, all on its own thread with one blocking jeepney
connection. When the extension goes away (disabled, or the shell restarts on X11) it
reports None, and asks again when it comes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cuecard.paths import AppPaths
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_common import ReaderWatcher, Reporter
from cuecard.watch.wayland_dbus import (
    DBUS_NAME,
    BusClient,
    DBusCallError,
    body_of,
    member_of,
    reply_serial_of,
    window_payload_to_info,
)

BUS_NAME = "org.cuecard.Shell"
OBJECT_PATH = "/org/cuecard/Shell"
INTERFACE = "org.cuecard.Shell"
SIGNAL = "FocusChanged"
UUID = "cuecard-watch@cuecard.org"
SHELL_NAME = "org.gnome.Shell"
PING_TIMEOUT = 1.0


def extension_dir() -> Path:
    """The extension folder shipped in resources/ (source checkout or frozen build)."""
    return AppPaths.default().resource("gnome-shell-extension", UUID)


def install_hint() -> str:
    return (
        f"the Cuecard GNOME Shell extension is not answering: copy {extension_dir()} to "
        f"~/.local/share/gnome-shell/extensions/, log out and back in, then run "
        f"`gnome-extensions enable {UUID}` (`cuecard doctor` prints the exact commands)"
    )


payload_to_info = window_payload_to_info  # the payload shape is shared with the KWin script


def signal_rule() -> str:
    return (
        f"type='signal',sender='{BUS_NAME}',path='{OBJECT_PATH}',"
        f"interface='{INTERFACE}',member='{SIGNAL}'"
    )


def owner_rule() -> str:
    return (
        f"type='signal',sender='{DBUS_NAME}',interface='{DBUS_NAME}',"
        f"member='NameOwnerChanged',arg0='{BUS_NAME}'"
    )


def current_call() -> Any:
    from jeepney import DBusAddress, new_method_call

    shell = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
    return new_method_call(shell, "Current")


class GnomeShellWatcher(ReaderWatcher):
    """Reports the focused window from the extension's signals (see the module docstring)."""

    name = "gnome-shell"

    def __init__(self, bus: BusClient) -> None:
        super().__init__()
        self._bus = bus
        self._pending: int | None = None

    def _run(self, reporter: Reporter) -> None:
        self._pending = self._bus.send(current_call())
        self._bus.serve(self.handle, reporter)

    def handle(self, message: Any, reporter: Reporter) -> None:
        """Apply one incoming message (public for tests)."""
        kind, path, interface, member = member_of(message)
        body = body_of(message)
        if kind in ("method_return", "error"):
            if self._pending is not None and reply_serial_of(message) == self._pending:
                self._pending = None
                if kind == "method_return":
                    reporter.offer(payload_to_info(body))
        elif kind == "signal" and (path, interface, member) == (OBJECT_PATH, INTERFACE, SIGNAL):
            reporter.offer(payload_to_info(body))
        elif kind == "signal" and member == "NameOwnerChanged" and body[:1] == (BUS_NAME,):
            new_owner = str(body[2]) if len(body) > 2 else ""
            if new_owner:
                self._pending = self._bus.send(current_call())
            else:
                reporter.offer(None)
        elif kind == "method_call":
            self._bus.reply_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "no")

    def _interrupt(self) -> None:
        self._bus.interrupt()

    def _close(self) -> None:
        self._bus.close()


def create(env: Mapping[str, str]) -> GnomeShellWatcher:
    """A watcher fed by the Cuecard Shell extension; BackendUnavailable when it is absent."""
    bus = BusClient.open(env)
    try:
        if not bus.name_has_owner(BUS_NAME):
            if bus.name_has_owner(SHELL_NAME):
                raise BackendUnavailable(install_hint())
            raise BackendUnavailable("GNOME Shell is not running (no org.gnome.Shell on the bus)")
        bus.add_match(signal_rule())
        bus.add_match(owner_rule())
        bus.call(current_call(), timeout=PING_TIMEOUT)
    except BackendUnavailable:
        bus.close()
        raise
    except (OSError, TimeoutError, DBusCallError) as exc:
        bus.close()
        raise BackendUnavailable(install_hint()) from exc
    return GnomeShellWatcher(bus)
