"""Only cuecard.ui may import PySide6: every other module imports with Qt blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BLOCKER = """
import importlib, importlib.abc, pkgutil, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked outside cuecard.ui")
        return None
sys.meta_path.insert(0, Block())
import cuecard
for module in pkgutil.walk_packages(cuecard.__path__, "cuecard."):
    if module.name.startswith("cuecard.ui") or module.name == "cuecard.__main__":
        continue
    importlib.import_module(module.name)
    print(module.name)
"""


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert {"cuecard.content.library", "cuecard.cli", "cuecard.doctor"} <= imported


def test_pyside_imports_only_in_ui() -> None:
    package = REPO / "app" / "cuecard"
    offenders = [
        path.relative_to(package)
        for path in package.rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
        and "ui" not in path.relative_to(package).parts
    ]
    assert offenders == [], offenders


def test_modules_stay_small() -> None:
    too_long = {
        str(path): n
        for path in Path(REPO / "app").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert too_long == {}
