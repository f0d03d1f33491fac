"""Installing the Cuecard GNOME Shell extension: what is shipped, what is installed, and
the exact commands that get it running (shown by `cuecard doctor`).

On GNOME under Wayland only the extension can tell Cuecard which window is focused
(see wayland_gnome.py). This module reads the shipped copy's metadata, packs it into the
zip `gnome-extensions install` takes (files at the top, as `gnome-extensions pack` makes
them), finds an installed copy, and asks the session bus whether the extension runs.
"""

from __future__ import annotations

import json
import os
import shlex
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import BusClient, DBusCallError
from cuecard.watch.wayland_gnome import BUS_NAME, UUID, extension_dir

ZIP_NAME = f"{UUID}.shell-extension.zip"


@dataclass(frozen=True)
class ExtensionAdvice:
    """Whether the extension runs, and if not, what to do (one paragraph of commands)."""

    running: bool
    detail: str


def is_gnome_wayland(env: Mapping[str, str]) -> bool:
    """A GNOME Shell session on Wayland (XDG_CURRENT_DESKTOP e.g. GNOME, ubuntu:GNOME)."""
    desktops = {part.strip().upper() for part in env.get("XDG_CURRENT_DESKTOP", "").split(":")}
    wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
    return "GNOME" in desktops and wayland


def shell_versions(folder: Path | None = None) -> tuple[str, ...]:
    """The GNOME Shell versions a copy of the extension declares (none if unreadable)."""
    metadata = (folder or extension_dir()) / "metadata.json"
    try:
        versions = json.loads(metadata.read_text(encoding="utf-8")).get("shell-version", [])
    except (OSError, ValueError, AttributeError):
        return ()
    return tuple(str(version) for version in versions) if isinstance(versions, list) else ()


def installed_copy(env: Mapping[str, str]) -> Path | None:
    """The installed extension folder GNOME Shell would load (the user's first), if any."""
    home = Path(env.get("HOME") or Path.home())
    user = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    system = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    for base in [user, *(Path(p) for p in system.split(os.pathsep) if p)]:
        folder = base / "gnome-shell" / "extensions" / UUID
        if (folder / "metadata.json").is_file():
            return folder
    return None


def pack(folder: Path) -> Path:
    """Write the shipped extension as `gnome-extensions install`'s zip into `folder`."""
    source = extension_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ZIP_NAME
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            archive.write(file, file.relative_to(source).as_posix())
    partial.replace(target)
    return target


def is_running(env: Mapping[str, str]) -> bool:
    """True when the extension owns its name on the session bus."""
    try:
        bus = BusClient.open(env)
    except BackendUnavailable:
        return False
    try:
        return bus.name_has_owner(BUS_NAME)
    except (OSError, TimeoutError, DBusCallError):
        return False
    finally:
        bus.close()


def advice(env: Mapping[str, str], zip_folder: Path) -> ExtensionAdvice:
    """What `cuecard doctor` says about the extension in a GNOME Wayland session."""
    shipped = shell_versions()
    supports = f"GNOME Shell {shipped[0]} to {shipped[-1]}" if shipped else "GNOME Shell"
    if is_running(env):
        return ExtensionAdvice(True, f"{UUID} is running ({supports})")
    try:
        install = f"gnome-extensions install --force {shlex.quote(str(pack(zip_folder)))}"
    except OSError as exc:  # no zip: copying the folder works as well
        install = (
            "mkdir -p ~/.local/share/gnome-shell/extensions && "
            f"cp -r {shlex.quote(str(extension_dir()))} "
            f"~/.local/share/gnome-shell/extensions/  (could not write the zip: {exc})"
        )
    relogin = "log out and back in (GNOME Shell on Wayland loads new extensions at login)"
    enable = f"`gnome-extensions enable {UUID}`"
    installed = installed_copy(env)
    if installed is None:
        what = "the Cuecard GNOME Shell extension is not installed, so no window is followed"
        steps = f"run `{install}`, {relogin}, then run {enable}"
    elif shell_versions(installed) != shipped:
        what = (
            f"an older copy of the extension is installed in {installed} "
            f"(for GNOME Shell {', '.join(shell_versions(installed)) or '?'})"
        )
        steps = f"replace it: run `{install}`, {relogin}, then run {enable}"
    else:
        what = f"the extension is installed in {installed} but not running"
        steps = (
            f"run {enable}; if `gnome-extensions info {UUID}` then says OUT OF DATE or ERROR, "
            f"run `{install}` and {relogin}"
        )
    return ExtensionAdvice(False, f"{what}: {steps}. This Cuecard's copy supports {supports}.")
