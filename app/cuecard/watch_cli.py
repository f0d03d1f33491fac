"""`cuecard watch` and `cuecard trigger`: show authors what Cuecard sees."""

from __future__ import annotations

import json
import queue
import sys
from datetime import datetime

from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.terminal import echo
from cuecard.watch.base import BackendChoice
from cuecard.watch.select import choose_watcher
from cuecard.watch.trigger import suggest_trigger

ONCE_TIMEOUT = 3.0


def window_record(info: WindowInfo | None, now: datetime) -> dict[str, object]:
    """The CLI.md shape: {ts, app, title, class, pid, fullscreen, private}."""
    if info is None:
        return {
            "ts": round(now.timestamp(), 3),
            "app": None,
            "title": None,
            "class": None,
            "pid": None,
            "fullscreen": False,
            "private": False,
        }
    return {
        "ts": round(now.timestamp(), 3),
        "app": info.app,
        "title": info.title,
        "class": info.window_class,
        "pid": info.pid,
        "fullscreen": info.fullscreen,
        "private": info.private,
    }


def _lines(info: WindowInfo | None, now: datetime) -> tuple[str, ...]:
    stamp = f"{now:%H:%M:%S}"
    if info is None:
        return (f"{stamp}  (no active window)",)
    if info.private:
        return (f"{stamp}  (private window: excluded by your privacy settings)",)
    flags = "  [fullscreen]" if info.fullscreen else ""
    return (
        f"{stamp}  app={info.app or '?'}  class={info.window_class or '?'}  "
        f"pid={info.pid or '?'}{flags}",
        f"          title={info.title!r}",
    )


def _show(info: WindowInfo | None, as_json: bool, now: datetime) -> None:
    if as_json:
        print(json.dumps(window_record(info, now)), flush=True)
    else:
        echo(*_lines(info, now), flush=True)


def _chosen(context: AppContext) -> BackendChoice | None:
    choice = choose_watcher(privacy=context.privacy_rules)
    if choice.watcher is None:
        echo(f"cuecard: cannot see the active window here ({choice.reason}).", file=sys.stderr)
        return None
    return choice


def first_window(choice: BackendChoice) -> tuple[bool, WindowInfo | None]:
    """(reported, window): start the watcher, take its first report, stop it."""
    assert choice.watcher is not None
    reports: queue.Queue[WindowInfo | None] = queue.Queue()
    choice.watcher.start(reports.put)
    try:
        return True, reports.get(timeout=ONCE_TIMEOUT)
    except queue.Empty:
        return False, None
    finally:
        choice.watcher.stop()


def run_watch(context: AppContext, as_json: bool, once: bool) -> int:
    choice = _chosen(context)
    if choice is None:
        return 1
    if once:
        reported, info = first_window(choice)
        if not reported:
            print("cuecard: the watcher reported nothing within 3 s.", file=sys.stderr)
            return 1
        _show(info, as_json, context.clock.now())
        return 0
    if not as_json:
        print(f"Watching with {choice.name} ({choice.reason}); Ctrl+C to stop.", flush=True)
    reports: queue.Queue[WindowInfo | None] = queue.Queue()
    assert choice.watcher is not None
    choice.watcher.start(reports.put)
    try:
        while True:
            info = reports.get()
            _show(info, as_json, context.clock.now())
    except KeyboardInterrupt:
        return 0
    finally:
        choice.watcher.stop()


def run_trigger(context: AppContext) -> int:
    choice = _chosen(context)
    if choice is None:
        return 1
    reported, info = first_window(choice)
    if not reported or info is None:
        print(
            "cuecard: no active window to describe; focus the app first "
            "(e.g. `sleep 3; cuecard trigger`).",
            file=sys.stderr,
        )
        return 1
    if info.private:
        print("cuecard: this window is excluded by your privacy settings.", file=sys.stderr)
        return 1
    echo(*suggest_trigger(info).splitlines())
    return 0
