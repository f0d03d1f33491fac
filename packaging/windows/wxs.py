"""Write the WiX source of the Cuecard MSI, for wixl (WiX 3 syntax) or WiX v4.

    python packaging/windows/wxs.py --dialect wix4|wixl --bundle DIR --version X.Y.Z OUT

One description, two spellings. The MSI installs per machine into Program Files\\Cuecard,
with a Start menu shortcut, the Group Policy template beside the app (policy\\), the
commented site settings file as %ProgramData%\\Cuecard\\settings.yaml (permanent and never
overwritten, so an administrator's edits survive upgrades and removal), and an optional
feature `Autostart` (HKLM Run key: cuecardw.exe --autostart, which honours each user's
`autostart` setting). Leave it out with `ADDLOCAL=Main`. The UpgradeCode never changes:
every version is a major upgrade of the one before, and a downgrade is refused.

The file list is harvested from the bundle with stable identifiers (hashes of the
relative path), so no WiX heat tool is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

UPGRADE_CODE = "6b1d2c9e-0f4e-4a51-9a57-3f6f0b8a9c01"  # never change: upgrades find it
SITE_SETTINGS_GUID = "4d7f1a52-3c1e-4b8e-8a0e-2f1b9c6d7e10"
RUN_KEY_GUID = "8a2c6f0e-1b3d-4e5f-9a7b-0c1d2e3f4a50"
POLICY_GUID = "c3e8b1a4-5d6f-4e2a-9b0c-7d8e9f0a1b22"
MANUFACTURER = "Cuecard"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
# Component attributes wixl cannot write (it ignores Permanent and NeverOverwrite): set
# afterwards with msibuild. 256 = 64-bit, 16 = permanent, 128 = never overwrite.
SITE_SETTINGS_ATTRIBUTES = 256 | 16 | 128
TRAY_EXE = "cuecardw.exe"


@dataclass(frozen=True)
class Inputs:
    """What goes into the MSI."""

    bundle: Path
    site_settings: Path
    policy_dir: Path
    version: str
    icon: Path | None = None


def ident(prefix: str, relative: str) -> str:
    return f"{prefix}{hashlib.sha1(relative.encode()).hexdigest()[:20]}"


SOURCE_BASE = [Path.cwd()]  # Source paths are written relative to the .wxs (wixl needs it)


def source(path: Path) -> str:
    try:
        return quoteattr(os.path.relpath(path.resolve(), SOURCE_BASE[0]))
    except ValueError:  # another drive (Windows): WiX takes absolute paths too
        return quoteattr(str(path.resolve()))


class Writer:
    """Builds the XML of one dialect."""

    def __init__(self, dialect: str, inputs: Inputs) -> None:
        self.v4 = dialect == "wix4"
        self.inputs = inputs
        self.components: list[str] = []

    def component(self, cid: str, body: str, guid: str = "*", extra: str = "") -> str:
        self.components.append(cid)
        bits = ' Bitness="always64"' if self.v4 else ' Win64="yes"'
        guid_attr = "" if self.v4 and guid == "*" else f' Guid="{guid}"'
        return f'<Component Id="{cid}"{guid_attr}{bits}{extra}>{body}</Component>'

    def tree(self, folder: Path, relative: str = "") -> str:
        parts = []
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir():
                inner = self.tree(entry, rel)
                name = quoteattr(entry.name)
                parts.append(f'<Directory Id="{ident("d", rel)}" Name={name}>{inner}</Directory>')
            elif rel == TRAY_EXE:
                shortcut = (
                    '<Shortcut Id="StartMenuShortcut" Directory="ProgramMenuFolder" '
                    'Name="Cuecard" Description="Learning cards from the system tray" '
                    'WorkingDirectory="INSTALLDIR" Advertise="yes"'
                    + (' Icon="cuecard.ico"' if self.inputs.icon else "")
                    + "/>"
                )
                file = (
                    f'<File Id="{TRAY_EXE}" Source={source(entry)} KeyPath="yes">{shortcut}</File>'
                )
                parts.append(self.component("TrayExe", file))
            else:
                file_id = "cuecard.exe" if rel == "cuecard.exe" else ident("f", rel)
                file = f'<File Id="{file_id}" Source={source(entry)} KeyPath="yes"/>'
                parts.append(self.component(ident("c", rel), file))
        return "".join(parts)

    def policy(self) -> str:
        files = "".join(
            f'<File Id="{ident("p", p.name)}" Source={source(p)} Name={quoteattr(p.name)}'
            + (' KeyPath="yes"' if i == 0 else "")
            + "/>"
            for i, p in enumerate(sorted(self.inputs.policy_dir.glob("*.admx")))
        )
        adml = "".join(
            f'<File Id="{ident("p", "en-US/" + p.name)}" Source={source(p)} '
            f"Name={quoteattr(p.name)}" + (' KeyPath="yes"' if i == 0 else "") + "/>"
            for i, p in enumerate(sorted((self.inputs.policy_dir / "en-US").glob("*.adml")))
        )
        return (
            '<Directory Id="POLICYDIR" Name="policy">'
            + self.component("PolicyTemplate", files, POLICY_GUID)
            + '<Directory Id="POLICYLANG" Name="en-US">'
            + self.component("PolicyLanguage", adml)
            + "</Directory></Directory>"
        )

    def run_key(self) -> str:
        value = f'"[INSTALLDIR]{TRAY_EXE}" --autostart'
        registry = (
            f'<RegistryValue Root="HKLM" Key="{RUN_KEY}" Name="Cuecard" Type="string" '
            f'Value={quoteattr(value)} KeyPath="yes"/>'
        )
        return self.component("RunKey", registry, RUN_KEY_GUID)

    def site_settings(self) -> str:
        extra = ' Permanent="yes" NeverOverwrite="yes"' if self.v4 else ""
        file = (
            f'<File Id="SiteSettingsFile" Source={source(self.inputs.site_settings)} '
            'Name="settings.yaml" KeyPath="yes"/>'
        )
        return self.component("SiteSettings", file, SITE_SETTINGS_GUID, extra)

    def document(self) -> str:
        inputs = self.inputs
        app = self.tree(inputs.bundle) + self.policy() + self.run_key()
        site = self.site_settings()
        main = [c for c in self.components if c != "RunKey"]
        refs = "".join(f'<ComponentRef Id="{c}"/>' for c in main)
        icon = (
            f'<Icon Id="cuecard.ico" SourceFile={source(inputs.icon)}/>'
            '<Property Id="ARPPRODUCTICON" Value="cuecard.ico"/>'
            if inputs.icon
            else ""
        )
        common = (
            '<MajorUpgrade DowngradeErrorMessage="A newer version of Cuecard is already '
            'installed." />' + icon + '<Property Id="ARPNOMODIFY" Value="1"/>'
            '<Property Id="ARPURLINFOABOUT" Value="https://cuecard.org"/>'
        )
        features = (
            f'<Feature Id="Main" Title="Cuecard" Level="1" {self._required()}>{refs}</Feature>'
            '<Feature Id="Autostart" Title="Start Cuecard when users log in" Level="1">'
            '<ComponentRef Id="RunKey"/></Feature>'
        )
        if self.v4:
            return (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">'
                f'<Package Name="Cuecard" Manufacturer="{MANUFACTURER}" Version="{inputs.version}" '
                f'UpgradeCode="{UPGRADE_CODE}" Scope="perMachine" Compressed="yes" Language="1033">'
                '<MediaTemplate EmbedCab="yes"/>'
                + common
                + '<StandardDirectory Id="ProgramFiles64Folder">'
                f'<Directory Id="INSTALLDIR" Name="Cuecard">{app}</Directory></StandardDirectory>'
                '<StandardDirectory Id="ProgramMenuFolder"/>'
                '<StandardDirectory Id="CommonAppDataFolder">'
                f'<Directory Id="SITEDIR" Name="Cuecard">{site}</Directory></StandardDirectory>'
                + features
                + "</Package></Wix>\n"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">'
            f'<Product Id="*" Name="Cuecard" Language="1033" Version="{inputs.version}" '
            f'Manufacturer="{MANUFACTURER}" UpgradeCode="{UPGRADE_CODE}">'
            '<Package InstallerVersion="500" Compressed="yes" InstallScope="perMachine"/>'
            '<Media Id="1" Cabinet="cuecard.cab" EmbedCab="yes"/>'
            + common
            + '<Directory Id="TARGETDIR" Name="SourceDir">'
            '<Directory Id="ProgramFiles64Folder">'
            f'<Directory Id="INSTALLDIR" Name="Cuecard">{app}</Directory></Directory>'
            '<Directory Id="ProgramMenuFolder"/>'
            '<Directory Id="CommonAppDataFolder">'
            f'<Directory Id="SITEDIR" Name="Cuecard">{site}</Directory></Directory>'
            "</Directory>" + features + "</Product></Wix>\n"
        )

    def _required(self) -> str:
        return 'AllowAbsent="no"' if self.v4 else 'Absent="disallow"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialect", choices=("wix4", "wixl"), required=True)
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--site-settings", type=Path, required=True)
    parser.add_argument("--policy-dir", type=Path, default=Path(__file__).parent / "policy")
    parser.add_argument("--version", required=True)
    parser.add_argument("--icon", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    inputs = Inputs(args.bundle, args.site_settings, args.policy_dir, args.version, args.icon)
    SOURCE_BASE[0] = args.out.resolve().parent
    args.out.write_text(Writer(args.dialect, inputs).document(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
