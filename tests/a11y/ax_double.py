"""A double of the macOS AX API and CFRunLoop with the real functions' names and shapes
(`AXUIElementCopyAttributeValue(element, name, None) -> (error, value)`, AXObserver
sources that deliver on the run loop they were added to), so the AX watcher runs on
any OS. A field's AXValue may not be read: a test fails if the watcher tries."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

AX_NO_VALUE = -25212
_STOP = object()


class AxElement:
    """An AXUIElementRef: attributes by name; reads are recorded."""

    def __init__(self, role: str, parent: AxElement | None = None, **attributes: Any) -> None:
        self.attributes: dict[str, Any] = {"AXRole": role, **attributes}
        if parent is not None:
            self.attributes["AXParent"] = parent
        self.reads: list[str] = []


class _Source:
    def __init__(self) -> None:
        self.loop: _Loop | None = None


class _Observer:
    def __init__(self, pid: int, callback: Callable[..., None]) -> None:
        self.pid = pid
        self.callback = callback
        self.names: set[str] = set()
        self.source = _Source()


class _Loop:
    def __init__(self) -> None:
        self.blocks: queue.Queue[object] = queue.Queue()
        self.sources: list[_Source] = []


class CoreFoundation:
    """CFRunLoop functions: blocks and sources run inside CFRunLoopRunInMode only."""

    kCFRunLoopDefaultMode = "kCFRunLoopDefaultMode"  # noqa: N815 (CF name)

    def __init__(self) -> None:
        self._loops: dict[int, _Loop] = {}

    def CFRunLoopGetCurrent(self) -> _Loop:  # noqa: N802
        return self._loops.setdefault(threading.get_ident(), _Loop())

    def CFRunLoopPerformBlock(self, loop: _Loop, mode: str, block: Callable[[], None]) -> None:  # noqa: N802
        loop.blocks.put(block)

    def CFRunLoopWakeUp(self, loop: _Loop) -> None:  # noqa: N802
        pass  # the queue wakes the loop already

    def CFRunLoopStop(self, loop: _Loop) -> None:  # noqa: N802
        loop.blocks.put(_STOP)

    def CFRunLoopRunInMode(self, mode: str, seconds: float, return_after: bool) -> int:  # noqa: N802
        loop = self.CFRunLoopGetCurrent()
        try:
            block = loop.blocks.get(timeout=seconds)
        except queue.Empty:
            return 3  # kCFRunLoopRunTimedOut
        while True:
            if block is _STOP:
                return 2  # kCFRunLoopRunStopped
            block()  # type: ignore[operator]
            try:
                block = loop.blocks.get_nowait()
            except queue.Empty:
                return 4  # kCFRunLoopRunHandledSource

    def CFRunLoopAddSource(self, loop: _Loop, source: _Source, mode: str) -> None:  # noqa: N802
        source.loop = loop
        loop.sources.append(source)

    def CFRunLoopRemoveSource(self, loop: _Loop, source: _Source, mode: str) -> None:  # noqa: N802
        loop.sources.remove(source)
        source.loop = None


class ApplicationServices:
    """AXUIElement and AXObserver functions over a tree of AxElements per app."""

    def __init__(self) -> None:
        self.apps: dict[int, AxElement] = {}
        self.observers: list[_Observer] = []
        self.trusted = True

    def app(self, pid: int, focused: AxElement | None = None) -> AxElement:
        element = self.apps.setdefault(pid, AxElement("AXApplication"))
        if focused is not None:
            element.attributes["AXFocusedUIElement"] = focused
        return element

    def AXIsProcessTrusted(self) -> bool:  # noqa: N802
        return self.trusted

    def AXUIElementCreateApplication(self, pid: int) -> AxElement:  # noqa: N802
        return self.app(pid)

    def AXUIElementSetMessagingTimeout(self, element: AxElement, seconds: float) -> int:  # noqa: N802
        return 0

    def AXUIElementCopyAttributeValue(  # noqa: N802
        self, element: AxElement, name: str, out: None
    ) -> tuple[int, Any]:
        assert out is None
        if name == "AXValue":
            assert element.attributes.get("AXRole") == "AXStaticText", "a field's value read"
        element.reads.append(name)
        if name not in element.attributes:
            return AX_NO_VALUE, None
        return 0, element.attributes[name]

    def AXObserverCreate(  # noqa: N802
        self, pid: int, callback: Callable[..., None], out: None
    ) -> tuple[int, _Observer | None]:
        if not self.trusted:
            return -25211, None  # kAXErrorAPIDisabled
        observer = _Observer(pid, callback)
        self.observers.append(observer)
        return 0, observer

    def AXObserverAddNotification(  # noqa: N802
        self, observer: _Observer, element: AxElement, name: str, refcon: None
    ) -> int:
        observer.names.add(name)
        return 0

    def AXObserverGetRunLoopSource(self, observer: _Observer) -> _Source:  # noqa: N802
        return observer.source

    def listening(self, pid: int) -> list[_Observer]:
        """Observers of app `pid` whose source is on a run loop now."""
        return [o for o in self.observers if o.pid == pid and o.source.loop is not None]

    def move_focus(self, pid: int, element: AxElement) -> None:
        """The user moves the focus in app `pid`: observers hear of it on their loop."""
        self.app(pid, element)
        for observer in self.listening(pid):
            if "AXFocusedUIElementChanged" in observer.names and observer.source.loop:
                observer.source.loop.blocks.put(
                    lambda o=observer: o.callback(o, element, "AXFocusedUIElementChanged", None)
                )


class AxDouble:
    """The `AxApi` the watcher is given."""

    def __init__(self) -> None:
        self.ax = ApplicationServices()
        self.cf = CoreFoundation()

    def callback_for(self, function: Callable[[Any, Any, Any, Any], None]) -> Any:
        return function
