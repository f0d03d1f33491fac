"""Build the Cuecard MSI on Linux with wixl (msitools) around a Windows bundle folder.

    python packaging/windows/build_msi.py --bundle DIR [--version X.Y.Z] OUT.msi

On Windows the workflow uses WiX v4 instead (`wxs.py --dialect wix4`, `wix build`).
wixl ignores Permanent and NeverOverwrite, so they are set afterwards with msibuild.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(TOP / "app"))

import wxs  # noqa: E402

from cuecard import __version__  # noqa: E402
from cuecard.deploy.site_file import site_settings_template  # noqa: E402


def build_msi(bundle: Path, out: Path, version: str, icon: Path | None = None) -> Path:
    with tempfile.TemporaryDirectory(prefix="cuecard-msi-") as scratch:
        work = Path(scratch)
        site = work / "settings.yaml"
        site.write_text(site_settings_template(), encoding="utf-8", newline="\r\n")
        source = work / "cuecard.wxs"
        wxs.SOURCE_BASE[0] = work
        inputs = wxs.Inputs(bundle, site, HERE / "policy", version, icon)
        source.write_text(wxs.Writer("wixl", inputs).document(), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["wixl", "-a", "x64", "-o", str(out.resolve()), source.name], cwd=work, check=True
        )
    query = (
        f"UPDATE `Component` SET `Attributes` = {wxs.SITE_SETTINGS_ATTRIBUTES} "
        "WHERE `Component` = 'SiteSettings'"
    )
    subprocess.run(["msibuild", str(out), "-q", query], check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--version", default=__version__)
    parser.add_argument("--icon", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    build_msi(args.bundle, args.out, args.version, args.icon)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
