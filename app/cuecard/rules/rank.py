"""Rank the cards that fit a window: most specific trigger first, then audience fit,
prerequisites met, and not yet completed."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from cuecard.models import Card, FocusedElement, Trigger
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


def _criteria(card: Card, hit: IndexedTrigger, learner: Learner) -> tuple[int, bool, bool, bool]:
    """(score, audience fits, prerequisites met, completed); the score is lexicographic:
    specificity dominates, then audience, prerequisites, not yet completed."""
    completed = learner.completed
    fits = not card.audience or bool(learner.roles & {a.lower() for a in card.audience})
    ready = all(required in completed for required in card.requires)
    done = card.id in completed
    return hit.specificity * 1000 + fits * 100 + ready * 10 + (not done), fits, ready, done


def _candidate(
    card: Card, hit: IndexedTrigger, criteria: tuple[int, bool, bool, bool]
) -> Candidate:
    score, fits, ready, done = criteria
    return Candidate(card, hit.trigger, hit.source, score, hit.specificity, fits, ready, done)


def rank(
    hits: list[IndexedTrigger],
    cards: Mapping[str, Card],
    learner: Learner,
    limit: int | None = None,
) -> list[Candidate]:
    """One candidate per card (its best trigger), best first; ties broken by title.

    The other criteria depend on the card only, so a card's best trigger is simply its
    most specific one; one cheap pass picks it, and only the `limit` best are scored
    into Candidates (a window can fit hundreds of cards in a big library).
    """
    best: dict[str, IndexedTrigger] = {}
    for hit in hits:
        current = best.get(hit.card_id)
        if current is None or hit.specificity > current.specificity:
            best[hit.card_id] = hit
    keyed = [
        (-criteria[0], card.title.lower(), card_id, hit, criteria)
        for card_id, hit in best.items()
        if (card := cards.get(card_id)) is not None and (criteria := _criteria(card, hit, learner))
    ]
    chosen = heapq.nsmallest(limit, keyed) if limit is not None else sorted(keyed)
    return [_candidate(cards[card_id], hit, criteria) for _, _, card_id, hit, criteria in chosen]


def match_window(
    index: TriggerIndex,
    cards: Mapping[str, Card],
    app: str,
    title: str,
    window_class: str,
    learner: Learner | None = None,
    limit: int | None = 50,
    element: FocusedElement | None = None,
) -> list[Candidate]:
    """The cards for a window and its focused element, best first (the `limit` best;
    None for all)."""
    hits = index.match(app, title, window_class, element)
    return rank(hits, cards, learner or Learner(), limit)
