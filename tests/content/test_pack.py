"""pack.py and its checks in the library: pack.yaml defaults, rules.yaml, paths, sprints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.pack import is_meta_file, load_pack_meta
from cuecard.models import Level, PackInfo, Trigger
from tests.content.helpers import found, messages, write

CARD = "# {0}\n\nBody of {0}.\n"


def make_root(root: Path, **cards: str) -> Path:
    for name, text in cards.items():
        write(root / f"{name}.md", text)
    return root


def load(*roots: Path, default_review: int | None = None) -> LibrarySnapshot:
    return ContentLibrary(list(roots), default_review_every_days=default_review).load()


def problems_of(snapshot: LibrarySnapshot, path: Path) -> list[tuple[int, str, str]]:
    return found([p for p in snapshot.problems if p.path == path])


class TestPackYaml:
    def test_info_is_read(self, tmp_path: Path) -> None:
        write(
            tmp_path / "pack.yaml",
            "name: Office\nversion: 1.2\nowner: it@x.org\nreview_every: 12w\naudience: [staff]\n",
        )
        meta = load_pack_meta(tmp_path)
        assert meta.info == PackInfo("Office", "1.2", "it@x.org", 84, ("staff",))
        assert meta.problems == ()

    def test_missing_pack_files_are_fine(self, tmp_path: Path) -> None:
        meta = load_pack_meta(tmp_path)
        assert (meta.info, meta.rules, meta.paths, meta.sprints, meta.problems) == (
            PackInfo(),
            (),
            (),
            (),
            (),
        )

    def test_defaults_apply_only_to_cards_lacking_them(self, tmp_path: Path) -> None:
        write(tmp_path / "pack.yaml", "owner: pack@x\nreview_every: 30d\naudience: [staff]\n")
        make_root(
            tmp_path,
            plain=CARD.format("Plain"),
            own="---\nowner: me@x\nreview_every: 7d\naudience: [finance]\n---\nbody",
        )
        cards = load(tmp_path, default_review=365).cards
        assert (
            cards["plain"].owner,
            cards["plain"].review_every_days,
            cards["plain"].audience,
        ) == ("pack@x", 30, ("staff",))
        assert (cards["own"].owner, cards["own"].review_every_days, cards["own"].audience) == (
            "me@x",
            7,
            ("finance",),
        )

    def test_configured_default_review_when_pack_has_none(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"))
        card = load(tmp_path, default_review=180).cards["a"]
        assert (card.review_every_days, card.owner, card.audience) == (180, None, ())

    def test_broken_pack_yaml_is_an_error(self, tmp_path: Path) -> None:
        pack = write(tmp_path / "pack.yaml", "name: [unclosed\n")
        make_root(tmp_path, a=CARD.format("A"))
        snapshot = load(tmp_path)
        [(line, level, message)] = problems_of(snapshot, pack)
        assert level == "error" and message.startswith("unparseable YAML") and line >= 1
        assert "a" in snapshot.cards

    def test_pack_yaml_not_a_mapping(self, tmp_path: Path) -> None:
        write(tmp_path / "pack.yaml", "- a\n")
        assert messages(load_pack_meta(tmp_path).problems) == ["expected a mapping of keys"]

    def test_pack_yaml_wrong_type_is_reported(self, tmp_path: Path) -> None:
        write(tmp_path / "pack.yaml", "name: P\nreview_every: often\n")
        meta = load_pack_meta(tmp_path)
        assert meta.info.review_every_days is None
        assert found(meta.problems)[0][:2] == (2, "warning")


class TestRules:
    def test_rules_list(self, tmp_path: Path) -> None:
        rules = write(
            tmp_path / "rules.yaml",
            "- when: {app: Code.exe}\n  show: [a, 'tag:git']\n"
            "- when: [{title: '*Terminal*'}]\n  show: a\n",
        )
        [first, second] = load_pack_meta(tmp_path).rules
        assert (first.triggers, first.show, first.path, first.line) == (
            (Trigger(("code",), None, None, 1),),
            ("a", "tag:git"),
            rules,
            1,
        )
        assert (second.triggers[0].title, second.show, second.line) == ("*Terminal*", ("a",), 3)

    def test_rules_under_a_rules_key(self, tmp_path: Path) -> None:
        write(tmp_path / "rules.yaml", "rules:\n  - when: {app: x}\n    show: [a]\n")
        [rule] = load_pack_meta(tmp_path).rules
        assert (rule.show, rule.line) == (("a",), 2)

    def test_unknown_ids_and_tags_are_errors(self, tmp_path: Path) -> None:
        make_root(tmp_path, a="---\ntags: [Git]\n---\nbody")
        rules = write(
            tmp_path / "rules.yaml", "- when: {app: x}\n  show: [a, ghost, 'tag:git', 'tag:nope']\n"
        )
        assert problems_of(load(tmp_path), rules) == [
            (1, "error", "rule shows unknown card id 'ghost'"),
            (1, "error", "rule shows unknown tag 'nope'"),
        ]

    def test_bad_regex_in_rules_is_an_error(self, tmp_path: Path) -> None:
        write(tmp_path / "rules.yaml", "- when: {app: x, class: 're:a{2,1}'}\n  show: [a]\n")
        meta = load_pack_meta(tmp_path)
        [(line, level, message)] = found(meta.problems)
        assert (line, level) == (1, "error")
        assert message.startswith("trigger 'class' regex does not compile")
        assert meta.rules[0].triggers == (Trigger(("x",), None, None, 1),)

    def test_rule_without_show_is_an_error(self, tmp_path: Path) -> None:
        write(tmp_path / "rules.yaml", "- when: {app: x}\n- 5\n")
        assert found(load_pack_meta(tmp_path).problems) == [
            (1, "error", "each rule needs 'when' and 'show'"),
            (2, "error", "each rule needs 'when' and 'show'"),
        ]

    def test_rules_not_a_list(self, tmp_path: Path) -> None:
        write(tmp_path / "rules.yaml", "when: x\n")
        assert messages(load_pack_meta(tmp_path).problems) == [
            "expected a list of {when, show} entries"
        ]


class TestPaths:
    def test_path_is_read_in_order(self, tmp_path: Path) -> None:
        make_root(tmp_path, b=CARD.format("B"), a=CARD.format("A"))
        file = write(
            tmp_path / "paths" / "week1.yaml",
            "name: First week\ndescription: Start here\ncards: [b, a]\n",
        )
        snapshot = load(tmp_path)
        [learning_path] = snapshot.paths
        assert (
            learning_path.name,
            learning_path.cards,
            learning_path.description,
            learning_path.path,
        ) == ("First week", ("b", "a"), "Start here", file)
        assert snapshot.problems == ()

    def test_unknown_cards_in_path_are_errors(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"))
        file = write(tmp_path / "paths" / "p.yaml", "name: P\ncards: [a, ghost]\n")
        assert problems_of(load(tmp_path), file) == [
            (0, "error", "path names unknown card 'ghost'")
        ]

    def test_path_needs_name_and_cards(self, tmp_path: Path) -> None:
        file = write(tmp_path / "paths" / "p.yaml", "description: x\n")
        snapshot = load(tmp_path)
        assert snapshot.paths == ()
        assert problems_of(snapshot, file) == [
            (1, "error", "a path needs 'name' and 'days' (or 'cards')")
        ]

    def test_path_days_are_read_day_by_day(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"), b=CARD.format("B"), c=CARD.format("C"))
        file = write(
            tmp_path / "paths" / "first-week.yaml",
            "name: First week\ndays:\n  - [a, b]\n  - c\n  - cards: [a]\n  - 5\n  - {x: 1}\n",
        )
        snapshot = load(tmp_path)
        [learning_path] = snapshot.paths
        assert (learning_path.id, learning_path.days, learning_path.cards) == (
            "first-week",
            (("a", "b"), ("c",), ("a",), ("5",)),
            ("a", "b", "c", "5"),
        )
        assert problems_of(snapshot, file) == [
            (7, "warning", "a day should be a list of card ids; ignored"),
            (0, "error", "path names unknown card '5'"),
        ]

    def test_flat_cards_are_spread_per_day(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"), b=CARD.format("B"), c=CARD.format("C"))
        write(tmp_path / "paths" / "p.yaml", "name: P\ncards: [a, b, c]\nper_day: 2\n")
        write(tmp_path / "paths" / "q.yaml", "name: Q\ncards: [c, a]\n")
        snapshot = load(tmp_path)
        assert [p.days for p in snapshot.paths] == [(("a", "b"), ("c",)), (("c",), ("a",))]
        assert snapshot.problems == ()

    def test_non_yaml_files_in_paths_are_ignored(self, tmp_path: Path) -> None:
        write(tmp_path / "paths" / "notes.txt", "not yaml: [")
        assert load_pack_meta(tmp_path).problems == ()


class TestSprints:
    @pytest.mark.parametrize(
        ("end", "ok"),
        [
            ("2026-01-13", False),
            ("2026-01-14", True),
            ("2026-01-21", True),
            ("2026-01-28", True),
            ("2026-01-29", False),
            ("2025-12-01", False),
        ],
    )
    def test_sprint_lasts_two_to_four_weeks(self, tmp_path: Path, end: str, ok: bool) -> None:
        file = write(
            tmp_path / "sprints" / "s.yaml",
            f"name: S\ngoal: G\nstart: 2026-01-01\nend: {end}\ntags: [git]\n",
        )
        meta = load_pack_meta(tmp_path)
        assert meta.sprints[0].end == date.fromisoformat(end)
        expected = [] if ok else [(4, "error", "a sprint lasts 2 to 4 weeks from start to end")]
        assert found([p for p in meta.problems if p.path == file]) == expected

    def test_sprint_fields(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"))
        write(
            tmp_path / "sprints" / "s.yaml",
            "name: Git\ngoal: Rebase\nstart: '2026-02-02'\nend: 2026-02-27\n"
            "cards: [a]\ntags: [Git]\n",
        )
        snapshot = load(tmp_path)
        [sprint] = snapshot.sprints
        assert (sprint.name, sprint.goal, sprint.start, sprint.end, sprint.cards, sprint.tags) == (
            "Git",
            "Rebase",
            date(2026, 2, 2),
            date(2026, 2, 27),
            ("a",),
            ("git",),
        )
        assert snapshot.problems == ()

    def test_unknown_cards_in_sprint_are_errors(self, tmp_path: Path) -> None:
        file = write(
            tmp_path / "sprints" / "s.yaml",
            "name: S\nstart: 2026-01-01\nend: 2026-01-20\ncards: [ghost]\n",
        )
        assert problems_of(load(tmp_path), file) == [
            (0, "error", "sprint names unknown card 'ghost'")
        ]

    def test_sprint_needs_dates_and_content(self, tmp_path: Path) -> None:
        write(tmp_path / "sprints" / "a.yaml", "name: S\nstart: soon\nend: 2026-01-20\n")
        write(tmp_path / "sprints" / "b.yaml", "name: S\nstart: 2026-01-01\nend: 2026-01-20\n")
        meta = load_pack_meta(tmp_path)
        assert [s.path.name for s in meta.sprints] == ["b.yaml"]
        assert [(p.path.name, p.level, p.message) for p in meta.problems] == [
            (
                "a.yaml",
                Level.WARNING,
                "'start' should be a date like 2026-12-01, got 'soon'; field ignored",
            ),
            (
                "a.yaml",
                Level.ERROR,
                "a sprint needs 'name' and either 'start' and 'end' or 'weeks'",
            ),
            ("b.yaml", Level.ERROR, "a sprint needs 'cards' or 'tags'"),
        ]


class TestSelfPacedSprints:
    def test_weeks_instead_of_dates(self, tmp_path: Path) -> None:
        make_root(tmp_path, a=CARD.format("A"))
        write(tmp_path / "sprints" / "focus.yaml", "name: F\ngoal: G\nweeks: 2\ncards: [a]\n")
        snapshot = load(tmp_path)
        [sprint] = snapshot.sprints
        assert (sprint.id, sprint.weeks, sprint.start, sprint.end) == ("focus", 2, None, None)
        assert snapshot.problems == ()

    @pytest.mark.parametrize("weeks", ["1", "5", "two", "true"])
    def test_weeks_must_be_two_to_four(self, tmp_path: Path, weeks: str) -> None:
        write(tmp_path / "sprints" / "s.yaml", f"name: S\nweeks: {weeks}\ntags: [x]\n")
        meta = load_pack_meta(tmp_path)
        assert meta.sprints == ()
        assert [p.message.split(",")[0] for p in meta.problems] == [
            "'weeks' should be 2",
            "a sprint needs 'name' and either 'start' and 'end' or 'weeks'",
        ]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("pack.yaml", True),
        ("rules.yaml", True),
        ("paths/a.yaml", True),
        ("sprints/b.yaml", True),
        ("paths/a.yml", False),
        ("sub/pack.yaml", False),
        ("a.md", False),
        ("paths/x/y.yaml", False),
    ],
)
def test_is_meta_file(tmp_path: Path, relative: str, expected: bool) -> None:
    assert is_meta_file(tmp_path / relative, tmp_path) is expected
    assert is_meta_file(Path("/elsewhere") / relative, tmp_path) is False
