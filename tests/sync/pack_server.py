"""A real static web server on loopback for content packs, with ETags and one fault:
files it cuts short (the connection closes mid-body, as a dropped download does)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.loopback_http import serve_on_loopback, stop_serving


@dataclass
class PackServer:
    """Serves `folder`; `requests` lists every path asked for, with its status."""

    folder: Path
    cut_short: set[str] = field(default_factory=set)  # URL paths sent half, then closed
    requests: list[tuple[str, int]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    active: int = 0  # requests being answered right now

    def url(self, name: str) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}/"

    def start(self) -> PackServer:
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(site.folder), **kwargs)

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.active += 1
                try:
                    self._get()
                finally:
                    site.active -= 1

            def _get(self) -> None:
                path = Path(self.translate_path(self.path))
                if not path.is_file():
                    site.requests.append((self.path, 404))
                    self.send_error(404)
                    return
                data = path.read_bytes()
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    site.requests.append((self.path, 304))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                site.requests.append((self.path, 200))
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.path in site.cut_short:
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

        self.server = serve_on_loopback(Handler)
        return self

    def stop(self) -> None:
        stop_serving(self.server)
