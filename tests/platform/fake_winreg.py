"""A double of Python's `winreg` module with the real API's shape, for Linux test runs.

Same function names, signatures, constants and errors as winreg: OpenKey raises
FileNotFoundError for a missing key, EnumValue/EnumKey raise OSError past the last
item, handles are context managers, key names are case-insensitive, a handle opened for
reading cannot write (PermissionError, as "Access is denied"), and a hive can be made
read-only like HKLM for a user who is not an administrator.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

HKEY_CLASSES_ROOT = 0x80000000
HKEY_CURRENT_USER = 0x80000001
HKEY_LOCAL_MACHINE = 0x80000002
KEY_QUERY_VALUE = 0x0001
KEY_SET_VALUE = 0x0002
KEY_CREATE_SUB_KEY = 0x0004
KEY_ENUMERATE_SUB_KEYS = 0x0008
KEY_READ = 0x20019
KEY_WRITE = 0x20006
KEY_ALL_ACCESS = 0xF003F
KEY_WOW64_64KEY = 0x0100
REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD = 0, 1, 2, 3, 4
REG_MULTI_SZ, REG_QWORD = 7, 11


@dataclass
class Node:
    name: str
    values: dict[str, tuple[str, Any, int]] = field(default_factory=dict)  # lower -> entry
    keys: dict[str, Node] = field(default_factory=dict)  # lower -> node


class Handle:
    def __init__(self, node: Node, writable: bool) -> None:
        self.node = node
        self.writable = writable
        self.closed = False

    def Close(self) -> None:  # noqa: N802 - winreg's name
        self.closed = True

    def __enter__(self) -> Handle:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.Close()


class FakeWinreg(ModuleType):
    """`registry = FakeWinreg()`; pass it where code would import winreg."""

    def __init__(self, env: dict[str, str] | None = None, read_only: tuple[int, ...] = ()) -> None:
        super().__init__("winreg")
        for name, value in globals().items():
            if name.isupper():
                setattr(self, name, value)
        self.hives = {HKEY_CURRENT_USER: Node("HKCU"), HKEY_LOCAL_MACHINE: Node("HKLM")}
        self.env = dict(os.environ if env is None else env)
        self.read_only = read_only
        self.open_handles: list[Handle] = []

    # Test helpers ------------------------------------------------------------------
    def put(self, hive: int, path: str, name: str, kind: int, data: Any) -> None:
        node = self._walk(self.hives[hive], path, create=True)
        node.values[name.lower()] = (name, data, kind)

    def get(self, hive: int, path: str, name: str) -> Any:
        node = self._walk(self.hives[hive], path, create=False)
        return node.values[name.lower()][1]

    def has(self, hive: int, path: str, name: str | None = None) -> bool:
        try:
            node = self._walk(self.hives[hive], path, create=False)
        except FileNotFoundError:
            return False
        return name is None or name.lower() in node.values

    # The winreg API ----------------------------------------------------------------
    def _node(self, key: int | Handle) -> tuple[Node, int | None]:
        if isinstance(key, Handle):
            if key.closed:
                raise OSError(6, "The handle is invalid")
            return key.node, None
        return self.hives[key], key

    def _walk(self, node: Node, path: str, create: bool) -> Node:
        for part in [p for p in re.split(r"\\+", path) if p]:
            child = node.keys.get(part.lower())
            if child is None:
                if not create:
                    raise FileNotFoundError(2, "The system cannot find the file specified")
                child = node.keys[part.lower()] = Node(part)
            node = child
        return node

    def _hive_of(self, key: int | Handle) -> int | None:
        if isinstance(key, Handle):
            for hive, root in self.hives.items():
                if _contains(root, key.node):
                    return hive
            return None
        return key

    def OpenKey(  # noqa: N802
        self, key: int | Handle, sub_key: str, reserved: int = 0, access: int = KEY_READ
    ) -> Handle:
        node, _ = self._node(key)
        found = self._walk(node, sub_key, create=False)
        writable = bool(access & (KEY_SET_VALUE | KEY_CREATE_SUB_KEY))
        if writable and self._hive_of(key) in self.read_only:
            raise PermissionError(5, "Access is denied")
        handle = Handle(found, writable)
        self.open_handles.append(handle)
        return handle

    OpenKeyEx = OpenKey

    def CreateKeyEx(  # noqa: N802
        self, key: int | Handle, sub_key: str, reserved: int = 0, access: int = KEY_WRITE
    ) -> Handle:
        if self._hive_of(key) in self.read_only:
            raise PermissionError(5, "Access is denied")
        node, _ = self._node(key)
        handle = Handle(self._walk(node, sub_key, create=True), True)
        self.open_handles.append(handle)
        return handle

    def CreateKey(self, key: int | Handle, sub_key: str) -> Handle:  # noqa: N802
        return self.CreateKeyEx(key, sub_key, 0, KEY_WRITE)

    def CloseKey(self, handle: Handle) -> None:  # noqa: N802
        handle.Close()

    def EnumValue(self, key: int | Handle, index: int) -> tuple[str, Any, int]:  # noqa: N802
        node, _ = self._node(key)
        entries = list(node.values.values())
        if index >= len(entries):
            raise OSError(259, "No more data is available")
        return entries[index]

    def EnumKey(self, key: int | Handle, index: int) -> str:  # noqa: N802
        node, _ = self._node(key)
        children = list(node.keys.values())
        if index >= len(children):
            raise OSError(259, "No more data is available")
        return children[index].name

    def QueryValueEx(self, key: int | Handle, name: str) -> tuple[Any, int]:  # noqa: N802
        node, _ = self._node(key)
        if name.lower() not in node.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        _name, data, kind = node.values[name.lower()]
        return data, kind

    def SetValueEx(  # noqa: N802
        self, key: Handle, name: str, reserved: int, kind: int, data: Any
    ) -> None:
        if not key.writable:
            raise PermissionError(5, "Access is denied")
        _check_type(kind, data)
        key.node.values[name.lower()] = (name, data, kind)

    def DeleteValue(self, key: Handle, name: str) -> None:  # noqa: N802
        if not key.writable:
            raise PermissionError(5, "Access is denied")
        if name.lower() not in key.node.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del key.node.values[name.lower()]

    def ExpandEnvironmentStrings(self, text: str) -> str:  # noqa: N802
        lowered = {k.lower(): v for k, v in self.env.items()}
        return re.sub(r"%([^%]+)%", lambda m: lowered.get(m.group(1).lower(), m.group(0)), text)


def _contains(root: Node, target: Node) -> bool:
    return root is target or any(_contains(child, target) for child in root.keys.values())


def _check_type(kind: int, data: Any) -> None:
    """winreg raises TypeError/ValueError for data that does not fit the type."""
    if kind in (REG_SZ, REG_EXPAND_SZ) and not isinstance(data, str):
        raise TypeError("Objects of type 'int' can not be used as binary registry values")
    if kind == REG_DWORD and not (isinstance(data, int) and 0 <= data < 2**32):
        raise ValueError("Could not convert the data to the specified type.")
    if kind == REG_MULTI_SZ and not (
        isinstance(data, list) and all(isinstance(x, str) for x in data)
    ):
        raise ValueError("Could not convert the data to the specified type.")
    if kind == REG_BINARY and not isinstance(data, bytes | bytearray):
        raise TypeError("Objects of type 'str' can not be used as binary registry values")
