"""Is the desktop in do-not-disturb mode? Read where it can be read, else "no".

GNOME: `org.gnome.desktop.notifications show-banners` is false. KDE Plasma and other
freedesktop notification servers: the `Inhibited` property of org.freedesktop.Notifications.
Windows Focus Assist and macOS Focus have no supported public API to read; there the
fullscreen rule and snooze still keep Cuecard quiet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from functools import partial


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
