"""What an LRS (or whatever answers in its place) may send back when Cuecard reads
statements: found by fuzzing the xAPI responses (docs/reliability.md). A real HTTP server
on loopback gives each answer; reading must end in an LrsError or typed statements,
never another exception, and never send the credentials to another server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cuecard.sync.lrs import LrsClient, LrsError
from tests.loopback_http import serve_on_loopback, stop_serving


@dataclass
class Canned:
    """Answers every GET with `body`; notes each request's path and Authorization."""

    body: bytes = b""
    status: int = 200
    seen: list[tuple[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Canned:
        canned = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                canned.seen.append((self.path, self.headers.get("Authorization", "")))
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

        self.server = serve_on_loopback(Handler)
        return self

    def stop(self) -> None:
        stop_serving(self.server)


@pytest.fixture
def servers() -> Iterator[tuple[Canned, Canned]]:
    lrs, other = Canned().start(), Canned().start()
    yield lrs, other
    lrs.stop()
    other.stop()


def read_all(base: str) -> list[object]:
    with LrsClient(f"{base}/xAPI/", "cuecard", "secret", timeout=10) as client:
        return list(client.statements(limit=5))


@pytest.mark.parametrize(
    "body",
    [
        b"",  # an empty 200 (a proxy that cut the answer)
        b"<html>Service unavailable</html>",
        b"9" * 5000,  # a number longer than Python converts
        b'{"statements": 3}',
        b"[1, 2]",
        b"\xff\xfe{}",
    ],
)
def test_an_answer_that_is_not_a_statement_result_is_an_lrs_error(
    servers: tuple[Canned, Canned], body: bytes
) -> None:
    lrs, _ = servers
    lrs.body = body
    with pytest.raises(LrsError, match="something other than statements"):
        read_all(lrs.base)


def test_statements_of_odd_shapes_are_read_without_error(servers: tuple[Canned, Canned]) -> None:
    lrs, _ = servers
    odd = [
        {"id": "a", "context": {"contextActivities": {"parent": 5}}},
        {"id": "b", "result": {"score": {"scaled": int("9" * 400)}}},
        {"id": "c", "result": {"score": {"scaled": True}}, "verb": ["x"]},
        {"id": "d", "context": {"contextActivities": {"parent": "abc"}}},
    ]
    lrs.body = json.dumps({"statements": odd}).encode()
    found = read_all(lrs.base)
    assert [s.id for s in found] == ["a", "b", "c", "d"]  # type: ignore[attr-defined]
    assert {s.scaled for s in found} == {None}  # type: ignore[attr-defined]
    assert {s.parents for s in found} == {()}  # type: ignore[attr-defined]


def test_a_more_link_to_another_server_is_refused_and_gets_no_credentials(
    servers: tuple[Canned, Canned],
) -> None:
    lrs, other = servers
    lrs.body = json.dumps({"statements": [], "more": f"{other.base}/steal"}).encode()
    with pytest.raises(LrsError, match="another server"):
        read_all(lrs.base)
    assert other.seen == []
    assert len(lrs.seen) == 1 and lrs.seen[0][1].startswith("Basic ")


@pytest.mark.parametrize("more", ["/xAPI/statements?\x07", "http://[::1/statements"])
def test_a_more_link_that_is_no_address_ends_in_an_lrs_error(
    servers: tuple[Canned, Canned], more: str
) -> None:
    # Found by the xAPI fuzz target: httpx raised InvalidURL (not an HTTPError) for a
    # control character in the link, and urlsplit raised ValueError for a broken IPv6 host.
    lrs, _ = servers
    lrs.body = json.dumps({"statements": [], "more": more}).encode()
    with pytest.raises(LrsError):
        read_all(lrs.base)
    assert len(lrs.seen) == 1


def test_a_more_link_on_the_same_server_is_followed(servers: tuple[Canned, Canned]) -> None:
    lrs, _ = servers
    lrs.body = json.dumps({"statements": [{"id": "x"}], "more": "/xAPI/statements?p=2"}).encode()
    with LrsClient(f"{lrs.base}/xAPI/", "cuecard", "secret", timeout=10) as client:
        pages = list(client.pages(max_pages=3))
    assert len(pages) == 3
    assert [path for path, _ in lrs.seen][1:] == ["/xAPI/statements?p=2"] * 2


@pytest.mark.parametrize("url", ["http://u:pw@[x/xAPI/", "http://u:pw@h:99999/x", "http://h/x"])
def test_shown_urls_never_raise_and_never_show_credentials(url: str) -> None:
    from cuecard.sync.config import shown_url

    shown = shown_url(url)
    assert "pw" not in shown and shown.startswith("http://")
