"""A virtual mouse for the compositor tests, speaking the Wayland wire protocol itself.

Run as the compositor's user (KWin offers its fake-input interface only to clients whose
executable it can inspect): `pointer.py WIDTH HEIGHT` with WAYLAND_DISPLAY and
XDG_RUNTIME_DIR set. It creates one pointer device and keeps it while it runs, so the
seat has a pointer and clients bind theirs before the first click:
- wlroots (sway): zwlr_virtual_pointer_manager_v1, absolute motion over WIDTH x HEIGHT;
- KWin: org_kde_kwin_fake_input (version 3+ for absolute motion).
Prints "ready PROTOCOL"; then for each `click X Y` on stdin moves to (X, Y) in layout
coordinates, clicks the left button and prints "ok" after a round trip.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
import time
from pathlib import Path

BTN_LEFT = 0x110
WLR = "zwlr_virtual_pointer_manager_v1"
KDE = "org_kde_kwin_fake_input"


def string(text: str) -> bytes:
    data = text.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (-len(data) % 4)


def fixed(value: float) -> bytes:
    return struct.pack("<i", round(value * 256))


class Connection:
    """Requests out, events in; only the round-trip callback and errors are looked at."""

    def __init__(self) -> None:
        path = Path(os.environ["XDG_RUNTIME_DIR"]) / os.environ["WAYLAND_DISPLAY"]
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(str(path))
        self.next_id = 2  # 1 is wl_display
        self.buffer = b""

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def send(self, obj: int, opcode: int, payload: bytes = b"") -> None:
        self.sock.sendall(struct.pack("<IHH", obj, opcode, 8 + len(payload)) + payload)

    def roundtrip(self) -> list[tuple[int, int, bytes]]:
        """Every event up to the answer of a wl_display.sync."""
        callback = self.new_id()
        self.send(1, 0, struct.pack("<I", callback))
        events = []
        while True:
            while len(self.buffer) >= 8:
                obj, opcode, size = struct.unpack_from("<IHH", self.buffer)
                if len(self.buffer) < size:
                    break
                body, self.buffer = self.buffer[8:size], self.buffer[size:]
                if obj == 1 and opcode == 0:
                    raise RuntimeError(f"Wayland protocol error: {body!r}")
                if obj == callback:
                    return events
                events.append((obj, opcode, body))
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the compositor closed the connection")
            self.buffer += data

    def globals(self) -> tuple[int, dict[str, tuple[int, int]]]:
        registry = self.new_id()
        self.send(1, 1, struct.pack("<I", registry))
        found = {}
        for obj, opcode, body in self.roundtrip():
            if obj == registry and opcode == 0:
                name, length = struct.unpack_from("<II", body)
                interface = body[8 : 8 + length - 1].decode()
                (version,) = struct.unpack_from("<I", body, 8 + length + (-length % 4))
                found[interface] = (name, version)
        return registry, found

    def bind(self, registry: int, name: int, interface: str, version: int) -> int:
        new = self.new_id()
        payload = struct.pack("<I", name) + string(interface) + struct.pack("<II", version, new)
        self.send(registry, 0, payload)
        return new


def now_ms() -> int:
    return int(time.monotonic() * 1000) & 0xFFFFFFFF


def main() -> int:
    width, height = int(sys.argv[1]), int(sys.argv[2])
    wl = Connection()
    registry, found = wl.globals()
    if WLR in found:
        manager = wl.bind(registry, found[WLR][0], WLR, 1)
        device = wl.new_id()
        wl.send(manager, 0, struct.pack("<II", 0, device))  # create_virtual_pointer(null)

        def click(x: float, y: float) -> None:
            stamp = now_ms()
            wl.send(device, 1, struct.pack("<IIIII", stamp, round(x), round(y), width, height))
            wl.send(device, 4)  # frame
            wl.send(device, 2, struct.pack("<III", stamp, BTN_LEFT, 1))
            wl.send(device, 4)
            wl.send(device, 2, struct.pack("<III", stamp + 20, BTN_LEFT, 0))
            wl.send(device, 4)

        protocol = WLR
    elif KDE in found and found[KDE][1] >= 3:
        device = wl.bind(registry, found[KDE][0], KDE, min(found[KDE][1], 4))
        wl.send(device, 0, string("Cuecard tests") + string("click like a user"))

        def click(x: float, y: float) -> None:
            wl.send(device, 9, fixed(x) + fixed(y))  # pointer_motion_absolute
            wl.send(device, 2, struct.pack("<II", BTN_LEFT, 1))
            wl.send(device, 2, struct.pack("<II", BTN_LEFT, 0))

        protocol = KDE
    else:
        print(f"no virtual pointer here; globals: {sorted(found)}", flush=True)
        return 1
    wl.roundtrip()
    print(f"ready {protocol}", flush=True)
    for line in sys.stdin:
        verb, *args = line.split()
        if verb == "click":
            click(float(args[0]), float(args[1]))
        wl.roundtrip()
        print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
