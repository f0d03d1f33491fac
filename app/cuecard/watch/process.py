"""Process facts for a window's pid: the app name triggers match on, and the exe path."""

from __future__ import annotations

from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class ProcessFacts:
    """`app` is the lower-case process name without `.exe`; `exe` may be empty."""

    app: str
    exe: str


def normalise_app(name: str) -> str:
    """Lower case, no directory, no `.exe`: what `app:` triggers compare against."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    return base[:-4] if base.endswith(".exe") else base


def process_facts(pid: int | None) -> ProcessFacts:
    """Name and exe of `pid`; empty strings when it is gone or not ours to inspect."""
    if not pid or pid <= 0:
        return ProcessFacts("", "")
    try:
        process = psutil.Process(pid)
        name = process.name()
        try:
            exe = process.exe()
        except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
            exe = ""
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return ProcessFacts("", "")
    return ProcessFacts(normalise_app(name), exe)
