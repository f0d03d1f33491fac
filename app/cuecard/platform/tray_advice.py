"""What to tell a user whose desktop shows no system tray, for the desktop they are on.

Used by the no-tray window and by `cuecard doctor`; plain text, one or two sentences.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

RESTART = "then restart Cuecard to get the tray icon."


def tray_advice(env: Mapping[str, str] | None = None) -> str:
    """How to get a tray here: GNOME, KDE Plasma, sway, Hyprland, or any other desktop."""
    env = os.environ if env is None else env
    desktops = env.get("XDG_CURRENT_DESKTOP", "").upper().split(":")
    if "GNOME" in desktops:
        return (
            "On GNOME, install and enable the AppIndicator and KStatusNotifierItem Support "
            f"extension, {RESTART}"
        )
    if "KDE" in desktops:
        return f"On KDE Plasma, add the System Tray widget to a panel, {RESTART}"
    if env.get("SWAYSOCK") or "SWAY" in desktops:
        return (
            "On sway, give your bar a tray (tray_output in the bar block of the sway "
            f"config; swaybar shows it), {RESTART}"
        )
    if env.get("HYPRLAND_INSTANCE_SIGNATURE") or "HYPRLAND" in desktops:
        return f"On Hyprland, run a bar with a tray (for example Waybar's tray module), {RESTART}"
    return f"Run a panel or bar with a system tray (StatusNotifierItem or XEmbed), {RESTART}"
