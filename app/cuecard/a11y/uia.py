"""Focused-element back-end for Windows: UI Automation through comtypes, event-driven.

- The watcher thread joins the COM multithreaded apartment and creates the
  `IUIAutomation` object there (comtypes is imported only then, in `ComtypesUia`).
- `follow(target)` registers a FocusChanged handler (`AddFocusChangedEventHandler`),
  asks `GetFocusedElement()` once, and reports the focused element of the target's
  process; `follow(None)` removes the handler: no UIA events at all without a target.
- UI Automation calls the handler on its own threads; the handler only queues the
  element. The watcher thread drains the queue, so a burst of focus changes is
  described once, for the last element.
- Only `CurrentName`, `CurrentControlType`, `CurrentProcessId`, `CurrentClassName`,
  `CurrentIsPassword` and the IsDialog property are read, and parents through the
  control-view walker: never the Value or Text patterns.

Every call goes through `UiaApi` (the IUIAutomation object and a handler factory), so
tests on any OS drive the watcher with a double that has the same method names.
"""

from __future__ import annotations

import importlib
import logging
import os
import queue
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from cuecard.a11y.base import ElementsUnavailable, FocusTarget
from cuecard.a11y.roles import UIA_CONTROL_TYPE_NAMES, UIA_WINDOW, uia_role
from cuecard.a11y.threaded import STOP, ThreadedElementWatcher
from cuecard.models import FocusedElement

log = logging.getLogger(__name__)
UIA_IS_DIALOG_PROPERTY = 30174  # UIA_IsDialogPropertyId (Windows 10 1703 and later)
DIALOG_CLASS = "#32770"  # the Win32 dialog class
MAX_DEPTH = 64


class UiaApi(Protocol):
    """The UI Automation surface the watcher uses; the real one is `ComtypesUia`."""

    errors: tuple[type[BaseException], ...]  # what a call raises when an element is gone

    def enter_thread(self) -> None:
        """Join the multithreaded COM apartment (called first, on the watcher thread)."""

    def leave_thread(self) -> None: ...

    def connect(self) -> Any:
        """The IUIAutomation object (created on the watcher thread)."""

    def handler(self, callback: Callable[[Any], None]) -> Any:
        """An IUIAutomationFocusChangedEventHandler calling `callback(sender)`."""


class _Focus:
    def __init__(self, element: Any) -> None:
        self.element = element


class UiaWatcher(ThreadedElementWatcher):
    """Reports the focused element of the followed process (see the module docstring)."""

    name = "uia"

    def __init__(self, api: UiaApi, *, own_pid: int | None = None) -> None:
        super().__init__()
        self._api = api
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._target: FocusTarget | None = None

    def _post(self, request: object) -> None:
        self._queue.put(request)

    def _run(self) -> None:
        api = self._api
        api.enter_thread()
        try:
            automation = api.connect()
            handler = api.handler(lambda sender: self._queue.put(_Focus(sender)))
            try:
                self._serve_requests(automation, handler)
            finally:
                if self._subscribed:
                    self._subscribed = False
                    automation.RemoveFocusChangedEventHandler(handler)
        finally:
            api.leave_thread()

    def _serve_requests(self, automation: Any, handler: Any) -> None:
        while True:
            items = [self._queue.get()]
            while True:  # everything already queued: a burst is handled once
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if any(item is STOP for item in items):
                return
            targets = [i for i in items if i is None or isinstance(i, FocusTarget)]
            focus = [i.element for i in items if isinstance(i, _Focus)]
            if targets:
                target = targets[-1]
                assert target is None or isinstance(target, FocusTarget)
                if self._retarget(automation, handler, target):
                    focus = [automation.GetFocusedElement()]
            if focus and self._target is not None:
                self._focused(automation, focus[-1])

    def _retarget(self, automation: Any, handler: Any, target: FocusTarget | None) -> bool:
        """Apply a new target; True when the focus should be looked up now."""
        previous, self._target = self._target, target
        if target is None:
            if self._subscribed:
                self._subscribed = False
                automation.RemoveFocusChangedEventHandler(handler)
            self._report(None)
            return False
        if not self._subscribed:
            automation.AddFocusChangedEventHandler(None, handler)
            self._subscribed = True
        if previous is None or previous.pid != target.pid:
            self._report(None)
        return previous != target

    def _focused(self, automation: Any, element: Any) -> None:
        target = self._target
        if target is None or not element:
            return
        try:
            pid = int(element.CurrentProcessId)
            if pid == self._own_pid or (target.pid is not None and pid != target.pid):
                return
            self._report(self.describe(automation, element, pid))
        except self._api.errors:
            return  # the element went away while we looked: the next event tells

    def describe(self, automation: Any, element: Any, pid: int) -> FocusedElement:
        control = int(element.CurrentControlType)
        role = uia_role(control, self._is_dialog(element, control))
        if bool(element.CurrentIsPassword):
            role = "password text"
        return FocusedElement(
            role=role,
            name=str(element.CurrentName or ""),
            dialog=self._dialog_of(automation, element),
            pid=pid,
            native_role=UIA_CONTROL_TYPE_NAMES.get(control, str(control)),
            timestamp=time.monotonic(),
        )

    def _is_dialog(self, element: Any, control: int | None = None) -> bool:
        if (control if control is not None else int(element.CurrentControlType)) != UIA_WINDOW:
            return False
        flag = element.GetCurrentPropertyValue(UIA_IS_DIALOG_PROPERTY)
        return bool(flag) or str(element.CurrentClassName or "") == DIALOG_CLASS

    def _dialog_of(self, automation: Any, element: Any) -> str | None:
        walker = automation.ControlViewWalker
        root = automation.GetRootElement()
        current = element
        for _ in range(MAX_DEPTH):
            if not current or automation.CompareElements(current, root):
                return None
            if self._is_dialog(current):
                return str(current.CurrentName or "")
            current = walker.GetParentElement(current)
        return None


class ComtypesUia:
    """`UiaApi` over comtypes and UIAutomationCore.dll (Windows only)."""

    def __init__(self) -> None:
        self._comtypes = importlib.import_module("comtypes")
        client = importlib.import_module("comtypes.client")
        client.GetModule("UIAutomationCore.dll")
        self._uia = importlib.import_module("comtypes.gen.UIAutomationClient")
        self._client = client
        self.errors: tuple[type[BaseException], ...] = (self._comtypes.COMError,)

    def enter_thread(self) -> None:
        self._comtypes.CoInitializeEx(self._comtypes.COINIT_MULTITHREADED)

    def leave_thread(self) -> None:
        self._comtypes.CoUninitialize()

    def connect(self) -> Any:
        uia = self._uia
        return self._client.CreateObject(uia.CUIAutomation, interface=uia.IUIAutomation)

    def handler(self, callback: Callable[[Any], None]) -> Any:
        base = self._comtypes.COMObject
        interface = self._uia.IUIAutomationFocusChangedEventHandler

        class FocusHandler(base):  # type: ignore[misc, valid-type]
            _com_interfaces_ = [interface]  # noqa: RUF012 (comtypes reads a list)

            def HandleFocusChangedEvent(self, sender: Any) -> int:  # noqa: N802 (COM name)
                try:
                    callback(sender)
                except Exception:  # never into UI Automation's thread
                    log.exception("focus event failed")
                return 0  # S_OK

        return FocusHandler()


def describe(env: Mapping[str, str]) -> str:
    """What `cuecard doctor` says about this back-end (ElementsUnavailable: cannot run)."""
    del env
    if sys.platform == "win32":
        try:
            importlib.import_module("comtypes")
        except ImportError as error:
            raise ElementsUnavailable(
                "UI Automation needs comtypes: pip install comtypes"
            ) from error
        return "UI Automation (comtypes) available"
    else:  # both branches are platform checks, so mypy checks each on its own OS
        raise ElementsUnavailable("UI Automation only runs on Windows")


def create(env: Mapping[str, str], *, enable_tree: bool = True) -> UiaWatcher:
    """The UI Automation watcher; ElementsUnavailable off Windows or without comtypes.
    (`enable_tree` does not apply: Windows apps always answer UI Automation.)"""
    del enable_tree
    describe(env)
    try:
        return UiaWatcher(ComtypesUia())
    except (ImportError, OSError) as error:
        raise ElementsUnavailable(f"UI Automation cannot start: {error}") from error
