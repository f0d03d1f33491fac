"""Read a pack's files from where it is published: a web server or a file share.

`HttpSource` uses httpx with conditional requests (ETag / If-None-Match) and streams
each file with a hard cap, so a server cannot make Cuecard read more than the index
promised. `FileSource` reads a `file://` folder the same way. Both raise `PackError`
with a plain reason for anything that is not a clean answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote, unquote, urlsplit

import httpx

from cuecard.sync.config import shown_url
from cuecard.sync.packs.format import (
    FILES_DIR,
    INDEX_NAME,
    MAX_INDEX_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    PackEntry,
    PackError,
)

CHUNK = 64 * 1024


@dataclass(frozen=True)
class IndexReply:
    """The index's bytes (None: not modified since `etag`) and its new ETag."""

    data: bytes | None
    etag: str


@dataclass(frozen=True)
class _Small:
    status: int
    etag: str
    body: bytes


class PackSource(Protocol):
    """Where one pack is published."""

    def index(self, etag: str) -> IndexReply: ...

    def signature(self) -> bytes | None: ...

    def copy_file(self, entry: PackEntry, out: BinaryIO) -> None: ...

    def close(self) -> None: ...


def _check_stream(entry: PackEntry, chunks: Iterator[bytes], out: BinaryIO) -> None:
    """Write at most entry.size bytes and check their SHA-256; raises PackError."""
    digest = hashlib.sha256()
    written = 0
    for chunk in chunks:
        written += len(chunk)
        if written > entry.size:
            raise PackError(f"{entry.path} is larger than its index says")
        digest.update(chunk)
        out.write(chunk)
    if written < entry.size:
        raise PackError(f"{entry.path} was cut short ({written} of {entry.size} bytes)")
    if digest.hexdigest() != entry.sha256:
        raise PackError(f"{entry.path} does not match its SHA-256 (changed or damaged)")


class HttpSource:
    """A pack folder on a web server (http or https)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.base = url if url.endswith("/") else url + "/"
        self.shown = shown_url(self.base)
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=5,
        )

    def close(self) -> None:
        self._http.close()

    def _get_capped(self, name: str, cap: int, headers: dict[str, str]) -> _Small:
        """GET a small file whole, refusing more than `cap` bytes."""
        try:
            with self._http.stream("GET", self.base + name, headers=headers) as response:
                body = bytearray()
                if response.status_code == 200:
                    for chunk in response.iter_bytes(CHUNK):
                        body += chunk
                        if len(body) > cap:
                            raise PackError(f"{name} is too large")
                return _Small(response.status_code, response.headers.get("ETag", ""), bytes(body))
        except httpx.HTTPError as exc:
            raise PackError(
                f"the server at {self.shown} did not answer ({type(exc).__name__})"
            ) from None

    def index(self, etag: str) -> IndexReply:
        headers = {"If-None-Match": etag} if etag else {}
        reply = self._get_capped(INDEX_NAME, MAX_INDEX_BYTES, headers)
        if reply.status == 304:
            return IndexReply(None, etag)
        if reply.status == 404:
            raise PackError(f"there is no pack at {self.shown} (404)")
        if reply.status != 200:
            raise PackError(f"the server at {self.shown} answered {reply.status}")
        return IndexReply(reply.body, reply.etag)

    def signature(self) -> bytes | None:
        reply = self._get_capped(SIGNATURE_NAME, MAX_SIGNATURE_BYTES, {})
        if reply.status in (404, 410):
            return None
        if reply.status != 200:
            raise PackError(f"the server at {self.shown} answered {reply.status}")
        return reply.body

    def copy_file(self, entry: PackEntry, out: BinaryIO) -> None:
        url = self.base + FILES_DIR + "/" + quote(entry.path, safe="/")
        try:
            with self._http.stream("GET", url) as response:
                if response.status_code != 200:
                    raise PackError(f"{entry.path}: the server answered {response.status_code}")
                _check_stream(entry, response.iter_bytes(CHUNK), out)
        except httpx.HTTPError as exc:
            raise PackError(
                f"{entry.path} could not be downloaded ({type(exc).__name__}); "
                "the download may have been cut short"
            ) from None


class FileSource:
    """A pack folder on a disk or file share (a file:// URL)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.folder = Path(unquote(parts.path))
        self.shown = url

    def close(self) -> None:
        pass

    def _read(self, name: str, cap: int) -> bytes | None:
        path = self.folder / name
        try:
            with path.open("rb") as handle:
                data = handle.read(cap + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PackError(f"cannot read {path}: {exc.strerror or exc}") from None
        if len(data) > cap:
            raise PackError(f"{name} is too large")
        return data

    def index(self, etag: str) -> IndexReply:
        data = self._read(INDEX_NAME, MAX_INDEX_BYTES)
        if data is None:
            raise PackError(f"there is no pack at {self.shown}")
        return IndexReply(data, "")

    def signature(self) -> bytes | None:
        return self._read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)

    def copy_file(self, entry: PackEntry, out: BinaryIO) -> None:
        path = self.folder / FILES_DIR / entry.path
        try:
            with path.open("rb") as handle:
                _check_stream(entry, iter(lambda: handle.read(CHUNK), b""), out)
        except OSError as exc:
            raise PackError(f"cannot read {entry.path}: {exc.strerror or exc}") from None


def open_source(url: str) -> PackSource:
    if url.startswith("file:"):
        return FileSource(url)
    return HttpSource(url)
