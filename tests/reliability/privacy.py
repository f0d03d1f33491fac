"""Tools for the privacy audit: a loopback TCP proxy that keeps every byte both ways, a
private home for the app (every XDG folder, the temp dir and the runtime dir inside
it), and a scanner that looks for a secret in every file below a folder in the forms
it could take on disk or on the wire (any letter case, UTF-16, base64, percent- or
JSON-escaped)."""

from __future__ import annotations

import base64
import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path


class RecordingProxy:
    """Forwards connections on a port of its own to `upstream`, keeping all bytes."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.sent = bytearray()  # client -> server (requests)
        self.received = bytearray()  # server -> client (answers)
        self.connections = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream))
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, outgoing: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    (self.sent if outgoing else self.received).extend(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def traffic(self) -> bytes:
        with self._lock:
            return bytes(self.sent) + b"\n--\n" + bytes(self.received)

    def stop(self) -> None:
        self._stopping = True
        self._server.close()


@dataclass
class PrivateHome:
    """A home for one run of the app: HOME, the XDG folders, TMPDIR, the runtime dir."""

    base: Path

    def make(self) -> PrivateHome:
        for folder in (self.home, self.runtime, self.tmp):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def runtime(self) -> Path:
        return self.base / "run"

    @property
    def tmp(self) -> Path:
        return self.base / "tmp"

    @property
    def config_file(self) -> Path:
        return self.home / ".config" / "cuecard" / "settings.yaml"

    @property
    def data(self) -> Path:
        return self.home / ".local" / "share" / "cuecard"

    def env(self, base: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in base.items() if not k.startswith(("XDG_", "CUECARD_"))}
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(self.runtime),
            TMPDIR=str(self.tmp),
        )
        return env

    def folders(self) -> list[Path]:
        return [self.home, self.runtime, self.tmp]


def secret_forms(secret: str) -> list[bytes]:
    """The byte strings `secret` could be stored or sent as."""
    forms = {secret, secret.lower(), secret.upper()}
    found: set[bytes] = set()
    for text in forms:
        raw = text.encode("utf-8")
        found.update({raw, text.encode("utf-16-le"), text.encode("utf-16-be")})
        found.add("".join(f"\\u{ord(c):04x}" for c in text).encode())  # JSON-escaped
        found.add("".join(f"%{b:02X}" for b in raw).encode())  # percent-encoded
        for shift in range(3):  # base64 of the secret at any alignment
            encoded = base64.b64encode(b"\0" * shift + raw)[4 if shift else 0 : -4]
            if len(encoded) >= 6:
                found.add(encoded)
    return sorted(found)


@dataclass
class Finding:
    """Where a form of the secret was found."""

    where: str
    form: bytes


@dataclass
class Scan:
    """Every file scanned and where the secret showed up."""

    files: list[Path] = field(default_factory=list)
    bytes_read: int = 0
    findings: list[Finding] = field(default_factory=list)

    def data(self, where: str, data: bytes, forms: list[bytes]) -> None:
        self.bytes_read += len(data)
        lowered = data.lower()
        for form in forms:
            if form in data or form.lower() in lowered:
                self.findings.append(Finding(where, form))

    def tree(self, folder: Path, forms: list[bytes]) -> None:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            self.files.append(path)
            self.data(str(path), data, forms)
            self.data(f"{path} (name)", os.fsencode(path.name), forms)
