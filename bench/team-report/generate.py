"""Statements of a synthetic organisation for the team-report benchmark, built with the
app's own shapes: 500 people over 8 weeks (nudges, opens, steps, completions, ratings,
log lines, searches, a path, a sprint, tips, the pulse), `stored` a little after each
`timestamp` as when laptops send late. Written as one JSON text per line."""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "app")]

from cuecard.store.events import PROACTIVE, Event, EventKind  # noqa: E402
from cuecard.store.log import LogEntry  # noqa: E402
from cuecard.sync import learning_shapes, statements  # noqa: E402
from cuecard.sync.statements import CardInfo, ShapeContext  # noqa: E402
from cuecard.sync.xapi import timestamp  # noqa: E402

HOME = "https://org.example"
CARDS = [f"area{n // 10}/card{n}" for n in range(300)]
WORDS = ["pivot", "tables", "shortcuts", "quiet", "time", "videos", "mail", "filters", "docs"]
# (weight, what): what each statement is, roughly as often as people do it
MIX = [
    (34, "shown"),
    (20, "opened"),
    (12, "step"),
    (12, "completed"),
    (5, "rated"),
    (5, "log"),
    (4, "search"),
    (2, "reported"),
    (2, "pulse"),
    (2, "path_day"),
    (1, "path_join"),
    (1, "sprint"),
    (1, "tip"),
]


def _context(person: int, rng: random.Random) -> ShapeContext:
    run = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return ShapeContext(
        HOME,
        str(uuid.UUID(int=person + 1)),
        person % 2 == 0,
        lambda card: CardInfo(f"Card {card}", "guide"),
        lambda _card, _end: run,
        new_id=lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        teams=(f"team{person % 10}",),
    )


def statement(what: str, context: ShapeContext, rng: random.Random, when: datetime) -> str:
    card = rng.choice(CARDS)
    text = " ".join(rng.sample(WORDS, 3))
    shape = {
        "shown": lambda: statements.nudged(context, Event(EventKind.SHOWN, when, card, PROACTIVE)),
        "opened": lambda: statements.viewed(context, Event(EventKind.OPENED, when, card)),
        "step": lambda: statements.step_completed(
            context, Event(EventKind.STEP_DONE, when, card, "0")
        ),
        "completed": lambda: statements.card_completed(
            context, Event(EventKind.COMPLETED, when, card)
        ),
        "rated": lambda: statements.rated(context, Event(EventKind.RATED, when, card, "up")),
        "reported": lambda: statements.reported_outdated(
            context, Event(EventKind.REPORTED_OUTDATED, when, card, None, text)
        ),
        "log": lambda: statements.logged(context, LogEntry(0, when, text, card)),
        "search": lambda: statements.searched_nothing(context, text),
        "pulse": lambda: learning_shapes.pulse_answered(
            context, Event(EventKind.PULSE_ANSWERED, when, None, text, text)
        ),
        "path_join": lambda: learning_shapes.path_joined(
            context, Event(EventKind.PATH_JOINED, when, None, "first-week")
        ),
        "path_day": lambda: learning_shapes.path_day_completed(
            context, "first-week", rng.randint(1, 5)
        ),
        "sprint": lambda: learning_shapes.sprint_joined(
            context, Event(EventKind.SPRINT_JOINED, when, None, "report-confidence")
        ),
        "tip": lambda: learning_shapes.tip_shared(
            context, Event(EventKind.TIP_CREATED, when, f"tips/{rng.getrandbits(32):08x}")
        ),
    }[what]()
    assert shape is not None
    data = json.loads(statements.build(context, shape, when).body)
    stored = when + timedelta(seconds=rng.choice((2, 30, 600, 3600, 86400 * 3)))
    data["stored"] = timestamp(stored)
    return json.dumps(data, separators=(",", ":"))


def generate(count: int, out: Path, people: int = 500, seed: int = 15) -> Path:
    rng = random.Random(seed)
    contexts = [_context(person, rng) for person in range(people)]
    start = datetime.now(UTC) - timedelta(weeks=8)
    span = timedelta(weeks=8).total_seconds() - 3 * 86400
    kinds = [what for weight, what in MIX for _ in range(weight)]
    with out.open("w", encoding="utf-8") as handle:
        for _ in range(count):
            when = start + timedelta(seconds=rng.random() * span)
            context = contexts[rng.randrange(people)]
            handle.write(statement(rng.choice(kinds), context, rng, when) + "\n")
    return out


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
