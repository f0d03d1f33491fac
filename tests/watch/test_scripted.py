"""The scripted double passes the shared watcher contract."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.scripted import ScriptedWatcher
from tests.watch.contract import Recorder, WatcherContract


class ScriptedDriver:
    """Keeps a stack of windows and pushes the active one into the watcher."""

    supports_fullscreen = True

    def __init__(self) -> None:
        self.watcher: ScriptedWatcher | None = None
        self.windows: list[WindowInfo] = []
        self._next_id = 1

    def make_watcher(self) -> ScriptedWatcher:
        self.watcher = ScriptedWatcher()
        return self.watcher

    def _push(self) -> None:
        assert self.watcher is not None
        self.watcher.push(self.windows[-1] if self.windows else None)

    def _find(self, handle: int) -> int:
        return next(i for i, w in enumerate(self.windows) if w.window_id == handle)

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        info = WindowInfo(app=app, title=title, window_class=window_class, window_id=self._next_id)
        self._next_id += 1
        self.windows.append(info)
        self._push()
        return info.window_id

    def activate(self, handle: Any) -> None:
        self.windows.append(self.windows.pop(self._find(handle)))
        self._push()

    def set_title(self, handle: Any, title: str) -> None:
        index = self._find(handle)
        self.windows[index] = replace(self.windows[index], title=title)
        self._push()

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        index = self._find(handle)
        self.windows[index] = replace(self.windows[index], fullscreen=on)
        self._push()

    def close(self, handle: Any) -> None:
        self.windows.pop(self._find(handle))
        self._push()


class TestScriptedWatcher(WatcherContract):
    @pytest.fixture
    def driver(self) -> ScriptedDriver:
        return ScriptedDriver()


def test_fail_reports_no_window_once_and_says_why() -> None:
    watcher = ScriptedWatcher()
    recorder = Recorder()
    watcher.start(recorder)
    watcher.push(WindowInfo(app="xterm", title="Shell"))
    recorder.wait_for(lambda info: info is not None)
    watcher.fail("the compositor went away")
    recorder.wait_for(lambda info: info is None)
    assert watcher._thread is not None
    watcher._thread.join(timeout=5)
    assert watcher.failure == "the compositor went away"
    assert recorder.events.count(None) == 1
    watcher.stop()


def test_a_thread_that_ends_without_a_word_is_a_failure() -> None:
    watcher = ScriptedWatcher()
    watcher.start(Recorder())
    assert watcher.failure is None
    watcher.vanish()
    assert watcher._thread is not None
    watcher._thread.join(timeout=5)
    assert watcher.failure == "the scripted watcher thread ended unexpectedly"
