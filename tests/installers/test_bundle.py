"""The frozen bundle `make package` built: contents, libraries, and it runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import bundle_check

from tests.installers.conftest import DIST

BUNDLE = DIST / "cuecard"


def test_bundle_contents_and_libraries() -> None:
    assert bundle_check.check_bundle(BUNDLE) == []


def test_bundle_selftest_imports_every_module_and_loads_the_sample_pack(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BUNDLE / "cuecard"), "--data-dir", str(tmp_path / "data"), "--selftest"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"(\d+) cards, 0 content problems, ok", result.stdout)
    assert found and int(found[1]) >= bundle_check.MIN_SAMPLE_CARDS, result.stdout
