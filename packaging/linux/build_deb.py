"""Build dist/cuecard_VERSION_amd64.deb from the frozen bundle (dist/cuecard).

    python packaging/linux/build_deb.py [--bundle dist/cuecard] [--out dist]

Layout: the bundle in /opt/cuecard, /usr/bin/cuecard, the desktop entry and hicolor
icons, /etc/xdg/autostart/cuecard.desktop (`cuecard --autostart`, which honours the
user's `autostart` setting), and /etc/cuecard/settings.yaml with every setting commented
(generated from the app's settings, see cuecard.deploy). Both /etc files are conffiles.

Libraries: copies of Debian libraries that PyInstaller put in the bundle are left out
(the system's own, security-updated copies are used), and every library the bundle needs
from the system becomes a Depends through `dpkg -S`; libc6 gets the newest glibc symbol
version any file in the bundle uses.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
sys.path.insert(0, str(TOP / "packaging" / "pyinstaller"))
sys.path.insert(0, str(TOP / "app"))

from bundle_check import elf_files, external_libraries, system_libraries  # noqa: E402

from cuecard import __version__  # noqa: E402
from cuecard.deploy.site_file import site_settings_template  # noqa: E402

PREFIX = Path("opt/cuecard")
CONFFILES = ("/etc/cuecard/settings.yaml", "/etc/xdg/autostart/cuecard.desktop")
AUTOSTART_ENTRY = """\
[Desktop Entry]
Type=Application
Name=Cuecard
Comment=The right short guide at the moment you need it
Exec=cuecard --autostart
Icon=cuecard
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
X-GNOME-Autostart-Delay=5
X-KDE-autostart-after=panel
"""
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: cuecard
Comment: /opt/cuecard bundles Python, Qt 6 (LGPL-3.0) via PySide6 and the Python
 packages listed in /opt/cuecard/_internal/*.dist-info, each under its own licence.

Files: *
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.
"""


@dataclass(frozen=True)
class Dependencies:
    """What the package needs from the system, and the bundled copies it drops."""

    packages: tuple[str, ...]
    unbundled: tuple[str, ...]


def owning_package(path: Path) -> str | None:
    """The Debian package that ships `path` (tries the /usr-merged spellings)."""
    candidates = [path, path.resolve()]
    for candidate in list(candidates):
        text = str(candidate)
        if text.startswith("/usr/"):
            candidates.append(Path(text.removeprefix("/usr")))
        else:
            candidates.append(Path("/usr" + text))
    for candidate in candidates:
        result = subprocess.run(
            ["dpkg", "-S", str(candidate)], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def unbundle_system_libraries(internal: Path) -> list[str]:
    """Remove top-level library copies a Debian package provides; their sonames."""
    system = system_libraries()
    removed = []
    for path in sorted(internal.glob("lib*.so*")):
        if path.is_symlink() or path.name not in system:
            continue
        if path.name.startswith(("libpython", "libpyside", "libshiboken")):
            continue
        if owning_package(system[path.name]) is not None:
            path.unlink()
            removed.append(path.name)
    return removed


def glibc_version(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any ELF file in the bundle needs."""
    newest = (2, 17)
    for path in elf_files(bundle):
        result = subprocess.run(
            ["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=False
        )
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", result.stdout):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def dependencies(bundle: Path) -> Dependencies:
    unbundled = unbundle_system_libraries(bundle / "_internal")
    packages: set[str] = set()
    missing = []
    for name, where in external_libraries(bundle).items():
        package = owning_package(where) if where else None
        if package is None:
            missing.append(name)
        else:
            packages.add(package)
    if missing:
        raise SystemExit(
            "build_deb.py: no installed package provides "
            + ", ".join(missing)
            + " (run `sh scripts/system-deps.sh package`)"
        )
    packages.discard("libc6")
    depends = [f"libc6 (>= {glibc_version(bundle)})", *sorted(packages)]
    return Dependencies(tuple(depends), tuple(unbundled))


def control(installed_kib: int, depends: Dependencies) -> str:
    return (
        "Package: cuecard\n"
        f"Version: {__version__}\n"
        "Architecture: amd64\n"
        "Maintainer: Cuecard maintainers <maintainers@cuecard.org>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends.packages)}\n"
        "Section: education\n"
        "Priority: optional\n"
        "Homepage: https://cuecard.org\n"
        "Description: just-in-time learning cards from the system tray\n"
        " Cuecard notices which application you are using and offers the right\n"
        " under-ten-minute guide or quick-reference card at the moment of need.\n"
        " Nothing leaves the device unless an administrator turns sync on.\n"
    )


def maintainer_script(action_test: str) -> str:
    return (
        "#!/bin/sh\n"
        "set -e\n"
        f"if {action_test}; then\n"
        "  if command -v update-desktop-database >/dev/null 2>&1; then\n"
        "    update-desktop-database -q /usr/share/applications || true\n"
        "  fi\n"
        "  if command -v gtk-update-icon-cache >/dev/null 2>&1; then\n"
        "    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true\n"
        "  fi\n"
        "fi\n"
        "exit 0\n"
    )


def stage(bundle: Path, root: Path, icons: Path) -> Dependencies:
    if root.exists():
        shutil.rmtree(root)
    opt = root / PREFIX
    shutil.copytree(bundle, opt, symlinks=True)
    depends = dependencies(opt)
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/cuecard").symlink_to("/opt/cuecard/cuecard")
    applications = root / "usr/share/applications"
    applications.mkdir(parents=True)
    shutil.copy2(TOP / "resources/cuecard.desktop", applications / "cuecard.desktop")
    hicolor = root / "usr/share/icons/hicolor"
    (hicolor / "scalable/apps").mkdir(parents=True)
    shutil.copy2(TOP / "resources/icons/cuecard.svg", hicolor / "scalable/apps/cuecard.svg")
    shutil.copytree(icons / "hicolor", hicolor, dirs_exist_ok=True)
    autostart = root / "etc/xdg/autostart"
    autostart.mkdir(parents=True)
    (autostart / "cuecard.desktop").write_text(AUTOSTART_ENTRY)
    (root / "etc/cuecard").mkdir(parents=True)
    (root / "etc/cuecard/settings.yaml").write_text(site_settings_template())
    doc = root / "usr/share/doc/cuecard"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT)
    debian = root / "DEBIAN"
    debian.mkdir()
    size = sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir())
    (debian / "control").write_text(control((size + 1023) // 1024, depends))
    (debian / "conffiles").write_text("".join(f"{path}\n" for path in CONFFILES))
    (debian / "postinst").write_text(maintainer_script('[ "$1" = configure ]'))
    (debian / "postrm").write_text(maintainer_script('[ "$1" = remove ] || [ "$1" = purge ]'))
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or _executable(path) else 0o644)
    return depends


def _executable(path: Path) -> bool:
    if path.parent.name == "DEBIAN":
        return path.name in ("postinst", "postrm")
    return bool(path.stat().st_mode & 0o111)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=TOP / "dist" / "cuecard")
    parser.add_argument("--icons", type=Path, default=TOP / "build" / "icons")
    parser.add_argument("--root", type=Path, default=TOP / "build" / "deb-root")
    parser.add_argument("--out", type=Path, default=TOP / "dist")
    args = parser.parse_args()
    if not (args.bundle / "cuecard").is_file():
        raise SystemExit(f"build_deb.py: no bundle at {args.bundle}; run `make package`")
    depends = stage(args.bundle, args.root, args.icons)
    print("left out (Debian provides them):", " ".join(depends.unbundled))
    print("Depends:", ", ".join(depends.packages))
    deb = args.out / f"cuecard_{__version__}_amd64.deb"
    subprocess.run(
        # xz -9: 39.6 MB against 40.5 MB at the default -6, for about a minute more CPU.
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "--build", str(args.root), str(deb)],
        check=True,
    )
    print(f"{deb}: {deb.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
