"""A small blocking D-Bus client for the KWin and GNOME Shell back-ends (jeepney).

jeepney is imported lazily, so this module imports on every platform. A `BusClient` is
used by one thread at a time: `call()` waits for its own reply and keeps every other
message it meets in `backlog`, where the back-end's read loop (`next_message()`) finds
it first. `interrupt()` may be called from any thread: it shuts the socket down, so a
blocked read ends with ConnectionError.
"""

from __future__ import annotations

import socket
import zlib
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_common import Reporter, make_info, rect_or_none

CALL_TIMEOUT = 2.0
DBUS_NAME = "org.freedesktop.DBus"
DBUS_PATH = "/org/freedesktop/DBus"
UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"


class DBusCallError(Exception):
    """A method call was answered with a D-Bus error (`name` is the error name)."""

    def __init__(self, name: str, text: str = "") -> None:
        super().__init__(f"{name}: {text}" if text else name)
        self.name = name


def session_bus_address(env: Mapping[str, str]) -> str | None:
    """The session bus address from env, or systemd's $XDG_RUNTIME_DIR/bus; None if none."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={runtime}/bus"
    return None


def body_of(message: Any) -> tuple[Any, ...]:
    """The body of a jeepney message as a tuple (empty when there is none)."""
    body = message.body
    return tuple(body) if isinstance(body, tuple | list) else ()


class BusClient:
    """One blocking jeepney connection plus the messages that arrived out of turn."""

    def __init__(self, connection: Any, address: str) -> None:
        self.connection = connection
        self.address = address
        self.backlog: deque[Any] = deque()
        self._closed = False

    @classmethod
    def open(cls, env: Mapping[str, str]) -> BusClient:
        """Connect to env's session bus; BackendUnavailable when there is none."""
        address = session_bus_address(env)
        if address is None:
            raise BackendUnavailable(
                "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
            )
        return cls.open_address(address)

    @classmethod
    def open_address(cls, address: str) -> BusClient:
        from jeepney.io.blocking import open_dbus_connection

        try:
            connection = open_dbus_connection(bus=address, auth_timeout=CALL_TIMEOUT)
        except (OSError, RuntimeError, ValueError, KeyError) as exc:
            raise BackendUnavailable(
                f"cannot connect to the D-Bus session bus at {address}: {exc}"
            ) from exc
        return cls(connection, address)

    @property
    def unique_name(self) -> str:
        return str(self.connection.unique_name)

    def send(self, message: Any) -> int:
        """Send without waiting; returns the serial a reply will carry."""
        serial = int(next(self.connection.outgoing_serial))
        self.connection.send(message, serial=serial)
        return serial

    def call(self, message: Any, timeout: float = CALL_TIMEOUT) -> tuple[Any, ...]:
        """Send a method call and return its reply body; DBusCallError on an error reply."""
        from jeepney import HeaderFields, MessageType
        from jeepney.io.blocking import deadline_to_timeout, timeout_to_deadline

        serial = self.send(message)
        deadline = timeout_to_deadline(timeout)
        while True:
            reply = self.connection.receive(timeout=deadline_to_timeout(deadline))
            if reply.header.fields.get(HeaderFields.reply_serial) != serial:
                self.backlog.append(reply)
                continue
            if reply.header.message_type == MessageType.error:
                name = str(reply.header.fields.get(HeaderFields.error_name, "error"))
                body = body_of(reply)
                raise DBusCallError(name, str(body[0]) if body else "")
            return body_of(reply)

    def next_message(self, timeout: float | None) -> Any:
        """The next message (backlog first); TimeoutError when none came in time."""
        if self.backlog:
            return self.backlog.popleft()
        return self.connection.receive(timeout=timeout)

    def serve(self, handle: Callable[[Any, Reporter], None], reporter: Reporter) -> None:
        """Hand every incoming message to `handle`, flushing the reporter after each and
        whenever it has something due; returns only by raising (the bus closed)."""
        while True:
            try:
                message = self.next_message(timeout=reporter.due_in())
            except TimeoutError:
                reporter.flush()
                continue
            handle(message, reporter)
            reporter.flush()

    def call_bus(self, method: str, signature: str | None = None, *args: Any) -> tuple[Any, ...]:
        """Call a method of the message bus itself (org.freedesktop.DBus)."""
        from jeepney import DBusAddress, new_method_call

        bus = DBusAddress(DBUS_PATH, bus_name=DBUS_NAME, interface=DBUS_NAME)
        return self.call(new_method_call(bus, method, signature, args))

    def name_has_owner(self, name: str) -> bool:
        return bool(self.call_bus("NameHasOwner", "s", name)[0])

    def request_name(self, name: str) -> bool:
        """Own `name` unless someone else does (no queueing); True when we own it now."""
        do_not_queue = 4
        primary_owner, already_owner = 1, 4
        result = self.call_bus("RequestName", "su", name, do_not_queue)[0]
        return int(result) in (primary_owner, already_owner)

    def add_match(self, rule: str) -> None:
        self.call_bus("AddMatch", "s", rule)

    def reply(self, call: Any, signature: str | None = None, body: tuple[Any, ...] = ()) -> None:
        from jeepney import new_method_return

        if not self._expects_reply(call):
            return
        self.connection.send(new_method_return(call, signature, body))

    def reply_error(self, call: Any, name: str, text: str) -> None:
        from jeepney import new_error

        if not self._expects_reply(call):
            return
        self.connection.send(new_error(call, name, "s", (text,)))

    def interrupt(self) -> None:
        """Unblock a read in another thread (it ends with ConnectionError)."""
        try:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.connection.close()
        except OSError:
            pass

    @staticmethod
    def _expects_reply(call: Any) -> bool:
        from jeepney import MessageFlag

        return not (call.header.flags & MessageFlag.no_reply_expected)


def member_of(message: Any) -> tuple[str, str, str, str]:
    """(message type name, path, interface, member) of a jeepney message."""
    from jeepney import HeaderFields

    fields = message.header.fields
    return (
        message.header.message_type.name,
        str(fields.get(HeaderFields.path, "")),
        str(fields.get(HeaderFields.interface, "")),
        str(fields.get(HeaderFields.member, "")),
    )


def reply_serial_of(message: Any) -> int | None:
    from jeepney import HeaderFields

    value = message.header.fields.get(HeaderFields.reply_serial)
    return int(value) if value is not None else None


def as_int(value: Any, default: int = 0) -> int:
    """An int from whatever a script sent (D-Bus int, double, bool or numeric string)."""
    try:
        return round(float(value))
    except (TypeError, ValueError, OverflowError):
        return default


def as_text(value: Any) -> str:
    """A str from whatever a script sent (str, bytes, a byte array or None)."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, list) and all(isinstance(b, int) for b in value):
        return bytes(b & 0xFF for b in value).decode("utf-8", errors="replace")
    return str(value)


def window_key(value: Any) -> int:
    """A window id from a compositor's own key for the window (KWin's internal UUID):
    equal keys give equal ids, so two windows that look alike stay two windows."""
    key = as_text(value)
    return zlib.crc32(key.encode()) or 1 if key else 0


def window_payload_to_info(args: Sequence[Any]) -> WindowInfo | None:
    """The WindowInfo of one (title, class, pid, fullscreen, x, y, w, h[, key]) payload, the
    shape both the KWin script's Report call and the GNOME extension's signal send; None
    when nothing is focused. The optional key (KWin) becomes `window_id`."""
    values = list(args) + [None] * (9 - len(args))
    title, window_class = as_text(values[0]), as_text(values[1])
    pid = as_int(values[2])
    if not title and not window_class and pid <= 0:
        return None
    x, y, width, height = (as_int(v) for v in values[4:8])
    return make_info(
        title=title,
        window_class=window_class,
        pid=pid,
        fullscreen=bool(values[3]),
        geometry=rect_or_none(x, y, width, height),
        window_id=window_key(values[8]),
    )
