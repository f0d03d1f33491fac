"""Files for administrators are generated from settings.SPECS and cannot drift from it."""

from __future__ import annotations

import plistlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from cuecard.deploy.admx import adml, admx
from cuecard.deploy.docs_table import END, START, replace_table, settings_table
from cuecard.deploy.model import POLICY_KEY, Kind, managed_settings
from cuecard.deploy.profile import example_payload, example_profile
from cuecard.deploy.site_file import site_settings_template
from cuecard.settings import SPECS, SourceKind, load_settings
from tests.conftest import REPO

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
CHECKED_IN = {
    "packaging/windows/policy/cuecard.admx": admx,
    "packaging/windows/policy/en-US/cuecard.adml": adml,
    "packaging/macos/cuecard.example.mobileconfig": example_profile,
}


def write_yaml(path: Path, values: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    return path


def test_site_file_as_installed_sets_nothing(tmp_path: Path) -> None:
    site = tmp_path / "settings.yaml"
    site.write_text(site_settings_template(), encoding="utf-8")
    settings = load_settings(site, None)
    assert settings.problems == ()
    assert {source.kind for source in settings.sources.values()} == {SourceKind.DEFAULT}


def test_uncommenting_every_line_sets_every_setting_to_its_default(tmp_path: Path) -> None:
    text = site_settings_template()
    keys = re.findall(r"^#([a-z_.]+):", text, flags=re.MULTILINE)
    assert sorted(k for k in keys if k != "locked") == sorted(SPECS), "each key exactly once"
    uncommented = re.sub(r"^#(?=[a-z_.]+:)", "", text, flags=re.MULTILINE)
    site = tmp_path / "settings.yaml"
    site.write_text(uncommented, encoding="utf-8")
    settings = load_settings(site, None)
    assert settings.problems == ()
    assert dict(settings.values) == {key: spec.default for key, spec in SPECS.items()}
    assert {source.kind for source in settings.sources.values()} == {SourceKind.SITE}
    assert settings.locked == {"nudges.per_hour", "nudges.per_day", "privacy.exclude_apps"}


def test_every_example_is_a_valid_value(tmp_path: Path) -> None:
    examples = {s.key: s.example for s in managed_settings()}
    settings = load_settings(write_yaml(tmp_path / "examples.yaml", examples), None)
    assert settings.problems == ()
    assert dict(settings.values) == examples


@pytest.mark.parametrize("relative", sorted(CHECKED_IN))
def test_checked_in_file_is_up_to_date(relative: str) -> None:
    path = REPO / relative
    assert path.read_text(encoding="utf-8") == CHECKED_IN[relative](), (
        f"{relative} is out of date: run `make deploy-files`"
    )


def test_deploy_doc_table_is_up_to_date() -> None:
    document = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert settings_table() in document, "docs/deploy.md is out of date: run `make deploy-files`"
    assert replace_table(document) == document
    assert document.count(START) == document.count(END) == 1
    for key in SPECS:
        assert f"| `{key}` |" in document


def test_admx_has_one_policy_per_setting_in_the_documented_registry_layout() -> None:
    root = ET.fromstring(admx())
    policies = {p.get("name"): p for p in root.iterfind(".//p:policy", NS)}
    assert len(policies) == len(SPECS)
    for setting in managed_settings():
        policy = policies[setting.policy_name]
        assert policy.get("key") == POLICY_KEY and policy.get("class") == "Machine"
        if setting.kind is Kind.BOOL:
            assert policy.get("valueName") == setting.key
            assert policy.find("p:enabledValue/p:decimal", NS).get("value") == "1"  # type: ignore[union-attr]
            assert policy.find("p:disabledValue/p:decimal", NS).get("value") == "0"  # type: ignore[union-attr]
            continue
        (element,) = list(policy.find("p:elements", NS))  # type: ignore[arg-type]
        tag = element.tag.split("}")[1]
        expected = {Kind.NUMBER: "decimal", Kind.TEXT: "text", Kind.LIST: "list"}
        assert tag == expected[setting.kind]
        if setting.kind is Kind.LIST:
            assert element.get("key") == f"{POLICY_KEY}\\{setting.key}"
            assert element.get("valuePrefix") == ""
        else:
            assert element.get("valueName") == setting.key


def test_adml_defines_every_string_and_presentation_the_admx_uses() -> None:
    template, resources = admx(), ET.fromstring(adml())
    strings = {s.get("id") for s in resources.iterfind(".//p:string", NS)}
    presentations = {p.get("id"): p for p in resources.iterfind(".//p:presentation", NS)}
    used_strings = set(re.findall(r"\$\(string\.([A-Za-z0-9_]+)\)", template))
    used_presentations = set(re.findall(r"\$\(presentation\.([A-Za-z0-9_]+)\)", template))
    assert used_strings and used_strings <= strings
    assert used_presentations == set(presentations)
    element_ids = {e.get("id") for e in ET.fromstring(template).iterfind(".//p:elements/*", NS)}
    referenced = {child.get("refId") for p in presentations.values() for child in p}
    assert referenced == element_ids


def test_example_profile_sets_valid_values_for_known_keys(tmp_path: Path) -> None:
    profile = plistlib.loads(example_profile().encode())
    (payload,) = profile["PayloadContent"]
    assert payload["PayloadType"] == "org.cuecard.Cuecard"
    managed = {k: v for k, v in payload.items() if not k.startswith("Payload")}
    assert managed == example_payload() and set(managed) <= set(SPECS)
    settings = load_settings(write_yaml(tmp_path / "managed.yaml", managed), None)
    assert settings.problems == ()
    assert example_profile() == example_profile(), "stable identifiers"
