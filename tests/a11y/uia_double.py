"""A double of UI Automation with the real API's shapes (IUIAutomation,
IUIAutomationElement, IUIAutomationTreeWalker, a FocusChanged handler object), so the
UIA watcher runs on any OS. Elements refuse every property the watcher must not read
(a Value or Text pattern, a text's value): a test fails if it tries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

EDIT, BUTTON, WINDOW, PANE = 50004, 50000, 50032, 50033
READABLE = {
    "CurrentName",
    "CurrentControlType",
    "CurrentProcessId",
    "CurrentClassName",
    "CurrentIsPassword",
}


class ElementGone(Exception):
    """What comtypes' COMError is for the watcher: UIA_E_ELEMENTNOTAVAILABLE."""


class Element:
    """An IUIAutomationElement: Current* properties, GetCurrentPropertyValue."""

    def __init__(
        self,
        name: str,
        control_type: int,
        pid: int,
        parent: Element | None = None,
        *,
        class_name: str = "",
        is_dialog: bool = False,
        is_password: bool = False,
        value: str = "",
    ) -> None:
        self._fields = {
            "CurrentName": name,
            "CurrentControlType": control_type,
            "CurrentProcessId": pid,
            "CurrentClassName": class_name,
            "CurrentIsPassword": is_password,
        }
        self.parent = parent
        self.is_dialog = is_dialog
        self.value = value  # the content of a field: must never be read
        self.gone = False
        self.reads: list[str] = []

    def __getattr__(self, name: str) -> Any:
        fields = self.__dict__.get("_fields", {})
        if name in READABLE and name in fields:
            if self.__dict__["gone"]:
                raise ElementGone(name)
            self.__dict__["reads"].append(name)
            return fields[name]
        raise AssertionError(f"the watcher must not read {name}")

    def GetCurrentPropertyValue(self, property_id: int) -> Any:  # noqa: N802 (COM name)
        assert property_id == 30174, f"property {property_id} must not be read"
        return self.is_dialog

    def __bool__(self) -> bool:  # a non-NULL COM pointer
        return True


class Walker:
    """IUIAutomationTreeWalker (the control view)."""

    def __init__(self, root: Element) -> None:
        self.root = root

    def GetParentElement(self, element: Element) -> Element:  # noqa: N802
        return element.parent if element.parent is not None else self.root


class Automation:
    """IUIAutomation: focus, root, walker, compare, FocusChanged handlers."""

    def __init__(self) -> None:
        self.root = Element("Desktop", PANE, 0)
        self.ControlViewWalker = Walker(self.root)
        self.focused: Element = self.root
        self.handlers: list[Any] = []
        self.lock = threading.Lock()

    def GetRootElement(self) -> Element:  # noqa: N802
        return self.root

    def GetFocusedElement(self) -> Element:  # noqa: N802
        return self.focused

    def CompareElements(self, first: Element, second: Element) -> bool:  # noqa: N802
        return first is second

    def AddFocusChangedEventHandler(self, cache: object, handler: Any) -> None:  # noqa: N802
        assert cache is None
        with self.lock:
            self.handlers.append(handler)

    def RemoveFocusChangedEventHandler(self, handler: Any) -> None:  # noqa: N802
        with self.lock:
            self.handlers.remove(handler)

    def move_focus(self, element: Element) -> None:
        """The user moves the focus: handlers are called on another thread, as UIA does."""
        self.focused = element
        with self.lock:
            handlers = list(self.handlers)

        def deliver() -> None:
            for handler in handlers:
                handler.HandleFocusChangedEvent(element)

        thread = threading.Thread(target=deliver)
        thread.start()
        thread.join()


class Handler:
    """An IUIAutomationFocusChangedEventHandler made by the api double."""

    def __init__(self, callback: Callable[[Any], None]) -> None:
        self.callback = callback

    def HandleFocusChangedEvent(self, sender: Any) -> int:  # noqa: N802
        self.callback(sender)
        return 0


class UiaDouble:
    """The `UiaApi` the watcher is given: apartment calls are counted per thread."""

    errors: tuple[type[BaseException], ...] = (ElementGone,)

    def __init__(self) -> None:
        self.automation = Automation()
        self.apartments: list[str] = []

    def enter_thread(self) -> None:
        self.apartments.append(f"enter:{threading.current_thread().name}")

    def leave_thread(self) -> None:
        self.apartments.append(f"leave:{threading.current_thread().name}")

    def connect(self) -> Automation:
        return self.automation

    def handler(self, callback: Callable[[Any], None]) -> Handler:
        return Handler(callback)
