"""An example macOS configuration profile (.mobileconfig) for managed preferences.

Jamf, Intune or Apple Configurator install it; macOS then writes the payload to
/Library/Managed Preferences/org.cuecard.Cuecard.plist, where Cuecard reads it (always
locked). The example sets a few settings to their documented example values; an
administrator keeps the keys they want to enforce and deletes the rest.
"""

from __future__ import annotations

import plistlib
import uuid
from typing import Any

from cuecard.deploy.model import BUNDLE_ID, managed_settings

EXAMPLE_KEYS = ("content.roots", "nudges.per_day", "nudges.quiet_hours", "autostart")
# Fixed identifiers: re-generating the example must give the same file.
PROFILE_UUID = str(uuid.uuid5(uuid.NAMESPACE_DNS, "profile.cuecard.org"))
PAYLOAD_UUID = str(uuid.uuid5(uuid.NAMESPACE_DNS, "payload.cuecard.org"))


def example_payload() -> dict[str, Any]:
    """The managed values of the example: key -> example value."""
    examples = {setting.key: setting.example for setting in managed_settings()}
    return {key: examples[key] for key in EXAMPLE_KEYS}


def example_profile() -> str:
    payload: dict[str, Any] = {
        "PayloadType": BUNDLE_ID,
        "PayloadIdentifier": f"{BUNDLE_ID}.settings",
        "PayloadUUID": PAYLOAD_UUID,
        "PayloadVersion": 1,
        "PayloadDisplayName": "Cuecard settings",
        **example_payload(),
    }
    profile = {
        "PayloadContent": [payload],
        "PayloadDisplayName": "Cuecard (example)",
        "PayloadDescription": "Managed settings for Cuecard; users cannot change them.",
        "PayloadIdentifier": f"{BUNDLE_ID}.profile",
        "PayloadOrganization": "Example Org",
        "PayloadScope": "System",
        "PayloadType": "Configuration",
        "PayloadUUID": PROFILE_UUID,
        "PayloadVersion": 1,
    }
    return plistlib.dumps(profile, sort_keys=False).decode()
