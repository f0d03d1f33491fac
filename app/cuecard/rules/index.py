"""The trigger index: app name first (a dict lookup), then RE2 sets of title and class
patterns per app, so one window change costs a few set scans, not one regex per trigger.

Triggers with element fields (`dialog`, `control`, `role`) match the window the same
way and then the focused element: their dialog and control patterns are RE2 sets too,
scanned only when such a trigger fits the window. `follows_focus` tells the app whether
the active window has any such trigger, so it listens to focus changes only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import re2

from cuecard.content.library import LibrarySnapshot
from cuecard.content.patterns import re2_options, split_pattern
from cuecard.models import Card, ElementPattern, FocusedElement, Trigger

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
        element = t.element
        if element is not None:
            spec += (element.dialog is not None) + (element.control is not None)
            spec += bool(element.roles)
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
    # Triggers with element fields, and their dialog and control patterns (made only
    # in the buckets that have such triggers: most have none).
    elements: dict[int, ElementPattern] = field(default_factory=dict)
    dialogs: _PatternSet | None = None
    controls: _PatternSet | None = None

    def add(self, item: IndexedTrigger) -> None:
        index = len(self.triggers)
        self.card_ids.append(item.card_id)
        self.triggers.append(item.trigger)
        if item.source != "card":
            self.sources[index] = item.source
        element = item.trigger.element
        if element is not None and not self._add_element(element, index):
            return  # a pattern RE2 refuses: lint reports it, the trigger never matches
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

    def _add_element(self, element: ElementPattern, index: int) -> bool:
        if self.dialogs is None or self.controls is None:
            self.dialogs, self.controls = _PatternSet(), _PatternSet()
        if element.dialog is not None and not self.dialogs.add(element.dialog, index):
            return False
        if element.control is not None and not self.controls.add(element.control, index):
            return False
        self.elements[index] = element
        return True

    def compile(self) -> None:
        for patterns in (self.titles, self.classes, self.dialogs, self.controls):
            if patterns is not None:
                patterns.compile()

    def window_hits(self, title: str, window_class: str) -> set[int]:
        """The triggers whose app, title and class fit (element fields not looked at)."""
        # (T ∪ anyT) ∩ (C ∪ anyC), computed from the small matched sets T and C only:
        # anyT/anyC can hold thousands of triggers (e.g. every class-only trigger).
        titles = self.titles.matching_owners(title)
        classes = self.classes.matching_owners(window_class)
        any_title, any_class = self.any_title, self.any_class
        found = {i for i in titles if i in classes or i in any_class}
        found.update(i for i in classes if i in any_title)
        found.update(self.always)
        return found

    def follows_focus(self, title: str, window_class: str) -> bool:
        elements = self.elements
        return bool(elements) and any(i in elements for i in self.window_hits(title, window_class))

    def match(
        self, title: str, window_class: str, element: FocusedElement | None
    ) -> list[IndexedTrigger]:
        found = self.window_hits(title, window_class)
        if self.elements:
            self._filter_elements(found, element)
        card_ids, triggers, sources = self.card_ids, self.triggers, self.sources
        return [IndexedTrigger(card_ids[i], triggers[i], sources.get(i, "card")) for i in found]

    def _filter_elements(self, found: set[int], element: FocusedElement | None) -> None:
        """Drop the element triggers in `found` that the focused element does not fit."""
        elements = self.elements
        pending = [i for i in found if i in elements]
        if not pending:
            return
        if element is None:
            found.difference_update(pending)
            return
        assert self.dialogs is not None and self.controls is not None  # made with `elements`
        dialog = element.dialog
        dialogs = self.dialogs.matching_owners(dialog) if dialog is not None else set()
        controls = self.controls.matching_owners(element.name)
        for i in pending:
            pattern = elements[i]
            if not (
                (pattern.dialog is None or i in dialogs)
                and (pattern.control is None or i in controls)
                and (not pattern.roles or element.role in pattern.roles)
            ):
                found.discard(i)


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
            bucket.compile()
        self.has_element_triggers = any(b.elements for b in self._buckets.values())

    @classmethod
    def from_snapshot(cls, snapshot: LibrarySnapshot) -> TriggerIndex:
        return cls(triggers_of(snapshot))

    def _buckets_for(self, app: str) -> Iterator[_Bucket]:
        app = app.lower()
        for key in (app, ANY_APP) if app else (ANY_APP,):
            bucket = self._buckets.get(key)
            if bucket is not None:
                yield bucket

    def match(
        self, app: str, title: str, window_class: str, element: FocusedElement | None = None
    ) -> list[IndexedTrigger]:
        """Every trigger that fits the window and, for triggers with element fields, the
        focused element (a card may appear more than once). Whole texts are matched:
        RE2 sets take time linear in their length."""
        hits: list[IndexedTrigger] = []
        for bucket in self._buckets_for(app):
            hits.extend(bucket.match(title, window_class, element))
        return hits

    def follows_focus(self, app: str, title: str, window_class: str) -> bool:
        """True when a trigger with element fields fits this window: only then does the
        app need to know the focused element (and listen to focus changes)."""
        return any(b.follows_focus(title, window_class) for b in self._buckets_for(app))


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
