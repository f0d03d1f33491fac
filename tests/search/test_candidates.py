"""The candidate pools: card sets of a query's words kept from one keystroke to the next,
and cards named by one of a task's words."""

from __future__ import annotations

from pathlib import Path

from cuecard.models import Card
from cuecard.search.candidates import GROUP_MEMO, FieldMatches, GroupMemo
from cuecard.search.fields import FieldIndex
from cuecard.search.plan import Alternative, Kind, QueryPlan, WordGroup


def card(title: str, summary: str) -> Card:
    path = Path(f"/c/{title}.md")
    return Card(id=title, title=title, path=path, root=Path("/c"), summary=summary)


CARDS = {
    c.id: c
    for c in (card("tar", "Archive files."), card("zip", "Pack files."), card("edit", "An editor."))
}


def group(word: str, prefix: bool = False) -> WordGroup:
    return WordGroup(word, (Alternative(word, Kind.TYPED, 1.0, prefix),), known=True)


def plan(*groups: WordGroup) -> QueryPlan:
    return QueryPlan(groups)


def test_earlier_words_sets_are_kept_for_the_next_keystroke() -> None:
    index = FieldIndex(CARDS)
    memo = GroupMemo(index)
    first = memo.sets(group("files"))
    assert memo.sets(group("files")) is first  # the same word on the next keystroke
    assert memo.sets(group("files", prefix=True)) is not first  # still being typed: another
    matches = FieldMatches(plan(group("files"), group("archive")), index, CARDS, memo)
    assert [c.title for c in matches.complete(5)] == ["tar"]


def test_the_least_recently_used_word_is_let_go() -> None:
    memo = GroupMemo(FieldIndex(CARDS))
    kept = memo.sets(group("w0"))
    for n in range(1, GROUP_MEMO):
        memo.sets(group(f"w{n}"))
    assert memo.sets(group("w0")) is kept  # used again: now the most recent
    memo.sets(group("new"))  # evicts w1, the least recently used
    assert memo.sets(group("w0")) is kept
    first_of_w1 = memo.sets(group("w1"))
    assert memo.sets(group("w1")) is first_of_w1


def test_a_memo_of_another_index_is_not_used() -> None:
    old = FieldIndex(CARDS)
    memo = GroupMemo(old)
    memo.sets(group("files"))
    newer = {**CARDS, "gzip": card("gzip", "Compress files.")}
    matches = FieldMatches(plan(group("files")), FieldIndex(newer), newer, memo)
    assert "gzip" in [c.title for c in matches.complete(5)]


def test_cards_named_by_a_word_are_found_by_their_whole_title() -> None:
    library = {**CARDS, "edit tool": card("edit tool", "Edits.")}
    matches = FieldMatches(plan(group("edit"), group("file")), FieldIndex(library), library)
    assert [c.title for c in matches.named_by_a_word()] == ["edit"]
