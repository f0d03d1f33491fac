"""The xAPI 1.0.3 statement core: verbs, activity types, a shape's parts, and `build`,
which adds what every statement has (see statements.py for the shapes themselves).

`build` makes a client UUID, the learner as an account with an opaque id, a UTC
timestamp in milliseconds, the platform, and, when the installation names its teams
(`sync.teams`), one grouping activity per team so a team lead's report can select them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

XAPI_VERSION = "1.0.3"
PLATFORM = "Cuecard"
MAX_TEXT = 2000  # characters of learner text in one statement


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb from the ADL or TinCan registry (or a profile on the ADL profile server)."""

    id: str
    display: str


VIEWED = Verb("http://id.tincanapi.com/verb/viewed", "viewed")
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "completed")
RATED = Verb("http://id.tincanapi.com/verb/rated", "rated")
REPORTED = Verb("https://w3id.org/xapi/acrossx/verbs/reported", "reported")
COMMENTED = Verb("http://adlnet.gov/expapi/verbs/commented", "commented")
SEARCHED = Verb("https://w3id.org/xapi/acrossx/verbs/searched", "searched")
ANSWERED = Verb("http://adlnet.gov/expapi/verbs/answered", "answered")
REGISTERED = Verb("http://adlnet.gov/expapi/verbs/registered", "registered")
EXITED = Verb("http://adlnet.gov/expapi/verbs/exited", "exited")
RESPONDED = Verb("http://adlnet.gov/expapi/verbs/responded", "responded")
EXPERIENCED = Verb("http://adlnet.gov/expapi/verbs/experienced", "experienced")
SHARED = Verb("http://adlnet.gov/expapi/verbs/shared", "shared")
VOIDED = Verb("http://adlnet.gov/expapi/verbs/voided", "voided")

GUIDE_TYPE = "http://adlnet.gov/expapi/activities/lesson"
CARD_TYPE = "http://id.tincanapi.com/activitytype/resource"
STEP_TYPE = "http://id.tincanapi.com/activitytype/step"
LOG_TYPE = "http://id.tincanapi.com/activitytype/document"
SEARCH_TYPE = "https://w3id.org/xapi/acrossx/activities/search-engine"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/question"
PATH_TYPE = "http://adlnet.gov/expapi/activities/course"
SPRINT_TYPE = "http://adlnet.gov/expapi/activities/objective"
SURVEY_TYPE = "http://id.tincanapi.com/activitytype/survey"
PATH_DAY_TYPE = "http://adlnet.gov/expapi/activities/module"
GRADE_SCORES = {"again": 0.0, "hard": 0.5, "good": 0.75, "easy": 1.0}


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What a statement may say about a card: from the content, never from the screen."""

    title: str
    kind: str = "card"  # card | guide


@dataclass(frozen=True, slots=True)
class Parts:
    """The shape-specific part of a statement."""

    verb: Verb
    object: Mapping[str, Any]
    result: Mapping[str, Any] | None = None
    registration: str | None = None
    parents: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    """A built statement: its id and the exact JSON text to store and send."""

    id: str
    body: str


@dataclass(frozen=True)
class ShapeContext:
    """What shapes need besides the record: who, where, and what they may share.

    `registration(card_id, end)` returns the UUID of the guide run the card is in (a
    new run when none is open); `end` closes the run.
    """

    home_page: str
    actor_name: str
    share_text: bool
    card: Callable[[str], CardInfo | None]
    registration: Callable[[str, bool], str]
    new_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))
    teams: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        """Where Cuecard's activity IRIs live: below the organisation's home page."""
        return self.home_page.rstrip("/") + "/cuecard"

    def card_iri(self, card_id: str) -> str:
        return f"{self.base}/cards/{quote(card_id, safe='/')}"

    def card_activity(self, card_id: str) -> dict[str, Any]:
        info = self.card(card_id)
        definition: dict[str, Any] = {"type": GUIDE_TYPE if _is_guide(info) else CARD_TYPE}
        if info is not None and info.title:
            definition["name"] = {"und": info.title[:MAX_TEXT]}
        return {"objectType": "Activity", "id": self.card_iri(card_id), "definition": definition}

    def own_activity(self, path: str, kind: str, name: str) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": f"{self.base}/{path}",
            "definition": {"type": kind, "name": {"en-US": name}},
        }

    def team_activity(self, tag: str) -> dict[str, Any]:
        """A team (`sync.teams`) as a grouping activity: reports select a team by it."""
        return {"objectType": "Activity", "id": f"{self.base}/teams/{quote(tag, safe='')}"}

    def text(self, text: str | None) -> str | None:
        """Learner text, only when sharing is on."""
        return text[:MAX_TEXT] if self.share_text and text else None


def _is_guide(info: CardInfo | None) -> bool:
    return info is None or info.kind == "guide"


def timestamp(moment: datetime) -> str:
    """UTC with milliseconds, e.g. 2026-03-01T09:30:00.250Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def build(context: ShapeContext, parts: Parts, moment: datetime) -> Statement:
    """The whole statement for `parts`, as compact ASCII JSON (byte-exact in SQLite)."""
    statement_id = context.new_id()
    body: dict[str, Any] = {
        "id": statement_id,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": context.home_page, "name": context.actor_name},
        },
        "verb": {"id": parts.verb.id, "display": {"en-US": parts.verb.display}},
        "object": dict(parts.object),
        "timestamp": timestamp(moment),
    }
    if parts.result:
        body["result"] = dict(parts.result)
    xcontext: dict[str, Any] = {"platform": PLATFORM}
    if parts.registration:
        xcontext["registration"] = parts.registration
    activities: dict[str, Any] = {}
    if parts.parents:
        activities["parent"] = [dict(p) for p in parts.parents]
    if context.teams:
        activities["grouping"] = [context.team_activity(tag) for tag in context.teams]
    if activities:
        xcontext["contextActivities"] = activities
    body["context"] = xcontext
    return Statement(statement_id, json.dumps(body, ensure_ascii=True, separators=(",", ":")))
