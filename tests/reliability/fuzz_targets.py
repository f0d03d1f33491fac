"""The fuzz targets: each takes raw bytes, feeds them to one untrusted-input path of the
app exactly as the app does, and checks what must hold beyond "never raises".

Shared by the property-based runs (hypothesis builds structured inputs and serialises
them to bytes, tests/reliability/fuzz_inputs.py) and the coverage-guided runs (atheris
mutates bytes, bench/reliability/atheris_fuzz.py), so a crash from either is replayed
the same way from tests/reliability/corpus/<target>/.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from cuecard.content.cache import IndexCache
from cuecard.content.commands import code_commands
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.lint import lint_snapshot
from cuecard.content.markdown_text import (
    clean_source,
    find_steps,
    first_heading,
    inline_text,
    plain_text,
    split_sections,
)
from cuecard.content.pack import load_pack_meta
from cuecard.content.parse import ParsedCard, compact_card, parse_card_bytes
from cuecard.content.patterns import PatternError, compile_pattern
from cuecard.content.render import render_body, sanitize_html
from cuecard.context import AppContext
from cuecard.doctor import privacy_problems, settings_problems
from cuecard.models import Card, FocusedElement, WindowInfo
from cuecard.paths import AppPaths, bundled
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import match_window
from cuecard.search.engine import SearchEngine
from cuecard.settings import is_hotkey, load_settings, parse_clock
from cuecard.settings_edit import update_settings_text
from cuecard.sync.lrs import LrsClient, LrsError, retry_after_seconds
from cuecard.sync.packs.format import (
    PackError,
    entry_path_problem,
    index_bytes,
    load_public_key,
    parse_index,
    verify,
)
from cuecard.sync.packs.state import load_states
from cuecard.sync.sender import classify, message_for
from cuecard.textdata import load_yaml
from tests.reliability.fuzz_checks import InvariantError, check_safe_html
from tests.reliability.fuzz_ordinary import (
    ordinary_card,
    ordinary_index,
    ordinary_page,
    ordinary_query,
    ordinary_rules,
    ordinary_settings,
)

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)  # fixed: targets must not depend on the date
TODAY = NOW.date()


class Workspace:
    """Folders the targets read and write: a content root with two real images."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = base or Path(tempfile.mkdtemp(prefix="cuecard-fuzz-"))
        self.root = self.base / "content"
        (self.root / "img").mkdir(parents=True, exist_ok=True)
        (self.root / "img" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (self.root / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (self.base / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        self.card = self.root / "topic" / "card.md"
        self.card.parent.mkdir(exist_ok=True)
        self.rules_root = self.base / "rules-root"
        self.rules_root.mkdir(exist_ok=True)
        self.settings = self.base / "settings.yaml"
        self.site = self.base / "site.yaml"
        self.packs = self.base / "packs"
        self.packs.mkdir(exist_ok=True)
        self.paths = AppPaths(self.base / "config", self.base / "data", self.base, self.root)


@dataclass(frozen=True)
class Target:
    """One untrusted-input path: `run(data)` raises only when a promise is broken."""

    name: str
    run: Callable[[bytes], object]
    ordinary: Callable[[int], bytes]
    what: str


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def front_matter(ws: Workspace) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        parsed = parse_card_bytes(data, ws.card, ws.root, size=len(data))
        if not isinstance(parsed, ParsedCard):
            raise InvariantError("parse_card_bytes returned no ParsedCard")
        cards = {}
        if parsed.card is not None:
            card = compact_card(parsed.card)
            if not (isinstance(card.title, str) and isinstance(card.id, str) and card.id):
                raise InvariantError("a card without a text title and id")
            cards[card.id] = card
        snapshot = LibrarySnapshot(cards=cards, problems=parsed.problems, generation=1)
        return lint_snapshot(snapshot, TODAY)

    return run


def markdown(ws: Workspace) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        text = _text(data)
        rendered = render_body(text, ws.card.parent, ws.root)
        for html in (rendered.intro_html, *(s.html for s in rendered.steps), rendered.outro_html):
            check_safe_html(html, ws.card.parent, ws.root)
        check_safe_html(sanitize_html(text, ws.card.parent, ws.root), ws.card.parent, ws.root)
        split_sections(text)
        first_heading(text)
        find_steps(text)
        clean_source(text)
        inline_text(text)
        code_commands(text, "x")
        return plain_text(text)

    return run


def _window(title: str) -> WindowInfo:
    return WindowInfo(app=title[:40], title=title, window_class=title[-40:], pid=1, window_id=1)


def rules(ws: Workspace) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        (ws.rules_root / "rules.yaml").write_bytes(data)
        meta = load_pack_meta(ws.rules_root)
        shown = {target for rule in meta.rules for target in rule.show}
        cards = {
            name: Card(name, name, ws.rules_root / "x.md", ws.rules_root, tags=(name.lower(),))
            for name in list(shown)[:50]
        }
        snapshot = LibrarySnapshot(cards=cards, rules=meta.rules, generation=1)
        index = TriggerIndex.from_snapshot(snapshot)
        text = _text(data)
        titles = [text, *(t.title or "" for rule in meta.rules for t in rule.triggers)][:20]
        for title in titles:
            element = FocusedElement(title[:10], title, title[-60:], 1)
            match_window(index, cards, title[:40], title, title[-40:])
            match_window(index, cards, title[:40], title, title[-40:], element=element)
        try:
            pattern = compile_pattern(text)
        except PatternError:
            return meta
        pattern.matches(text)
        return meta

    return run


CHANGES = {"nudges.per_hour": 4, "privacy.exclude_titles": ["*bank*"], "sync.enabled": False}


def settings(ws: Workspace) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        ws.site.write_bytes(data)
        ws.settings.write_bytes(data)
        loaded = load_settings([ws.site], ws.settings)
        context = AppContext(ws.paths, loaded)
        rules = context.privacy_rules
        rules.excludes(_window("Online banking - Firefox"))
        privacy_problems(loaded, rules)
        settings_problems(loaded)
        _ = (context.policy, context.learning, context.sync.pushing, context.review_every_days)
        _ = context.content_roots
        parse_clock(loaded.get("log.daily_prompt"))
        is_hotkey(loaded.get("hotkey"))
        edited, _in_place = update_settings_text(_text(data), CHANGES)
        after = load_yaml(edited)
        flat = getattr(after, "data", None)
        if not isinstance(flat, dict):
            raise InvariantError("the Settings window wrote a file that is not a mapping")
        from cuecard.settings import flatten

        values = flatten({str(k): v for k, v in flat.items()})
        lost = {key for key, value in CHANGES.items() if values.get(key) != value}
        if lost:
            raise InvariantError(f"the Settings window's changes did not stick: {sorted(lost)}")
        return loaded

    return run


KEY = "MCowBQYDK2VwAyEA"  # not a key: load_public_key must refuse it as PackError
PUBLIC_KEY = "GmoXJxZsBrgqgAf8qZNnVVGYhjsvoHP2Q7oiW9LoZIs="


def pack_index(ws: Workspace) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        for text in (KEY, PUBLIC_KEY, _text(data[:64])):
            try:
                verify(load_public_key(text), data, data[:200])
            except PackError:
                pass
        (ws.packs / "state.json").write_bytes(data)
        load_states(ws.packs)
        try:
            index = parse_index(data)
        except PackError:
            return None
        staging = (ws.base / "staging").resolve()
        for entry in index.files:
            if entry_path_problem(entry.path) is not None:
                raise InvariantError(f"an unsafe entry path was accepted: {entry.path!r}")
            if not staging.joinpath(*entry.path.split("/")).resolve().is_relative_to(staging):
                raise InvariantError(f"an entry path escapes the pack: {entry.path!r}")
        if parse_index(index_bytes(index)) != index:
            raise InvariantError("the index does not survive writing it back")
        return index

    return run


STATUSES = (200, 204, 400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503, 301, 302, 0)


def xapi_reply(data: bytes) -> httpx.Response:
    """Bytes as an LRS's answer: status, then header lines up to a blank line, then body."""
    status = STATUSES[data[0] % len(STATUSES)] if data else 200
    if status == 0:
        status = 100 + int.from_bytes(data[1:3] or b"\0", "big") % 500
    head, _, body = data[1:].partition(b"\n\n")
    headers = []
    for line in head.split(b"\n"):
        name, colon, value = line.partition(b":")
        if colon and name.strip() and all(33 <= c < 127 and c != 58 for c in name.strip()):
            headers.append((name.strip(), value.strip().replace(b"\r", b"")))
    return httpx.Response(status, headers=headers, content=body)


def xapi(ws: Workspace) -> Callable[[bytes], object]:
    """One client for all inputs (making one builds an SSL context: milliseconds)."""
    del ws
    replies: list[httpx.Response] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "lrs.invalid" or request.url.port not in (None, 80):
            raise InvariantError(f"a request (with the credentials) went to {request.url}")
        return replies[-1]

    client = LrsClient(
        "http://lrs.invalid/xAPI/",
        "user",
        "password",
        now=lambda: NOW,
        transport=httpx.MockTransport(answer),
    )

    def run(data: bytes) -> object:
        replies[:] = [xapi_reply(data)]
        answer = client.post_statements(['{"id":"x"}'])
        message_for(answer, client.shown, 3)
        classify(answer.status)
        retry_after_seconds(replies[0].headers.get("Retry-After"), NOW)
        try:
            found = [s for page in client.pages(limit=10, max_pages=3) for s in page.statements]
        except LrsError as exc:
            return exc.reply
        for statement in found:
            json.loads(statement.json)
        return found

    return run


def search(ws: Workspace) -> Callable[[bytes], object]:
    """The palette's query path over the sample content's index (built once): as a
    keystroke and settled (the wider pools of a paused query)."""
    cache_path = ws.base / "search" / "index.sqlite"
    cache_path.parent.mkdir(exist_ok=True)
    library = ContentLibrary([bundled("content")], cache=IndexCache(cache_path), parallel=False)
    cards = library.load().cards
    engine = SearchEngine(cache_path)
    engine.prepare(cards)
    some = next(iter(cards))

    def run(data: bytes) -> object:
        query = _text(data)
        for settled in (False, True):
            results = engine.lookup(query, cards, limit=20, boost={some}, settled=settled)
            for hit in results.hits:
                shown = "".join(segment.text for segment in hit.title)
                if shown != hit.card.title:
                    raise InvariantError(f"the title shown is not the card's: {shown!r}")
                for segment in hit.snippet:
                    if not isinstance(segment.text, str):
                        raise InvariantError("a snippet segment that is not text")
            results.showing_for  # noqa: B018 - what the palette shows above the hits
        return results

    return run


def make_targets(ws: Workspace) -> dict[str, Target]:
    """Every target by name, bound to `ws`."""
    made = [
        Target("front-matter", front_matter(ws), ordinary_card, "card files: front matter"),
        Target("markdown", markdown(ws), ordinary_card, "markdown rendering, text extraction"),
        Target("rules", rules(ws), ordinary_rules, "rules.yaml and trigger patterns"),
        Target("settings", settings(ws), ordinary_settings, "settings files"),
        Target("pack-index", pack_index(ws), ordinary_index, "pack indexes and state"),
        Target("xapi", xapi(ws), ordinary_page, "LRS (xAPI) responses"),
        Target("search", search(ws), ordinary_query, "search queries (the palette)"),
    ]
    return {target.name: target for target in made}
