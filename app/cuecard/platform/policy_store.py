"""OS policy stores: managed settings IT pushes through the operating system.

Windows: registry policies under `HKLM\\Software\\Policies\\Cuecard` (Group Policy,
Intune), and the same key under HKCU (user policies); macOS: managed preferences from a
configuration profile (Jamf, Intune, any MDM) in `/Library/Managed Preferences`. Linux
has none (IT uses the site files). Each store reads into a settings `Layer` that is
always locked; one module per platform, imported only on that platform.
"""

from __future__ import annotations

import importlib
import sys
from typing import Protocol, runtime_checkable

from cuecard.settings import Layer


@runtime_checkable
class PolicyStore(Protocol):
    """A place the OS keeps managed settings; `read` never raises."""

    @property
    def name(self) -> str:
        """How the doctor and the Settings window name this store."""
        ...

    def read(self) -> Layer:
        """The store's values as a POLICY layer (empty and `found=False` when absent)."""
        ...


def system_policy_stores(platform: str | None = None) -> tuple[PolicyStore, ...]:
    """This OS's stores, lowest precedence first (machine-wide policy wins)."""
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        module = importlib.import_module("cuecard.platform.policy_windows")
    elif platform == "darwin":
        module = importlib.import_module("cuecard.platform.policy_macos")
    else:
        return ()
    stores: tuple[PolicyStore, ...] = module.stores()
    return stores
