"""Everything around the app the crash harness kills: a real LRS behind a counting tap,
a pack server whose pack a publisher replaces every few hundred milliseconds, a content
folder an editor keeps changing, and the settings that point the app at all of them."""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cuecard.sync.packs.build import build_pack, keygen, load_private_key
from cuecard.sync.packs.format import FILES_DIR, INDEX_NAME, parse_index
from tests.sync.lrs_server import LearningLocker, Tap
from tests.sync.pack_server import PackServer

PACK = "team"
PACK_CARD = "---\nid: pack/card-{n}\ntitle: Pack card {n} version {version}\n---\n# Card\n\n{pad}\n"
EDITED_CARD = "---\nid: edited/card-{n}\ntitle: Edited {n} revision {rev}\n---\n# Edited\n\n{pad}\n"
EDITED_FILES = 6


class Publisher(threading.Thread):
    """Publishes version after version of one pack; each version has its own number of
    files, and every file names the version, so a mixed or partial pack shows."""

    def __init__(self, site: Path, key_file: Path, every: float = 0.3) -> None:
        super().__init__(daemon=True, name="publisher")
        self.site = site
        self.key = load_private_key(key_file)
        self.every = every
        self.version = 0
        self._halt = threading.Event()
        self._clock = datetime(2030, 1, 1, tzinfo=UTC)
        self.publish()

    def publish(self) -> None:
        self.version += 1
        version = self.version
        source = self.site.parent / "pack-source" / f"v{version}"
        source.mkdir(parents=True)
        count = 5 + version % 7
        for n in range(count):
            pad = "x" * (version % 50)
            (source / f"card-{n}.md").write_text(PACK_CARD.format(n=n, version=version, pad=pad))
        out = self.site / f".v{version}"
        self._clock += timedelta(seconds=1)
        build_pack(source, out, self.key, self._clock, name="Team", version=str(version))
        link = self.site / f".link-{version}"
        link.symlink_to(out.name)
        link.replace(self.site / PACK)  # the served folder changes in one step

    def run(self) -> None:
        while not self._halt.wait(self.every):
            self.publish()

    def stop(self) -> None:
        self._halt.set()


class Editor(threading.Thread):
    """Rewrites a few cards in a content root again and again, each time with a new
    revision in the title and a new size (the app reloads them as it runs)."""

    def __init__(self, root: Path, every: float = 0.03) -> None:
        super().__init__(daemon=True, name="editor")
        self.root = root
        self.every = every
        self.revision = 0
        self._halt = threading.Event()
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)
        for n in range(EDITED_FILES):
            self.write(n)

    def write(self, n: int) -> None:
        with self._lock:
            self.revision += 1
            # A body of 1 to 97 characters (none would be an empty card, rightly refused).
            pad = "y" * (self.revision % 97 + 1)
            text = EDITED_CARD.format(n=n, rev=self.revision, pad=pad)
            path = self.root / f"card-{n}.md"
            if self.revision % 2:
                temporary = path.with_name(f".card-{n}.md.tmp")  # as editors save
                temporary.write_text(text)
                temporary.replace(path)
            else:
                path.write_text(text)  # in place, as `echo >` does

    def run(self) -> None:
        rng = random.Random(5)
        while not self._halt.wait(self.every):
            self.write(rng.randrange(EDITED_FILES))

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


def expected_pack(site: Path, version: int) -> dict[str, bytes]:
    """The files (path -> bytes) version `version` of the pack holds."""
    folder = site / f".v{version}" / FILES_DIR
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def pack_problem(live: Path, site: Path) -> tuple[int | None, str | None]:
    """(installed version, why the live pack folder is not exactly one version)."""
    if not live.is_dir() or not any(live.iterdir()):
        return None, None  # nothing installed yet
    kept = live / ("." + INDEX_NAME)
    if not kept.is_file():
        return None, "the live pack folder has files but no index"
    index = parse_index(kept.read_bytes())
    version = int(index.version)
    wanted = expected_pack(site, version)
    found = {
        p.relative_to(live).as_posix(): p.read_bytes()
        for p in live.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    if found != wanted:
        extra, missing = set(found) - set(wanted), set(wanted) - set(found)
        changed = {k for k in set(found) & set(wanted) if found[k] != wanted[k]}
        return version, f"v{version}: extra {extra}, missing {missing}, changed {changed}"
    return version, None


@dataclass
class CrashWorld:
    """The places and servers one crash run uses; `start` brings them up."""

    base: Path
    lrs: LearningLocker | None = None
    tap: Tap | None = None
    packs: PackServer | None = None
    publisher: Publisher | None = None
    editor: Editor | None = None
    public_key: str = ""
    posts_in_flight: int = 0
    posted: list[bytes] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def settings(self) -> Path:
        return self.base / "settings.yaml"

    @property
    def content(self) -> Path:
        return self.base / "content"

    @property
    def site(self) -> Path:
        return self.base / "site"

    @property
    def runtime(self) -> Path:
        return self.base / "run"

    def start(self, with_lrs: bool = True) -> CrashWorld:
        self.runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.site.mkdir(parents=True, exist_ok=True)
        key_file = self.base / "author.key"
        self.public_key = keygen(key_file)
        self.publisher = Publisher(self.site, key_file)
        self.packs = PackServer(self.site).start()
        self.editor = Editor(self.content)
        endpoint = "http://127.0.0.1:9/xAPI/"  # nothing listens: statements wait
        if with_lrs:
            self.lrs = LearningLocker(self.base / "lrs").start()
            self.tap = Tap(self.lrs.port, hold=self._sending, after=self._sent).start()
            endpoint = self.tap.endpoint
        self.settings.write_text(
            "content.builtin: false\n"
            "nudges.enabled: false\n"
            "autostart: false\n"
            "sync.enabled: true\n"
            f"sync.endpoint: {endpoint}\n"
            "sync.actor_home_page: https://example.org\n"
            "sync.username: cuecard\n"
            "sync.password: secret\n"
            f"packs.urls: ['{self.pack_url}']\n"
            f"packs.public_key: {self.public_key}\n"
        )
        self.publisher.start()
        self.editor.start()
        return self

    @property
    def pack_url(self) -> str:
        assert self.packs is not None
        return self.packs.url(PACK)

    def _sending(self, body: bytes) -> None:
        self.posts_in_flight += 1

    def _sent(self, body: bytes, status: int) -> None:
        self.posts_in_flight -= 1
        self.posted.append(body)

    def app_args(self) -> list[str]:
        return [
            "--data-dir",
            str(self.data),
            "--config",
            str(self.settings),
            "--content",
            str(self.content),
        ]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(self.runtime))
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "CUECARD_TEST_CLOCK_SHIFT_DAYS"):
            env.pop(name, None)
        return env

    def stop(self) -> None:
        for thread in (self.publisher, self.editor):
            if thread is not None:
                thread.stop()
        for server in (self.packs, self.tap, self.lrs):
            if server is not None:
                server.stop()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def wait_until(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False
