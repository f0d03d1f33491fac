"""The content library: every card of every root, with override order and cross-checks.

`ContentLibrary` owns mutable per-file state behind a lock and publishes immutable
`LibrarySnapshot`s. `load()` indexes all roots (using the `IndexCache` when given);
`apply_changes(paths)` re-reads only what changed. Both are safe off the GUI thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cuecard.content.cache import IndexCache
from cuecard.content.confine import outside_root, refused_link
from cuecard.content.pack import PackMeta, is_meta_file, load_pack_meta
from cuecard.content.parallel import parse_chunks
from cuecard.content.parse import ParsedCard, compact_card, file_signature, is_card_file
from cuecard.content.scan import is_skipped, reached_by_scan, scan_card_files
from cuecard.memory import return_freed_memory
from cuecard.models import (
    Card,
    LearningPath,
    Level,
    PackInfo,
    Problem,
    RootSummary,
    Rule,
    Sprint,
)


@dataclass(frozen=True)
class LibrarySnapshot:
    """An immutable view of the library at one moment."""

    cards: Mapping[str, Card] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    roots: tuple[RootSummary, ...] = ()
    rules: tuple[Rule, ...] = ()
    paths: tuple[LearningPath, ...] = ()
    sprints: tuple[Sprint, ...] = ()
    generation: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.level is Level.ERROR)

    def card_at(self, path: Path) -> Card | None:
        return next((card for card in self.cards.values() if card.path == path), None)


@dataclass
class _Root:
    path: Path
    meta: PackMeta
    entries: dict[Path, ParsedCard] = field(default_factory=dict)
    effective: dict[Path, Card] = field(default_factory=dict)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic GC while indexing, then freeze what was built.

    Indexing allocates hundreds of thousands of acyclic objects; each full collection
    would walk all of them with the GIL held (100 ms and more, measured), freezing the
    GUI thread. Frozen objects are never walked again, which also keeps idle CPU at zero.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()
        return_freed_memory()  # the parse's temporary heap: about 60 MB for 10,000 cards


def _compacted(parsed: ParsedCard) -> ParsedCard:
    if parsed.card is None:
        return parsed
    return dataclasses.replace(parsed, card=compact_card(parsed.card))


class ContentLibrary:
    """All content roots, in override order (a later root wins for the same id)."""

    def __init__(
        self,
        roots: Sequence[Path],
        cache: IndexCache | None = None,
        default_review_every_days: int | None = None,
        parallel: bool = True,
        owns_cache: bool = False,
    ) -> None:
        """`owns_cache`: this library's roots are the only ones `cache` keeps (the running
        app's library; commands share its cache with other roots and leave it be)."""
        self.root_paths = tuple(Path(os.path.abspath(root)) for root in roots)
        self._cache = cache
        self._owns_cache = owns_cache
        self._default_review = default_review_every_days
        self._parallel = parallel
        self._lock = threading.RLock()
        self._roots: list[_Root] = []
        self._snapshot = LibrarySnapshot()

    @property
    def snapshot(self) -> LibrarySnapshot:
        return self._snapshot

    def load(self) -> LibrarySnapshot:
        """Index every root from scratch (cached files are not re-parsed)."""
        with self._lock, _collector_paused():
            self._forget_other_roots()
            self._roots = [self._new_root(path) for path in self.root_paths]
            return self._publish()

    def set_roots(self, roots: Sequence[Path]) -> LibrarySnapshot:
        """Change the roots at run time (a content folder made while the app runs):
        new roots are indexed, dropped ones forgotten, the others kept as they are."""
        with self._lock, _collector_paused():
            kept = {root.path: root for root in self._roots}
            self.root_paths = tuple(Path(os.path.abspath(root)) for root in roots)
            self._forget_other_roots()
            self._roots = [kept.get(path) or self._new_root(path) for path in self.root_paths]
            return self._publish()

    def _forget_other_roots(self) -> None:
        if self._owns_cache and self._cache is not None:
            self._cache.keep_only_roots(self.root_paths)

    def _new_root(self, path: Path) -> _Root:
        root = _Root(path, load_pack_meta(path))
        scan = scan_card_files(path)
        self._index_files(root, scan.files, full_scan=True)
        self._refuse(root, scan.escaped)
        return root

    def apply_changes(self, changed: Iterable[Path]) -> LibrarySnapshot:
        """Re-read files or folders that were created, modified, moved or deleted."""
        with self._lock:
            reached: dict[tuple[Path, Path], bool] = {}  # see reached_by_scan
            for path in {Path(os.path.abspath(p)) for p in changed}:
                for root in self._roots:
                    if path == root.path or (
                        path.is_relative_to(root.path) and not is_skipped(path, root.path)
                    ):
                        self._apply_one(root, path, reached)
            return self._publish()

    def _apply_one(self, root: _Root, path: Path, reached: dict[tuple[Path, Path], bool]) -> None:
        if is_meta_file(path, root.path) or path == root.path:
            root.meta = load_pack_meta(root.path)
            root.effective = {
                p: self._effective(e.card, root.meta.info)
                for p, e in root.entries.items()
                if e.card
            }
            if path != root.path:
                return

        def below() -> list[Path]:  # not for a single file: it walks every entry
            return [p for p in root.entries if p.is_relative_to(path)]

        if path != root.path and not reached_by_scan(path.parent, root.path, reached):
            # Below a folder link, which a scan never follows: as if it were not there.
            self._remove(root, below())
        elif path != root.path and path.is_symlink() and path.is_dir():
            self._remove(root, below())
            target = outside_root(path, root.path)
            if target is not None:
                self._refuse(root, [(path, target)])
        elif path.is_dir():
            scan = scan_card_files(path, root.path)
            self._remove(root, set(below()) - set(scan.files) - {p for p, _ in scan.escaped})
            # Only new or changed files: a folder event must not re-parse its whole subtree.
            self._index_files(
                root, [p for p in scan.files if not _unchanged(root, p)], full_scan=False
            )
            self._refuse(root, scan.escaped)
        elif is_card_file(path):
            target = outside_root(path, root.path) if path.is_symlink() else None
            if file_signature(path) is None:
                self._remove(root, [path])
            elif target is not None:
                self._refuse(root, [(path, target)])
            else:
                self._index_files(root, [path], full_scan=False)
        else:
            # A folder that disappeared: drop everything that was below it.
            self._remove(root, below())

    def _refuse(self, root: _Root, escaped: Iterable[tuple[Path, Path]]) -> None:
        """Record links that leave the root as errors; nothing of theirs is read or cached."""
        refused = list(escaped)
        self._remove(root, [path for path, _ in refused])
        for path, target in refused:
            what = "not read" if path.is_dir() else "card not loaded"
            root.entries[path] = ParsedCard(None, (refused_link(path, target, what),))

    def _remove(self, root: _Root, paths: Iterable[Path]) -> None:
        gone = [path for path in paths if path in root.entries]
        for path in gone:
            root.entries.pop(path, None)
            root.effective.pop(path, None)
        if gone and self._cache is not None:
            self._cache.forget(gone)

    def _index_files(self, root: _Root, files: list[Path], full_scan: bool) -> None:
        cached = (
            self._cache.rows_for_root(root.path, {str(path): path for path in files})
            if self._cache and full_scan
            else {}
        )
        known: dict[Path, ParsedCard] = {}
        to_parse: list[Path] = []
        for path in files:
            signature = file_signature(path)
            if signature is None:
                continue
            hit = cached.get(str(path))
            if hit and hit[2] is not None and (hit[0], hit[1]) == signature:
                known[path] = hit[2]
            else:
                to_parse.append(path)
        fresh: list[tuple[Path, ParsedCard]] = []
        cache_path = self._cache.path if self._cache and self._cache.available else None
        for chunk in parse_chunks(to_parse, root.path, self._parallel, cache_path):
            start = len(fresh)
            paths = to_parse[start : start + len(chunk.cards)]
            pairs = [
                (path, _compacted(parsed)) for path, parsed in zip(paths, chunk.cards, strict=True)
            ]
            if self._cache is not None and not chunk.cached:
                # Written while the workers parse the next chunks.
                self._cache.store(root.path, [p for _, p in pairs], paths)
            fresh.extend(pairs)
        known.update(fresh)
        for path in files:
            parsed = known.get(path)
            if parsed is None:
                continue
            root.entries[path] = parsed
            if parsed.card is not None:
                root.effective[path] = self._effective(parsed.card, root.meta.info)
            else:
                root.effective.pop(path, None)
        if full_scan and self._cache is not None:
            stale = set(cached) - {str(path) for path in files}
            if stale:
                self._cache.forget(Path(p) for p in stale)
        for path, parsed in fresh:
            if (parsed.plain_text or parsed.commands) and root.entries.get(path) is parsed:
                # The plain text and commands only feed the cache (for search); don't hold
                # them twice.
                root.entries[path] = dataclasses.replace(parsed, plain_text="", commands=())

    def _effective(self, card: Card, pack: PackInfo) -> Card:
        review = card.review_every_days or pack.review_every_days or self._default_review
        if (
            (card.owner or not pack.owner)
            and (card.audience or not pack.audience)
            and (review == card.review_every_days)
        ):
            return card
        return dataclasses.replace(
            card,
            owner=card.owner or pack.owner,
            audience=card.audience or pack.audience,
            review_every_days=review,
        )

    def _publish(self) -> LibrarySnapshot:
        cards: dict[str, Card] = {}
        winner_root: dict[str, Path] = {}
        problems: list[Problem] = []
        summaries = []
        for root in self._roots:
            problems.extend(root.meta.problems)
            in_root: dict[str, Card] = {}
            for path, parsed in root.entries.items():
                problems.extend(parsed.problems)
                card = root.effective.get(path)
                if card is None:
                    continue
                other = in_root.get(card.id)
                if other is not None:
                    first, second = sorted((other, card), key=lambda c: str(c.path))
                    problems.append(
                        Problem(
                            second.path,
                            root.entries[second.path].line_of("id"),
                            Level.ERROR,
                            f"duplicate id '{card.id}' (also {first.path}); this card is ignored",
                        )
                    )
                    in_root[card.id] = first
                else:
                    in_root[card.id] = card
            for card_id, card in in_root.items():
                if card_id in cards:
                    problems.append(
                        Problem(
                            cards[card_id].path,
                            0,
                            Level.WARNING,
                            f"id '{card_id}' is overridden by {card.path} (root {root.path})",
                        )
                    )
                cards[card_id] = card
                winner_root[card_id] = root.path
            summaries.append(
                RootSummary(
                    root.path,
                    len(in_root),
                    len(root.entries) + len(root.meta.files),
                    root.meta.info,
                )
            )
        problems.extend(self._reference_problems(cards))
        self._snapshot = LibrarySnapshot(
            cards=cards,
            problems=tuple(problems),
            roots=tuple(summaries),
            rules=tuple(rule for root in self._roots for rule in root.meta.rules),
            paths=tuple(p for root in self._roots for p in root.meta.paths),
            sprints=tuple(s for root in self._roots for s in root.meta.sprints),
            generation=self._snapshot.generation + 1,
        )
        return self._snapshot

    def _reference_problems(self, cards: Mapping[str, Card]) -> list[Problem]:
        problems = []
        for card in cards.values():
            for required in card.requires:
                if required not in cards:
                    line = self._line_of(card, "requires")
                    problems.append(
                        Problem(
                            card.path, line, Level.ERROR, f"requires unknown card id '{required}'"
                        )
                    )
        tags = {tag for card in cards.values() for tag in card.tags}
        for root in self._roots:
            for rule in root.meta.rules:
                for target in rule.show:
                    known = (
                        target[4:].lower() in tags
                        if target.startswith("tag:")
                        else (target in cards)
                    )
                    if not known:
                        problems.append(
                            Problem(
                                rule.path,
                                rule.line,
                                Level.ERROR,
                                f"rule shows unknown {_what(target)}",
                            )
                        )
            for learning_path in root.meta.paths:
                problems.extend(
                    Problem(learning_path.path, 0, Level.ERROR, f"path names unknown card '{c}'")
                    for c in learning_path.cards
                    if c not in cards
                )
            for sprint in root.meta.sprints:
                problems.extend(
                    Problem(sprint.path, 0, Level.ERROR, f"sprint names unknown card '{c}'")
                    for c in sprint.cards
                    if c not in cards
                )
        return problems

    def _line_of(self, card: Card, key: str) -> int:
        for root in self._roots:
            parsed = root.entries.get(card.path)
            if parsed is not None:
                return parsed.line_of(key)
        return 0


def _unchanged(root: _Root, path: Path) -> bool:
    previous = root.entries.get(path)
    return (
        previous is not None
        and previous.card is not None
        and (previous.card.size, previous.card.mtime_ns) == file_signature(path)
    )


def _what(target: str) -> str:
    return f"tag '{target[4:]}'" if target.startswith("tag:") else f"card id '{target}'"
