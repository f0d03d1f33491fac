"""Files only the user can read: the learning record, caches, window state and exports.

Whatever the umask, directories Cuecard makes for its data are 0700 and files 0600.
Modes are given when a file is created (never a chmod after the data is in it), files a
library creates (SQLite, QSettings) are created empty with mode 0600 first, because both
keep the mode of an existing file, and an install made by an older version is tightened
on start. On Windows chmod cannot express this (the user's profile ACLs do): no-ops there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cuecard.paths import AppPaths

DIR_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"


def ensure_private_dir(path: Path) -> Path:
    """Make `path` a directory: missing ones (ancestors too, as the XDG base directory
    spec asks) are created 0700; an existing one we own loses group and other bits."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.parent != path and not path.parent.exists():
            ensure_private_dir(path.parent)
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made by a concurrent start
            pass
        info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{path} is not a directory")
    _tighten(path, info, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if it is missing, else tighten it: for files a
    library writes into (SQLite keeps the database's mode for -wal/-shm; QSettings keeps an
    existing file's mode)."""
    ensure_private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
    else:
        os.close(descriptor)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write a file only the user can read (an export to a place of the user's choosing):
    a new file is created 0600; an existing regular file of ours is set to 0600 before the
    new text goes in."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        info = os.fstat(descriptor)
        # Not a terminal or pipe (`export /dev/stdout`): only regular files get the mode.
        if _POSIX and stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
            os.fchmod(descriptor, FILE_MODE)
        handle.write(text)


def tighten(path: Path) -> None:
    """Take group and other bits off one file or directory of ours (not through links)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        _tighten(path, info, DIR_MODE)
    elif stat.S_ISREG(info.st_mode):
        _tighten(path, info, FILE_MODE)


def tighten_tree(root: Path, skip: Iterable[Path] = ()) -> None:
    """Tighten `root` and everything under it that we own (an install made by an older
    version, with umask 022); symbolic links are not followed, `skip` subtrees are left
    as they are below their own top folder (the user's own content folder)."""
    if not root.is_dir():
        return
    skipped = {Path(path) for path in skip}
    tighten(root)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for name in (*dirs, *files):
            tighten(here / name)
        dirs[:] = [name for name in dirs if here / name not in skipped]


def secure_data_dir(paths: AppPaths) -> None:
    """Tighten an existing data dir on start: all of it but what is in the user's own
    content folder (the folder itself is ours and gets 0700)."""
    tighten_tree(paths.data_dir, skip=(paths.user_content,))


def open_to_others(path: Path) -> bool:
    """True when group or others have any access bit on `path` (POSIX only)."""
    return _POSIX and bool(path.lstat().st_mode & 0o077)


def _tighten(path: Path, info: os.stat_result, mode: int) -> None:
    if not _POSIX or info.st_uid != os.geteuid() or not info.st_mode & 0o077:
        return
    path.chmod(stat.S_IMODE(info.st_mode) & mode)
