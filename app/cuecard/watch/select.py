"""Choose the best window watcher for this desktop, with the reason for the choice.

Back-end modules are imported only when tried. Order: the platform's native back-end;
on Linux the running Wayland compositor's, else X11; polling last. When none can run,
the app works in pull-only mode (tray, search, hotkey) and says why.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping

from cuecard.watch.base import BackendChoice, BackendInUse, BackendUnavailable
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher

WAYLAND_BACKENDS = ("wayland_sway", "wayland_hyprland", "wayland_kde", "wayland_gnome")


def candidates(env: Mapping[str, str], platform: str) -> list[str]:
    """Back-end module names to try, best first."""
    if platform == "win32":
        return ["windows"]
    if platform == "darwin":
        return ["macos"]
    wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
    if wayland:
        # Under Wayland, XWayland's _NET_ACTIVE_WINDOW only knows X clients: no X11.
        return list(WAYLAND_BACKENDS)
    return ["x11", "poll"]


def session_reason(env: Mapping[str, str], platform: str) -> str:
    """Why the candidates are the ones they are, in words for `cuecard doctor`."""
    if platform in ("win32", "darwin"):
        return "Windows" if platform == "win32" else "macOS"
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        display = env.get("WAYLAND_DISPLAY") or "?"
        return (
            f"a Wayland session (WAYLAND_DISPLAY={display}): only the compositor knows the "
            "active window (X11 would see Xwayland windows only)"
        )
    return f"an X11 session (DISPLAY={env.get('DISPLAY') or '?'})"


def describe(detail: str, session: str, skipped: list[str]) -> str:
    """The reason a back-end was chosen: what it does, the session, what was tried first."""
    parts = ["event-driven", *([detail] if detail else []), f"chosen for {session}"]
    if skipped:
        parts.append("tried first: " + "; ".join(skipped))
    return "; ".join(parts)


def choose_watcher(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    privacy: PrivacyRules | None = None,
) -> BackendChoice:
    """Create (not start) the first back-end that can run, wrapped in the privacy filter."""
    env = dict(os.environ) if env is None else env
    platform = sys.platform if platform is None else platform
    rules = privacy or PrivacyRules.create()
    reasons: list[str] = []
    session = session_reason(env, platform)
    for name in candidates(env, platform):
        try:
            module = importlib.import_module(f"cuecard.watch.{name}")
            watcher = module.create(env)
        except BackendInUse as exc:
            # The right back-end, held by the Cuecard already running: say so.
            return BackendChoice(exc.name, describe(str(exc), session, reasons), None)
        except BackendUnavailable as exc:
            reasons.append(f"{name}: {exc}")
            continue
        except ImportError as exc:
            reasons.append(f"{name}: missing dependency ({exc.name or exc})")
            continue
        polling = name == "poll"
        reason = (
            "polling once a second; short visits to a window are missed"
            if polling
            else describe(getattr(watcher, "detail", ""), session, reasons)
        )
        return BackendChoice(
            watcher.name, reason, PrivateWatcher(watcher, rules), event_driven=not polling
        )
    reason = "; ".join(reasons) or "no back-end for this platform"
    return BackendChoice(
        "none", f"pull-only mode (search and tray still work): {reason}", None, event_driven=False
    )
