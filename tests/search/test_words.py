"""Words, inflections, synonyms and corrections against a vocabulary."""

from __future__ import annotations

from pathlib import Path

from cuecard.search.plan import Kind, Planner, plan_query
from cuecard.search.synonyms import SYNONYM_GROUPS
from cuecard.search.vocab import Vocabulary, allowed_edits, load_vocabulary
from cuecard.search.words import fold, inflections, is_stop_word, synonyms, words
from tests.search.conftest import COMMANDS, build


def test_words_fold_like_the_index() -> None:
    assert words("Café-Crème ssh_keygen  Python3") == ["cafe", "creme", "ssh", "keygen", "python3"]
    assert fold("ÉLAN") == "elan"


def test_inflections_reach_the_base_and_other_forms() -> None:
    assert {"log", "logging", "logged"} <= inflections("logs")
    assert {"user"} <= inflections("users")
    assert {"view", "views", "viewed"} <= inflections("viewing")
    assert {"run", "runs"} <= inflections("running")
    assert {"create", "creates", "creation"} <= inflections("created")
    assert {"entry"} <= inflections("entries")
    assert "logs" not in inflections("logs") and inflections("ls") == frozenset()


def test_synonyms_are_symmetric_and_general() -> None:
    assert "show" in synonyms("view") and "view" in synonyms("show")
    assert {"remove", "erase"} <= synonyms("delete")
    for group in SYNONYM_GROUPS:
        assert 2 <= len(group) <= 8, group  # true synonyms, not topic lists
        for word in group:
            assert group - {word} <= synonyms(word)


def test_stop_words() -> None:
    assert all(is_stop_word(w) for w in ("a", "the", "how", "to"))
    assert not any(is_stop_word(w) for w in ("user", "create", "log"))


def test_edits_allowed_by_length() -> None:
    assert [allowed_edits("x" * n) for n in (1, 2, 3, 5, 6, 12)] == [0, 0, 1, 1, 2, 2]


def vocabulary() -> Vocabulary:
    counts = {"git": 40, "gti": 1, "tar": 9, "star": 30, "tart": 2, "tara": 5, "docker": 5}
    counts |= {"dockers": 1}
    counts |= {"python": 7, "python3": 3, "pton": 1, "ar": 50, "at": 90}
    return Vocabulary(counts, ("git", "tar", "docker", "python3"))


def test_a_transposition_is_one_edit() -> None:
    found = [c.word for c in vocabulary().corrections("gti")]
    assert found[0] == "git"


def test_corrections_prefer_fewest_edits_then_titles_then_common_words() -> None:
    found = vocabulary().corrections("tarr")
    # One edit each ('star' is two away): the title word first, then the commoner word.
    assert [c.word for c in found] == ["tar", "tara", "tart"]
    assert all(c.edits == 1 for c in found)
    assert [c.word for c in vocabulary().corrections("pyhton")][:1] == ["python"]
    assert vocabulary().corrections("ra") == ()  # two letters: no edits
    assert all(len(c.word) > 2 for c in vocabulary().corrections("tarr"))


def test_a_stop_word_is_no_correction_unless_it_is_a_name() -> None:
    # 'it' stands for nothing a person searches for; 'who' is also a command's name.
    words = Vocabulary({"it": 90, "get": 3, "who": 4, "whom": 2, "gist": 1}, ("who",))
    assert [c.word for c in words.corrections("git")] == ["get", "gist"]
    assert [c.word for c in words.corrections("woh")] == ["who"]


def test_a_form_no_card_uses_still_brings_its_synonyms() -> None:
    # No card says 'hotkey' or 'hotkeys'; the synonym of the singular is 'shortcut'.
    words = Vocabulary({"shortcut": 4, "shortcuts": 6}, ())
    [group] = plan_query("hotkeys ", words).groups
    found = {a.word: a.kind for a in group.alternatives}
    assert found.get("shortcut") is Kind.SYNONYM


def test_only_words_not_meant_are_corrected() -> None:
    planner = Planner(vocabulary())
    [git] = planner.plan("git ").groups
    assert [a.kind for a in git.alternatives] == [Kind.TYPED]  # a title word is meant
    [typo] = planner.plan("dokcer").groups
    assert [(a.word, a.kind) for a in typo.alternatives][:2] == [
        ("dokcer", Kind.TYPED),
        ("docker", Kind.CORRECTION),  # one edit, ahead of 'dockers' (two)
    ]


def test_plans_are_bounded() -> None:
    plan = plan_query(" ".join(f"word{n}" for n in range(500)), vocabulary())
    assert len(plan.groups) <= 12
    assert all(len(g.alternatives) <= 24 for g in plan.groups)
    assert plan_query("x" * 10_000, vocabulary()).groups == ()


def test_vocabulary_is_read_from_the_index(tmp_path: Path) -> None:
    build(tmp_path / "c", tmp_path / "i.sqlite", COMMANDS)
    read = load_vocabulary(tmp_path / "i.sqlite")
    assert read is not None
    assert read.in_title("journalctl") and not read.in_title("journal")
    assert read.cards_with("user") >= 2
    assert [c.word for c in read.corrections("jounralctl")] == ["journalctl"]
    assert load_vocabulary(tmp_path / "missing.sqlite") is None
