"""Words related in meaning: the table's reader, the shipped table's contract, and the
bridge in planning and search (a card found by a related word ranks below one holding
the typed word)."""

from __future__ import annotations

import gzip
from pathlib import Path

from cuecard.search.plan import QUALITY, SYNONYM_FORM, Kind, plan_query
from cuecard.search.related import RelatedWord, RelatedWords, bundled_related_words
from cuecard.search.vocab import Vocabulary
from cuecard.search.words import STOP_WORDS
from tests.search.test_ranking import search


def write_table(path: Path, text: str) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as table:
        table.write(text)
    return path


def test_a_word_reads_as_its_neighbours_nearest_first(tmp_path: Path) -> None:
    table = RelatedWords.read(write_table(tmp_path / "t.gz", "folder\tdirectory:80 files:69\n"))
    assert table.of("folder") == (RelatedWord("directory", 0.8), RelatedWord("files", 0.69))
    assert table.of("banana") == ()


def test_entries_that_do_not_parse_are_skipped(tmp_path: Path) -> None:
    path = write_table(
        tmp_path / "t.gz", "folder\tdirectory:80 :70 files: dir:x² path:63\nno-tab\n"
    )
    table = RelatedWords.read(path)
    assert table.of("folder") == (RelatedWord("directory", 0.8), RelatedWord("path", 0.63))
    assert len(table) == 1


def test_a_missing_or_broken_table_reads_as_empty(tmp_path: Path) -> None:
    assert len(RelatedWords.read(tmp_path / "missing.gz")) == 0
    (tmp_path / "broken.gz").write_bytes(b"\x1f\x8b\x08not gzip at all")
    assert len(RelatedWords.read(tmp_path / "broken.gz")) == 0


def test_the_shipped_table_keeps_its_contract() -> None:
    table = bundled_related_words()
    assert len(table) > 20_000
    for word in ("folder", "password", "remove"):
        near = table.of(word)
        assert 0 < len(near) <= 12
        similarities = [n.similarity for n in near]
        assert similarities == sorted(similarities, reverse=True)
        assert all(0.55 <= s <= 1.0 for s in similarities)
        assert not {n.word for n in near} & STOP_WORDS
    assert "directory" in {n.word for n in table.of("folder")}


def test_a_related_word_of_the_index_ranks_below_synonyms() -> None:
    vocabulary = Vocabulary({"credentials": 3, "password": 1}, ["credentials"])
    related = RelatedWords({"password": "credentials:58 banana:70"})
    (group,) = plan_query("password", vocabulary, related).groups
    by_word = {a.word: a for a in group.alternatives}
    assert by_word["credentials"].kind is Kind.RELATED
    assert by_word["credentials"].quality == QUALITY[Kind.RELATED] * 0.58
    assert by_word["credentials"].quality < QUALITY[Kind.SYNONYM] * SYNONYM_FORM
    assert "banana" not in by_word  # no card holds it
    (bare,) = plan_query("password", vocabulary).groups  # no table: no bridge
    assert [a.word for a in bare.alternatives] == ["password"]


def test_search_crosses_from_the_typed_word_to_the_authors(tmp_path: Path) -> None:
    # 'password' is nowhere in the vault card: its summary says 'credentials' (related in
    # meaning, not a curated synonym). The card holding the typed word comes first.
    cards = {
        "vault": ("Keep credentials in an encrypted store.", "Open it: vault open"),
        "passwd": ("Change the password of a user.", "Change your own: passwd"),
        "weather": ("Show the forecast.", "weather Paris"),
    }
    assert search(tmp_path, cards, "password")[:2] == ["passwd", "vault"]
