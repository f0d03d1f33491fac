"""A data dir on a disk that fills up or turns read-only: a small tmpfs (mounting needs
root), and the app (tests/reliability/crash_app.py) recording steps onto it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

needs_mount = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None,
    reason="mounting a small tmpfs needs root",
)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], check=True
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


def fill(folder: Path, leave: int) -> Path:
    """A ballast file that leaves about `leave` bytes free on the disk of `folder`."""
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    ballast = folder / "ballast"
    with ballast.open("wb") as out:
        out.write(b"\0" * max(free - leave, 0))
    return ballast


@dataclass
class LocalWorld:
    """Just a data dir, settings and a content folder: no LRS, no packs."""

    base: Path
    data: Path

    def prepare(self) -> LocalWorld:
        (self.base / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
        content = self.base / "content"
        content.mkdir(exist_ok=True)
        (content / "guide.md").write_text(
            "---\nid: crash/guide\n---\n# A guide\n\n1. One\n2. Two\n"
        )
        (self.base / "settings.yaml").write_text(
            "content.builtin: false\nnudges.enabled: false\nautostart: false\n"
        )
        return self

    def app_args(self) -> list[str]:
        return [
            "--data-dir",
            str(self.data),
            "--config",
            str(self.base / "settings.yaml"),
            "--content",
            str(self.base / "content"),
        ]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(self.base / "run"))
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "CUECARD_TEST_CLOCK_SHIFT_DAYS"):
            env.pop(name, None)
        return env
