"""Swap a verified pack folder in place of the live one, atomically where the OS can.

On Linux, renameat2(RENAME_EXCHANGE) swaps the two folders in one step: a reader sees
the old pack or the new one, never a mix or nothing. Elsewhere (or on a filesystem
without it) the live folder is renamed aside and the new one renamed in: two renames
in a row; `recover` at the next start puts an aside folder back if a crash fell
between them. The old content ends up at the returned path, for the caller to delete.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import uuid
from pathlib import Path

ASIDE_PREFIX = ".old-"
STAGING_PREFIX = ".staging-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this OS or filesystem cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def swap_in(staged: Path, live: Path) -> Path | None:
    """Make `staged` the live folder; return where the previous content now is (None
    when there was none)."""
    if not live.exists():
        staged.rename(live)
        return None
    if _exchange(staged, live):
        return staged
    aside = live.with_name(f"{ASIDE_PREFIX}{live.name}-{uuid.uuid4().hex[:8]}")
    live.rename(aside)
    staged.rename(live)
    return aside


def recover(packs_dir: Path) -> None:
    """After a crash: put back a live folder left aside, drop half-done staging."""
    if not packs_dir.is_dir():
        return
    for entry in sorted(packs_dir.iterdir()):
        if entry.name.startswith(ASIDE_PREFIX) and entry.is_dir():
            live_name = entry.name[len(ASIDE_PREFIX) :].rsplit("-", 1)[0]
            live = packs_dir / live_name
            if live_name and not live.exists():
                entry.rename(live)
            else:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
