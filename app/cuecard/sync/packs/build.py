"""`cuecard pack keygen` and `cuecard pack build`: make a signed pack folder to host.

The private key stays with the author (a PEM file, mode 0600, never overwritten); the
one-line public key goes into IT's `packs.public_key` setting. A build copies every
regular file of the content root (hidden files, symlinks and tool folders are left out
and listed), writes the index with each file's size and SHA-256, and signs the index.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from cuecard.content.pack import load_pack_meta
from cuecard.content.scan import SKIPPED_DIRS
from cuecard.sync.packs.format import (
    FILES_DIR,
    INDEX_NAME,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PACK_BYTES,
    SIGNATURE_NAME,
    PackEntry,
    PackError,
    PackIndex,
    entry_path_problem,
    index_bytes,
    public_key_text,
    sign,
)


@dataclass(frozen=True)
class BuildResult:
    """What `build_pack` wrote, and what it left out (hidden files, symlinks)."""

    index: PackIndex
    out: Path
    left_out: tuple[str, ...]


def keygen(keyfile: Path) -> str:
    """Write a new Ed25519 private key to `keyfile` (0600; refuses to overwrite) and
    return the public key as one line."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PackError(f"{keyfile} already exists; choose a new file name") from None
    except OSError as exc:
        raise PackError(f"cannot write {keyfile}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    keyfile.chmod(0o600)
    return public_key_text(key)


def load_private_key(keyfile: Path) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(keyfile.read_bytes(), password=None)
    except OSError as exc:
        raise PackError(f"cannot read {keyfile}: {exc.strerror or exc}") from None
    except (ValueError, TypeError):
        raise PackError(f"{keyfile} is not a key made by `cuecard pack keygen`") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{keyfile} is not an Ed25519 private key")
    return key


def _collect(root: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(entry path, file) for every file to pack, and what was left out."""
    found: list[tuple[str, Path]] = []
    left_out: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        keep_dirs = []
        for name in sorted(dirs):
            relative = (here / name).relative_to(root).as_posix()
            if name.startswith(".") or name in SKIPPED_DIRS or (here / name).is_symlink():
                left_out.append(relative + "/")
            else:
                keep_dirs.append(name)
        dirs[:] = keep_dirs
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                left_out.append(relative)
            else:
                found.append((relative, path))
    return sorted(found), left_out


def build_pack(
    root: Path,
    out: Path,
    key: Ed25519PrivateKey,
    now: datetime,
    name: str | None = None,
    version: str | None = None,
) -> BuildResult:
    """Write the signed pack folder `out` from the content root `root`."""
    if not root.is_dir():
        raise PackError(f"{root} is not a folder")
    if out.resolve() == root.resolve() or out.resolve().is_relative_to(root.resolve()):
        raise PackError("the output folder must be outside the content root")
    if out.exists() and any(out.iterdir()) and not (out / INDEX_NAME).is_file():
        raise PackError(f"{out} is not empty and holds no pack; choose an empty folder")
    files, left_out = _collect(root)
    if not files:
        raise PackError(f"{root} has no files to pack")
    if len(files) > MAX_FILES:
        raise PackError(f"{root} has more than {MAX_FILES} files")
    for relative, path in files:
        problem = entry_path_problem(relative)
        if problem:
            raise PackError(f"{relative} {problem}; rename it")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PackError(f"{relative} is larger than {MAX_FILE_BYTES // 2**20} MB")
    info = load_pack_meta(root).info
    created = now.astimezone(UTC).isoformat(timespec="seconds")
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    entries = []
    for relative, path in files:
        data = path.read_bytes()
        target = staging / FILES_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entries.append(PackEntry(relative, len(data), hashlib.sha256(data).hexdigest()))
    index = PackIndex(
        name=name or info.name or root.resolve().name,
        version=version or info.version or now.astimezone(UTC).strftime("%Y.%m.%d.%H%M%S"),
        created=created,
        files=tuple(entries),
    )
    if index.total_size > MAX_PACK_BYTES:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackError(f"{root} holds more than {MAX_PACK_BYTES // 2**20} MB")
    raw = index_bytes(index)
    (staging / INDEX_NAME).write_bytes(raw)
    (staging / SIGNATURE_NAME).write_bytes(sign(key, raw))
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return BuildResult(index, out, tuple(left_out))
