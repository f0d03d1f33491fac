"""The learning record in words, for *What Cuecard stores* (pure, no Qt).

Every table of the record becomes a section a person can read: "You opened “Freeze the
header row”" rather than `opened | calc/freeze | None`, local times rather than UTC
microseconds, steps counted from 1. The raw rows stay one click away (the JSON export).
A table this module does not know is still listed, with its row count.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cuecard.wording import plural

Rows = Sequence[Mapping[str, object]]
SHOWN = 200  # lines per section; the export has every row
PAUSED_FOR_GOOD_YEAR = 9999  # a pause "until I resume" (ui/snooze.py)


@dataclass(frozen=True)
class StoredLine:
    """One row in words: when (local time, may be empty) and what."""

    when: str
    text: str


@dataclass(frozen=True)
class StoredSection:
    """One table of the record: a heading, a sentence, and its rows in words."""

    table: str
    title: str
    summary: str
    lines: tuple[StoredLine, ...]
    more: int = 0  # rows not listed (the export has them)


def _when(value: object) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return f"{moment.astimezone():%a %d %b %Y, %H:%M}"


def _day(value: object) -> str:
    try:
        return f"{datetime.fromisoformat(str(value)).astimezone():%d %b %Y}"
    except ValueError:
        return str(value or "")


class _Namer:
    def __init__(self, titles: Mapping[str, str]) -> None:
        self.titles = titles

    def __call__(self, card_id: object) -> str:
        text = str(card_id or "")
        return f"“{self.titles.get(text, text)}”"


def _event_text(row: Mapping[str, object], card: Callable[[object], str]) -> str:
    kind, value, comment = str(row.get("kind")), row.get("value"), row.get("comment")
    name = card(row.get("card_id"))
    if kind == "shown":
        return {
            "proactive": f"Cuecard offered {name}",
            "hint": f"Cuecard offered a hint for {name}",
            "refresher": f"Cuecard offered a refresher of {name}",
            "review": f"Cuecard offered a review of {name}",
            "pulse": "Cuecard asked for the monthly pulse",
            "reflection": "Cuecard asked what you applied from a sprint",
        }.get(str(value), f"Cuecard showed {name}")
    if kind == "step_done":
        number = str(value)
        step = f"step {int(number) + 1}" if number.isdigit() else "a step"
        return f"You ticked {step} of {name}"
    if kind == "dismissed":
        choice = "Don't show again" if value == "forever" else "Later"
        return f"You chose {choice} for {name}"
    if kind == "snoozed":
        if not value:
            return "You resumed nudges"
        try:
            until = datetime.fromisoformat(str(value))
        except ValueError:
            return "You paused nudges"
        if until.year >= PAUSED_FOR_GOOD_YEAR:
            return "You paused nudges until you resume them"
        return f"You paused nudges until {until.astimezone():%a %d %b, %H:%M}"
    if kind == "rated":
        return f"You found {name} {'helpful' if value == 'up' else 'not helpful'}"
    if kind == "reported_outdated":
        note = f": {comment}" if comment else ""
        return f"You reported {name} as outdated{note}"
    simple = {
        "opened": f"You opened {name}",
        "completed": f"You completed {name}",
        "recall_reviewed": f"You reviewed {name} ({value})",
        "path_joined": f"You joined the path {value}",
        "path_left": f"You left the path {value}",
        "sprint_joined": f"You joined the sprint {value}",
        "sprint_left": f"You left the sprint {value}",
        "sprint_finished": f"You finished the sprint {value}",
        "pulse_answered": "You answered the monthly pulse",
        "pulse_skipped": "You skipped the monthly pulse",
        "tip_created": f"You drafted a tip, {name}",
    }
    return simple.get(kind, f"{kind.replace('_', ' ').capitalize()}: {name}")


def _how_many(count: int, one: str, many: str | None = None) -> str:
    """plural(), with "No" for none: "No entries", never "0 entries"."""
    if count == 0:
        return f"No {many or plural(2, one).split(' ', 1)[1]}"
    return plural(count, one, many)


def _events(rows: Rows, card: _Namer) -> StoredSection:
    counts: dict[str, int] = {}
    for row in rows:
        kind = str(row.get("kind"))
        counts[kind] = counts.get(kind, 0) + 1
    words = [
        f"{counts[kind]} {label}"
        for kind, label in (
            ("shown", "offered or shown"),
            ("opened", "opened"),
            ("completed", "completed"),
            ("rated", "rated"),
        )
        if counts.get(kind)
    ]
    summary = (
        plural(len(rows), "thing")
        + " you saw or did"
        + (f": {', '.join(words)}." if words else ".")
        if rows
        else "Nothing you saw or did yet."
    )
    newest = sorted(rows, key=lambda r: str(r.get("ts")), reverse=True)
    lines = tuple(StoredLine(_when(r.get("ts")), _event_text(r, card)) for r in newest[:SHOWN])
    return StoredSection("events", "What you saw and did", summary, lines, len(rows) - len(lines))


def _log(rows: Rows, card: _Namer) -> StoredSection:
    newest = sorted(rows, key=lambda r: str(r.get("ts")), reverse=True)
    lines = tuple(
        StoredLine(
            _when(r.get("ts")),
            str(r.get("text")) + (f" (about {card(r.get('card_id'))})" if r.get("card_id") else ""),
        )
        for r in newest[:SHOWN]
    )
    summary = _how_many(len(rows), "entry") + " you wrote."
    return StoredSection("log", "Your learning log", summary, lines, len(rows) - len(lines))


def _missed(rows: Rows, card: _Namer) -> StoredSection:
    del card
    most = sorted(rows, key=lambda r: -int(str(r.get("count") or 0)))
    lines = tuple(
        StoredLine("", f"“{r.get('query')}”: {plural(int(str(r.get('count') or 0)), 'time')}")
        for r in most[:SHOWN]
    )
    summary = (
        f"{_how_many(len(rows), 'search', 'searches')} that found nothing: the words and how "
        "often, nothing else. Authors see them in their report."
    )
    return StoredSection(
        "missed_searches", "Searches that found nothing", summary, lines, len(rows) - len(lines)
    )


def _picks(rows: Rows, card: _Namer) -> StoredSection:
    newest = sorted(rows, key=lambda r: str(r.get("last")), reverse=True)
    lines = tuple(
        StoredLine(
            _when(r.get("last")),
            f"“{r.get('query')}”: you opened {card(r.get('card_id'))} "
            f"({plural(int(str(r.get('picks') or 0)), 'time')})",
        )
        for r in newest[:SHOWN]
    )
    summary = (
        f"{_how_many(len(rows), 'search', 'searches')} you opened a card from: the words "
        "and the card, so the same words find it first next time. Never sent anywhere."
    )
    return StoredSection(
        "search_picks", "Cards you opened from a search", summary, lines, len(rows) - len(lines)
    )


def _seen(rows: Rows, card: _Namer) -> StoredSection:
    lines = tuple(
        StoredLine(
            "",
            f"{card(r.get('card_id'))}: last on {_day(r.get('last_seen'))}"
            + (
                f", before that on {_day(r.get('previous_seen'))}" if r.get("previous_seen") else ""
            ),
        )
        for r in rows[:SHOWN]
    )
    summary = (
        f"For {plural(len(rows), 'card')}, the last two days an app it fits was in front "
        "(for refreshers after a long time away). Never which window or app."
        if rows
        else "No cards yet: for refreshers after a long time away, the last two days an "
        "app a card fits was in front. Never which window or app."
    )
    return StoredSection("seen", "When cards could help", summary, lines, len(rows) - len(lines))


def _statement_text(body: object) -> str:
    try:
        statement = json.loads(str(body)[:100_000])
        verb = statement["verb"]["display"].get("en-US") or statement["verb"]["id"]
        target = statement["object"].get("definition", {}).get("name", {}).get("en-US", "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return "a learning record statement"
    return f"“{verb}” {target}".strip()


def _outbox(rows: Rows, card: _Namer) -> StoredSection:
    del card
    states: dict[str, int] = {}
    for row in rows:
        state = str(row.get("state"))
        states[state] = states.get(state, 0) + 1
    parts = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
    newest = sorted(rows, key=lambda r: str(r.get("queued")), reverse=True)
    lines = tuple(
        StoredLine(_when(r.get("queued")), f"{_statement_text(r.get('body'))} ({r.get('state')})")
        for r in newest[:SHOWN]
    )
    summary = (
        f"{_how_many(len(rows), 'statement')} for your organisation's learning record store"
        + (f": {parts}." if parts else ".")
    )
    return StoredSection(
        "outbox", "Sent to your organisation", summary, lines, len(rows) - len(lines)
    )


DESCRIBERS: dict[str, Callable[[Rows, _Namer], StoredSection]] = {
    "events": _events,
    "log": _log,
    "missed_searches": _missed,
    "search_picks": _picks,
    "seen": _seen,
    "outbox": _outbox,
}
# Small bookkeeping tables: listed with their count, their rows in the export.
BOOKKEEPING = {
    "sync_state": ("Sync bookkeeping", "facts sync keeps (an anonymous id, last success)"),
    "sync_runs": ("Guides in progress, for sync", "guides you started, to link their steps"),
}


def describe_record(
    tables: Mapping[str, Rows], titles: Mapping[str, str]
) -> tuple[StoredSection, ...]:
    """Every table of the record, in words; card ids shown as their titles."""
    card = _Namer(titles)
    sections = []
    for table, rows in tables.items():
        describe = DESCRIBERS.get(table)
        if describe is not None:
            sections.append(describe(rows, card))
            continue
        title, what = BOOKKEEPING.get(
            table, (table.replace("_", " ").capitalize(), "rows of other data")
        )
        summary = f"{plural(len(rows), 'row')}: {what}." if rows else f"Nothing yet: {what}."
        sections.append(StoredSection(table, title, summary, ()))
    return tuple(sections)
