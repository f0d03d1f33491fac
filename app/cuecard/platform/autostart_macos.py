"""macOS autostart: a LaunchAgent in ~/Library/LaunchAgents.

The user's agent is `~/Library/LaunchAgents/<bundle id>.plist` (RunAtLoad, started in
the Aqua session); the pkg may install the same label in /Library/LaunchAgents for all
users. Turning autostart off removes the user's agent and sets `autostart: false`, so a
machine-wide agent's `cuecard --autostart` exits quietly. The plist is written with
plistlib; launchd reads it at the next login.
"""

from __future__ import annotations

import plistlib
from collections.abc import Sequence
from pathlib import Path

from cuecard.paths import BUNDLE_ID

SYSTEM_AGENTS = Path("/Library/LaunchAgents")


class LaunchAgentAutostart:
    """The user's LaunchAgent for Cuecard, and a machine-wide one of the same label."""

    def __init__(
        self,
        command: Sequence[str],
        user_dir: Path,
        system_dir: Path = SYSTEM_AGENTS,
        label: str = BUNDLE_ID,
    ) -> None:
        self.command = list(command)
        self.label = label
        self.user_file = user_dir / f"{label}.plist"
        self.system_file = system_dir / f"{label}.plist"

    @property
    def location(self) -> str:
        return str(self.user_file)

    def system_entry(self) -> bool:
        return self.system_file.is_file()

    def enabled(self) -> bool:
        return self.user_file.is_file() or self.system_entry()

    def set_enabled(self, enabled: bool) -> None:
        if not enabled or self.system_entry():
            self.user_file.unlink(missing_ok=True)  # two agents of one label would clash
            return
        agent = {
            "Label": self.label,
            "ProgramArguments": self.command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
        self.user_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.user_file.with_name(f".{self.user_file.name}.tmp")
        temporary.write_bytes(plistlib.dumps(agent))
        temporary.replace(self.user_file)


def create(command: Sequence[str]) -> LaunchAgentAutostart:
    return LaunchAgentAutostart(command, Path.home() / "Library" / "LaunchAgents")
