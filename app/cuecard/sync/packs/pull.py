"""Pull, verify, stage and swap in content packs; keep the last good one on any failure.

For each URL in `packs.urls`: fetch the index (If-None-Match with the last ETag), check
its signature against the pinned `packs.public_key` (an unsigned or wrongly signed pack
is refused while a key is pinned; without a key the pack is used but marked as not
verified), refuse an index older than the installed one (a replayed old pack), then
download every file into a staging folder in the data dir, checking each one's size
and SHA-256 as it streams in. Only when every file is there and right does the staged
folder replace the live one (swap.py). On any failure the live folder is untouched and
the pack's state says why.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cuecard.clock import Clock
from cuecard.paths import AppPaths
from cuecard.private_files import ensure_private_dir
from cuecard.sync.config import shown_url
from cuecard.sync.packs.fetch import PackSource, open_source
from cuecard.sync.packs.format import (
    INDEX_NAME,
    SIGNATURE_NAME,
    PackError,
    PackIndex,
    load_public_key,
    parse_index,
    verify,
)
from cuecard.sync.packs.state import PackState, load_states, packs_lock, save_states
from cuecard.sync.packs.swap import STAGING_PREFIX, recover, swap_in

log = logging.getLogger(__name__)
_KEPT_INDEX = "." + INDEX_NAME  # hidden: the library never reads it as content


@dataclass(frozen=True)
class PullResult:
    """One pack URL after a pull: its state, and whether a new version went live."""

    state: PackState
    installed_now: bool = False

    @property
    def ok(self) -> bool:
        return self.state.state == "installed"


class PackPuller:
    """Pulls the packs of one data dir; safe to use from one thread at a time."""

    def __init__(
        self,
        paths: AppPaths,
        public_key: str,
        clock: Clock,
        sources: Callable[[str], PackSource] = open_source,
    ) -> None:
        self.paths = paths
        self.public_key = public_key
        self.clock = clock
        self._source = sources

    def prepare(self, urls: Sequence[str]) -> None:
        """Make each pack's folder exist (empty until the first good pull), so the
        running library watches it from the start; undo a crash's half-done swap."""
        ensure_private_dir(self.paths.packs_dir)
        with packs_lock(self.paths.packs_dir) as held:
            if held:
                recover(self.paths.packs_dir)
        for url in urls:
            self.paths.pack_root(url).mkdir(mode=0o700, exist_ok=True)

    def pull_all(self, urls: Sequence[str]) -> list[PullResult]:
        return [self.pull(url) for url in urls]

    def pull(self, url: str) -> PullResult:
        now = self.clock.now().astimezone(UTC).isoformat(timespec="seconds")
        with packs_lock(self.paths.packs_dir) as held:
            states = load_states(self.paths.packs_dir)
            before = states.get(url, PackState(url))
            if not held:
                return PullResult(replace(before, detail="another Cuecard is updating packs"))
            try:
                after, installed = self._pull(url, before, now)
            except PackError as exc:
                after, installed = before.failed(str(exc), now), False
                log.warning("pack %s refused: %s", shown_url(url), exc)
            except OSError as exc:
                reason = f"the data dir could not be written ({exc.strerror or exc})"
                after, installed = before.failed(reason, now), False
            states = load_states(self.paths.packs_dir)
            states[url] = after
            save_states(self.paths.packs_dir, states)
            return PullResult(after, installed)

    def _key(self) -> Ed25519PublicKey | None:
        return load_public_key(self.public_key) if self.public_key else None

    def _pull(self, url: str, before: PackState, now: str) -> tuple[PackState, bool]:
        live = self.paths.pack_root(url)
        has_live = (live / _KEPT_INDEX).is_file()
        key = self._key()
        source = self._source(url)
        try:
            reply = source.index(before.etag if has_live else "")
            if reply.data is None:
                return replace(before, state="installed", detail="", checked=now), False
            signature = source.signature()
            verified = False
            if key is not None:
                if signature is None:
                    raise PackError("it is not signed, and a public key is pinned")
                verify(key, reply.data, signature)
                verified = True
            index = parse_index(reply.data)
            digest = hashlib.sha256(reply.data).hexdigest()
            if has_live and before.created and index.created < before.created:
                raise PackError(
                    f"its index ({index.version}, {index.created}) is older than the "
                    f"installed version ({before.version}, {before.created})"
                )
            if has_live and digest == before.index_sha256:
                return self._state(before, index, reply.etag, digest, verified, now), False
            self._install(source, index, reply.data, signature, live)
        finally:
            source.close()
        state = self._state(before, index, reply.etag, digest, verified, now)
        return replace(state, installed=now), True

    def _state(
        self,
        before: PackState,
        index: PackIndex,
        etag: str,
        digest: str,
        verified: bool,
        now: str,
    ) -> PackState:
        detail = "" if verified else "not verified: no packs.public_key is pinned"
        return replace(
            before,
            state="installed",
            name=index.name,
            version=index.version,
            created=index.created,
            files=len(index.files),
            detail=detail,
            checked=now,
            etag=etag,
            index_sha256=digest,
            verified=verified,
        )

    def _install(
        self,
        source: PackSource,
        index: PackIndex,
        raw_index: bytes,
        signature: bytes | None,
        live: Path,
    ) -> None:
        staging = self.paths.packs_dir / f"{STAGING_PREFIX}{live.name}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(mode=0o700)
        try:
            for entry in index.files:
                target = staging.joinpath(*entry.path.split("/"))
                if not target.resolve().is_relative_to(staging.resolve()):
                    raise PackError(f"{entry.path} escapes the pack")
                _make_parents(staging, target)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                fd = os.open(target, flags | getattr(os, "O_BINARY", 0), 0o600)
                with os.fdopen(fd, "wb") as out:
                    source.copy_file(entry, out)
            _write_private(staging / _KEPT_INDEX, raw_index)
            if signature is not None:
                _write_private(staging / ("." + SIGNATURE_NAME), signature)
            old = swap_in(staging, live)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def states(self, urls: Sequence[str]) -> list[PackState]:
        """The last known state of each configured pack (no network)."""
        known = load_states(self.paths.packs_dir)
        return [known.get(url, PackState(url)) for url in urls]


def _make_parents(staging: Path, target: Path) -> None:
    folder = staging
    for part in target.relative_to(staging).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise PackError(f"{folder.name} is a link, not a folder")
        folder.mkdir(mode=0o700, exist_ok=True)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
