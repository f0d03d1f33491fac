"""AT-SPI over D-Bus with jeepney: the accessibility bus, its tree, and the IsEnabled flag.

No GObject introspection and no libatspi: every question is a plain D-Bus call on the
accessibility bus (its address comes from `org.a11y.Bus.GetAddress` on the session bus).
Calls that do not depend on each other are sent together and their replies collected
(`call_many`), so describing an element costs a few round trips, not one per property.
Only accessible names, role names, parents, children and states are read: never the
Text or Value interfaces, so a text field's content never leaves its app.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cuecard.a11y.base import ElementsUnavailable
from cuecard.a11y.roles import ATSPI_DIALOG_ROLES, atspi_role
from cuecard.models import FocusedElement
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import BusClient, DBusCallError, body_of, session_bus_address

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
MAX_DEPTH = 64  # ancestors looked at; real trees are a few to a dozen deep
MAX_WALK = 3000  # elements looked at to find the focus when no event told us
# AtspiStateType bits (at-spi2-core atspi-constants.h).
STATE_ACTIVE = 1
STATE_FOCUSED = 12
STATE_SHOWING = 25
STATE_MANAGES_DESCENDANTS = 31
RELATION_LABELLED_BY = 2  # AtspiRelationType

Ref = tuple[str, str]  # (bus name of the app, object path)


def focus_match_rule() -> str:
    """The match rule for focus changes only (arg0 is the state's name)."""
    return f"type='signal',interface='{EVENT_INTERFACE}',member='StateChanged',arg0='focused'"


def has_state(states: Sequence[int], state: int) -> bool:
    """AT-SPI sends states as a bit set in 32-bit words."""
    word, bit = divmod(state, 32)
    return word < len(states) and bool(int(states[word]) >> bit & 1)


def _address(path: str, bus_name: str, interface: str) -> Any:
    from jeepney import DBusAddress

    return DBusAddress(path, bus_name=bus_name, interface=interface)


def _method(path: str, bus_name: str, interface: str, name: str, sig: str = "", *args: Any) -> Any:
    from jeepney import new_method_call

    return new_method_call(_address(path, bus_name, interface), name, sig or None, args)


def _get_property(ref: Ref, interface: str, name: str) -> Any:
    from jeepney import Properties

    return Properties(_address(ref[1], ref[0], interface)).get(name)


def _variant(body: tuple[Any, ...]) -> Any:
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
        body = session.call(_method(A11Y_BUS_PATH, A11Y_BUS, A11Y_BUS, "GetAddress"))
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

    status = _address(A11Y_BUS_PATH, A11Y_BUS, STATUS)
    return bool(_variant(session.call(Properties(status).get("IsEnabled"))))


def set_tree_enabled(session: BusClient, enabled: bool) -> None:
    """Set `IsEnabled`, as screen readers do; GTK and Qt apps follow it as it changes."""
    from jeepney import Properties

    status = _address(A11Y_BUS_PATH, A11Y_BUS, STATUS)
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
    register = _method(REGISTRY_PATH, REGISTRY, REGISTRY, method, "s", FOCUS_EVENT)
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
            _method(REGISTRY_PATH, REGISTRY, REGISTRY, "DeregisterEvent", "s", FOCUS_EVENT),
            _method(REGISTRY_PATH, REGISTRY, REGISTRY, "RegisterEvent", "s", FOCUS_EVENT),
        ],
    )


def connection_pid(client: BusClient, bus_name: str) -> int | None:
    try:
        return int(client.call_bus("GetConnectionUnixProcessID", "s", bus_name)[0])
    except (DBusCallError, IndexError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Node:
    """What is cached about an element that is not the focus: its role and parent."""

    role_name: str
    parent: Ref | None


class Tree:
    """Reads elements of the accessibility tree (one thread at a time).

    Roles and parents of containers are cached (they do not change while the element
    lives, and the same dialog or panel is met at every focus change in it); names are
    always read fresh: a dialog may be renamed.
    """

    def __init__(self, client: BusClient, cache_size: int = 1024) -> None:
        self.client = client
        self._nodes: OrderedDict[Ref, Node] = OrderedDict()
        self._cache_size = cache_size

    def forget(self, bus_name: str | None = None) -> None:
        """Drop cached nodes (of one app, or all)."""
        if bus_name is None:
            self._nodes.clear()
        else:
            for ref in [r for r in self._nodes if r[0] == bus_name]:
                del self._nodes[ref]

    def _remember(self, ref: Ref, node: Node) -> None:
        self._nodes[ref] = node
        if len(self._nodes) > self._cache_size:
            self._nodes.popitem(last=False)

    def _node(self, ref: Ref) -> Node | None:
        node = self._nodes.get(ref)
        if node is not None:
            self._nodes.move_to_end(ref)
            return node
        role, parent = call_many(
            self.client,
            [
                _method(ref[1], ref[0], ACCESSIBLE, "GetRoleName"),
                _get_property(ref, ACCESSIBLE, "Parent"),
            ],
        )
        if role is None:
            return None  # gone, or not an accessible
        node = Node(str(role[0]), _as_ref(_variant(parent) if parent else None))
        self._remember(ref, node)
        return node

    def name(self, ref: Ref) -> str:
        body = call_many(self.client, [_get_property(ref, ACCESSIBLE, "Name")])[0]
        value = _variant(body) if body else None
        return str(value) if value is not None else ""

    def label_of(self, ref: Ref) -> str:
        """The name of the element's label (its `labelled-by` relation), for controls
        with no name of their own: GTK labels entries this way, and screen readers read
        that label out as the field's name."""
        body = call_many(self.client, [_method(ref[1], ref[0], ACCESSIBLE, "GetRelationSet")])[0]
        for relation in body[0] if body else ():
            if isinstance(relation, tuple | list) and len(relation) == 2:
                kind, targets = relation
                if int(kind) == RELATION_LABELLED_BY:
                    for target in targets:
                        label = _as_ref(target)
                        if label is not None and (text := self.name(label)):
                            return text
        return ""

    def describe(self, ref: Ref, pid: int | None) -> FocusedElement | None:
        """The focused element `ref` with its nearest dialog; None when it is gone.

        Roles and parents come from the cache where it has them, so at a focus change
        inside a known dialog the element's name and the dialog's are asked for in one
        batch: a single round trip to the app."""
        from time import monotonic

        node = self._node(ref)
        if node is None:
            return None
        dialog_ref = self._dialog_ref(ref, node)
        refs = [ref] if dialog_ref in (None, ref) else [ref, dialog_ref]
        names = [
            str(value) if body and (value := _variant(body)) is not None else ""
            for body in call_many(
                self.client, [_get_property(r, ACCESSIBLE, "Name") for r in refs if r]
            )
        ]
        name = names[0] or self.label_of(ref)
        dialog = None if dialog_ref is None else (name if dialog_ref == ref else names[1])
        return FocusedElement(
            role=atspi_role(node.role_name),
            name=name,
            dialog=dialog,
            pid=pid,
            native_role=node.role_name,
            timestamp=monotonic(),
        )

    def _dialog_ref(self, ref: Ref, node: Node) -> Ref | None:
        """The nearest dialog among `ref` and its ancestors (up to the application)."""
        current: Ref | None = ref
        current_node: Node | None = node
        for _ in range(MAX_DEPTH):
            if current is None or current_node is None:
                return None
            if current_node.role_name in ATSPI_DIALOG_ROLES:
                return current
            if current_node.role_name == "application":
                return None
            current = current_node.parent
            current_node = self._node(current) if current is not None else None
        return None

    def applications(self) -> list[str]:
        """Bus names of the apps registered with the registry."""
        body = call_many(self.client, [_method(ROOT_PATH, REGISTRY, ACCESSIBLE, "GetChildren")])[0]
        return [ref[0] for ref in _children(body)]

    def find_focused(self, bus_name: str) -> Ref | None:
        """The focused element of an app, looked for in its active window (breadth
        first; subtrees that are not showing, or that manage many descendants such as
        big tables, are skipped). Used when no event said where the focus is."""
        root = _method(ROOT_PATH, bus_name, ACCESSIBLE, "GetChildren")
        windows = _children(call_many(self.client, [root])[0])
        layer = [
            window
            for window, state in zip(windows, self._states(windows), strict=True)
            if has_state(state, STATE_ACTIVE)
        ]
        seen = 0
        while layer and seen < MAX_WALK:
            states = self._states(layer)
            for ref, state in zip(layer, states, strict=True):
                if has_state(state, STATE_FOCUSED):
                    return ref
            seen += len(layer)
            parents = [
                ref
                for ref, state in zip(layer, states, strict=True)
                if has_state(state, STATE_SHOWING)
                and not has_state(state, STATE_MANAGES_DESCENDANTS)
            ]
            bodies = call_many(
                self.client, [_method(r[1], r[0], ACCESSIBLE, "GetChildren") for r in parents]
            )
            layer = [child for body in bodies for child in _children(body)]
        return None

    def _states(self, refs: Sequence[Ref]) -> list[list[int]]:
        bodies = call_many(self.client, [_method(r[1], r[0], ACCESSIBLE, "GetState") for r in refs])
        return [list(body[0]) if body else [] for body in bodies]


def _as_ref(value: Any) -> Ref | None:
    if isinstance(value, tuple | list) and len(value) == 2:
        bus_name, path = str(value[0]), str(value[1])
        if bus_name and path and path != NULL_PATH:
            return (bus_name, path)
    return None


def _children(body: tuple[Any, ...] | None) -> list[Ref]:
    if not body:
        return []
    return [ref for item in body[0] if (ref := _as_ref(item)) is not None]
