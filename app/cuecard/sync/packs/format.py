"""The signed content pack format: a static folder any web server or file share can host.

```
OUT/cuecard-pack.json       the index: name, version, created, every file's path,
                            size and SHA-256 (UTF-8 JSON)
OUT/cuecard-pack.json.sig   Ed25519 signature of the index's exact bytes (base64, 1 line)
OUT/files/<path>            the files, as listed
```

Everything read from a pack is untrusted until checked here: the index must parse into
the exact shape below, every entry path must stay inside the pack (relative, forward
slashes, no '..', no empty, hidden or drive-like parts, no control characters, unique
even on case-insensitive disks), and sizes are capped. Keys are one-line base64 strings
of the raw 32-byte Ed25519 keys.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

INDEX_NAME = "cuecard-pack.json"
SIGNATURE_NAME = INDEX_NAME + ".sig"
FILES_DIR = "files"
FORMAT = 1
MAX_INDEX_BYTES = 4 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_PACK_BYTES = 256 * 1024 * 1024
MAX_FILES = 20_000
MAX_PATH_CHARS = 240
MAX_PART_CHARS = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f\\:*?"<>|]')
_WINDOWS_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class PackError(Exception):
    """Why a pack was refused, as a plain sentence fragment."""


@dataclass(frozen=True, slots=True)
class PackEntry:
    """One file of a pack."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class PackIndex:
    """A pack's index, after validation."""

    name: str
    version: str
    created: str
    files: tuple[PackEntry, ...]

    @property
    def total_size(self) -> int:
        return sum(entry.size for entry in self.files)


def entry_path_problem(path: str) -> str | None:
    """Why `path` may not be a pack entry (None: it is fine)."""
    if not path or len(path) > MAX_PATH_CHARS:
        return "has an empty or overlong path"
    if path.startswith("/") or _BAD_CHARS.search(path):
        return "has an absolute path or characters not allowed in file names"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return "escapes the pack or has an empty path part"
        if part.startswith(".") or part.endswith((" ", ".")) or len(part) > MAX_PART_CHARS:
            return "has a hidden, overlong or badly ended path part"
        if _WINDOWS_NAMES.match(part):
            return "uses a name Windows reserves"
    return None


def parse_index(raw: bytes) -> PackIndex:
    """The validated index; raises PackError with the first problem found."""
    if len(raw) > MAX_INDEX_BYTES:
        raise PackError("its index is too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PackError("its index is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackError(f"its index is not a format-{FORMAT} Cuecard pack index")
    name, version, created, files = (
        data.get("name"),
        data.get("version"),
        data.get("created"),
        data.get("files"),
    )
    if not all(isinstance(v, str) and 0 < len(v) <= 200 for v in (name, version, created)):
        raise PackError("its index lacks a name, version or creation time")
    assert isinstance(name, str) and isinstance(version, str) and isinstance(created, str)
    if not isinstance(files, list) or len(files) > MAX_FILES:
        raise PackError(f"its index must list at most {MAX_FILES} files")
    entries = [_entry(item) for item in files]
    seen: set[str] = set()
    for entry in entries:
        folded = entry.path.casefold()
        if folded in seen:
            raise PackError(f"it lists {entry.path} twice")
        seen.add(folded)
    folders = {
        "/".join(parts[:depth])
        for parts in (entry.path.casefold().split("/") for entry in entries)
        for depth in range(1, len(parts))
    }
    clash = next((e.path for e in entries if e.path.casefold() in folders), None)
    if clash:
        raise PackError(f"it lists {clash} both as a file and as a folder")
    index = PackIndex(name, version, created, tuple(entries))
    if index.total_size > MAX_PACK_BYTES:
        raise PackError("its files add up to more than the size limit")
    return index


def _entry(item: object) -> PackEntry:
    if not isinstance(item, dict):
        raise PackError("its index has a file entry that is not an object")
    path, size, digest = item.get("path"), item.get("size"), item.get("sha256")
    if not isinstance(path, str):
        raise PackError("its index has a file entry without a path")
    problem = entry_path_problem(path)
    if problem:
        raise PackError(f"an entry {problem}: {path[:80]!r}")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
        raise PackError(f"{path} is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise PackError(f"{path} has no valid SHA-256")
    return PackEntry(path, size, digest)


def index_bytes(index: PackIndex) -> bytes:
    """The canonical bytes of an index (what `pack build` writes and signs)."""
    data = {
        "format": FORMAT,
        "name": index.name,
        "version": index.version,
        "created": index.created,
        "files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in index.files],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# Keys and signatures ------------------------------------------------------------------


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes_raw()
    return base64.b64encode(raw).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise PackError("packs.public_key is not an Ed25519 public key") from None


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    """The detached signature file's content."""
    return base64.b64encode(key.sign(data)) + b"\n"


def verify(public_key: Ed25519PublicKey, data: bytes, signature_file: bytes) -> None:
    """Raises PackError unless `signature_file` signs `data` with `public_key`."""
    try:
        signature = base64.b64decode(signature_file.strip(), validate=True)
        public_key.verify(signature, data)
    except (ValueError, InvalidSignature):
        raise PackError("its signature does not match the pinned public key") from None
