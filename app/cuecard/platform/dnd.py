"""Is the desktop in do-not-disturb mode? Read where it can be read, else "no".

GNOME: `org.gnome.desktop.notifications show-banners` is false. KDE Plasma and other
freedesktop notification servers: the `Inhibited` property of org.freedesktop.Notifications.
Windows Focus Assist and macOS Focus have no supported public API to read; there the
fullscreen rule and snooze still keep Cuecard quiet.

Reading takes a subprocess or a D-Bus round trip (up to seconds when the bus is slow), so
the app never reads on its GUI thread: a `DndMonitor` reads on its own thread (at start,
when asked, and every minute) and `quiet()` returns the last answer at once.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol

log = logging.getLogger(__name__)


def gnome_banners_off(env: Mapping[str, str]) -> bool | None:
    if "GNOME" not in env.get("XDG_CURRENT_DESKTOP", "").upper() or not shutil.which("gsettings"):
        return None
    try:
        result = subprocess.run(
            ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = result.stdout.strip()
    return answer == "false" if answer in ("true", "false") else None


def freedesktop_inhibited() -> bool | None:
    try:
        from jeepney import DBusAddress, Properties
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return None
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            address = DBusAddress(
                "/org/freedesktop/Notifications",
                bus_name="org.freedesktop.Notifications",
                interface="org.freedesktop.Notifications",
            )
            reply = connection.send_and_get_reply(Properties(address).get("Inhibited"), timeout=0.5)
            value = reply.body[0]
            return bool(value[1]) if isinstance(value, tuple) else None
    except Exception:  # no session bus, no server, no such property: unknown
        return None


def do_not_disturb(env: Mapping[str, str] | None = None) -> bool:
    """True when the desktop says notifications should stay quiet now."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return False
    probes: list[Callable[[], bool | None]] = [
        partial(gnome_banners_off, env),
        freedesktop_inhibited,
    ]
    for probe in probes:
        answer = probe()
        if answer is not None:
            return answer
    return False


class DndState(Protocol):
    """The do-not-disturb state as the nudge loop sees it; no method may block."""

    def start(self, on_change: Callable[[bool], None]) -> None: ...

    def quiet(self) -> bool: ...

    def refresh(self) -> None: ...

    def stop(self) -> None: ...


class DndMonitor:
    """Reads do-not-disturb on its own thread; `quiet()` is the last answer (False until
    the first read). `refresh()` asks for a read soon: asks less than `min_gap` seconds
    apart are merged, and with no asks it reads every `interval` seconds.
    `on_change(quiet)` is called from the monitor's thread when the answer changes."""

    def __init__(
        self,
        probe: Callable[[], bool] = do_not_disturb,
        interval: float = 60.0,
        min_gap: float = 2.0,
    ) -> None:
        self._probe = probe
        self._interval = interval
        self._min_gap = min_gap
        self._quiet = False
        self._asked = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_change: Callable[[bool], None]) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="dnd-monitor", daemon=True
        )
        self._thread.start()

    def quiet(self) -> bool:
        return self._quiet

    def refresh(self) -> None:
        self._asked.set()

    def stop(self) -> None:
        """Stop reading; a read under way is not waited for and its answer is dropped."""
        self._stopping.set()
        self._asked.set()

    def _run(self, on_change: Callable[[bool], None]) -> None:
        while not self._stopping.is_set():
            self._asked.clear()
            try:
                quiet = bool(self._probe())
            except Exception:  # an unknown answer is "no", as in do_not_disturb
                log.exception("reading do-not-disturb failed")
                quiet = False
            if self._stopping.is_set():
                return
            if quiet != self._quiet:
                self._quiet = quiet
                on_change(quiet)
            if self._stopping.wait(self._min_gap):
                return
            self._asked.wait(max(0.0, self._interval - self._min_gap))


class StaticDnd:
    """A do-not-disturb state that never changes (tests, or reading turned off)."""

    def __init__(self, quiet: bool = False) -> None:
        self.value = quiet

    def start(self, on_change: Callable[[bool], None]) -> None:
        pass

    def quiet(self) -> bool:
        return self.value

    def refresh(self) -> None:
        pass

    def stop(self) -> None:
        pass
