"""Cuecard's statements as the team view keeps them: a few fields each (docs/xapi.md).

`read_record` turns one statement, as the LRS sent it, into a `TeamRecord` (or says it
voids another statement, or that it is not one of Cuecard's shapes the team view reads).
It takes only what the figures need: the opaque learner id, what happened to which
card, path, sprint or tip, when, and the text the learner chose to share.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import unquote

from cuecard.sync.xapi import (
    COMMENTED,
    COMPLETED,
    EXITED,
    EXPERIENCED,
    PATH_DAY_TYPE,
    PLATFORM,
    RATED,
    REGISTERED,
    REPORTED,
    RESPONDED,
    SEARCHED,
    SHARED,
    STEP_TYPE,
    VIEWED,
    VOIDED,
)

MAX_KEPT_TEXT = 2000
MAX_PATH_DAYS = 366  # a day number beyond this is not a Cuecard path's
CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


class Kind(enum.IntEnum):
    """What a kept statement says happened."""

    SHOWN = 1  # a nudge, hint or refresher showed the card
    OPENED = 2
    COMPLETED = 3
    RATED = 4  # value: 1 helpful, 0 not
    OUTDATED = 5
    LOGGED = 6  # subject: the card, or "" for the log itself; text when shared
    MISSED_SEARCH = 7  # text: the query, when shared
    PATH_JOINED = 8
    PATH_DAY = 9  # value: the day number
    PATH_DONE = 10
    SPRINT_JOINED = 11
    SPRINT_LEFT = 12
    SPRINT_DONE = 13  # text: what was applied, when shared
    PULSE = 14  # text, text2: the two answers
    TIP_SHARED = 15


CARD_KINDS = frozenset(
    {Kind.SHOWN, Kind.OPENED, Kind.COMPLETED, Kind.RATED, Kind.OUTDATED, Kind.TIP_SHARED}
)


TEXT_KINDS = frozenset({Kind.OUTDATED, Kind.LOGGED, Kind.MISSED_SEARCH, Kind.SPRINT_DONE})
CARD_VERBS = {
    VIEWED.id: Kind.OPENED,
    EXPERIENCED.id: Kind.SHOWN,
    COMPLETED.id: Kind.COMPLETED,
    REPORTED.id: Kind.OUTDATED,
    COMMENTED.id: Kind.LOGGED,
    SHARED.id: Kind.TIP_SHARED,
}


class TeamRecord(NamedTuple):
    """One kept statement (a row of the cache, in this order)."""

    id: str
    stored: str
    ts: str  # the statement's timestamp (when it happened), as sent
    actor: str  # the learner's opaque account, "homePage name"
    kind: int
    subject: str  # card id, path id, sprint id or "" (search, pulse, the log)
    value: int | None
    text: str | None
    text2: str | None
    teams: str  # ",sales,emea," (empty: no team)
    name: str | None  # the card's title as the statement names it


class Voiding(NamedTuple):
    """A statement voiding an earlier one (the earlier one leaves the cache)."""

    id: str
    stored: str
    voided: str


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def utc_text(value: Any) -> str | None:
    """An xAPI timestamp as UTC 'YYYY-MM-DDTHH:MM:SS.mmmZ' (sorts as text); None if it
    is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if CANONICAL.fullmatch(value):
        return value  # already so: Cuecard's own statements, most LRSs' `stored`
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _text(value: Any) -> str | None:
    return value[:MAX_KEPT_TEXT] if isinstance(value, str) and value.strip() else None


def _name(definition: Any) -> str | None:
    names = _get(definition, "name")
    if isinstance(names, dict):
        for value in names.values():
            if isinstance(value, str) and value.strip():
                return value[:MAX_KEPT_TEXT]
    return None


def _actor(actor: Any) -> str | None:
    if not isinstance(actor, dict):
        return None
    account = actor.get("account")
    if isinstance(account, dict) and isinstance(account.get("name"), str):
        return f"{account.get('homePage', '')} {account['name']}"
    return json.dumps(actor, sort_keys=True)


def _teams(context: dict[str, Any], base: str) -> str:
    activities = context.get("contextActivities")
    grouping = activities.get("grouping") if isinstance(activities, dict) else None
    if not isinstance(grouping, list):
        return ""
    prefix = base + "teams/"
    tags = [
        unquote(item["id"][len(prefix) :])
        for item in grouping
        if isinstance(item, dict)
        and isinstance(item.get("id"), str)
        and item["id"].startswith(prefix)
    ]
    return f",{','.join(tags)}," if tags else ""


@functools.cache
def _base(home: str) -> str:
    return home.rstrip("/") + "/cuecard/"


def _where(object_id: str, home: str) -> tuple[str, str] | None:
    """(base, the rest) of a Cuecard activity IRI: base ends in '/cuecard/'."""
    if home:
        base = _base(home)
        return (base, object_id[len(base) :]) if object_id.startswith(base) else None
    at = object_id.find("/cuecard/")
    return None if at < 0 else (object_id[: at + 9], object_id[at + 9 :])


def _kind(verb: str, rest: str, object_type: str, result: Any) -> tuple[Kind, str, int | None]:
    """(kind, subject, value) of a statement about `rest` below the base; ValueError if
    it is not one the team view reads."""
    head, _, tail = rest.partition("/")
    if head == "cards" and object_type != STEP_TYPE and not tail.endswith("/recall"):
        card = unquote(tail)
        if verb == RATED.id:
            scaled = _get(result, "score", "scaled")
            if isinstance(scaled, int | float):
                return Kind.RATED, card, 1 if scaled >= 0.5 else 0
            up = _get(result, "response")
            return Kind.RATED, card, 1 if up == "up" else 0
        return CARD_VERBS[verb], card, None
    if head == "paths":
        path, _, day = tail.partition("/days/")
        if day and object_type == PATH_DAY_TYPE and verb == COMPLETED.id and day.isdigit():
            if not 1 <= int(day) <= MAX_PATH_DAYS:
                raise ValueError(day)
            return Kind.PATH_DAY, unquote(path), int(day)
        if not day and verb in (REGISTERED.id, COMPLETED.id):
            return (
                (Kind.PATH_JOINED if verb == REGISTERED.id else Kind.PATH_DONE),
                unquote(path),
                None,
            )
    if head == "sprints" and not tail.count("/"):
        sprint = {REGISTERED.id: Kind.SPRINT_JOINED, EXITED.id: Kind.SPRINT_LEFT}
        if verb in sprint:
            return sprint[verb], unquote(tail), None
        if verb == COMPLETED.id:
            return Kind.SPRINT_DONE, unquote(tail), None
    if rest == "learning-log" and verb == COMMENTED.id:
        return Kind.LOGGED, "", None
    if rest == "search" and verb == SEARCHED.id and _get(result, "success") is not True:
        return Kind.MISSED_SEARCH, "", None
    if rest == "pulse" and verb == RESPONDED.id:
        return Kind.PULSE, "", None
    raise ValueError(rest)


def read_record(data: Mapping[str, Any], home: str = "") -> TeamRecord | Voiding | None:
    """The kept form of one statement; None for anything that is not one of Cuecard's
    statements the team view reads (another app's, a step, a recall). `home`: the
    organisation's home page, when known (only its activities are read). Called for
    every statement fetched: plain dict look-ups, no more."""
    get = data.get
    statement_id, stored, verb_data, target = get("id"), get("stored"), get("verb"), get("object")
    if not isinstance(statement_id, str) or not isinstance(stored, str):
        return None
    if not isinstance(verb_data, dict) or not isinstance(target, dict):
        return None
    verb, object_id = verb_data.get("id"), target.get("id")
    if verb == VOIDED.id:
        return Voiding(statement_id, stored, object_id) if isinstance(object_id, str) else None
    context = get("context")
    if not isinstance(context, dict) or context.get("platform") != PLATFORM:
        return None
    if not isinstance(verb, str) or not isinstance(object_id, str):
        return None
    where = _where(object_id, home)
    actor = _actor(get("actor"))
    if where is None or actor is None:
        return None
    base, rest = where
    definition = target.get("definition")
    object_type = definition.get("type") if isinstance(definition, dict) else None
    result = get("result")
    try:
        kind, subject, value = _kind(verb, rest, str(object_type or ""), result)
    except (ValueError, KeyError):
        return None
    text = text2 = None
    if kind is Kind.PULSE:
        answers = _get(result, "extensions")
        if isinstance(answers, dict):
            text = _text(answers.get(base + "pulse/learning"))
            text2 = _text(answers.get(base + "pulse/helps"))
    elif kind in TEXT_KINDS:
        text = _text(_get(result, "response"))
    moment = utc_text(get("timestamp")) or utc_text(stored)
    if moment is None:
        return None
    return TeamRecord(
        statement_id,
        stored,
        moment,
        actor,
        int(kind),
        subject,
        value,
        text,
        text2,
        _teams(context, base),
        _name(definition) if kind in CARD_KINDS else None,
    )
