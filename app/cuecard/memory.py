"""Keep the resident size of a long-running tray app down (glibc only; no-ops elsewhere).

Measured with 10,000 cards: glibc gives each thread that allocates its own heap arena
(up to eight per core) and keeps freed memory mapped. Two arenas and a trim after each
big build keep the idle app tens of megabytes smaller.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(count: int = 2) -> None:
    """Call early, before threads start."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_ARENA_MAX, count)


def return_freed_memory() -> None:
    """Hand freed heap pages back to the OS after a large, temporary allocation."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
