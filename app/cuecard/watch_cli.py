"""`cuecard watch` and `cuecard trigger`: show authors what Cuecard sees.

Both also show the focused element of the active window (role, name, nearest dialog)
from the accessibility tree, except in private windows. On Linux that switches the
tree on (org.a11y.Status IsEnabled) while the command runs, if it was off.
"""

from __future__ import annotations

import json
import queue
import sys
import time
from datetime import datetime

from cuecard.a11y.base import ElementWatcher, FocusTarget
from cuecard.context import AppContext
from cuecard.models import FocusedElement, WindowInfo
from cuecard.terminal import echo
from cuecard.watch.base import BackendChoice
from cuecard.watch.select import choose_watcher
from cuecard.watch.trigger import suggest_trigger

ONCE_TIMEOUT = 3.0
ELEMENT_TIMEOUT = 1.5  # how long a one-shot look waits for the focused element
Report = tuple[str, WindowInfo | FocusedElement | None]


def element_record(element: FocusedElement | None) -> dict[str, object] | None:
    if element is None:
        return None
    return {
        "role": element.role,
        "name": element.name,
        "dialog": element.dialog,
        "native_role": element.native_role,
    }


def window_record(
    info: WindowInfo | None, now: datetime, element: FocusedElement | None = None
) -> dict[str, object]:
    """The CLI.md shape: {ts, app, title, class, pid, fullscreen, private, element};
    `element` is {role, name, dialog, native_role} or null (always null for a private
    window)."""
    if info is None:
        return {
            "ts": round(now.timestamp(), 3),
            "app": None,
            "title": None,
            "class": None,
            "pid": None,
            "fullscreen": False,
            "private": False,
            "element": None,
        }
    return {
        "ts": round(now.timestamp(), 3),
        "app": info.app,
        "title": info.title,
        "class": info.window_class,
        "pid": info.pid,
        "fullscreen": info.fullscreen,
        "private": info.private,
        "element": None if info.private else element_record(element),
    }


def _lines(
    info: WindowInfo | None, now: datetime, element: FocusedElement | None = None
) -> tuple[str, ...]:
    stamp = f"{now:%H:%M:%S}"
    if info is None:
        return (f"{stamp}  (no active window)",)
    if info.private:
        return (f"{stamp}  (private window: excluded by your privacy settings)",)
    flags = "  [fullscreen]" if info.fullscreen else ""
    lines = [
        f"{stamp}  app={info.app or '?'}  class={info.window_class or '?'}  "
        f"pid={info.pid or '?'}{flags}",
        f"          title={info.title!r}",
    ]
    if element is not None:
        role = element.role or f"({element.native_role or '?'})"
        dialog = f"  dialog={element.dialog!r}" if element.dialog is not None else ""
        lines.append(f"          focus: role={role}  name={element.name!r}{dialog}")
    return tuple(lines)


def _show(
    info: WindowInfo | None, as_json: bool, now: datetime, element: FocusedElement | None = None
) -> None:
    if as_json:
        print(json.dumps(window_record(info, now, element)), flush=True)
    else:
        echo(*_lines(info, now, element), flush=True)


def _chosen(context: AppContext) -> BackendChoice | None:
    choice = choose_watcher(privacy=context.privacy_rules)
    if choice.watcher is None:
        echo(f"cuecard: cannot see the active window here ({choice.reason}).", file=sys.stderr)
        return None
    return choice


def _elements(reports: queue.Queue[Report]) -> ElementWatcher | None:
    """The focused-element watcher, started (None, with a note, when none can run)."""
    from cuecard.a11y.select import choose_element_watcher

    choice = choose_element_watcher()
    if choice.watcher is None:
        echo(f"cuecard: focused controls cannot be seen here ({choice.reason}).", file=sys.stderr)
        return None
    choice.watcher.start(lambda element: reports.put(("element", element)))
    return choice.watcher


def target_of(info: WindowInfo | None) -> FocusTarget | None:
    """Follow the focus of a window's app, never of a private window."""
    if info is None or info.private:
        return None
    return FocusTarget(info.pid, info.window_id)


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


def focused_in(info: WindowInfo | None) -> FocusedElement | None:
    """The element focused now in `info`'s app (None when unknown, or private)."""
    target = target_of(info)
    if target is None:
        return None
    reports: queue.Queue[Report] = queue.Queue()
    watcher = _elements(reports)
    if watcher is None:
        return None
    watcher.follow(target)
    deadline = time.monotonic() + ELEMENT_TIMEOUT
    try:
        while (left := deadline - time.monotonic()) > 0:
            try:
                _, element = reports.get(timeout=left)
            except queue.Empty:
                break
            if isinstance(element, FocusedElement):
                return element
            if watcher.failure is not None:
                break
        return None
    finally:
        watcher.stop()


def run_watch(context: AppContext, as_json: bool, once: bool) -> int:
    choice = _chosen(context)
    if choice is None:
        return 1
    if once:
        reported, info = first_window(choice)
        if not reported:
            print("cuecard: the watcher reported nothing within 3 s.", file=sys.stderr)
            return 1
        _show(info, as_json, context.clock.now(), focused_in(info))
        return 0
    if not as_json:
        print(f"Watching with {choice.name} ({choice.reason}); Ctrl+C to stop.", flush=True)
    reports: queue.Queue[Report] = queue.Queue()
    assert choice.watcher is not None
    elements = _elements(reports)
    choice.watcher.start(lambda info: reports.put(("window", info)))
    window: WindowInfo | None = None
    element: FocusedElement | None = None
    try:
        while True:
            kind, value = reports.get()
            if kind == "window":
                window = value if isinstance(value, WindowInfo) else None
                element = None
                if elements is not None:
                    elements.follow(target_of(window))
            elif target_of(window) is None:
                continue  # no window, or a private one: its focus is nobody's business
            else:
                element = value if isinstance(value, FocusedElement) else None
            _show(window, as_json, context.clock.now(), element)
    except KeyboardInterrupt:
        return 0
    finally:
        choice.watcher.stop()
        if elements is not None:
            elements.stop()


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
    echo(*suggest_trigger(info, focused_in(info)).splitlines())
    return 0
