"""Focused-element back-end for macOS: the AX API (the one the window watcher already
uses for titles), event-driven through an AXObserver.

- The watcher thread runs its own CFRunLoop. `follow(target)` creates an AXObserver on
  the target's app for `AXFocusedUIElementChanged` and `AXFocusedWindowChanged`, adds
  its source to that run loop, and reports the app's `AXFocusedUIElement` now;
  `follow(None)` removes it: no AX notifications without a target.
- Notifications that arrive together are described once (one block is scheduled).
- The name is the element's AXTitle, else its AXDescription, else the text of its
  title element when that is static text (a label). A field's AXValue is never read.
  The dialog is the nearest AXSheet, or AXWindow whose subrole is AXDialog or
  AXSystemDialog, among the element's AXParent ancestors.

Every call goes through `AxApi`: the ApplicationServices and CoreFoundation functions
by their own names (`ax`, `cf`) plus `callback_for`. `PyObjCAx` is the real one and
imports PyObjC lazily; tests on any OS use a double with the same names.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from cuecard.a11y.base import ElementsUnavailable, FocusTarget
from cuecard.a11y.roles import ax_role
from cuecard.a11y.threaded import STOP, ThreadedElementWatcher
from cuecard.models import FocusedElement

AX_SUCCESS = 0
AX_TIMEOUT_SECONDS = 1.0  # an app that hangs must not hold the watcher for long
NOTIFICATIONS = ("AXFocusedUIElementChanged", "AXFocusedWindowChanged")
DIALOG_SUBROLES = frozenset({"AXDialog", "AXSystemDialog"})
MAX_DEPTH = 64


class AxApi(Protocol):
    """ApplicationServices (`ax`) and CoreFoundation (`cf`) as PyObjC exposes them, and
    `callback_for`, which makes a Python function into an AXObserver callback."""

    ax: Any
    cf: Any

    def callback_for(self, function: Callable[[Any, Any, Any, Any], None]) -> Any: ...


class AxWatcher(ThreadedElementWatcher):
    """Reports the focused element of the followed app (see the module docstring)."""

    name = "ax"

    def __init__(self, api: AxApi, *, own_pid: int | None = None) -> None:
        super().__init__()
        self._api = api
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._lock = threading.Lock()
        self._loop: Any = None
        self._early: list[object] = []  # requests made before the run loop existed
        self._target: FocusTarget | None = None
        self._observer: tuple[Any, Any, Any] | None = None  # observer, source, callback
        self._scheduled = False

    # Requests, from any thread --------------------------------------------------------

    def _post(self, request: object) -> None:
        cf = self._api.cf
        with self._lock:
            loop = self._loop
            if loop is None:
                self._early.append(request)
                return
        if request is STOP:
            cf.CFRunLoopStop(loop)
        else:
            cf.CFRunLoopPerformBlock(loop, cf.kCFRunLoopDefaultMode, lambda: self._apply(request))
        cf.CFRunLoopWakeUp(loop)

    # The run-loop thread ----------------------------------------------------------------

    def _run(self) -> None:
        cf = self._api.cf
        loop = cf.CFRunLoopGetCurrent()
        with self._lock:
            self._loop = loop
            early, self._early = self._early, []
        try:
            for request in early:
                if request is STOP:
                    return
                self._apply(request)
            while not self._stopping:
                cf.CFRunLoopRunInMode(cf.kCFRunLoopDefaultMode, 1.0, False)
        finally:
            self._unobserve()
            with self._lock:
                self._loop = None

    def _apply(self, request: object) -> None:
        target = request if isinstance(request, FocusTarget) else None
        previous, self._target = self._target, target
        if target is None or target.pid is None or target.pid == self._own_pid:
            self._unobserve()
            self._report(None)
            return
        if previous is None or previous.pid != target.pid:
            self._unobserve()
            self._report(None)
            self._observe(target.pid)
        self._describe()

    def _observe(self, pid: int) -> None:
        ax, cf = self._api.ax, self._api.cf

        def on_notification(_observer: Any, _element: Any, _name: Any, _refcon: Any) -> None:
            if not self._scheduled:  # a burst is described once
                self._scheduled = True
                cf.CFRunLoopPerformBlock(self._loop, cf.kCFRunLoopDefaultMode, self._describe)
                cf.CFRunLoopWakeUp(self._loop)

        callback = self._api.callback_for(on_notification)
        error, observer = ax.AXObserverCreate(pid, callback, None)
        if error != AX_SUCCESS or observer is None:
            return  # not trusted, or the app is gone: nothing to follow
        app = ax.AXUIElementCreateApplication(pid)
        added = [ax.AXObserverAddNotification(observer, app, n, None) for n in NOTIFICATIONS]
        if AX_SUCCESS not in added:
            return
        source = ax.AXObserverGetRunLoopSource(observer)
        cf.CFRunLoopAddSource(self._loop, source, cf.kCFRunLoopDefaultMode)
        self._observer = (observer, source, callback)
        self._subscribed = True

    def _unobserve(self) -> None:
        if self._observer is not None:
            _, source, _ = self._observer
            cf = self._api.cf
            cf.CFRunLoopRemoveSource(self._loop, source, cf.kCFRunLoopDefaultMode)
            self._observer = None
        self._subscribed = False

    # Describing the focused element -----------------------------------------------------

    def _attribute(self, element: Any, name: str) -> Any:
        error, value = self._api.ax.AXUIElementCopyAttributeValue(element, name, None)
        return value if error == AX_SUCCESS else None

    def _text(self, element: Any, name: str) -> str:
        value = self._attribute(element, name)
        return str(value) if value is not None else ""

    def _describe(self) -> None:
        self._scheduled = False
        target = self._target
        if target is None or target.pid is None:
            return
        ax = self._api.ax
        app = ax.AXUIElementCreateApplication(target.pid)
        ax.AXUIElementSetMessagingTimeout(app, AX_TIMEOUT_SECONDS)
        element = self._attribute(app, "AXFocusedUIElement")
        if element is None:
            self._report(None)
            return
        role, subrole = self._text(element, "AXRole"), self._text(element, "AXSubrole")
        self._report(
            FocusedElement(
                role=ax_role(role, subrole),
                name=self._name(element),
                dialog=self._dialog_of(element),
                pid=target.pid,
                native_role=f"{role}/{subrole}" if subrole else role,
                timestamp=time.monotonic(),
            )
        )

    def _name(self, element: Any) -> str:
        name = self._text(element, "AXTitle") or self._text(element, "AXDescription")
        if name:
            return name
        label = self._attribute(element, "AXTitleUIElement")
        if label is not None and self._text(label, "AXRole") == "AXStaticText":
            return self._text(label, "AXValue")  # a label's text, never a field's value
        return ""

    def _dialog_of(self, element: Any) -> str | None:
        current = element
        for _ in range(MAX_DEPTH):
            role = self._text(current, "AXRole")
            if role == "AXSheet" or (
                role == "AXWindow" and self._text(current, "AXSubrole") in DIALOG_SUBROLES
            ):
                return self._text(current, "AXTitle")
            if role in ("AXApplication", ""):
                return None
            current = self._attribute(current, "AXParent")
            if current is None:
                return None
        return None


class PyObjCAx:
    """`AxApi` over PyObjC (macOS only)."""

    def __init__(self) -> None:
        self.ax = importlib.import_module("ApplicationServices")
        self.cf = importlib.import_module("CoreFoundation")
        self._objc = importlib.import_module("objc")

    def callback_for(self, function: Callable[[Any, Any, Any, Any], None]) -> Any:
        return self._objc.callbackFor(self.ax.AXObserverCreate)(function)


def describe(env: Mapping[str, str]) -> str:
    """What `cuecard doctor` says about this back-end (ElementsUnavailable: cannot run)."""
    del env
    if sys.platform == "darwin":
        try:
            api = PyObjCAx()
        except ImportError as error:
            raise ElementsUnavailable(
                "the AX API needs PyObjC: pip install pyobjc-framework-ApplicationServices"
            ) from error
        if not api.ax.AXIsProcessTrusted():
            raise ElementsUnavailable(
                "Cuecard may not use the Accessibility API: switch it on in System Settings "
                "> Privacy & Security > Accessibility"
            )
        return "AX API available (Accessibility permission granted)"
    else:  # both branches are platform checks, so mypy checks each on its own OS
        raise ElementsUnavailable("the AX API only runs on macOS")


def create(env: Mapping[str, str], *, enable_tree: bool = True) -> AxWatcher:
    """The AX watcher; ElementsUnavailable off macOS, without PyObjC or permission.
    (`enable_tree` does not apply: macOS apps answer the AX API when permitted.)"""
    del enable_tree
    describe(env)
    return AxWatcher(PyObjCAx())
