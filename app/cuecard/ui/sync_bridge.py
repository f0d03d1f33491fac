"""Sync in the running app: the background sender and pack puller, reported to the GUI.

The push and pack threads (cuecard.sync.worker, cuecard.sync.pack_worker) never touch
widgets; each result arrives on the GUI thread as `status_changed(SyncStatus)`. A pack
that went live, in this process or in a `cuecard sync now` run beside it, is reloaded
into the library: the packs folder is watched (not recursively), since a swap replaces
a pack's folder and a watch on the old folder would see nothing more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cuecard.content.watcher import ContentWatcher
from cuecard.context import AppContext
from cuecard.store.events import EventsHook
from cuecard.store.log import LogHook
from cuecard.store.searches import SearchHook
from cuecard.store.writer import StoreWriter
from cuecard.sync.recorder import card_lookup, recorder_for
from cuecard.sync.statements import CardInfo
from cuecard.sync.status import SyncStatus, read_status
from cuecard.ui.bridge import GuiRelay, LibraryService
from cuecard.ui.tray import TrayActions

if TYPE_CHECKING:
    # The HTTP client (httpx) and the signature check (cryptography) behind these cost
    # about 0.15 s to import: only a Cuecard with sync or packs turned on loads them.
    from cuecard.sync.pack_worker import PackWorker
    from cuecard.sync.packs.pull import PackPuller, PullResult
    from cuecard.sync.sender import PushResult
    from cuecard.sync.worker import PushWorker, WorkerTiming

QUIT_WAIT = 0.5  # seconds quit waits for each sync thread


def prepare_packs(context: AppContext) -> None:
    """Before the library is built: every configured pack has its folder (so the
    library includes it as a root from the start), and a crash's half swap is undone."""
    config = context.sync
    if config.pack_urls:
        from cuecard.sync.packs.pull import PackPuller

        PackPuller(context.paths, config.public_key, context.clock).prepare(config.pack_urls)


class SyncBridge(GuiRelay):
    """Starts and stops sync's threads; `status_changed` carries each new SyncStatus."""

    status_changed = Signal(object)
    problem_appeared = Signal(str)  # a configuration problem, once each time it appears

    def __init__(
        self,
        context: AppContext,
        service: LibraryService,
        parent: QObject | None = None,
        timing: WorkerTiming | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.config = context.sync
        self.service = service
        self.timing = timing
        # The store's hooks: with sync on, each record's statement goes into the outbox in
        # the record's own transaction (None while sync is off).
        self.hooks = recorder_for(
            context, self._card_info, self.wake, paths=lambda: self.service.snapshot.paths
        )
        self.writer: StoreWriter | None = None
        self.pusher: PushWorker | None = None
        self.packs: PackWorker | None = None
        self._watcher: ContentWatcher | None = None
        self._problem: str | None = None
        self.status_changed.connect(self._tell_new_problem)
        if self.config.pack_urls:
            from cuecard.sync.pack_worker import PackWorker

            self.packs = PackWorker(self.puller, self.config.pack_urls, self._pulled)

    @cached_property
    def puller(self) -> PackPuller:
        """Installs and reads the configured packs (made when first needed)."""
        from cuecard.sync.packs.pull import PackPuller

        return PackPuller(self.context.paths, self.config.public_key, self.context.clock)

    def attach(self, writer: StoreWriter) -> None:
        """The learning record's writer: the sender reads and marks the outbox through it."""
        self.writer = writer
        if self.config.pushing:
            from cuecard.sync.cli import make_client
            from cuecard.sync.sender import WriterAccess
            from cuecard.sync.worker import PushWorker

            self.pusher = PushWorker(
                WriterAccess(writer),
                lambda: make_client(self.config, self.context.clock),
                self.context.clock,
                self._pushed,
                self.timing,
            )

    @property
    def events_hook(self) -> EventsHook | None:
        return self.hooks.events if self.hooks else None

    @property
    def log_hook(self) -> LogHook | None:
        return self.hooks.log_entry if self.hooks else None

    @property
    def search_hook(self) -> SearchHook | None:
        return self.hooks.missed_search if self.hooks else None

    def connect_tray(self, actions: TrayActions, notice: Callable[[str], None]) -> None:
        """Sync's line and Sync now in the tray; a new configuration problem as a notice."""
        actions.sync_now.triggered.connect(self.sync_now)
        self.status_changed.connect(lambda st: actions.set_sync_status(st.summary, st.problem))
        self.problem_appeared.connect(lambda problem: notice(f"Sync: {problem}"))

    def _card_info(self, card_id: str) -> CardInfo | None:
        """What a statement may say about a card (called on the writer thread)."""
        return card_lookup(self.service.snapshot.cards)(card_id)

    def _tell_new_problem(self, status: SyncStatus) -> None:
        if status.problem and status.problem != self._problem:
            self.problem_appeared.emit(status.problem)
        self._problem = status.problem

    @property
    def active(self) -> bool:
        """True when there is anything to sync (the tray shows sync's entries)."""
        return self.config.enabled or bool(self.config.pack_urls)

    def start(self) -> None:
        if self.packs is not None:
            packs_dir = self.context.paths.packs_dir
            if packs_dir.is_dir():
                self._watcher = ContentWatcher([packs_dir], self._packs_changed, recursive=False)
                self._watcher.start()
            self.packs.start()
        if self.pusher is not None:
            self.pusher.start()
        self.refresh()

    def stop(self) -> None:
        """At quit, on the GUI thread: a request in flight to a slow LRS or pack server is
        not waited for (it held quit for up to ten seconds): its statements are sent
        again at the next start (the LRS takes identical content once), and a pack
        half downloaded is dropped by the next start's recovery."""
        for worker in (self.pusher, self.packs):
            if worker is not None:
                worker.stop(timeout=QUIT_WAIT)
        if self._watcher is not None:
            self._watcher.stop()

    def wake(self) -> None:
        """New statements are in the outbox (called on the writer thread)."""
        if self.pusher is not None:
            self.pusher.wake()

    def sync_now(self) -> None:
        if self.pusher is not None:
            self.pusher.push_now()
        if self.packs is not None:
            self.packs.pull_now()

    def refresh(self) -> None:
        """Read the status on the writer thread; it arrives as `status_changed`."""
        if not self.active or self.writer is None:
            return
        config, puller = self.config, self.puller
        # The packs' state file is read there too: the GUI thread never waits on disk.
        future = self.writer.call(
            lambda db: read_status(db, config, puller.states(config.pack_urls))
        )
        self.post_result(future, "status_changed")

    # Worker threads ---------------------------------------------------------------------

    def _pushed(self, _result: PushResult) -> None:
        self.refresh()

    def _pulled(self, results: list[PullResult]) -> None:
        paths = self.context.paths
        self._reload({paths.pack_root(r.state.url) for r in results if r.installed_now})
        self.refresh()

    def _packs_changed(self, paths: set[Path]) -> None:
        self._reload(paths)

    def _reload(self, changed: set[Path]) -> None:
        """Re-read the library roots among `changed` (only packs are ever named)."""
        packs = {self.context.paths.pack_root(url).resolve() for url in self.config.pack_urls}
        known = {root.resolve(): root for root in self.service.library.root_paths}
        wanted = {known[path.resolve()] for path in changed if path.resolve() in packs & set(known)}
        if wanted:
            threading.Thread(
                target=self.service.reload, args=(wanted,), name="pack-reload", daemon=True
            ).start()
