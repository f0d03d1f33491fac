"""A small client for any xAPI 1.0.3 Learning Record Store (httpx, HTTP Basic auth).

Writing: `post_statements` sends stored JSON texts as one array, byte for byte, and
reports the status as an `LrsReply` (status 0 for a network error); it never raises
for what a server answers. Reading: `pages` / `statements` GET /statements with the
spec's filters (since, until, verb, activity, registration, agent) and follow `more`
links until the LRS has no more, for reports that read the team's statements back.
"""

from __future__ import annotations

import email.utils
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from cuecard.sync.config import shown_url
from cuecard.sync.statements import XAPI_VERSION

VERSION_HEADER = "X-Experience-API-Version"
MAX_REASON = 300
MAX_RETRY_AFTER = 6 * 3600.0


@dataclass(frozen=True, slots=True)
class LrsReply:
    """What the LRS said to a request: status (0: no answer), Retry-After in seconds,
    and a short reason for messages (never containing credentials)."""

    status: int
    retry_after: float | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (200, 204)


@dataclass(frozen=True, slots=True)
class LrsStatement:
    """A statement read back from the LRS: the fields reports use, and the whole JSON."""

    id: str
    verb: str
    object_id: str
    object_type: str
    actor_home_page: str
    actor_name: str
    timestamp: str
    stored: str
    registration: str
    parents: tuple[str, ...]
    completion: bool | None
    success: bool | None
    scaled: float | None
    response: str | None
    json: str


@dataclass(frozen=True, slots=True)
class StatementPage:
    """One page of GET /statements, the next page's URL, and how current it is."""

    statements: tuple[LrsStatement, ...]
    more: str | None
    consistent_through: str | None


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page of GET /statements as sent: the statements as JSON objects."""

    statements: tuple[Mapping[str, Any], ...]
    more: str | None
    consistent_through: str | None


class LrsError(Exception):
    """A read failed: the LRS was unreachable or refused (the message says which)."""

    def __init__(self, reply: LrsReply) -> None:
        super().__init__(reply.reason)
        self.reply = reply


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date relative to `now`."""
    if not value:
        return None
    text = value.strip()
    # ASCII digits only: str.isdigit() also takes '²', which float() refuses (found by
    # the full xAPI fuzz run, as was a date whose year overflowed datetime).
    if text.isascii() and text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


class LrsClient:
    """One LRS endpoint (its xAPI base URL, ending in '/') with a connection pool."""

    def __init__(
        self,
        endpoint: str,
        username: str,
        password: str,
        now: Callable[[], datetime] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(endpoint)
        if parts.username is not None and not (username or password):
            # Credentials written into the URL: use them as such, never in logged URLs.
            username, password = unquote(parts.username), unquote(parts.password or "")
        clean = shown_url(endpoint)
        self.endpoint = clean if clean.endswith("/") else clean + "/"
        self._now = now  # for Retry-After given as a date
        auth = httpx.BasicAuth(username, password) if username or password else None
        self._http = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={VERSION_HEADER: XAPI_VERSION},
            follow_redirects=False,
            trust_env=False,
            transport=transport,  # None: the network; tests may answer in-process
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LrsClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def shown(self) -> str:
        return shown_url(self.endpoint)

    def _reply(self, response: httpx.Response) -> LrsReply:
        if response.status_code in (200, 204):
            return LrsReply(response.status_code)
        retry = None
        if self._now is not None:
            retry = retry_after_seconds(response.headers.get("Retry-After"), self._now())
        text = " ".join(response.text[:MAX_REASON].split())
        return LrsReply(response.status_code, retry, text)

    def _failed(self, exc: httpx.HTTPError) -> LrsReply:
        # httpx's messages name the URL at most; ours never carries credentials.
        kind = type(exc).__name__
        return LrsReply(0, None, f"{kind} talking to {self.shown}")

    def post_statements(self, bodies: Sequence[str]) -> LrsReply:
        """POST the statements, exactly as stored, as one JSON array."""
        payload = ("[" + ",".join(bodies) + "]").encode("utf-8")
        try:
            response = self._http.post(
                urljoin(self.endpoint, "statements"),
                content=payload,
                headers={"Content-Type": "application/json"},
            )
        except httpx.HTTPError as exc:
            return self._failed(exc)
        return self._reply(response)

    def about(self) -> LrsReply:
        """GET /about (no credentials needed): is an LRS answering there?"""
        try:
            return self._reply(self._http.get(urljoin(self.endpoint, "about"), auth=None))
        except httpx.HTTPError as exc:
            return self._failed(exc)

    def check_credentials(self) -> LrsReply:
        """A one-statement read: 401/403 tells that the LRS refuses these credentials."""
        try:
            response = self._http.get(urljoin(self.endpoint, "statements"), params={"limit": 1})
        except httpx.HTTPError as exc:
            return self._failed(exc)
        return self._reply(response)

    def pages(
        self,
        since: str | None = None,
        until: str | None = None,
        verb: str | None = None,
        activity: str | None = None,
        registration: str | None = None,
        agent: Mapping[str, Any] | None = None,
        related_activities: bool = False,
        limit: int | None = None,
        max_pages: int = 10_000,
        ascending: bool = False,
    ) -> Iterator[StatementPage]:
        """GET /statements with filters, then each `more` page; raises LrsError."""
        params: dict[str, str] = {}
        for key, value in (
            ("since", since),
            ("until", until),
            ("verb", verb),
            ("activity", activity),
            ("registration", registration),
        ):
            if value:
                params[key] = value
        if agent:
            params["agent"] = json.dumps(dict(agent), separators=(",", ":"))
        if related_activities:
            params["related_activities"] = "true"
        if limit:
            params["limit"] = str(limit)
        if ascending:
            params["ascending"] = "true"
        for raw in self.raw_pages(params, max_pages):
            yield StatementPage(
                tuple(read_statement(item) for item in raw.statements),
                raw.more,
                raw.consistent_through,
            )

    def raw_pages(self, params: Mapping[str, str], max_pages: int = 10_000) -> Iterator[RawPage]:
        """The pages of GET /statements?params as the LRS sent them (statements as parsed
        JSON objects, for a reader that takes only a few fields); raises LrsError."""
        url: str | None = urljoin(self.endpoint, "statements")
        first = True
        for _ in range(max_pages):
            if url is None:
                return
            try:
                response = self._http.get(url, params=dict(params) if first else None)
            except httpx.HTTPError as exc:
                raise LrsError(self._failed(exc)) from None
            first = False
            if response.status_code != 200:
                raise LrsError(self._reply(response))
            page = _raw_page(response)
            if page is None:
                reason = f"the LRS at {self.shown} answered with something other than statements"
                raise LrsError(LrsReply(response.status_code, None, reason))
            yield page
            url = self._next(page.more) if page.more else None

    def _next(self, more: str) -> str:
        """The next page's URL; refused when it leaves the LRS (the credentials go with
        every request, so a `more` link to another host would hand them over)."""
        try:
            url = urljoin(self.endpoint, more)  # ValueError: a broken IPv6 host
            httpx.URL(url)  # InvalidURL (not an HTTPError): a control character in it
        except (ValueError, httpx.InvalidURL):
            reason = f"the LRS at {self.shown} gave its next page an address that is not one"
            raise LrsError(LrsReply(200, None, reason)) from None
        if _origin(url) != _origin(self.endpoint):
            reason = f"the LRS at {self.shown} pointed its next page at another server"
            raise LrsError(LrsReply(200, None, reason))
        return url

    def statements(self, **filters: Any) -> Iterator[LrsStatement]:
        """Every statement matching `filters` (see `pages`), across all pages."""
        for page in self.pages(**filters):
            yield from page.statements


def _raw_page(response: httpx.Response) -> RawPage | None:
    """The page in an answer; None when it is not a StatementResult (not JSON, or JSON
    of another shape: a proxy's error page, a truncated body)."""
    try:
        data = response.json()
    except (ValueError, RecursionError):  # not JSON, not UTF-8, a number of 5,000 digits
        return None
    found = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return None
    more = data.get("more")
    return RawPage(
        tuple(item for item in found if isinstance(item, dict)),
        more if isinstance(more, str) and more else None,
        response.headers.get("X-Experience-API-Consistent-Through"),
    )


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def read_statement(data: Mapping[str, Any]) -> LrsStatement:
    """The typed view of one statement as an LRS returned it."""
    parents = _get(data, "context", "contextActivities", "parent")
    scaled = _get(data, "result", "score", "scaled")
    completion = _get(data, "result", "completion")
    success = _get(data, "result", "success")
    response = _get(data, "result", "response")
    return LrsStatement(
        id=str(data.get("id", "")),
        verb=str(_get(data, "verb", "id") or ""),
        object_id=str(_get(data, "object", "id") or ""),
        object_type=str(_get(data, "object", "definition", "type") or ""),
        actor_home_page=str(_get(data, "actor", "account", "homePage") or ""),
        actor_name=str(_get(data, "actor", "account", "name") or ""),
        timestamp=str(data.get("timestamp", "")),
        stored=str(data.get("stored", "")),
        registration=str(_get(data, "context", "registration") or ""),
        parents=tuple(
            str(p.get("id", ""))
            for p in (parents if isinstance(parents, list) else ())
            if isinstance(p, dict)
        ),
        completion=completion if isinstance(completion, bool) else None,
        success=success if isinstance(success, bool) else None,
        scaled=_number(scaled),
        response=response if isinstance(response, str) else None,
        json=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    )


def _number(value: Any) -> float | None:
    """A finite JSON number as a float (booleans, 10**400 and NaN are not scores)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _origin(url: str) -> tuple[str, str | None, int | None] | None:
    """(scheme, host, port) of `url`; None when it has no usable one (a bad port)."""
    parts = urlsplit(url)
    try:
        return parts.scheme, parts.hostname, parts.port
    except ValueError:
        return None
