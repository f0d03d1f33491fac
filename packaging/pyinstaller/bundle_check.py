"""Check a built onedir bundle: what must be in it, what must not, and what it links to.

Used by build.py after every build and by tests/packaging/test_bundle.py; pure Python
plus `readelf` (binutils) for ELF files.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trim

TOP = Path(__file__).resolve().parents[2]
# Modules that must be inside the frozen archive: the back-ends chosen at run time.
REQUIRED_MODULES_LINUX = (
    "pynput.keyboard._xorg",
    "pynput.mouse._xorg",
    "Xlib.display",
    "jeepney.io.blocking",
    "cuecard.watch.x11",
    "cuecard.watch.wayland_gnome",
    "cuecard.watch.wayland_kde",
    "cuecard.ui.app",
)
MIN_SAMPLE_CARDS = 15
# ICU's data library once icu_data.py has shrunk it (32 MB as PySide6 ships it).
MAX_ICU_DATA_BYTES = 4_000_000


@cache
def needed_libraries(path: Path) -> frozenset[str]:
    """The DT_NEEDED entries of an ELF file (empty for anything else)."""
    result = subprocess.run(
        ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
    )
    names = set()
    for line in result.stdout.splitlines():
        if "(NEEDED)" in line and "[" in line:
            names.add(line.split("[", 1)[1].rstrip("]"))
    return frozenset(names)


def markdown_extensions() -> tuple[str, ...]:
    """The Markdown extensions the card window loads by name (cuecard.content.render)."""
    if str(TOP / "app") not in sys.path:
        sys.path.insert(0, str(TOP / "app"))
    from cuecard.content.render import extension_modules

    return extension_modules()


def internal_dir(bundle: Path) -> Path:
    """Where PyInstaller 6 puts everything but the executables."""
    return bundle / "_internal"


def archive_modules(executable: Path) -> set[str]:
    """Names of the Python modules in the executable's PYZ archive."""
    from PyInstaller.archive.readers import CArchiveReader

    reader = CArchiveReader(str(executable))
    modules: set[str] = set()
    for name, entry in reader.toc.items():
        if entry[-1] == "z":
            modules |= set(reader.open_embedded_archive(name).toc)
    return modules


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def check_bundle(bundle: Path, linux: bool | None = None) -> list[str]:
    """Everything wrong with `bundle` (a dist/cuecard folder); empty when it is fine."""
    linux = sys.platform.startswith("linux") if linux is None else linux
    internal = internal_dir(bundle)
    executable = next(
        (bundle / n for n in ("cuecard", "cuecard.exe") if (bundle / n).is_file()),
        bundle / "cuecard",
    )
    if not executable.is_file() or not internal.is_dir():
        return [f"{bundle} is not a PyInstaller onedir bundle (no {executable.name}, _internal/)"]
    problems: list[str] = []
    present = files_under(internal)
    for name in ("content", "resources"):
        missing = files_under(TOP / name) - files_under(internal / name)
        if missing:
            problems.append(f"{name}/ lacks {len(missing)} files, e.g. {sorted(missing)[0]}")
    cards = [p for p in (internal / "content").rglob("*.md") if p.name != "README.md"]
    if len(cards) < MIN_SAMPLE_CARDS:
        problems.append(f"content/ has {len(cards)} cards, expected at least {MIN_SAMPLE_CARDS}")
    for relative in sorted(present):
        if trim.dropped(relative):
            problems.append(f"{relative} should have been left out (trim.DROP_PATTERNS)")
        name = relative.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in trim.FORBIDDEN_LIBRARIES):
            problems.append(f"{relative}: a forbidden library (trim.FORBIDDEN_LIBRARIES)")
        size = (internal / relative).stat().st_size
        if name.startswith("libicudata.so") and size > MAX_ICU_DATA_BYTES:
            problems.append(f"{relative}: ICU data of {size} bytes was not shrunk (icu_data.py)")
    if linux:
        problems += [f"{r} is missing" for r in trim.REQUIRED_LINUX if r not in present]
        modules = archive_modules(executable)
        problems += [
            f"Python module {m} is not in the archive"
            for m in (*REQUIRED_MODULES_LINUX, *markdown_extensions())
            if m not in modules
        ]
        problems += unresolved_libraries(bundle)
    return problems


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries() -> dict[str, Path]:
    """soname -> path of the 64-bit libraries the dynamic linker knows (ldconfig -p);
    empty where there is no ldconfig (Windows, macOS)."""
    ldconfig = shutil.which("ldconfig") or (
        "/sbin/ldconfig" if Path("/sbin/ldconfig").exists() else None
    )
    if ldconfig is None:
        return {}
    result = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False)
    found: dict[str, Path] = {}
    for line in result.stdout.splitlines()[1:]:
        if "=>" not in line or "x86-64" not in line:
            continue
        name = line.strip().split(" ", 1)[0]
        found.setdefault(name, Path(line.rsplit("=>", 1)[1].strip()))
    return found


def external_libraries(bundle: Path) -> dict[str, Path | None]:
    """Libraries the bundle needs from the system: soname -> where it is (None: nowhere)."""
    inside = {path.name for path in bundle.rglob("*") if path.is_file()}
    system = system_libraries()
    external: dict[str, Path | None] = {}
    for path in elf_files(bundle):
        for name in needed_libraries(path):
            if name not in inside:
                external[name] = system.get(name)
    return dict(sorted(external.items()))


def unresolved_libraries(bundle: Path) -> list[str]:
    return [
        f"{name} is needed but neither in the bundle nor on this system"
        for name, where in external_libraries(bundle).items()
        if where is None
    ]


if __name__ == "__main__":
    found = check_bundle(Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "dist" / "cuecard")
    print("\n".join(found) or "bundle ok")
    sys.exit(1 if found else 0)
