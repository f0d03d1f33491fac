"""The bundle check and the library pruning catch what they are there to catch."""

from __future__ import annotations

import shutil
from pathlib import Path

import build  # packaging/pyinstaller/build.py
import bundle_check
import pytest
import trim

from tests.conftest import REPO


def fake_bundle(root: Path) -> Path:
    """A bundle with the layout and data files of a real one, and no libraries."""
    bundle = root / "cuecard"
    internal = bundle / "_internal"
    for name in ("content", "resources"):
        shutil.copytree(REPO / name, internal / name)
    (bundle / "cuecard").write_bytes(b"#!")
    return bundle


def test_trim_drops_unused_plugins_and_keeps_what_the_app_loads() -> None:
    for dropped in (
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/plugins/platformthemes/qgtk3.dll",  # the Windows layout
    ):
        assert trim.dropped(dropped), dropped
    for kept in trim.REQUIRED_LINUX:
        assert not trim.dropped(kept), kept


def test_check_reports_forbidden_dropped_and_missing_files(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    internal = bundle / "_internal"
    (internal / "libgtk-3.so.0").write_bytes(b"x")
    plugin = internal / "PySide6/Qt/plugins/platformthemes/libqgtk3.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"x")
    (internal / "resources/kwin/cuecard-watch.js").unlink()
    problems = bundle_check.check_bundle(bundle, linux=False)
    assert any("libgtk-3.so.0: a forbidden library" in p for p in problems)
    assert any("libqgtk3.so should have been left out" in p for p in problems)
    assert any(p.startswith("resources/ lacks 1 files") for p in problems)


def test_check_passes_a_complete_non_linux_layout(tmp_path: Path) -> None:
    assert bundle_check.check_bundle(fake_bundle(tmp_path), linux=False) == []


def test_check_counts_sample_cards(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    for card in list((bundle / "_internal/content").rglob("*.md"))[:10]:
        card.unlink()
    problems = bundle_check.check_bundle(bundle, linux=False)
    assert any("cards, expected at least" in p for p in problems)


def system_library(name: str) -> Path:
    found = bundle_check.system_libraries().get(name)
    if found is None:
        pytest.skip(f"{name} is not on this system")
    return found


def test_prune_removes_only_libraries_nothing_links_to(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    plugin_dir = internal / "PySide6/Qt/plugins/platforms"
    plugin_dir.mkdir(parents=True)
    # libxcb needs libXau and libXdmcp; here it stands in for a plugin (a root).
    shutil.copy(system_library("libxcb.so.1"), plugin_dir / "libqfake.so")
    for name in ("libXau.so.6", "libXdmcp.so.6", "libz.so.1"):
        shutil.copy(system_library(name), internal / name)
    (internal / "libdropped.so.1").symlink_to("libz.so.1")
    removed = build.prune_unlinked(internal)
    assert [p.name for p in removed] == ["libz.so.1"]
    assert sorted(p.name for p in internal.iterdir()) == ["PySide6", "libXau.so.6", "libXdmcp.so.6"]
