"""AT-SPI over D-Bus with jeepney: the accessibility bus, subscribing to focus events,
and the IsEnabled flag (atspi_tree.py reads the tree itself).

No GObject introspection and no libatspi: every question is a plain D-Bus call on the
accessibility bus (its address comes from `org.a11y.Bus.GetAddress` on the session bus).
Calls that do not depend on each other are sent together and their replies collected
(`call_many`), so describing an element costs a few round trips, not one per property.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cuecard.a11y.base import ElementsUnavailable
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import (
    BusClient,
    DBusCallError,
    body_of,
    member_of,
    session_bus_address,
)

A11Y_BUS = "org.a11y.Bus"
A11Y_BUS_PATH = "/org/a11y/bus"
STATUS = "org.a11y.Status"
REGISTRY = "org.a11y.atspi.Registry"
REGISTRY_PATH = "/org/a11y/atspi/registry"
ROOT_PATH = "/org/a11y/atspi/accessible/root"
NULL_PATH = "/org/a11y/atspi/null"
ACCESSIBLE = "org.a11y.atspi.Accessible"
FOCUS_EVENT = "object:state-changed:focused"
EVENT_INTERFACE = "org.a11y.atspi.Event.Object"
CALL_TIMEOUT = 1.0  # an app that hangs must not hold the watcher for long

Ref = tuple[str, str]  # (bus name of the app, object path)


def focus_match_rule() -> str:
    """The match rule for focus changes only (arg0 is the state's name)."""
    return f"type='signal',interface='{EVENT_INTERFACE}',member='StateChanged',arg0='focused'"


def focus_event(message: Any) -> tuple[Ref, bool] | None:
    """(the element, focus gained) of an `object:state-changed:focused` signal; None for
    any other message."""
    from jeepney import HeaderFields

    kind, path, interface, member = member_of(message)
    body = body_of(message)
    if (kind, interface, member) != ("signal", EVENT_INTERFACE, "StateChanged"):
        return None
    if len(body) < 2 or body[0] != "focused":
        return None
    sender = str(message.header.fields.get(HeaderFields.sender, ""))
    return (sender, path), bool(body[1])


def dbus_address(path: str, bus_name: str, interface: str) -> Any:
    from jeepney import DBusAddress

    return DBusAddress(path, bus_name=bus_name, interface=interface)


def method_call(
    path: str, bus_name: str, interface: str, name: str, sig: str = "", *args: Any
) -> Any:
    from jeepney import new_method_call

    return new_method_call(dbus_address(path, bus_name, interface), name, sig or None, args)


def get_property(ref: Ref, interface: str, name: str) -> Any:
    from jeepney import Properties

    return Properties(dbus_address(ref[1], ref[0], interface)).get(name)


def variant(body: tuple[Any, ...]) -> Any:
    """The value inside a Properties.Get reply ((signature, value),)."""
    return body[0][1] if body and isinstance(body[0], tuple) else None


# The session bus: where the accessibility bus is, and whether apps export their tree.


def session_available(env: Mapping[str, str]) -> bool:
    return session_bus_address(env) is not None


def open_session(env: Mapping[str, str]) -> BusClient:
    try:
        return BusClient.open(env)
    except BackendUnavailable as exc:
        raise ElementsUnavailable(str(exc)) from exc


def accessibility_bus_address(session: BusClient) -> str:
    """Ask `org.a11y.Bus` (at-spi-bus-launcher, started on demand) for the bus address."""
    try:
        body = session.call(method_call(A11Y_BUS_PATH, A11Y_BUS, A11Y_BUS, "GetAddress"))
    except (DBusCallError, OSError, TimeoutError) as exc:
        raise ElementsUnavailable(
            f"the accessibility bus (AT-SPI) is not available: {exc}; install at-spi2-core"
        ) from exc
    if not body or not str(body[0]):
        raise ElementsUnavailable("the accessibility bus (AT-SPI) gave no address")
    return str(body[0])


def tree_enabled(session: BusClient) -> bool:
    """`org.a11y.Status.IsEnabled`: do toolkits (Qt) export their accessibility tree?"""
    from jeepney import Properties

    status = dbus_address(A11Y_BUS_PATH, A11Y_BUS, STATUS)
    return bool(variant(session.call(Properties(status).get("IsEnabled"))))


def set_tree_enabled(session: BusClient, enabled: bool) -> None:
    """Set `IsEnabled`, as screen readers do; GTK and Qt apps follow it as it changes."""
    from jeepney import Properties

    status = dbus_address(A11Y_BUS_PATH, A11Y_BUS, STATUS)
    session.call(Properties(status).set("IsEnabled", "b", enabled))


def describe_state(env: Mapping[str, str]) -> str:
    """One line for `cuecard doctor`: is the accessibility bus there, is the tree on?
    Starts nothing: a bus launcher that is not running is only reported."""
    session = open_session(env)
    try:
        if not session.name_has_owner(A11Y_BUS):
            return "AT-SPI bus launcher not running yet (started when first needed)"
        accessibility_bus_address(session)
        state = "on" if tree_enabled(session) else "off"
        return f"AT-SPI bus running; accessibility tree (org.a11y.Status IsEnabled) {state} now"
    except (DBusCallError, OSError, TimeoutError) as exc:
        raise ElementsUnavailable(f"the accessibility bus did not answer: {exc}") from exc
    finally:
        session.close()


# The accessibility bus ----------------------------------------------------------------


def open_accessibility_bus(address: str) -> BusClient:
    try:
        return BusClient.open_address(address)
    except BackendUnavailable as exc:
        raise ElementsUnavailable(str(exc)) from exc


def call_many(client: BusClient, messages: Sequence[Any]) -> list[tuple[Any, ...] | None]:
    """Send every message, then collect the replies: one reply body per message, None
    where the answer was an error (an element gone, an app that does not implement it).
    Other messages met meanwhile go to `client.backlog`. TimeoutError when an app does
    not answer within CALL_TIMEOUT."""
    from jeepney import HeaderFields, MessageType
    from jeepney.io.blocking import deadline_to_timeout, timeout_to_deadline

    serials = {client.send(message): index for index, message in enumerate(messages)}
    results: list[tuple[Any, ...] | None] = [None] * len(messages)
    deadline = timeout_to_deadline(CALL_TIMEOUT)
    while serials:
        reply = client.connection.receive(timeout=deadline_to_timeout(deadline))
        index = serials.pop(reply.header.fields.get(HeaderFields.reply_serial, -1), None)
        if index is None:
            client.backlog.append(reply)
        elif reply.header.message_type != MessageType.error:
            results[index] = body_of(reply)
    return results


def subscribe(client: BusClient, on: bool) -> None:
    """Add (or drop) the bus match rule that lets focus changes reach us, and register
    (or drop) our interest with the registry, which tells the apps' bridges to send
    them at all: with no listener registered, apps send none."""
    rule = focus_match_rule()
    method = "RegisterEvent" if on else "DeregisterEvent"
    register = method_call(REGISTRY_PATH, REGISTRY, REGISTRY, method, "s", FOCUS_EVENT)
    if on:
        client.call_bus("AddMatch", "s", rule)
        call_many(client, [register])
        return
    call_many(client, [register])
    try:
        client.call_bus("RemoveMatch", "s", rule)
    except DBusCallError:
        pass  # not there: nothing to remove


def announce(client: BusClient) -> None:
    """Register our interest again (dropped first, so the registry keeps one entry):
    every app's bridge hears of it anew."""
    call_many(
        client,
        [
            method_call(REGISTRY_PATH, REGISTRY, REGISTRY, "DeregisterEvent", "s", FOCUS_EVENT),
            method_call(REGISTRY_PATH, REGISTRY, REGISTRY, "RegisterEvent", "s", FOCUS_EVENT),
        ],
    )


def connection_pid(client: BusClient, bus_name: str) -> int | None:
    try:
        return int(client.call_bus("GetConnectionUnixProcessID", "s", bus_name)[0])
    except (DBusCallError, IndexError, TypeError, ValueError):
        return None
