"""The trigger index: app name first (a dict lookup), then RE2 sets of title and class
patterns per app, so one window change costs a few set scans, not one regex per trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import re2

from cuecard.content.library import LibrarySnapshot
from cuecard.content.patterns import re2_options, split_pattern
from cuecard.models import Card, Trigger

ANY_APP = ""


@dataclass(frozen=True, slots=True)
class IndexedTrigger:
    """One trigger that shows one card; `source` is "card" or the rules.yaml path."""

    card_id: str
    trigger: Trigger
    source: str = "card"
    # How many of app, title, class the trigger constrains (more = more specific).
    specificity: int = field(init=False)

    def __post_init__(self) -> None:
        t = self.trigger
        spec = bool(t.apps) + (t.title is not None) + (t.window_class is not None)
        object.__setattr__(self, "specificity", spec)


class _PatternSet:
    """Many patterns matched in one pass: anchored globs and unanchored `re:` regexes.

    Each distinct pattern is compiled once however many triggers use it (cards of one app
    often share a title or class pattern): smaller sets, less memory, faster matching.
    """

    def __init__(self) -> None:
        self._globs = re2.Set.FullMatchSet(re2_options())
        self._regexes = re2.Set.SearchSet(re2_options())
        self._glob_owners: list[list[int]] = []
        self._regex_owners: list[list[int]] = []
        self._known: dict[str, list[int]] = {}

    def add(self, pattern: str, owner: int) -> bool:
        owners = self._known.get(pattern)
        if owners is not None:
            owners.append(owner)
            return True
        regex, anchored = split_pattern(pattern)
        target, table = (
            (self._globs, self._glob_owners) if anchored else (self._regexes, self._regex_owners)
        )
        try:
            target.Add(regex)
        except (re2.error, TypeError, ValueError):
            return False  # lint reports it; the trigger just never matches
        owners = [owner]
        table.append(owners)
        self._known[pattern] = owners
        return True

    def compile(self) -> None:
        if self._glob_owners:
            self._globs.Compile()
        if self._regex_owners:
            self._regexes.Compile()
        self._known = {}  # only needed while adding

    def matching_owners(self, text: str) -> set[int]:
        found: set[int] = set()
        if self._glob_owners:
            for i in self._globs.Match(text) or ():
                found.update(self._glob_owners[i])
        if self._regex_owners:
            for i in self._regexes.Match(text) or ():
                found.update(self._regex_owners[i])
        return found


@dataclass
class _Bucket:
    # Parallel lists, not one IndexedTrigger per trigger: 30,000 small objects were 2 MB
    # of an idle app; the few that match are built on demand.
    card_ids: list[str] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    sources: dict[int, str] = field(default_factory=dict)  # only triggers from rules.yaml
    titles: _PatternSet = field(default_factory=_PatternSet)
    classes: _PatternSet = field(default_factory=_PatternSet)
    any_title: set[int] = field(default_factory=set)
    any_class: set[int] = field(default_factory=set)
    always: set[int] = field(default_factory=set)  # neither title nor class: app only

    def add(self, item: IndexedTrigger) -> None:
        index = len(self.triggers)
        self.card_ids.append(item.card_id)
        self.triggers.append(item.trigger)
        if item.source != "card":
            self.sources[index] = item.source
        title, window_class = item.trigger.title, item.trigger.window_class
        if title is None:
            self.any_title.add(index)
        elif not self.titles.add(title, index):
            return
        if window_class is None:
            self.any_class.add(index)
            if title is None:
                self.always.add(index)
        else:
            self.classes.add(window_class, index)

    def match(self, title: str, window_class: str) -> list[IndexedTrigger]:
        # (T ∪ anyT) ∩ (C ∪ anyC), computed from the small matched sets T and C only:
        # anyT/anyC can hold thousands of triggers (e.g. every class-only trigger).
        titles = self.titles.matching_owners(title)
        classes = self.classes.matching_owners(window_class)
        any_title, any_class = self.any_title, self.any_class
        found = {i for i in titles if i in classes or i in any_class}
        found.update(i for i in classes if i in any_title)
        found.update(self.always)
        card_ids, triggers, sources = self.card_ids, self.triggers, self.sources
        return [IndexedTrigger(card_ids[i], triggers[i], sources.get(i, "card")) for i in found]


class TriggerIndex:
    """All triggers of a library snapshot (cards' own `when:` plus rules.yaml)."""

    def __init__(self, items: Iterable[IndexedTrigger]) -> None:
        self._buckets: dict[str, _Bucket] = {}
        self.size = 0
        for item in items:
            self.size += 1
            for app in item.trigger.apps or (ANY_APP,):
                self._buckets.setdefault(app, _Bucket()).add(item)
        for bucket in self._buckets.values():
            bucket.titles.compile()
            bucket.classes.compile()

    @classmethod
    def from_snapshot(cls, snapshot: LibrarySnapshot) -> TriggerIndex:
        return cls(triggers_of(snapshot))

    def match(self, app: str, title: str, window_class: str) -> list[IndexedTrigger]:
        """Every trigger that fits the window (a card may appear more than once). The
        whole title is matched: RE2 sets take time linear in its length."""
        app = app.lower()
        hits: list[IndexedTrigger] = []
        for key in (app, ANY_APP) if app else (ANY_APP,):
            bucket = self._buckets.get(key)
            if bucket is not None:
                hits.extend(bucket.match(title, window_class))
        return hits


def triggers_of(snapshot: LibrarySnapshot) -> Iterator[IndexedTrigger]:
    """Cards' own triggers, then rules.yaml triggers expanded to card ids (tag:NAME too)."""
    for card in snapshot.cards.values():
        for trigger in card.triggers:
            yield IndexedTrigger(card.id, trigger)
    by_tag: dict[str, list[Card]] = {}
    for card in snapshot.cards.values():
        for tag in card.tags:
            by_tag.setdefault(tag, []).append(card)
    for rule in snapshot.rules:
        targets: list[str] = []
        for target in rule.show:
            if target.startswith("tag:"):
                targets.extend(card.id for card in by_tag.get(target[4:].lower(), []))
            elif target in snapshot.cards:
                targets.append(target)
        source = str(rule.path)
        for card_id in dict.fromkeys(targets):
            for trigger in rule.triggers:
                yield IndexedTrigger(card_id, trigger, source)
