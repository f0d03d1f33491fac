"""The build scripts under packaging/ are plain scripts: make them importable."""

from __future__ import annotations

import sys

from tests.conftest import REPO

for folder in ("", "pyinstaller", "windows", "linux"):
    path = str(REPO / "packaging" / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
