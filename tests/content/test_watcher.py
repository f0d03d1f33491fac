"""watcher.py: real file system events (inotify through watchdog) on tmp_path.

Every wait is on a threading.Event with a generous timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.watcher import ContentWatcher
from tests.content.helpers import write

TIMEOUT = 5.0


class Recorder:
    """Collects batches; `wait_for(predicate)` blocks until one batch satisfies it."""

    def __init__(self) -> None:
        self.batches: list[set[Path]] = []
        self._changed = threading.Condition()

    def __call__(self, paths: set[Path]) -> None:
        with self._changed:
            self.batches.append(set(paths))
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[set[Path]], bool], since: int = 0) -> bool:
        """True when a batch from number `since` on satisfies `predicate`."""
        with self._changed:
            return self._changed.wait_for(
                lambda: any(predicate(batch) for batch in self.batches[since:]), timeout=TIMEOUT
            )

    def count(self) -> int:
        with self._changed:
            return len(self.batches)

    @property
    def seen(self) -> set[Path]:
        with self._changed:
            return set().union(*self.batches)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write(tmp_path / "root" / "card.md", "# Card\n\nfirst\n")
    return tmp_path / "root"


@pytest.fixture
def watch() -> Iterator[Callable[..., ContentWatcher]]:
    started: list[ContentWatcher] = []

    def start(
        roots: list[Path], callback: Callable[[set[Path]], None], **options: object
    ) -> ContentWatcher:
        watcher = ContentWatcher(roots, callback, **options)  # type: ignore[arg-type]
        watcher.start()
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()


def test_atomic_rename_save_reports_the_card(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([root], recorder)
    card = root / "card.md"
    temp = write(root / ".card.md.tmp", "# Card\n\nsecond\n")
    temp.replace(card)  # os.replace: what editors do for an atomic save
    assert recorder.wait_for(lambda batch: card in batch), recorder.batches


def test_plain_write_and_delete_are_reported(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([root], recorder)
    card = root / "card.md"
    write(card, "# Card\n\nedited in place\n")
    assert recorder.wait_for(lambda batch: card in batch)
    new = write(root / "sub" / "new.md", "# New\n\nbody\n")
    assert recorder.wait_for(lambda batch: new in batch)
    before = recorder.count()
    card.unlink()
    assert recorder.wait_for(lambda batch: card in batch, since=before), "the delete"


def test_rename_reports_both_paths(root: Path, watch: Callable[..., ContentWatcher]) -> None:
    recorder = Recorder()
    watch([root], recorder)
    (root / "card.md").rename(root / "renamed.md")
    assert recorder.wait_for(lambda _: {root / "card.md", root / "renamed.md"} <= recorder.seen)


def test_burst_is_debounced_into_few_batches(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([root], recorder, debounce=0.5)
    paths = [write(root / f"n{index}.md", f"# N{index}\n\nbody\n") for index in range(20)]
    assert recorder.wait_for(lambda _: set(paths) <= recorder.seen)
    assert len(recorder.batches) < 20


def test_library_and_watcher_pick_up_a_new_card(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    library = ContentLibrary([root])
    library.load()
    arrived = threading.Event()
    snapshots: list[LibrarySnapshot] = []

    def on_changes(paths: set[Path]) -> None:
        snapshot = library.apply_changes(paths)
        snapshots.append(snapshot)
        if "fresh" in snapshot.cards:
            arrived.set()

    watch(library.root_paths, on_changes)
    write(root / "fresh.md", "---\ntitle: Fresh card\n---\nbody\n")
    assert arrived.wait(TIMEOUT)
    assert snapshots[-1].cards["fresh"].title == "Fresh card"
    assert sorted(library.snapshot.cards) == ["card", "fresh"]


def test_library_and_watcher_follow_an_atomic_save(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    library = ContentLibrary([root])
    library.load()
    updated = threading.Event()

    def on_changes(paths: set[Path]) -> None:
        card = library.apply_changes(paths).cards.get("card")
        if card is not None and card.title == "Saved":
            updated.set()

    watch(library.root_paths, on_changes)
    write(root / "card.md~", "# Saved\n\nbody\n").replace(root / "card.md")
    assert updated.wait(TIMEOUT)
    assert list(library.snapshot.cards) == ["card"]


def test_failing_callback_does_not_stop_the_watcher(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    failed_once = threading.Event()

    def flaky(paths: set[Path]) -> None:
        if not failed_once.is_set():
            failed_once.set()
            raise RuntimeError("bad batch")
        recorder(paths)

    watch([root], flaky)
    write(root / "first.md", "# First\n\nbody\n")
    assert failed_once.wait(TIMEOUT)
    second = write(root / "second.md", "# Second\n\nbody\n")
    assert recorder.wait_for(lambda batch: second in batch)


def test_non_recursive_watch_ignores_subfolders(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    (root / "sub").mkdir()
    recorder = Recorder()
    watch([root], recorder, recursive=False)
    write(root / "sub" / "deep.md", "# Deep\n\nbody\n")
    top = write(root / "top.md", "# Top\n\nbody\n")
    assert recorder.wait_for(lambda batch: top in batch)
    assert root / "sub" / "deep.md" not in recorder.seen


def test_missing_roots_are_skipped(
    tmp_path: Path, root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([tmp_path / "missing", root], recorder)
    card = write(root / "card.md", "# Card\n\nchanged\n")
    assert recorder.wait_for(lambda batch: card in batch)


def test_stop_ends_its_threads_and_is_safe_twice(root: Path) -> None:
    before = set(threading.enumerate())
    watcher = ContentWatcher([root], Recorder())
    watcher.start()
    started = set(threading.enumerate()) - before
    assert started, "the watcher runs on threads of its own"
    watcher.stop()
    watcher.stop()
    assert [thread.name for thread in started if thread.is_alive()] == []


def test_stop_returns_only_after_a_batch_being_delivered(root: Path) -> None:
    entered = threading.Event()
    release = threading.Event()
    stop_returned = threading.Event()
    seen_by_callback: list[bool] = []
    delivering: list[threading.Thread] = []

    def slow(paths: set[Path]) -> None:
        delivering.append(threading.current_thread())
        entered.set()
        release.wait(TIMEOUT)
        seen_by_callback.append(stop_returned.is_set())

    watcher = ContentWatcher([root], slow)
    watcher.start()
    write(root / "card.md", "# Card\n\nchanged\n")
    assert entered.wait(TIMEOUT)
    stopper = threading.Thread(target=lambda: (watcher.stop(), stop_returned.set()))
    stopper.start()
    # stop() must wait for the batch: give a stop that does not wait the time to return.
    stop_returned.wait(0.5)
    release.set()
    stopper.join(TIMEOUT)
    assert stop_returned.is_set()
    assert seen_by_callback == [False], "stop() returned while a batch was being delivered"
    assert not delivering[0].is_alive()


def test_a_root_missing_at_start_is_watched_once_it_is_made(
    tmp_path: Path, watch: Callable[..., ContentWatcher]
) -> None:
    """Two folders on the way are missing too: the watch moves down as they are made."""
    root = tmp_path / "a" / "b" / "cards"
    recorder = Recorder()
    watch([root], recorder)
    write(root / "first.md", "# First\n")
    assert recorder.wait_for(lambda batch: root in batch), "the root's arrival is reported"
    since = recorder.count()
    write(root / "second.md", "# Second\n")
    assert recorder.wait_for(lambda batch: root / "second.md" in batch, since)


def test_a_root_deleted_and_made_again_is_reported_and_watched_again(
    root: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([root], recorder)
    for path in root.iterdir():
        path.unlink()
    root.rmdir()
    assert recorder.wait_for(lambda batch: root in batch), "its going is reported"
    since = recorder.count()
    write(root / "again.md", "# Again\n")
    assert recorder.wait_for(lambda batch: root in batch, since), "its return is reported"
    since = recorder.count()
    write(root / "again.md", "# Again, edited\n")
    assert recorder.wait_for(lambda batch: root / "again.md" in batch, since)


def test_events_beside_a_missing_root_are_not_reported(
    tmp_path: Path, watch: Callable[..., ContentWatcher]
) -> None:
    recorder = Recorder()
    watch([tmp_path / "cards"], recorder)
    write(tmp_path / "cuecard.db-wal", "busy")  # a database beside the folder, say
    write(tmp_path / "cards" / "x.md", "# X\n")
    assert recorder.wait_for(lambda batch: tmp_path / "cards" in batch)
    assert tmp_path / "cuecard.db-wal" not in recorder.seen


def test_a_root_replaced_by_a_new_folder_of_its_name_is_watched_anew(
    root: Path, tmp_path: Path, watch: Callable[..., ContentWatcher]
) -> None:
    """A sync tool deletes the folder and moves a fresh copy into place before the first
    batch is delivered (a long debounce makes that certain): the new folder is watched."""
    recorder = Recorder()
    watch([root], recorder, debounce=1.0)
    fresh = tmp_path / "fresh"
    write(fresh / "card.md", "# Card\n\nsecond\n")
    for path in root.iterdir():
        path.unlink()
    root.rmdir()
    fresh.rename(root)
    assert recorder.wait_for(lambda batch: root in batch), "the replacement is reported"
    since = recorder.count()
    write(root / "later.md", "# Later\n")
    assert recorder.wait_for(lambda batch: root / "later.md" in batch, since)
