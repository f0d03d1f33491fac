"""Focused-element back-end for Linux: AT-SPI over D-Bus (jeepney), event-driven.

- `start()` connects to the accessibility bus and, when `enable_tree` is set and no one
  has done so, sets `org.a11y.Status.IsEnabled` on the session bus (as screen readers
  do): Qt apps export their tree only then. `stop()` sets it back, if it was us.
- `follow(target)` adds the match rule for `object:state-changed:focused` signals and
  registers that event with the AT-SPI registry (apps' bridges send only the events
  someone registered); `follow(None)` removes both. Before the first `follow` and after
  `follow(None)` the connection is silent: no rule, no registration, no messages.
- Events of other processes than the followed one, and of Cuecard's own, are ignored.
  Focus changes that arrive together are coalesced: only the last one is described
  (a few batched calls: role, name, then parents up to the nearest dialog).
- When a target starts (or its window changes) and no event says where the focus is
  within `settle` seconds, the active window of the app is searched for it.
- A focus loss is reported (None) only when no new focus follows within `lost_settle`.

Everything runs on one daemon thread; `follow` and `stop` only queue a request and wake
it through a pipe.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import threading
import time
from collections.abc import Mapping
from typing import Any

from cuecard.a11y import atspi_bus as bus
from cuecard.a11y.atspi_tree import Tree
from cuecard.a11y.base import ElementCallback, ElementsUnavailable, FocusTarget
from cuecard.models import FocusedElement
from cuecard.watch.wayland_dbus import BusClient

log = logging.getLogger(__name__)
_STOP = object()
LOOK_TRIES = 5  # more looks when the app is not on the bus yet, LOOK_RETRY apart
LOOK_RETRY = 0.2
ANNOUNCE_AFTER = 0.5  # register again this long after following a new app, see _apply


class AtspiWatcher:
    """Reports the focused element of the followed app (see the module docstring)."""

    name = "atspi"

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        enable_tree: bool = True,
        own_pid: int | None = None,
        settle: float = 0.03,
        lost_settle: float = 0.05,
    ) -> None:
        self._env = dict(env)
        self._enable_tree = enable_tree
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._settle = settle
        self._lost_settle = lost_settle
        self._requests: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._wake_read, self._wake_write = os.pipe()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._failure: str | None = None
        self._on_change: ElementCallback | None = None
        self.enabled_tree = False  # True while IsEnabled is on because we set it
        # Thread state (only the worker thread touches these).
        self._session: BusClient | None = None
        self._client: BusClient | None = None
        self._tree: Tree | None = None
        self._target: FocusTarget | None = None
        self._subscribed = False
        self._pids: dict[str, int | None] = {}
        self._pending: tuple[bus.Ref, int | None] | None = None
        self._current: bus.Ref | None = None
        self._lost_at: float | None = None
        self._look_at: float | None = None
        self._announce_at: float | None = None
        self._looks_left = 0
        self._reported: FocusedElement | None = None

    # The public side (any thread) -----------------------------------------------------

    def start(self, on_change: ElementCallback) -> None:
        if self._thread is not None:
            raise RuntimeError("an element watcher starts once")
        self._on_change = on_change
        self._thread = threading.Thread(target=self._serve, name="a11y-atspi", daemon=True)
        self._thread.start()  # it connects there: a slow bus never holds up the caller

    def follow(self, target: FocusTarget | None) -> None:
        self._request(target)

    @property
    def following(self) -> bool:
        return self._subscribed

    @property
    def bus_name(self) -> str:
        """Our unique name on the accessibility bus ("" until connected)."""
        client = self._client
        return client.unique_name if client is not None else ""

    @property
    def failure(self) -> str | None:
        if self._failure is not None:
            return self._failure
        thread = self._thread
        if thread is not None and thread.ident is not None and not thread.is_alive():
            return None if self._stopping else "the AT-SPI watcher thread ended unexpectedly"
        return None

    def stop(self) -> None:
        self._stopping = True
        self._request(_STOP)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if thread is None or not thread.is_alive():
            for fd in (self._wake_read, self._wake_write):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._wake_read = self._wake_write = -1

    def _request(self, request: object) -> None:
        self._requests.put(request)
        try:
            os.write(self._wake_write, b"!")
        except OSError:
            pass  # stopped already

    # The worker thread --------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            self._connect()
        except ElementsUnavailable as exc:
            self._close()
            self._fail(str(exc))
            return
        except Exception as exc:  # e.g. the session bus refused us
            log.exception("AT-SPI watcher could not start")
            self._close()
            self._fail(f"connecting to the accessibility bus failed: {type(exc).__name__}")
            return
        try:
            self._loop()
        except (OSError, EOFError, ConnectionError, TimeoutError, ValueError) as exc:
            if not self._stopping:
                log.warning("AT-SPI watcher stopped: %s", type(exc).__name__)
                self._fail(f"the accessibility bus went away ({type(exc).__name__})")
        except Exception as exc:
            log.exception("AT-SPI watcher crashed")
            self._fail(f"the AT-SPI watcher crashed: {type(exc).__name__}")
        finally:
            self._close()

    def _fail(self, reason: str) -> None:
        """Record why the thread ends and say "no element" once, so the owner looks at
        `failure` (it may try again later)."""
        self._failure = reason
        self._reported = None
        if self._on_change is not None:
            self._on_change(None)

    def _connect(self) -> None:
        session = bus.open_session(self._env)
        self._session = session
        address = bus.accessibility_bus_address(session)
        if self._enable_tree and not bus.tree_enabled(session):
            bus.set_tree_enabled(session, True)
            self.enabled_tree = True
        self._client = bus.open_accessibility_bus(address)
        self._tree = Tree(self._client)

    def _close(self) -> None:
        client, session = self._client, self._session
        if client is not None:
            if self._subscribed and self._failure is None:
                try:
                    bus.subscribe(client, False)
                except Exception:  # the bus may be gone: closing is enough
                    pass
            self._subscribed = False
            client.close()
        if session is not None:
            if self.enabled_tree:
                try:
                    bus.set_tree_enabled(session, False)
                except Exception:
                    log.warning("could not switch the accessibility tree off again")
                self.enabled_tree = False
            session.close()

    def _loop(self) -> None:
        client = self._client
        assert client is not None
        while True:
            if not self._run_requests():
                return
            self._drain(client)
            if self._pending is not None:
                self._describe_pending()
                continue  # describing may have met newer events: drain them first
            now = time.monotonic()
            if self._lost_at is not None and now >= self._lost_at:
                self._lost_at = None
                self._current = None
                self._report(None)
            if self._look_at is not None and now >= self._look_at:
                self._look_at = None
                self._look()
                continue
            if self._announce_at is not None and now >= self._announce_at:
                self._announce_at = None
                bus.announce(client)
                # Focus moves it did not send us meanwhile: look where the focus is now.
                self._look_at, self._looks_left = time.monotonic() + self._settle, 0
                continue
            if client.backlog:
                continue
            due = [t for t in (self._lost_at, self._look_at, self._announce_at) if t is not None]
            timeout = max(0.0, min(due) - time.monotonic()) if due else None
            ready, _, _ = select.select([client.connection.sock, self._wake_read], [], [], timeout)
            if self._wake_read in ready:
                os.read(self._wake_read, 4096)

    def _run_requests(self) -> bool:
        """Apply queued targets (the last one wins); False when asked to stop."""
        latest: object = self
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                break
            if request is _STOP:
                return False
            latest = request
        if latest is not self:
            self._apply(latest if isinstance(latest, FocusTarget) else None)
        return True

    def _apply(self, target: FocusTarget | None) -> None:
        client = self._client
        assert client is not None
        previous, self._target = self._target, target
        if target is None:
            if self._subscribed:
                bus.subscribe(client, False)
                self._subscribed = False
            self._pending = self._current = None
            self._lost_at = self._look_at = self._announce_at = None
            self._report(None)
            return
        if not self._subscribed:
            bus.subscribe(client, True)
            self._subscribed = True
        if previous is None or previous.pid != target.pid:
            self._pending = self._current = None
            self._report(None)  # the focus of another app says nothing about this one
            # An app that was starting up as we registered may have missed it (Qt asks
            # the registry, then listens for changes: a registration in between is
            # lost). Unless it shows that it knows, by an event, we register again.
            self._announce_at = time.monotonic() + ANNOUNCE_AFTER
        if previous != target:
            self._look_at = time.monotonic() + self._settle
            self._looks_left = LOOK_TRIES

    def _drain(self, client: BusClient) -> None:
        """Handle every message that is already here, without waiting."""
        while True:
            if client.backlog:
                message = client.backlog.popleft()
            else:
                try:
                    message = client.connection.receive(timeout=0)
                except TimeoutError:
                    return
            self._on_message(message)

    def _on_message(self, message: Any) -> None:
        event = bus.focus_event(message)
        if event is None or not self._subscribed:
            return
        ref, gained = event
        pid = self._pid_of(ref[0])
        target = self._target
        if pid == self._own_pid or target is None or (target.pid is not None and pid != target.pid):
            return
        self._announce_at = None  # it sends us events: it knows we listen
        pending = self._pending[0] if self._pending is not None else None
        if gained:
            self._pending = (ref, pid)
            self._lost_at = self._look_at = None
        elif ref in (self._current, pending):
            if ref == pending:
                self._pending = None
            self._lost_at = time.monotonic() + self._lost_settle

    def _pid_of(self, sender: str) -> int | None:
        if sender not in self._pids:
            assert self._client is not None
            if len(self._pids) > 1000:
                self._pids.clear()  # apps come and go; their bus names are never reused
            self._pids[sender] = bus.connection_pid(self._client, sender)
        return self._pids[sender]

    def _describe_pending(self) -> None:
        assert self._pending is not None and self._tree is not None
        ref, pid = self._pending
        self._pending = None
        element = self._tree.describe(ref, pid)
        self._current = ref if element is not None else None
        if self._newer_focus_waiting():
            return  # the user has moved on: describe that one instead
        self._report(element)

    def _newer_focus_waiting(self) -> bool:
        """Has a focus gain that may be the followed app's arrived while we asked?"""
        assert self._client is not None
        target = self._target
        for message in self._client.backlog:
            event = bus.focus_event(message)
            if event is not None and event[1]:
                pid = self._pids.get(event[0][0], -1)
                if pid == -1 or target is None or target.pid in (None, pid):
                    return True
        return False

    def _look(self) -> None:
        """Find the focus in the followed app's active window (no event told us). An app
        that just started, or just got told to export its tree, may not be on the bus
        yet: the look is tried again a few times, `retry` seconds apart."""
        target, tree = self._target, self._tree
        if target is None or target.pid is None or tree is None:
            return
        for bus_name in tree.applications():
            if self._pid_of(bus_name) != target.pid:
                continue
            ref = tree.find_focused(bus_name)
            if self._newer_focus_waiting():
                return  # an event says where the focus is now: that wins
            if ref is not None:
                element = tree.describe(ref, target.pid)
                if self._newer_focus_waiting():
                    return
                self._current = ref if element is not None else None
                self._report(element)
                return
        if self._looks_left > 0:
            self._looks_left -= 1
            self._look_at = time.monotonic() + LOOK_RETRY
        elif self._current is None:
            self._report(None)

    def _report(self, element: FocusedElement | None) -> None:
        previous = self._reported
        unchanged = element.same_focus(previous) if element is not None else previous is None
        if unchanged:
            return
        self._reported = element
        if self._on_change is not None:
            self._on_change(element)


def describe(env: Mapping[str, str]) -> str:
    """What `cuecard doctor` says about this back-end (ElementsUnavailable: cannot run)."""
    if not bus.session_available(env):
        raise ElementsUnavailable("there is no D-Bus session bus, so no accessibility bus")
    return bus.describe_state(env)


def create(env: Mapping[str, str], *, enable_tree: bool = True) -> AtspiWatcher:
    """The AT-SPI watcher; ElementsUnavailable without a session bus."""
    if not bus.session_available(env):
        raise ElementsUnavailable(
            "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no "
            "accessibility bus"
        )
    return AtspiWatcher(env, enable_tree=enable_tree)
