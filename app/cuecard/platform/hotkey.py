"""A global hotkey through pynput (X11, Windows, macOS), imported only when used.

Wayland does not let an app grab keys globally; there `register` says so plainly and
the tray and search keep working.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

READY_SECONDS = 10.0  # pynput is ready in milliseconds when the display answers


@dataclass(frozen=True)
class HotkeyResult:
    """Whether the hotkey is active, and the sentence to show when it is not."""

    active: bool
    message: str
    listener: Any = None

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()


def describe(combo: str) -> str:
    """`<ctrl>+<alt>+<space>` as people write it: Ctrl+Alt+Space."""
    return "+".join(part.strip("<>").capitalize() for part in combo.split("+"))


def unavailable_reason(env: Mapping[str, str] | None = None) -> str | None:
    """Why a global hotkey cannot work in this session, or None when it can."""
    env = os.environ if env is None else env
    if sys.platform.startswith("linux"):
        if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
            return (
                "Global hotkeys are not available on Wayland; use the tray icon or bind "
                "`cuecard` to a shortcut in your desktop's settings."
            )
        if not env.get("DISPLAY"):
            return "No X11 display, so no global hotkey."
    return None


def _ready(listener: Any, timeout: float) -> bool:
    """Whether pynput's listener got ready within `timeout` seconds. Its own wait() has
    no timeout: when the X server went away while it connected (a session ending as the
    app starts), its thread died or hung and wait() blocked the GUI thread for ever, so
    the app outlived its session. Waited for on a helper thread instead."""
    waiter = threading.Thread(target=listener.wait, name="hotkey-ready", daemon=True)
    waiter.start()
    waiter.join(timeout)
    return not waiter.is_alive()


def register(
    combo: str, on_press: Callable[[], None], env: Mapping[str, str] | None = None
) -> HotkeyResult:
    """Start listening for `combo` (pynput syntax); on_press runs on pynput's thread."""
    reason = unavailable_reason(env)
    if reason is not None:
        return HotkeyResult(False, reason)
    try:
        from pynput import keyboard

        keyboard.HotKey.parse(combo)
        listener = keyboard.GlobalHotKeys({combo: on_press})
        listener.start()
        if not _ready(listener, READY_SECONDS):
            # Not stopped: pynput's stop() waits for ready too. Its thread is a daemon.
            return HotkeyResult(
                False,
                f"The hotkey {describe(combo)} could not be registered: "
                "the display did not answer.",
            )
    except (ValueError, KeyError) as exc:
        return HotkeyResult(
            False,
            f"The hotkey {combo!r} is not valid ({exc}); "
            "set hotkey: in settings, e.g. <ctrl>+<alt>+<space>.",
        )
    except Exception as exc:  # pynput raises backend-specific errors
        return HotkeyResult(
            False, f"The hotkey {describe(combo)} could not be registered: {type(exc).__name__}."
        )
    return HotkeyResult(
        True, f"Press {describe(combo)} for cards for the current window.", listener
    )
