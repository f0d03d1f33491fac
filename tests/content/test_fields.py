"""fields.py: typed front matter, wrong types dropped with file:line, foreign keys mapped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cuecard.models import Level, RecallPrompt, Trigger
from cuecard.textdata import parse_duration_days
from tests.content.helpers import card_of, found, messages, parse


class TestWrongTypes:
    def test_each_wrong_field_dropped_with_file_and_line(self) -> None:
        parsed = parse(
            "---\ntitle: Ok\nminutes: soon\nwhen: 5\ntags: {a: 1}\n---\n# Ok\n\nbody",
            name="calc/x.md",
        )
        card = parsed.card
        assert card is not None
        assert (card.title, card.minutes, card.triggers, card.tags) == ("Ok", None, (), ())
        lines = sorted(p.format() for p in parsed.problems)
        assert lines == [
            "/content/calc/x.md:3: warning: 'minutes' should be a positive number, "
            "got 'soon'; field ignored",
            "/content/calc/x.md:4: warning: 'when' should be a list of triggers "
            "({app, title, class}), got 5; field ignored",
            "/content/calc/x.md:5: warning: 'tags' should be a list of text, "
            "got {'a': 1}; field ignored",
        ]

    @pytest.mark.parametrize(
        ("yaml_line", "field"),
        [
            ("minutes: 0", "minutes"),
            ("minutes: true", "minutes"),
            ("minutes: -3", "minutes"),
            ("title: [a, b]", "title"),
            ("summary: {x: 1}", "summary"),
            ("kind: lesson", "kind"),
            ("video: ftp://e.org/v.mp4", "video"),
            ("reviewed: last week", "reviewed"),
            ("review_every: often", "review_every"),
            ("requires: 5", "requires"),
            ("audience: [[a]]", "audience"),
            ("recall: yes", "recall"),
            ("owner: [a]", "owner"),
        ],
    )
    def test_dropped_fields_are_warnings_not_errors(self, yaml_line: str, field: str) -> None:
        parsed = parse(f"---\nid: x\n{yaml_line}\n---\nbody")
        assert parsed.card is not None and parsed.card.id == "x"
        [problem] = parsed.problems
        assert (problem.line, problem.level, problem.code) == (3, Level.WARNING, field)
        assert problem.message.startswith(f"'{field}' should be")
        assert problem.message.endswith("field ignored")

    def test_long_values_are_shortened_in_messages(self) -> None:
        parsed = parse("---\nminutes: " + "z" * 100 + "\n---\nbody")
        [message] = messages(parsed.problems)
        assert "'zzzz" in message and "..." in message
        assert len(message) < 120


class TestUnknownAndForeignKeys:
    def test_unknown_keys_are_warnings_with_lines(self) -> None:
        parsed = parse("---\ntitle: A\nlayout: post\npermalink: /a/\n---\nbody")
        assert parsed.card is not None
        assert found(parsed.problems) == [
            (3, "warning", "unknown key 'layout' ignored"),
            (4, "warning", "unknown key 'permalink' ignored"),
        ]

    def test_category_becomes_a_tag(self) -> None:
        parsed = parse("---\ntags: [Basics]\ncategory: Spreadsheets\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.tags == ("basics", "spreadsheets")
        assert parsed.problems == ()

    def test_categories_list(self) -> None:
        assert card_of("---\ncategories: [a, b]\n---\nbody").tags == ("a", "b")

    @pytest.mark.parametrize("key", ["updated", "date", "lastmod", "last_modified"])
    def test_date_keys_become_reviewed(self, key: str) -> None:
        parsed = parse(f"---\n{key}: 2025-03-04\n---\nbody")
        assert parsed.card is not None and parsed.card.reviewed == date(2025, 3, 4)
        assert parsed.problems == ()

    def test_reviewed_wins_over_foreign_dates(self) -> None:
        text = "---\ndate: 2020-01-01\nreviewed: 2025-06-01\nupdated: 2024-01-01\n---\nbody"
        assert card_of(text).reviewed == date(2025, 6, 1)

    def test_jekyll_datetime_strings(self) -> None:
        assert card_of("---\ndate: 2024-01-02 10:00:00 +0100\n---\nb").reviewed == date(2024, 1, 2)
        assert card_of("---\ndate: '2024-01-02T23:00:00Z'\n---\nb").reviewed == date(2024, 1, 2)

    def test_bad_reviewed_falls_back_to_next_key(self) -> None:
        parsed = parse("---\nreviewed: soon\ndate: 2024-05-06\n---\nbody")
        assert parsed.card is not None and parsed.card.reviewed == date(2024, 5, 6)
        assert found(parsed.problems)[0][:2] == (2, "warning")

    def test_description_becomes_summary(self) -> None:
        assert card_of("---\ndescription: Short one.\n---\nbody").summary == "Short one."

    def test_summary_wins_over_description(self) -> None:
        assert card_of("---\nsummary: S\ndescription: D\n---\nbody").summary == "S"

    def test_keywords_list_and_comma_string(self) -> None:
        assert card_of("---\nkeywords: [Git, CLI]\n---\nbody").tags == ("git", "cli")
        assert card_of("---\nkeywords: 'git, rebase ,, CLI'\n---\nbody").tags == (
            "git",
            "rebase",
            "cli",
        )

    def test_tags_are_deduplicated_case_insensitively(self) -> None:
        assert card_of("---\ntags: [Git, git]\nkeywords: GIT, x\n---\nbody").tags == ("git", "x")

    def test_single_string_tag(self) -> None:
        assert card_of("---\ntags: basics\n---\nbody").tags == ("basics",)


class TestTriggers:
    def test_full_trigger_list(self) -> None:
        text = (
            "---\nwhen:\n  - app: [soffice.bin, SCALC]\n    title: '*LibreOffice Calc'\n"
            "  - app: Excel.EXE\n    class: '*calc*'\n---\nbody"
        )
        parsed = parse(text)
        assert parsed.card is not None
        assert parsed.card.triggers == (
            Trigger(("soffice.bin", "scalc"), "*LibreOffice Calc", None, 3),
            Trigger(("excel",), None, "*calc*", 5),
        )
        assert parsed.problems == ()

    def test_single_mapping_is_one_trigger(self) -> None:
        assert card_of("---\nwhen: {app: code}\n---\nbody").triggers == (
            Trigger(("code",), None, None, 2),
        )

    def test_bad_regex_is_an_error_and_card_loads(self) -> None:
        parsed = parse("---\nwhen:\n  - app: x\n    title: 're:(['\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.triggers == (Trigger(("x",), None, None, 3),)
        [(line, level, message)] = found(parsed.problems)
        assert (line, level) == (3, "error")
        assert message.startswith("trigger 'title' regex does not compile")

    def test_good_regex_is_kept(self) -> None:
        card = card_of("---\nwhen: [{title: 're:^Inbox \\(\\d+\\)'}]\n---\nbody")
        assert card.triggers[0].title == "re:^Inbox \\(\\d+\\)"

    def test_unknown_trigger_key_and_empty_trigger(self) -> None:
        parsed = parse("---\nwhen:\n  - app: x\n    url: y\n  - url: z\n  - 7\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.triggers == (Trigger(("x",), None, None, 3),)
        assert found(parsed.problems) == [
            (3, "warning", "unknown trigger key 'url' ignored"),
            (5, "warning", "unknown trigger key 'url' ignored"),
            (
                5,
                "warning",
                "trigger has no usable app, title, class, dialog, control or role; ignored",
            ),
            (
                6,
                "warning",
                "trigger must be a mapping of app, title, class, dialog, control or role; ignored",
            ),
        ]

    def test_wrong_typed_trigger_fields(self) -> None:
        parsed = parse("---\nwhen:\n  - app: {a: 1}\n    title: 5\n    class: x\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.triggers == (Trigger((), None, "x", 3),)
        assert messages(parsed.problems) == [
            "trigger 'app' should be a name or a list of names",
            "trigger 'title' should be text; ignored",
        ]


class TestOtherFields:
    def test_all_fields_of_the_contract_example(self) -> None:
        text = (
            "---\ntitle: Freeze the header row\nid: calc/freeze-header\nkind: card\n"
            "minutes: 2\nsummary: Keep column titles visible.\ntags: [spreadsheets, basics]\n"
            "audience: [new-hire, finance]\nvideo: https://example.org/clip.mp4\n"
            "owner: ana@example.org\nreviewed: 2026-09-01\nreview_every: 90d\n"
            "requires: [calc/basics]\nrecall:\n  - q: Which menu?\n    a: View\n---\n"
            "# Freeze the header row\n\nBody.\n\n## Select the row\nx\n"
        )
        parsed = parse(text)
        card = parsed.card
        assert card is not None and parsed.problems == ()
        assert (card.id, card.kind, card.minutes, card.summary) == (
            "calc/freeze-header",
            "card",
            2,
            "Keep column titles visible.",
        )
        assert card.audience == ("new-hire", "finance")
        assert (card.video, card.owner) == ("https://example.org/clip.mp4", "ana@example.org")
        assert (card.reviewed, card.review_every_days) == (date(2026, 9, 1), 90)
        assert card.requires == ("calc/basics",)
        assert card.recall == (RecallPrompt("Which menu?", "View"),)
        assert card.step_count == 1
        assert card.review_due == date(2026, 11, 30)
        assert card.is_stale(date(2026, 12, 1)) and not card.is_stale(date(2026, 11, 30))

    def test_bad_recall_item_is_dropped(self) -> None:
        parsed = parse("---\nrecall:\n  - q: Q1\n    a: 3\n  - q: Q2\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.recall == (RecallPrompt("Q1", "3"),)
        assert found(parsed.problems) == [(5, "warning", "recall item needs 'q' and 'a'; ignored")]

    def test_key_lines_are_kept_for_id_and_requires(self) -> None:
        parsed = parse("---\ntitle: t\nrequires: [a]\nid: x\n---\nbody")
        assert parsed.line_of("id") == 4
        assert parsed.line_of("requires") == 3
        assert parsed.line_of("title") == 0


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("90d", 90),
        ("12w", 84),
        ("6m", 180),
        ("1y", 365),
        ("30", 30),
        (" 2 W ", 14),
        (45, 45),
        ("0d", None),
        (0, None),
        (-5, None),
        (True, None),
        ("soon", None),
        ("1.5d", None),
        (None, None),
        ([90], None),
        (Path("90d"), None),
    ],
)
def test_parse_duration_days(value: object, days: int | None) -> None:
    assert parse_duration_days(value) == days


class TestRequired:
    def test_required_card_with_a_due_date(self) -> None:
        parsed = parse("---\nrequired: true\ndue: 2031-03-01\n---\n# Fire safety\n\nBody")
        card = parsed.card
        assert card is not None
        assert (card.required, card.due) == (True, date(2031, 3, 1))
        assert parsed.problems == ()

    def test_nothing_else_is_required(self) -> None:
        parsed = parse("---\ndue: 2031-03-01\nrequired: maybe\n---\n# Tip\n\nBody")
        card = parsed.card
        assert card is not None
        assert (card.required, card.due) == (False, None)
        assert sorted(p.message for p in parsed.problems) == [
            "'due' applies only to cards with 'required: true'",
            "'required' should be true or false, got 'maybe'; field ignored",
        ]

    def test_a_bad_due_date_is_dropped(self) -> None:
        parsed = parse("---\nrequired: true\ndue: someday\n---\n# Safety\n\nBody")
        card = parsed.card
        assert card is not None
        assert (card.required, card.due) == (True, None)
        assert messages(parsed.problems) == [
            "'due' should be a date like 2026-09-01, got 'someday'; field ignored"
        ]
