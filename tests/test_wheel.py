"""The built wheel works on its own: sample pack, icons, KWin script, GNOME extension.

Builds an sdist from a copy of the sources, a wheel from that sdist (what `python -m
build` does), installs the wheel into a fresh venv and runs the installed `cuecard` from
a folder outside the checkout. The venv sees this test environment's site-packages
(PySide6 and the other dependencies) through a .pth line, but not the editable install's
path to the checkout, so only the wheel's own files can be found.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard import paths
from tests.conftest import REPO

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
FOLDERS = ("app", "content", "resources")
BUILD = "import sys, setuptools.build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
PROBE = """
import json, sys
import cuecard
from cuecard.paths import AppPaths
from cuecard.watch import wayland_gnome, wayland_kde
from importlib.metadata import requires
p = AppPaths.default()
print(json.dumps({
    "package": cuecard.__file__,
    "sys_path": sys.path,
    "content": str(p.builtin_content),
    "resources": str(p.resources_dir),
    "icons": [str(p.resource("icons", n)) for n in
              ("cuecard.svg", "cuecard-tray-light.svg", "cuecard-tray-dark.svg")],
    "kwin": str(wayland_kde.script_path()),
    "gnome": str(wayland_gnome.extension_dir()),
    "requires": requires("cuecard"),
}))
"""


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _build(source: Path, out: Path, hook: str, env: dict[str, str]) -> Path:
    name = _run([sys.executable, "-c", BUILD, hook, str(out)], source, env).strip().splitlines()
    return out / name[-1]


def _outside_env(tmp_path: Path) -> dict[str, str]:
    """The environment without anything that would put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.pop("CUECARD_TEST_CLOCK_SHIFT_DAYS", None)  # its sitecustomize adds the checkout
    env["CUECARD_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the venv's folder, its site-packages) with the wheel built from an sdist."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    env = _outside_env(tmp_path)
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", ".*")
    for name in FOLDERS:
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    sdist = _build(source, tmp_path / "dist", "build_sdist", env)
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    [unpacked] = (tmp_path / "unpacked").iterdir()
    wheel = _build(unpacked, tmp_path / "dist", "build_wheel", env)
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    _run([*pip, "--no-deps", "--no-index", str(wheel)], tmp_path, env)
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            tmp_path,
            env,
        ).strip()
    )
    # This environment's dependencies, appended after the venv's own site-packages.
    # Lines of a .pth only add folders: the editable install's own .pth is not read.
    ours = {p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    yield venv, site


def _cuecard(venv: Path) -> str:
    return str(venv / ("Scripts/cuecard.exe" if sys.platform == "win32" else "bin/cuecard"))


def test_the_installed_wheel_finds_its_own_files(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    venv, site = installed
    env = _outside_env(tmp_path)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    found = json.loads(_run([str(python), "-c", PROBE], tmp_path, env))
    assert Path(found["package"]).is_relative_to(site)
    assert not any(Path(p).resolve() == REPO / "app" for p in found["sys_path"] if p)
    package = site / "cuecard"
    assert Path(found["content"]) == package / "_data" / "content"
    assert Path(found["resources"]) == package / "_data" / "resources"
    for icon in found["icons"]:
        assert Path(icon).is_relative_to(package) and Path(icon).is_file()
    assert Path(found["kwin"]).is_relative_to(package) and Path(found["kwin"]).is_file()
    extension = Path(found["gnome"])
    assert extension.is_relative_to(package)
    assert (extension / "metadata.json").is_file() and (extension / "extension.js").is_file()
    xlib = [r for r in found["requires"] if r.startswith("python-xlib")]
    assert xlib and "sys_platform" in xlib[0] and "extra" not in xlib[0], found["requires"]


def test_the_installed_cuecard_runs_selftest_and_lint(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    venv, site = installed
    env = _outside_env(tmp_path)
    out = _run([_cuecard(venv), "--selftest"], tmp_path, env)
    assert out.rstrip().endswith("ok"), out
    report = json.loads(_run([_cuecard(venv), "lint", "--format", "json"], tmp_path, env))
    assert report["cards"] >= 15 and report["files"] > report["cards"]
    assert report["errors"] == 0, report["problems"]
    for problem in report["problems"]:
        assert Path(problem["path"]).is_relative_to(site / "cuecard" / "_data" / "content")


def test_frozen_build_finds_folders_at_the_bundle_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in paths.BUNDLED:
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths.bundled.cache_clear()
    try:
        here = paths.AppPaths.default(tmp_path / "data")
        assert (here.builtin_content, here.resources_dir) == (
            tmp_path / "content",
            tmp_path / "resources",
        )
    finally:
        monkeypatch.undo()
        paths.bundled.cache_clear()
    assert paths.bundled("content") == REPO / "content"  # the checkout, outside a bundle


def test_package_data_in_a_zip_is_copied_to_a_real_folder(tmp_path: Path) -> None:
    archive = tmp_path / "pkg.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("cuecard/_data/resources/icons/cuecard.svg", "<svg/>")
        zipped.writestr("cuecard/_data/resources/kwin/cuecard-watch.js", "// js")
    inside = zipfile.Path(archive, "cuecard/_data/resources/")
    real = paths._real_path(inside)
    assert real.name == "resources" and real.is_dir()
    assert (real / "icons" / "cuecard.svg").read_text() == "<svg/>"
    assert (real / "kwin" / "cuecard-watch.js").read_text() == "// js"


def test_a_folder_above_an_installed_package_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without package data, the folders two levels up are used only in a checkout (our
    pyproject.toml is there): a wheel in lib/python3.x/site-packages never takes
    lib/python3.x/content."""
    lib = tmp_path / "lib" / "python3.11"
    package = lib / "site-packages" / "cuecard"
    package.mkdir(parents=True)
    (package / "paths.py").write_text("")
    for name in paths.BUNDLED:
        (lib / name).mkdir()
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    monkeypatch.setattr(paths, "PACKAGE_DATA", "_missing")  # no package data anywhere
    paths.bundled.cache_clear()
    try:
        assert paths.source_checkout() is None
        for name in paths.BUNDLED:
            found = paths.bundled(name)
            assert found == package / "_missing" / name and not found.exists()
        (lib / "pyproject.toml").write_text("[project]\nname = 'cuecard'\n")
        paths.bundled.cache_clear()
        assert paths.source_checkout() == lib
        assert paths.bundled("content") == lib / "content"
    finally:
        monkeypatch.undo()
        paths.bundled.cache_clear()
    assert paths.source_checkout() == REPO and paths.bundled("content") == REPO / "content"


def test_only_paths_py_locates_files_from_its_own_source_location() -> None:
    """Resources are found through cuecard.paths (package data, the frozen bundle), never
    by a module walking up from its own `__file__`, which a wheel or a bundle breaks."""
    package = REPO / "app" / "cuecard"
    offenders = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "paths.py"
        and any(
            isinstance(node, ast.Name) and node.id == "__file__"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert offenders == []
