"""The no-tray advice names the user's desktop (GNOME advice on sway helps no one)."""

from __future__ import annotations

import pytest

from cuecard.platform.tray_advice import tray_advice


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, "AppIndicator"),
        ({"XDG_CURRENT_DESKTOP": "KDE"}, "System Tray widget"),
        ({"SWAYSOCK": "/run/user/1000/sway-ipc.1000.5.sock"}, "tray_output"),
        ({"XDG_CURRENT_DESKTOP": "sway"}, "tray_output"),
        ({"HYPRLAND_INSTANCE_SIGNATURE": "abc"}, "Waybar"),
        ({}, "StatusNotifierItem"),
    ],
)
def test_advice_for_each_desktop(env: dict[str, str], words: str) -> None:
    advice = tray_advice(env)
    assert words in advice and advice.endswith("restart Cuecard to get the tray icon.")
    others = {"AppIndicator", "System Tray widget", "tray_output", "Waybar"} - {words}
    assert not any(other in advice for other in others)
