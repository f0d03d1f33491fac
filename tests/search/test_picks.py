"""Search that learns from what a person opens: the memory, and the engine using it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cuecard.search.engine import SearchEngine
from cuecard.search.picks import PickMemory
from cuecard.store.picks import SearchPick
from tests.search.conftest import build

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def test_one_opening_counts_and_more_openings_count_a_little_more() -> None:
    memory = PickMemory()
    memory.add("View system logs", "journalctl")
    assert memory.weights("view  system logs") == {"journalctl": 1.0}
    memory.add("view system logs", "dmesg")
    memory.add("view system logs", "dmesg")
    assert memory.weights("view system logs") == {"journalctl": 1.0, "dmesg": 1.05}
    assert memory.weights("system logs") == {}, "other words are not these words"


def test_the_start_of_remembered_words_counts_half_from_four_characters() -> None:
    memory = PickMemory([SearchPick("view system logs", "journalctl", 1, WHEN)])
    assert memory.weights("view sys") == {"journalctl": 0.5}
    assert memory.weights("vie") == {}, "three characters start too many queries"
    memory.add("view sys", "dmesg")
    assert memory.weights("view sys") == {"dmesg": 1.0, "journalctl": 0.5}


def test_reading_the_record_keeps_what_was_noted_meanwhile_and_clear_forgets() -> None:
    memory = PickMemory()
    memory.add("tar", "tools/tar")
    memory.add("tar", "tools/tar")
    memory.replace([SearchPick("tar", "tools/tar", 1, WHEN), SearchPick("zip", "z", 1, WHEN)])
    assert memory.weights("tar") == {"tools/tar": 1.05}
    memory.clear()
    assert memory.weights("tar") == {} and memory.weights("zip") == {}


LIBRARY = {
    "journalctl": ("Query the systemd journal.", "Follow new messages: `journalctl -f`"),
    "logger": ("Add entries to the system log.", "Write a message: `logger hello`"),
    "syslog-view": ("View system logs in a window.", "Open it from the menu."),
    "sha256sum": ("Compute a checksum.", "Of a file: `sha256sum file.iso`"),
}


def test_a_card_picked_for_the_words_comes_first_found_or_not(tmp_path: Path) -> None:
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", LIBRARY)
    engine = SearchEngine(tmp_path / "i.sqlite")
    try:
        before = [h.card.title for h in engine.search("view system logs", snapshot.cards)]
        journal = next(c.id for c in snapshot.cards.values() if c.title == "journalctl")
        after = engine.search("view system logs", snapshot.cards, picked={journal: 1.0})
        devices = next(c.id for c in snapshot.cards.values() if c.title == "sha256sum")
        unrelated = engine.search("view system logs", snapshot.cards, picked={devices: 1.0})
    finally:
        engine.close()
    assert before[0] == "syslog-view" and "sha256sum" not in before
    assert after[0].card.title == "journalctl"
    assert unrelated[0].card.title == "sha256sum", "a picked card no word matches is still shown"
