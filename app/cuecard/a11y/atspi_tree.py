"""The accessibility tree as AT-SPI exposes it: describing an element (role, name or
label, nearest dialog) and finding the focus in an app's active window.

Only accessible names, role names, parents, children, states and relations are read:
never the Text or Value interfaces, so a text field's content never leaves its app.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cuecard.a11y import atspi_bus as bus
from cuecard.a11y.atspi_bus import Ref
from cuecard.a11y.roles import ATSPI_DIALOG_ROLES, atspi_role
from cuecard.models import FocusedElement
from cuecard.watch.wayland_dbus import BusClient

MAX_DEPTH = 64  # ancestors looked at; real trees are a few to a dozen deep
MAX_WALK = 3000  # elements looked at to find the focus when no event told us
# AtspiStateType bits (at-spi2-core atspi-constants.h).
STATE_ACTIVE = 1
STATE_FOCUSED = 12
STATE_SHOWING = 25
STATE_MANAGES_DESCENDANTS = 31
RELATION_LABELLED_BY = 2  # AtspiRelationType


def has_state(states: Sequence[int], state: int) -> bool:
    """AT-SPI sends states as a bit set in 32-bit words."""
    word, bit = divmod(state, 32)
    return word < len(states) and bool(int(states[word]) >> bit & 1)


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
        role, parent = bus.call_many(
            self.client,
            [
                bus.method_call(ref[1], ref[0], bus.ACCESSIBLE, "GetRoleName"),
                bus.get_property(ref, bus.ACCESSIBLE, "Parent"),
            ],
        )
        if role is None:
            return None  # gone, or not an accessible
        node = Node(str(role[0]), _as_ref(bus.variant(parent) if parent else None))
        self._remember(ref, node)
        return node

    def name(self, ref: Ref) -> str:
        body = bus.call_many(self.client, [bus.get_property(ref, bus.ACCESSIBLE, "Name")])[0]
        value = bus.variant(body) if body else None
        return str(value) if value is not None else ""

    def label_of(self, ref: Ref) -> str:
        """The name of the element's label (its `labelled-by` relation), for controls
        with no name of their own: GTK labels entries this way, and screen readers read
        that label out as the field's name."""
        body = bus.call_many(
            self.client, [bus.method_call(ref[1], ref[0], bus.ACCESSIBLE, "GetRelationSet")]
        )[0]
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
            str(value) if body and (value := bus.variant(body)) is not None else ""
            for body in bus.call_many(
                self.client, [bus.get_property(r, bus.ACCESSIBLE, "Name") for r in refs if r]
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
        body = bus.call_many(
            self.client,
            [bus.method_call(bus.ROOT_PATH, bus.REGISTRY, bus.ACCESSIBLE, "GetChildren")],
        )[0]
        return [ref[0] for ref in _children(body)]

    def active_windows(self, bus_name: str) -> list[Ref]:
        """The app's top-level windows that say they are active (one, or none)."""
        root = bus.method_call(bus.ROOT_PATH, bus_name, bus.ACCESSIBLE, "GetChildren")
        windows = _children(bus.call_many(self.client, [root])[0])
        states = self._states(windows)
        return [
            w for w, state in zip(windows, states, strict=True) if has_state(state, STATE_ACTIVE)
        ]

    def find_focused(self, bus_name: str) -> Ref | None:
        """The focused element of an app, looked for in its active window (breadth
        first; subtrees that are not showing, or that manage many descendants such as
        big tables, are skipped). Used when no event said where the focus is."""
        layer = self.active_windows(bus_name)
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
            bodies = bus.call_many(
                self.client,
                [bus.method_call(r[1], r[0], bus.ACCESSIBLE, "GetChildren") for r in parents],
            )
            layer = [child for body in bodies for child in _children(body)]
        return None

    def _states(self, refs: Sequence[Ref]) -> list[list[int]]:
        bodies = bus.call_many(
            self.client, [bus.method_call(r[1], r[0], bus.ACCESSIBLE, "GetState") for r in refs]
        )
        return [list(body[0]) if body else [] for body in bodies]


def _as_ref(value: Any) -> Ref | None:
    if isinstance(value, tuple | list) and len(value) == 2:
        bus_name, path = str(value[0]), str(value[1])
        if bus_name and path and path != bus.NULL_PATH:
            return (bus_name, path)
    return None


def _children(body: tuple[Any, ...] | None) -> list[Ref]:
    if not body:
        return []
    return [ref for item in body[0] if (ref := _as_ref(item)) is not None]
