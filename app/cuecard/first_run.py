"""First start and login: what the welcome says, and the "start when I log in" choice.

Pure apart from the files it is asked to write: the welcome window (ui/welcome.py) shows
`WelcomeFacts`; `set_autostart` records the user's choice in their settings file and in
the OS's login entry; `enforce_locked_autostart` applies an `autostart` IT has locked.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from cuecard.context import AppContext
from cuecard.paths import AppPaths
from cuecard.platform.autostart import Autostart, installed_by_package
from cuecard.platform.hotkey import describe, unavailable_reason
from cuecard.private_files import write_private_text
from cuecard.settings import Settings, SourceKind
from cuecard.settings_edit import write_user_settings
from cuecard.watch.base import BackendChoice

log = logging.getLogger(__name__)

PULL_ONLY = (
    "Until then Cuecard works in pull-only mode: it offers no cards by itself, and you "
    "search for one whenever you like."
)


@dataclass(frozen=True)
class WelcomeFacts:
    """Everything the welcome window says, decided without Qt."""

    hotkey: str  # "Ctrl+Alt+Space", or "" when no global hotkey can work here
    hotkey_problem: str
    sync_host: str  # where IT sends learning records; "" when sync is off
    tray_place: str
    permission: str  # what to do so Cuecard can see the active window; "" when nothing
    autostart_default: bool
    autostart_locked: bool


def needs_welcome(paths: AppPaths) -> bool:
    return not paths.welcomed_marker.exists()


def mark_welcomed(paths: AppPaths, version: str) -> None:
    write_private_text(paths.welcomed_marker, f"{version}\n")


def tray_place(platform: str, tray_available: bool) -> str:
    if not tray_available:
        return (
            "This desktop has no system tray, so Cuecard shows a small window with its "
            "buttons instead (on GNOME, the AppIndicator extension adds a tray)."
        )
    if platform == "win32":
        return (
            "Cuecard's icon is in the notification area at the bottom right of the "
            "taskbar (click ^ when it is hidden there)."
        )
    if platform == "darwin":
        return "Cuecard's icon is in the menu bar at the top right of the screen."
    return "Cuecard's icon is in your panel's system tray; click it to search."


def permission_needed(choice: BackendChoice, env: Mapping[str, str], platform: str) -> str:
    """Exactly what to do so Cuecard can see the active window; '' when it can."""
    inner = getattr(choice.watcher, "inner", choice.watcher)
    hint = str(getattr(inner, "permission_hint", "") or "")
    if hint:  # macOS without the Accessibility permission
        return f"{hint} {PULL_ONLY}"
    if choice.watcher is not None:
        return ""
    desktop = env.get("XDG_CURRENT_DESKTOP", "").upper()
    if platform.startswith("linux") and "GNOME" in desktop:
        from cuecard.watch.wayland_gnome import install_hint

        step = install_hint()
        step = step[0].upper() + step[1:]
        return f"To let Cuecard see the active window on GNOME: {step}. {PULL_ONLY}"
    return f"Cuecard cannot see the active window on this desktop. {PULL_ONLY}"


def sync_host(settings: Settings) -> str:
    if not settings.get("sync.enabled"):
        return ""
    return urlsplit(str(settings.get("sync.endpoint"))).hostname or "your organisation's server"


def autostart_default(settings: Settings, autostart: Autostart) -> bool:
    """The welcome's "Start Cuecard when I log in": what IT or the user set, else on
    when a package installed Cuecard, else off."""
    source = settings.sources["autostart"]
    if source.locked or source.kind is not SourceKind.DEFAULT:
        return bool(settings.get("autostart"))
    return installed_by_package(autostart)


def welcome_facts(
    context: AppContext,
    choice: BackendChoice,
    autostart: Autostart,
    tray_available: bool,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> WelcomeFacts:
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    settings = context.settings
    problem = unavailable_reason(env) or ""
    return WelcomeFacts(
        hotkey="" if problem else describe(settings.get("hotkey")),
        hotkey_problem=problem,
        sync_host=sync_host(settings),
        tray_place=tray_place(platform, tray_available),
        permission=permission_needed(choice, env, platform),
        autostart_default=autostart_default(settings, autostart),
        autostart_locked=settings.is_locked("autostart"),
    )


def starts_at_login(settings: Settings, autostart: Autostart) -> bool:
    """What the Settings window shows: the setting allows it and an entry exists."""
    try:
        return bool(settings.get("autostart")) and autostart.enabled()
    except OSError:
        return False


def set_autostart(context: AppContext, autostart: Autostart, enabled: bool) -> str:
    """Record the user's choice: `autostart:` in their settings file (so a package's
    machine-wide entry obeys it) and the OS's login entry. '' or what went wrong."""
    if context.settings.is_locked("autostart"):
        return "Starting at login is set by your organisation."
    try:
        if context.settings.get("autostart") != enabled:
            write_user_settings(context.user_settings_file, {"autostart": enabled})
        autostart.set_enabled(enabled)
    except OSError as error:
        log.warning("could not change autostart: %s", error)
        return f"Could not change starting at login: {error.strerror or error}."
    log.info("autostart turned %s (%s)", "on" if enabled else "off", autostart.location)
    return ""


def enforce_locked_autostart(settings: Settings, autostart: Autostart) -> None:
    """When IT locked `autostart`, make the user's login entry match it."""
    if not settings.is_locked("autostart"):
        return
    wanted = bool(settings.get("autostart"))
    try:
        if autostart.enabled() != wanted:
            autostart.set_enabled(wanted)
            log.info("autostart set %s as your organisation requires", "on" if wanted else "off")
    except OSError as error:
        log.warning("could not apply the organisation's autostart setting: %s", error)
