"""What Cuecard knows about each pack URL: installed version, last check, last problem.

Kept in `packs/state.json` in the data dir (written whole, atomically, mode 0600), so
`cuecard sync status` and `cuecard doctor` can tell it without the network. Also the
packs folder's lock, so the app and a `cuecard sync now` never install at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from cuecard.private_files import ensure_private_dir

STATE_NAME = "state.json"
LOCK_NAME = ".lock"


@dataclass(frozen=True)
class PackState:
    """One pack URL. `state`: installed (the last check was fine), kept (the last check
    failed; the last good version stays in use), refused (failed, none installed yet) or
    waiting (never checked)."""

    url: str
    state: str = "waiting"
    name: str = ""
    version: str = ""
    created: str = ""
    files: int = 0
    detail: str = ""
    checked: str = ""
    installed: str = ""
    etag: str = ""
    index_sha256: str = ""
    verified: bool = False

    def failed(self, detail: str, checked: str) -> PackState:
        """After a failed check: the last good pack (if any) stays."""
        return replace(
            self, state="kept" if self.installed else "refused", detail=detail, checked=checked
        )


def load_states(packs_dir: Path) -> dict[str, PackState]:
    try:
        data = json.loads((packs_dir / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a damaged file: nested thousands deep
        return {}
    if not isinstance(data, dict):
        return {}
    found = {}
    fields = set(PackState.__dataclass_fields__)
    for url, item in data.items():
        if isinstance(item, dict) and isinstance(url, str):
            values: dict[str, Any] = {k: v for k, v in item.items() if k in fields}
            values["url"] = url
            try:
                found[url] = PackState(**values)
            except TypeError:
                continue
    return found


def save_states(packs_dir: Path, states: Mapping[str, PackState]) -> None:
    ensure_private_dir(packs_dir)
    text = json.dumps({url: asdict(s) for url, s in states.items()}, indent=1)
    temporary = packs_dir / f".{STATE_NAME}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    temporary.replace(packs_dir / STATE_NAME)


@contextlib.contextmanager
def packs_lock(packs_dir: Path) -> Iterator[bool]:
    """Hold the packs folder's lock; yields False at once if another process has it."""
    ensure_private_dir(packs_dir)
    fd = os.open(packs_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        held = _try_lock(fd)
        try:
            yield held
        finally:
            if held:
                _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
