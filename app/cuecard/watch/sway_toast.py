"""What the sway watcher tells sway about Cuecard's nudge toast (pure: no socket here).

A Wayland window cannot refuse focus or choose its position, and sway focuses every new
window. So the watcher, which holds sway's IPC socket anyway, sends:
- at start, two rules for windows with Cuecard's app id whose title starts with the
  toast prefix: `no_focus` (sway never focuses them when they appear: a guarantee sway
  gives for every window but the first on a workspace, and a nudge only comes for the
  user's window on it) and `for_window ... floating enable, border none`;
- when a toast appears, a move to the bottom-right corner of the focused workspace's
  usable area (asked with GET_WORKSPACES once the toast's size is known);
- if a toast ever does get focus (a click on it, or a `swaymsg reload` that dropped the
  rules, which sway reports to no IPC client), focus back to the user's window, and the
  rules again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cuecard.own_windows import APP_ID, TOAST_MARGIN, TOAST_TITLE_PREFIX

CRITERIA = (
    f'[app_id="^{APP_ID}$" title="^{TOAST_TITLE_PREFIX}"]',
    f'[class="^{APP_ID}$" title="^{TOAST_TITLE_PREFIX}"]',  # Qt on Xwayland (QT_QPA=xcb)
)
RULES = tuple(
    command
    for criteria in CRITERIA
    # Quoted: over IPC an unquoted "," would end the for_window command.
    for command in (f"no_focus {criteria}", f'for_window {criteria} "floating enable, border none"')
)
PLACED_CHANGES = frozenset({"new", "title", "floating"})


def is_toast(container: Mapping[str, Any]) -> bool:
    """A window of Cuecard's whose title marks it as the nudge toast."""
    properties = container.get("window_properties") or {}
    app = str(container.get("app_id") or properties.get("class") or "")
    return app.lower() == APP_ID and str(container.get("name") or "").startswith(TOAST_TITLE_PREFIX)


@dataclass(frozen=True)
class Pending:
    """A toast waiting for the workspace's size before it is moved."""

    container_id: int
    width: int
    height: int


def corner_command(pending: Pending, workspaces: Sequence[Mapping[str, Any]]) -> str | None:
    """The move that puts the toast in the focused workspace's bottom-right corner."""
    focused = next((w for w in workspaces if w.get("focused")), None)
    rect = (focused or {}).get("rect") or {}
    if not rect.get("width") or not rect.get("height"):
        return None
    x = int(rect.get("x", 0)) + int(rect["width"]) - pending.width - TOAST_MARGIN
    y = int(rect.get("y", 0)) + int(rect["height"]) - pending.height - TOAST_MARGIN
    return f"[con_id={pending.container_id}] move absolute position {max(x, 0)} {max(y, 0)}"


class ToastKeeper:
    """Turns window events about the toast into IPC requests (see the module docstring).

    Used from the watcher's reader thread only.
    """

    def __init__(self) -> None:
        self.placed: set[int] = set()
        self.pending: list[Pending] = []

    def toast_event(self, change: str, container: Mapping[str, Any]) -> bool:
        """Note a toast's event; True when the workspaces must be asked for.

        A floating toast is placed once, by its own `geometry` (the rule removes the
        border; `rect` may still include it at this point). The toast has a fixed
        width, so sway floats it even without the rule (after a reload).
        """
        container_id = int(container.get("id") or 0)
        if change not in PLACED_CHANGES or container_id in self.placed:
            return False
        size = container.get("geometry") or container.get("rect") or {}
        width, height = int(size.get("width") or 0), int(size.get("height") or 0)
        if container.get("type") != "floating_con" or not width or not height:
            return False
        self.placed.add(container_id)
        self.pending.append(Pending(container_id, width, height))
        return True

    def on_workspaces(self, workspaces: Sequence[Mapping[str, Any]]) -> list[str]:
        """The moves for every pending toast, now that the workspaces are known."""
        pending, self.pending = self.pending, []
        commands = (corner_command(p, workspaces) for p in pending)
        return [command for command in commands if command]

    def closed(self, container_id: int) -> None:
        self.placed.discard(container_id)

    def focus_back(self, container: Mapping[str, Any], user_window: int | None) -> list[str]:
        """A toast got focus: the rules again, the toast borderless and placed anew (it
        may have come before the rules), and focus back to the user's window."""
        container_id = int(container.get("id") or 0)
        self.placed.discard(container_id)
        self.pending = [p for p in self.pending if p.container_id != container_id]
        back = [f"[con_id={user_window}] focus"] if user_window else []
        return [*RULES, f"[con_id={container_id}] border none", *back]
