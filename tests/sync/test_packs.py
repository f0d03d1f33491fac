"""Signed content packs from a real web server on loopback: only a good pack is ever
swapped in; on any failure the last good one stays and the state says why."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.paths import AppPaths
from cuecard.settings import load_settings
from cuecard.sync.packs import swap
from cuecard.sync.packs.build import build_pack, keygen, load_private_key
from cuecard.sync.packs.format import (
    FILES_DIR,
    INDEX_NAME,
    MAX_FILE_BYTES,
    SIGNATURE_NAME,
    parse_index,
    sign,
)
from cuecard.sync.packs.pull import PackPuller
from tests.conftest import write_card
from tests.sync.pack_server import PackServer

CARD_V1 = "---\nid: team/vpn\ntitle: Connect to the VPN\n---\n# VPN\n\nVersion one.\n"
CARD_V2 = CARD_V1.replace("Version one.", "Version two.")


@dataclass
class Author:
    """A pack author: a content root, a key, and the web folder they publish to."""

    root: Path
    key_file: Path
    public_key: str
    site: Path
    clock: FixedClock

    def publish(self, name: str, card_text: str, minutes_later: int = 0) -> Path:
        write_card(self.root, "vpn.md", card_text)
        out = self.site / name
        self.clock.advance(timedelta(minutes=minutes_later))
        build_pack(self.root, out, load_private_key(self.key_file), self.clock.now())
        return out


@pytest.fixture
def author(tmp_path: Path, clock: FixedClock) -> Author:
    root = tmp_path / "author"
    write_card(root, "pack.yaml", "name: Team basics\nversion: '1'\n")
    write_card(root, "vpn.md", CARD_V1)
    key_file = tmp_path / "author.key"
    return Author(root, key_file, keygen(key_file), tmp_path / "site", clock)


@pytest.fixture
def server(author: Author) -> Iterator[PackServer]:
    author.site.mkdir(exist_ok=True)
    web = PackServer(author.site).start()
    yield web
    web.stop()


def puller(tmp_path: Path, clock: FixedClock, key: str) -> PackPuller:
    return PackPuller(AppPaths.default(tmp_path / "data"), key, clock)


def live_card(pull: PackPuller, url: str) -> str:
    return (pull.paths.pack_root(url) / "vpn.md").read_text(encoding="utf-8")


def test_keygen_writes_a_private_key_and_prints_one_line(tmp_path: Path) -> None:
    key_file = tmp_path / "k.pem"
    public = keygen(key_file)
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "\n" not in public and len(base64.b64decode(public)) == 32
    assert isinstance(load_private_key(key_file), Ed25519PrivateKey)
    with pytest.raises(Exception, match="already exists"):
        keygen(key_file)


def test_build_writes_index_signature_and_files(author: Author, tmp_path: Path) -> None:
    (author.root / ".git").mkdir()
    (author.root / ".git" / "config").write_text("secret")
    (author.root / "link.md").symlink_to(author.root / "vpn.md")
    out = author.publish("team", CARD_V1)
    raw = (out / INDEX_NAME).read_bytes()
    index = parse_index(raw)
    assert (index.name, index.version) == ("Team basics", "1")
    assert sorted(e.path for e in index.files) == ["pack.yaml", "vpn.md"]
    assert (out / FILES_DIR / "vpn.md").read_text() == CARD_V1
    assert not (out / FILES_DIR / ".git").exists() and not (out / FILES_DIR / "link.md").exists()
    from cuecard.sync.packs.format import load_public_key, verify

    verify(load_public_key(author.public_key), raw, (out / SIGNATURE_NAME).read_bytes())


def test_a_good_pack_is_installed_searchable_and_then_not_downloaded_again(
    author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    author.publish("team", CARD_V1)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    result = pull.pull(url)
    assert result.ok and result.installed_now and result.state.verified
    assert (result.state.name, result.state.version, result.state.files) == ("Team basics", "1", 2)
    assert live_card(pull, url) == CARD_V1
    root = pull.paths.pack_root(url)
    assert root.stat().st_mode & 0o777 == 0o700
    settings = load_settings(None, None)
    settings = settings.__class__(
        {**settings.values, "packs.urls": [url], "content.builtin": False}, settings.sources
    )
    context = AppContext(pull.paths, settings)
    assert root.resolve() in context.content_roots
    assert "team/vpn" in context.open_library(use_cache=False).load().cards
    server.requests.clear()
    again = pull.pull(url)
    assert again.ok and not again.installed_now
    assert server.requests == [("/team/" + INDEX_NAME, 304)], "ETag: nothing re-downloaded"
    author.publish("team", CARD_V2, minutes_later=5)
    newer = pull.pull(url)
    assert newer.installed_now and live_card(pull, url) == CARD_V2
    assert not any(
        p.name.startswith((".staging-", ".old-")) for p in pull.paths.packs_dir.iterdir()
    )


def _tamper(out: Path, author: Author) -> None:
    tampered = CARD_V2.replace("two", "TWO")  # same size, other bytes
    (out / FILES_DIR / "vpn.md").write_text(tampered, encoding="utf-8")


def _bad_signature(out: Path, author: Author) -> None:
    other = Ed25519PrivateKey.generate()
    (out / SIGNATURE_NAME).write_bytes(sign(other, (out / INDEX_NAME).read_bytes()))


def _unsigned(out: Path, author: Author) -> None:
    (out / SIGNATURE_NAME).unlink()


def _resigned(out: Path, author: Author, edit: Callable[[dict[str, object]], None]) -> None:
    data = json.loads((out / INDEX_NAME).read_bytes())
    edit(data)
    raw = json.dumps(data).encode()
    (out / INDEX_NAME).write_bytes(raw)
    (out / SIGNATURE_NAME).write_bytes(sign(load_private_key(author.key_file), raw))


def _traversal(out: Path, author: Author) -> None:
    evil = out / FILES_DIR / "evil.md"
    evil.write_text("# pwned\n")
    entry = {"path": "../../../evil.md", "size": evil.stat().st_size, "sha256": "0" * 64}
    _resigned(out, author, lambda data: data["files"].append(entry))  # type: ignore[attr-defined]


def _oversized(out: Path, author: Author) -> None:
    def grow(data: dict[str, object]) -> None:
        data["files"][0]["size"] = MAX_FILE_BYTES + 1  # type: ignore[index]

    _resigned(out, author, grow)


def _older(out: Path, author: Author) -> None:
    _resigned(out, author, lambda data: data.update(created="2000-01-01T00:00:00+00:00"))


FAULTS = {
    "tampered file": (_tamper, "does not match its SHA-256"),
    "bad signature": (_bad_signature, "signature does not match"),
    "unsigned while a key is pinned": (_unsigned, "not signed"),
    "path traversal entry": (_traversal, "escapes the pack"),
    "oversized file": (_oversized, "larger than the 8 MB limit"),
    "replayed older pack": (_older, "older than the installed version"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_bad_pack_is_refused_and_the_last_good_one_kept(
    fault: str, author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    author.publish("team", CARD_V1)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    assert pull.pull(url).ok
    out = author.publish("team", CARD_V2, minutes_later=5)
    spoil, reason = FAULTS[fault]
    spoil(out, author)
    result = pull.pull(url)
    assert not result.ok and not result.installed_now
    assert result.state.state == "kept" and reason in result.state.detail
    assert (result.state.version, live_card(pull, url)) == ("1", CARD_V1)
    assert not (tmp_path / "evil.md").exists() and not (pull.paths.data_dir / "evil.md").exists()
    leftovers = [p.name for p in pull.paths.packs_dir.iterdir() if p.name.startswith(".")]
    assert sorted(leftovers) == [".lock"], "staging cleaned up"


def test_a_download_cut_short_is_refused(
    author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    author.publish("team", CARD_V1)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    assert pull.pull(url).ok
    author.publish("team", CARD_V2 + "more text " * 500, minutes_later=5)
    server.cut_short.add(f"/team/{FILES_DIR}/vpn.md")
    result = pull.pull(url)
    assert result.state.state == "kept" and "cut short" in result.state.detail
    assert live_card(pull, url) == CARD_V1


def test_the_server_down_keeps_the_last_good_pack(
    author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    author.publish("team", CARD_V1)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    assert pull.pull(url).ok
    server.stop()
    result = pull.pull(url)
    assert result.state.state == "kept" and "did not answer" in result.state.detail
    assert live_card(pull, url) == CARD_V1


def test_a_bad_first_pack_installs_nothing(
    author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    _tamper(author.publish("team", CARD_V1), author)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    pull.prepare([url])
    result = pull.pull(url)
    assert result.state.state == "refused"
    assert list(pull.paths.pack_root(url).iterdir()) == []


def test_without_a_pinned_key_a_pack_is_used_but_marked_unverified(
    author: Author, tmp_path: Path, clock: FixedClock
) -> None:
    out = author.publish("team", CARD_V1)
    _unsigned(out, author)
    url = out.as_uri()  # a file share works like a web server
    pull = puller(tmp_path, clock, "")
    result = pull.pull(url)
    assert result.ok and not result.state.verified and "not verified" in result.state.detail
    assert live_card(pull, url) == CARD_V1


def test_entry_paths_that_could_escape_are_refused() -> None:
    from cuecard.sync.packs.format import entry_path_problem

    for bad in (
        "../x.md",
        "a/../../x.md",
        "/etc/passwd",
        "C:/x.md",
        "a\\b.md",
        "a//b.md",
        ".hidden/x.md",
        "con.md",
        "x\x00.md",
        "a/./b.md",
        "x" * 300,
    ):
        assert entry_path_problem(bad), bad
    for good in ("vpn.md", "team/how to/vpn.md", "images/über.png"):
        assert entry_path_problem(good) is None, good
    doubled = {
        "format": 1,
        "name": "n",
        "version": "1",
        "created": "t",
        "files": [
            {"path": "A.md", "size": 1, "sha256": "a" * 64},
            {"path": "a.md", "size": 1, "sha256": "b" * 64},
        ],
    }
    with pytest.raises(Exception, match="twice"):
        parse_index(json.dumps(doubled).encode())


def test_a_crash_between_the_two_renames_is_undone_at_start(
    author: Author, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = author.publish("team", CARD_V1).as_uri()
    pull = puller(tmp_path, clock, author.public_key)
    assert pull.pull(url).ok
    live = pull.paths.pack_root(url)
    aside = live.with_name(f"{swap.ASIDE_PREFIX}{live.name}-0badf00d")
    live.rename(aside)  # as if the app died right after the first rename
    (pull.paths.packs_dir / f"{swap.STAGING_PREFIX}{live.name}-1").mkdir()
    pull.prepare([url])
    assert live_card(pull, url) == CARD_V1
    assert sorted(p.name for p in pull.paths.packs_dir.iterdir()) == sorted(
        [".lock", "state.json", live.name]
    )
    monkeypatch.setattr(swap, "_exchange", lambda *_paths: False)  # no atomic exchange here
    author.publish("team", CARD_V2, minutes_later=5)
    assert pull.pull(url).installed_now and live_card(pull, url) == CARD_V2


def test_the_worker_pulls_at_start_again_after_its_interval_and_when_asked(
    author: Author, server: PackServer, tmp_path: Path, clock: FixedClock
) -> None:
    import queue

    from cuecard.sync.pack_worker import PULL_EVERY, PackWorker

    assert 3600 <= PULL_EVERY <= 6 * 3600, "every few hours"
    author.publish("team", CARD_V1)
    url = server.url("team")
    pull = puller(tmp_path, clock, author.public_key)
    rounds: queue.Queue[list[tuple[str, bool]]] = queue.Queue()

    def report(results: list[object]) -> None:
        rounds.put([(r.state.version + live_card(pull, url), r.installed_now) for r in results])  # type: ignore[attr-defined]

    slow = PackWorker(pull, [url], report, every=3600.0)
    slow.start()
    try:
        assert rounds.get(timeout=20) == [("1" + CARD_V1, True)], "pulled at start"
        author.publish("team", CARD_V2, minutes_later=5)
        slow.pull_now()  # Sync now
        assert rounds.get(timeout=20) == [("1" + CARD_V2, True)]
    finally:
        slow.stop()
    author.publish("team", CARD_V1.replace("one", "three"), minutes_later=5)
    fast = PackWorker(pull, [url], report, every=0.2)
    fast.start()
    try:
        assert rounds.get(timeout=20) == [("1" + CARD_V1.replace("one", "three"), True)]
        assert rounds.get(timeout=20) == [("1" + CARD_V1.replace("one", "three"), False)], (
            "pulled again after its interval, not re-installed"
        )
    finally:
        fast.stop()
