"""Build hook: ship the top-level content/ and resources/ folders inside the package.

Everything else is configured in pyproject.toml. The folders stay at the top of the
repository (the source of truth); a wheel gets copies under cuecard/_data/, where
cuecard.paths finds them with importlib.resources. Editable installs skip the copy and
read the checkout's folders directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_FOLDERS = ("content", "resources")  # keep in step with cuecard.paths.BUNDLED


class BuildPyWithData(build_py):
    """build_py that also copies DATA_FOLDERS into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "cuecard" / "_data"
        for name in DATA_FOLDERS:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"setup.py: {source} is missing; it must be in the sdist")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(".*"))


setup(cmdclass={"build_py": BuildPyWithData})
