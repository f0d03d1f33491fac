"""Build what this OS can build into dist/: `python packaging/package.py` (`make package`).

- Linux: the frozen bundle (dist/cuecard/) and dist/cuecard_VERSION_amd64.deb.
- macOS: dist/Cuecard.app and dist/Cuecard-VERSION.pkg (packaging/macos/build_pkg.sh).
- Windows: dist/cuecard/ and dist/cuecard-VERSION-x64.msi with WiX v4 (`wix` on PATH:
  `dotnet tool install --global wix --version 4.0.6`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parent
sys.path.insert(0, str(TOP / "app"))

from cuecard import __version__  # noqa: E402
from cuecard.deploy.site_file import site_settings_template  # noqa: E402


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=TOP)


def windows_msi() -> Path:
    sys.path.insert(0, str(HERE / "windows"))
    import wxs

    work = TOP / "build" / "msi"
    work.mkdir(parents=True, exist_ok=True)
    site = work / "settings.yaml"
    site.write_text(site_settings_template(), encoding="utf-8", newline="\r\n")
    wxs.SOURCE_BASE[0] = work
    inputs = wxs.Inputs(
        TOP / "dist" / "cuecard",
        site,
        HERE / "windows" / "policy",
        __version__,
        TOP / "build" / "icons" / "cuecard.ico",
    )
    source = work / "cuecard.wxs"
    source.write_text(wxs.Writer("wix4", inputs).document(), encoding="utf-8")
    out = TOP / "dist" / f"cuecard-{__version__}-x64.msi"
    subprocess.run(
        ["wix", "build", "-arch", "x64", "-o", str(out), source.name], check=True, cwd=work
    )
    return out


def main() -> int:
    python = sys.executable
    run(python, str(HERE / "pyinstaller" / "build.py"))
    if sys.platform.startswith("linux"):
        run(python, str(HERE / "linux" / "build_deb.py"))
    elif sys.platform == "darwin":
        subprocess.run(
            ["sh", str(HERE / "macos" / "build_pkg.sh")],
            check=True,
            cwd=TOP,
            env={**os.environ, "PYTHON": python},
        )
    elif sys.platform == "win32":
        print(windows_msi())
    return 0


if __name__ == "__main__":
    sys.exit(main())
