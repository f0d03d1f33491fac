"""Installer tests: run by `make test-installers` (as root), skipped in `make test`.

They install the real .deb with apt-get, purge it, and install MSIs under wine, so they
change the machine: they only run when CUECARD_TEST_INSTALLERS=1 is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

for folder in ("pyinstaller", "windows", "linux"):
    path = str(REPO / "packaging" / folder)
    if path not in sys.path:
        sys.path.insert(0, path)

DIST = REPO / "dist"
# They test Linux packages on Linux (and MSIs under wine there); elsewhere the modules
# are not even imported (python-xlib, which the X session helpers use, is Linux-only).
if not sys.platform.startswith("linux"):
    collect_ignore_glob = ["test_*.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("CUECARD_TEST_INSTALLERS") == "1":
        return
    skip = pytest.mark.skip(reason="installer tests run in `make test-installers`")
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(skip)


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.fail("installer tests install packages: run `make test-installers` as root")
