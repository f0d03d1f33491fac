"""`when:` entries with element fields: dialog, control, role (parsing, lint, cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.a11y.roles import ROLES, canonical_role
from cuecard.clock import FixedClock
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.content.lint import lint_snapshot
from cuecard.content.pack import load_pack_meta
from cuecard.models import ElementPattern, Level, Trigger
from tests.conftest import REPO
from tests.content.helpers import card_of, found, parse, write


def when(entry: str) -> str:
    return f"---\nwhen:\n  - {entry}\n---\nbody"


def test_dialog_control_and_role_are_read() -> None:
    card = card_of(
        when(
            "app: pivotapp\n    dialog: Insert Pivot Table\n    control: 'Source*'\n    role: text"
        )
    )
    assert card.triggers == (
        Trigger(
            ("pivotapp",), None, None, 3, ElementPattern("Insert Pivot Table", "Source*", ("text",))
        ),
    )


def test_roles_take_aliases_and_lists_in_any_case() -> None:
    card = card_of(when("app: x\n    role: [Push_Button, entry, 'menu  item', button]"))
    element = card.triggers[0].element
    assert element is not None
    assert element.roles == ("button", "text", "menu item")  # canonical, once each


def test_window_only_triggers_have_no_element() -> None:
    assert card_of(when("app: x\n    title: '*Calc'")).triggers[0].element is None


def test_unknown_role_is_an_error_with_a_suggestion_and_the_trigger_is_ignored() -> None:
    parsed = parse(when("app: x\n    dialog: Print\n    role: buton"))
    assert parsed.card is not None and parsed.card.triggers == ()
    [(line, level, message)] = found(parsed.problems)
    assert (line, level) == (3, "error")
    assert "'buton' is not a known role (did you mean 'button'?" in message
    assert message.endswith("trigger ignored")


@pytest.mark.parametrize("key", ["dialog", "control", "title", "class"])
@pytest.mark.parametrize("value", ["''", "'   '"])
def test_an_empty_glob_is_an_error_and_never_widens_the_trigger(key: str, value: str) -> None:
    parsed = parse(when(f"app: x\n    {key}: {value}"))
    assert parsed.card is not None
    assert parsed.card.triggers == ()  # not "every window (or control) of app x"
    assert found(parsed.problems) == [
        (3, "error", f"trigger '{key}' is an empty pattern; trigger ignored")
    ]


@pytest.mark.parametrize("key", ["dialog", "control"])
def test_a_broken_element_pattern_ignores_the_trigger(key: str) -> None:
    parsed = parse(when(f"app: x\n    {key}: 're:(['"))
    assert parsed.card is not None and parsed.card.triggers == ()
    [(_, level, message)] = found(parsed.problems)
    assert level == "error"
    assert message.startswith(f"trigger '{key}' regex does not compile")


@pytest.mark.parametrize(("key", "value"), [("dialog", "5"), ("control", "[a]"), ("role", "7")])
def test_wrong_typed_element_fields_ignore_the_trigger(key: str, value: str) -> None:
    parsed = parse(when(f"app: x\n    {key}: {value}"))
    assert parsed.card is not None and parsed.card.triggers == ()
    assert [level for _, level, _ in found(parsed.problems)] == ["error"]


def test_an_element_trigger_without_app_warns_that_every_app_is_followed() -> None:
    parsed = parse(when("dialog: 'Print'"))
    assert parsed.card is not None
    assert parsed.card.triggers[0].element == ElementPattern("Print", None, ())
    [(_, level, message)] = found(parsed.problems)
    assert level == "warning"
    assert "every app" in message


def test_rules_yaml_triggers_take_element_fields(tmp_path: Path) -> None:
    write(
        tmp_path / "rules.yaml",
        "- when: {class: pivotapp, dialog: 'Insert Pivot*', role: text}\n  show: [a]\n",
    )
    meta = load_pack_meta(tmp_path)
    assert meta.problems == ()
    assert meta.rules[0].triggers[0].element == ElementPattern("Insert Pivot*", None, ("text",))


def test_the_index_cache_keeps_element_fields(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write(root / "a.md", when("app: x\n    dialog: 'Insert*'\n    control: Source range"))
    write(root / "b.md", when("app: y"))
    cache = tmp_path / "cache.db"
    first = ContentLibrary([root], cache=IndexCache(cache)).load()
    again = ContentLibrary([root], cache=IndexCache(cache)).load()
    expected = ElementPattern("Insert*", "Source range", ())
    assert first.cards["a"].triggers[0].element == expected
    assert again.cards["a"].triggers[0].element == expected
    assert again.cards["b"].triggers[0].element is None


def test_lint_reports_element_problems_by_file_and_line(tmp_path: Path, clock: FixedClock) -> None:
    write(tmp_path / "bad.md", "---\ntitle: t\nwhen:\n  - app: x\n    role: widget\n---\nbody")
    report = lint_snapshot(ContentLibrary([tmp_path]).load(), clock.today())
    [problem] = report.problems
    assert (problem.path.name, problem.line, problem.level) == ("bad.md", 4, Level.ERROR)
    assert report.exit_code == 1


def test_every_documented_role_is_known_and_listed_in_the_docs() -> None:
    docs = (REPO / "docs" / "card-format.md").read_text(encoding="utf-8")
    for role in ROLES:
        assert canonical_role(role) == role
        assert f"`{role}`" in docs, role
