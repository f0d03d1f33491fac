"""macOS managed preferences: what a configuration profile (Jamf, Intune, any MDM) sets
for Cuecard's bundle id, read with plistlib.

The system writes the forced values of installed profiles to
`/Library/Managed Preferences/<bundle id>.plist` (computer level) and
`/Library/Managed Preferences/<user>/<bundle id>.plist` (user level). Keys are setting
names, dotted (`nudges.per_hour`) or as nested dictionaries (`nudges` -> `per_hour`);
plist booleans, integers, strings, arrays and dates map to the settings' types. A file
that is not a readable plist is reported by path and skipped.
"""

from __future__ import annotations

import getpass
import plistlib
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from cuecard.paths import BUNDLE_ID
from cuecard.settings import Layer, SettingProblem, SourceKind, flatten

MANAGED = Path("/Library/Managed Preferences")
MAX_PLIST_BYTES = 1024 * 1024


class ManagedPreferences:
    """One managed-preferences plist as a policy layer."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return str(self.path)

    def read(self) -> Layer:
        where = self.name
        try:
            with self.path.open("rb") as file:
                raw = file.read(MAX_PLIST_BYTES + 1)
        except FileNotFoundError:
            return Layer(SourceKind.POLICY, where, found=False)
        except OSError as exc:
            problem = SettingProblem(where, f"cannot read managed preferences: {exc.strerror}")
            return Layer(SourceKind.POLICY, where, problems=(problem,))
        if len(raw) > MAX_PLIST_BYTES:
            problem = SettingProblem(where, "managed preferences larger than 1 MB; ignored")
            return Layer(SourceKind.POLICY, where, problems=(problem,))
        try:
            data: Any = plistlib.loads(raw)
        except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError) as exc:
            problem = SettingProblem(where, f"not a readable plist ({exc}); ignored")
            return Layer(SourceKind.POLICY, where, problems=(problem,))
        if not isinstance(data, dict):
            problem = SettingProblem(where, "managed preferences must be a dictionary; ignored")
            return Layer(SourceKind.POLICY, where, problems=(problem,))
        # Keys a profile payload carries besides the settings themselves.
        values = flatten({str(k): v for k, v in data.items() if not str(k).startswith("Payload")})
        values.pop("mcx_data_timestamp", None)
        return Layer(SourceKind.POLICY, where, values, frozenset(values))


def stores(
    folder: Path = MANAGED, user: str | None = None, bundle_id: str = BUNDLE_ID
) -> tuple[ManagedPreferences, ...]:
    """The user-level file first, the computer-level one on top (it wins)."""
    user = getpass.getuser() if user is None else user
    return (
        ManagedPreferences(folder / user / f"{bundle_id}.plist"),
        ManagedPreferences(folder / f"{bundle_id}.plist"),
    )
