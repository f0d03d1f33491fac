"""The WiX source, in both spellings: per machine, fixed UpgradeCode, features, files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import wxs

V3 = "{http://schemas.microsoft.com/wix/2006/wi}"
V4 = "{http://wixtoolset.org/schemas/v4/wxs}"


@pytest.fixture
def inputs(tmp_path: Path) -> wxs.Inputs:
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "sub").mkdir(parents=True)
    for name in ("cuecard.exe", "cuecardw.exe", "_internal/a.pyd", "_internal/sub/b.txt"):
        (bundle / name).write_text(name)
    site = tmp_path / "settings.yaml"
    site.write_text("# commented\n")
    policy = Path(wxs.__file__).parent / "policy"
    return wxs.Inputs(bundle, site, policy, "1.2.3")


@pytest.mark.parametrize(("dialect", "ns"), [("wixl", V3), ("wix4", V4)])
def test_package_description(inputs: wxs.Inputs, dialect: str, ns: str) -> None:
    root = ET.fromstring(wxs.Writer(dialect, inputs).document())
    product = root.find(f"{ns}Product") if dialect == "wixl" else root.find(f"{ns}Package")
    assert product is not None
    assert product.get("UpgradeCode") == wxs.UPGRADE_CODE
    assert product.get("Version") == "1.2.3"
    scope = (
        root.find(f".//{ns}Package").get("InstallScope")  # type: ignore[union-attr]
        if dialect == "wixl"
        else product.get("Scope")
    )
    assert scope == "perMachine"
    assert root.find(f".//{ns}MajorUpgrade").get("DowngradeErrorMessage")  # type: ignore[union-attr]
    features = {f.get("Id"): f for f in root.iter(f"{ns}Feature")}
    assert set(features) == {"Main", "Autostart"}
    assert [r.get("Id") for r in features["Autostart"]] == ["RunKey"]
    components = {c.get("Id"): c for c in root.iter(f"{ns}Component")}
    in_features = [r.get("Id") for f in features.values() for r in f]
    assert sorted(in_features) == sorted(components), "every component in exactly one feature"
    files = [f.get("Source", "") for f in root.iter(f"{ns}File")]
    for name in ("cuecard.exe", "cuecardw.exe", "a.pyd", "b.txt", "settings.yaml", "cuecard.admx"):
        assert any(path.endswith(name) for path in files), name
    run = components["RunKey"].find(f"{ns}RegistryValue")
    assert run is not None and run.get("Root") == "HKLM"
    assert run.get("Value") == '"[INSTALLDIR]cuecardw.exe" --autostart'
    site = components["SiteSettings"]
    if dialect == "wix4":
        assert (site.get("Permanent"), site.get("NeverOverwrite")) == ("yes", "yes")
    assert wxs.SITE_SETTINGS_ATTRIBUTES & 16 and wxs.SITE_SETTINGS_ATTRIBUTES & 128


def test_identifiers_are_stable_across_builds(inputs: wxs.Inputs) -> None:
    first = wxs.Writer("wixl", inputs).document()
    assert first == wxs.Writer("wixl", inputs).document()
    ids = [c.get("Id") for c in ET.fromstring(first).iter(f"{V3}Component")]
    assert len(ids) == len(set(ids))
