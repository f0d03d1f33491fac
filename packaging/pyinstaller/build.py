"""Build the frozen Cuecard: `python packaging/pyinstaller/build.py [--dist DIR]`.

1. Render the icons (packaging/icons.py) into build/icons.
2. Run PyInstaller on cuecard.spec; on Linux under a display (xvfb-run when there is
   none), because pynput picks its back-end at import time and PyInstaller's hook only
   collects the back-ends it could import.
3. Linux: drop libraries nothing in the bundle links to any more (the plugins trim.py
   removes were their only users), shrink ICU's data library to what Qt uses
   (icu_data.py), then check the bundle (bundle_check.py).

The result is DIST/cuecard/ (onedir), and on macOS also DIST/Cuecard.app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
sys.path.insert(0, str(HERE))

from bundle_check import check_bundle, needed_libraries  # noqa: E402
from icu_data import shrink_in  # noqa: E402


def run(args: list[str], **kwargs: object) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, **kwargs)  # type: ignore[call-overload]


def pyinstaller_command(dist: Path, work: Path) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(HERE / "cuecard.spec"),
    ]
    needs_display = sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
    if needs_display:
        if not shutil.which("xvfb-run"):
            raise SystemExit(
                "build.py: install xvfb (xvfb-run) to build on a machine with no display"
            )
        return ["xvfb-run", "-a", *command]
    return command


def prune_unlinked(internal: Path) -> list[Path]:
    """Remove shared libraries no remaining ELF file in the bundle needs; return them.

    Roots are everything that is not a plain library: the executable's own modules,
    Python extension modules and Qt plugins. Libraries are kept when reachable from a
    root through DT_NEEDED. Repeats until nothing more goes.
    """
    removed: list[Path] = []
    while True:
        files = [
            path
            for path in internal.rglob("*")
            if path.is_file() and not path.is_symlink() and _is_elf(path)
        ]
        libraries = {path.name: path for path in files if _plain_library(internal, path)}
        needed: set[str] = set()
        for path in files:
            if path.name in libraries and libraries[path.name] == path:
                continue
            needed |= needed_libraries(path)
        reached = set()
        frontier = [name for name in needed if name in libraries]
        while frontier:
            name = frontier.pop()
            if name in reached:
                continue
            reached.add(name)
            frontier.extend(n for n in needed_libraries(libraries[name]) if n in libraries)
        unlinked = [path for name, path in libraries.items() if name not in reached]
        if not unlinked:
            for link in internal.rglob("*"):
                if link.is_symlink() and not link.exists():  # pointed at a dropped file
                    link.unlink()
            return removed
        for path in unlinked:
            path.unlink()
            removed.append(path)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _plain_library(internal: Path, path: Path) -> bool:
    """A shared library other code links to (not a plugin or Python module)."""
    relative = path.relative_to(internal).as_posix()
    if "/plugins/" in relative or relative.startswith("python3") or "cpython-" in path.name:
        return False
    if path.name.endswith(".abi3.so") or path.name.startswith("libpython"):
        return False
    return path.name.startswith("lib") and ".so" in path.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=TOP / "dist")
    parser.add_argument("--work", type=Path, default=TOP / "build" / "pyinstaller")
    args = parser.parse_args()
    started = time.monotonic()
    run([sys.executable, str(TOP / "packaging" / "icons.py"), str(TOP / "build" / "icons")])
    run(pyinstaller_command(args.dist, args.work), cwd=TOP)
    bundle = args.dist / "cuecard"
    if sys.platform.startswith("linux"):
        removed = prune_unlinked(bundle / "_internal")
        print(
            f"pruned {len(removed)} libraries nothing links to:", " ".join(p.name for p in removed)
        )
        for library, before, after in shrink_in(bundle / "_internal"):
            print(f"shrank {library.name}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    problems = check_bundle(bundle)
    for problem in problems:
        print(f"bundle: {problem}", file=sys.stderr)
    size = sum(
        path.stat().st_size
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    print(f"bundle {bundle}: {size / 1e6:.1f} MB in {time.monotonic() - started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
