"""Rank the cards that fit a window: most specific trigger first, then audience fit,
prerequisites met, and not yet completed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cuecard.models import Card, Trigger
from cuecard.rules.index import IndexedTrigger, TriggerIndex


@dataclass(frozen=True)
class Learner:
    """What ranking needs to know about the user."""

    roles: frozenset[str] = frozenset()
    completed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """A card that fits the window, the trigger that matched best, and its score."""

    card: Card
    trigger: Trigger
    source: str
    score: int
    specificity: int
    audience_fit: bool
    prerequisites_met: bool
    completed: bool


def _score(card: Card, hit: IndexedTrigger, learner: Learner) -> Candidate:
    audience_fit = not card.audience or bool(learner.roles & {a.lower() for a in card.audience})
    prerequisites = all(required in learner.completed for required in card.requires)
    completed = card.id in learner.completed
    # Lexicographic: specificity dominates, then audience, prerequisites, not completed.
    score = hit.specificity * 1000 + audience_fit * 100 + prerequisites * 10 + (not completed)
    return Candidate(
        card,
        hit.trigger,
        hit.source,
        score,
        hit.specificity,
        audience_fit,
        prerequisites,
        completed,
    )


def rank(
    hits: list[IndexedTrigger], cards: Mapping[str, Card], learner: Learner
) -> list[Candidate]:
    """One candidate per card (its best trigger), best first; ties broken by title."""
    best: dict[str, Candidate] = {}
    for hit in hits:
        card = cards.get(hit.card_id)
        if card is None:
            continue
        candidate = _score(card, hit, learner)
        current = best.get(card.id)
        if current is None or candidate.score > current.score:
            best[card.id] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.card.title.lower(), c.card.id))


def match_window(
    index: TriggerIndex,
    cards: Mapping[str, Card],
    app: str,
    title: str,
    window_class: str,
    learner: Learner | None = None,
) -> list[Candidate]:
    """The cards for a window, best first."""
    return rank(index.match(app, title, window_class), cards, learner or Learner())
