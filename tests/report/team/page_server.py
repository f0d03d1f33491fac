"""A small statement server on loopback: GET /xAPI/statements with `since`, `until`,
`ascending`, `limit`, `agent`, `verb`, `activity` and `more` links, answering from a list
of statements held in memory as JSON text (fast enough to serve 200,000 for the
benchmark). It can filter `since`/`until` on `stored` (as the spec says) or on
`timestamp` (as some LRSs do), and fail a chosen page, so the tests can check how the
team view copes with both and with a fetch cut off halfway."""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.loopback_http import send_reply, serve_on_loopback, stop_serving


def _key(text: str) -> str:
    """A timestamp as sortable UTC text with microseconds."""
    moment = datetime.fromisoformat(text)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class PageServer:
    """Statements in memory; `filter_on` is "stored" or "timestamp"."""

    filter_on: str = "stored"
    consistent_through: str | None = None  # None: now
    fail_page: int | None = None  # answer 500 for this page number (1-based), once
    requests: list[str] = field(default_factory=list)
    _keys: list[str] = field(default_factory=list)
    _texts: list[str] = field(default_factory=list)
    _data: list[Mapping[str, Any] | None] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def add(self, statements: Iterable[Mapping[str, Any] | str]) -> None:
        """Store statements (dicts with `stored`, or their JSON text), kept in order."""
        new = []
        for item in statements:
            data = json.loads(item) if isinstance(item, str) else item
            text = item if isinstance(item, str) else json.dumps(item)
            new.append(
                (_key(str(data[self.filter_on])), text, None if isinstance(item, str) else data)
            )
        with self._lock:
            rows = sorted(
                [*zip(self._keys, self._texts, self._data, strict=True), *new], key=lambda r: r[0]
            )
            self._keys = [r[0] for r in rows]
            self._texts = [r[1] for r in rows]
            self._data = [r[2] for r in rows]

    def _matches(self, index: int, query: Mapping[str, str]) -> bool:
        data = self._data[index] or json.loads(self._texts[index])
        if "verb" in query and data.get("verb", {}).get("id") != query["verb"]:
            return False
        if "activity" in query and data.get("object", {}).get("id") != query["activity"]:
            return False
        return "agent" not in query or data.get("actor") == json.loads(query["agent"])

    def page(self, query: Mapping[str, str]) -> tuple[int, str, dict[str, str]]:
        self.requests.append(urlencode(query))
        number = int(query.get("page", "1"))
        if self.fail_page is not None and number == self.fail_page:
            self.fail_page = None
            return 500, '{"message":"down"}', {}
        with self._lock:
            low = bisect.bisect_right(self._keys, _key(query["since"])) if "since" in query else 0
            high = (
                bisect.bisect_right(self._keys, _key(query["until"]))
                if "until" in query
                else len(self._keys)
            )
            chosen: Sequence[int] = range(low, high)
            if any(key in query for key in ("agent", "verb", "activity")):
                chosen = [i for i in chosen if self._matches(i, query)]
            if query.get("ascending") != "true":
                chosen = chosen[::-1]
            start, limit = int(query.get("start", "0")), int(query.get("limit", "100"))
            texts = [self._texts[i] for i in chosen[start : start + limit]]
            more = ""
            if start + limit < len(chosen):
                rest = {**query, "start": str(start + limit), "page": str(number + 1)}
                more = "/xAPI/statements?" + urlencode(rest)
        through = (
            self.consistent_through or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        )
        body = '{"statements":[' + ",".join(texts) + '],"more":' + json.dumps(more) + "}"
        return 200, body, {"X-Experience-API-Consistent-Through": through}

    def start(self) -> PageServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if not parts.path.endswith("/statements"):
                    self._send(200, '{"version":["1.0.3"]}', {})
                    return
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                self._send(*owner.page(query))

            def _send(self, status: int, body: str, headers: dict[str, str]) -> None:
                xapi = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"}
                send_reply(self, status, {**xapi, **headers}, body.encode())

        self.server = serve_on_loopback(Handler)
        return self

    def stop(self) -> None:
        stop_serving(self.server)
