"""The macOS package's files: they can only run on a Mac (the workflow does), but their
form and their agreement with the spec are checked everywhere."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import REPO

MACOS = REPO / "packaging" / "macos"
SPEC = (REPO / "packaging" / "pyinstaller" / "cuecard.spec").read_text()


def test_launch_agent_starts_the_spec_s_app_with_autostart() -> None:
    agent = plistlib.loads((MACOS / "org.cuecard.Cuecard.plist").read_bytes())
    assert agent["Label"] == "org.cuecard.Cuecard" and agent["RunAtLoad"] is True
    assert agent["LimitLoadToSessionType"] == "Aqua"
    app_name = re.search(r'name="([^"]+\.app)"', SPEC)
    bundle_id = re.search(r'bundle_identifier="([^"]+)"', SPEC)
    assert app_name and bundle_id and bundle_id[1] == agent["Label"]
    assert agent["ProgramArguments"] == [
        f"/Applications/{app_name[1]}/Contents/MacOS/cuecard",
        "--autostart",
    ]


def test_entitlements_relax_only_executable_memory() -> None:
    entitlements = plistlib.loads((MACOS / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_distribution_is_well_formed_and_versioned() -> None:
    root = ET.parse(MACOS / "distribution.xml").getroot()
    (ref,) = [r for r in root.iter("pkg-ref") if r.text]
    assert ref.get("version") == "@VERSION@" and ref.text == "cuecard-component.pkg"


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
@pytest.mark.parametrize("script", ["build_pkg.sh", "scripts/postinstall", "uninstall.sh"])
def test_shell_scripts_parse(script: str) -> None:
    result = subprocess.run(["sh", "-n", str(MACOS / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
