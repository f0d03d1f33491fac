"""Matching triggers with element fields against the focused element (dialog, control,
role), on real libraries written to tmp_path, and against a naive one-by-one matcher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.patterns import compile_pattern
from cuecard.models import ElementPattern, FocusedElement, Trigger
from cuecard.rules.index import IndexedTrigger, TriggerIndex
from cuecard.rules.rank import match_window
from tests.conftest import write_card

PIVOT = FocusedElement("text", "Source range", "Insert Pivot Table", pid=7)
MAIN_FIELD = FocusedElement("text", "Search", None, pid=7)


def card(root: Path, name: str, front: str) -> None:
    write_card(root, f"{name}.md", f"---\n{front}\n---\n# {name}\n\nBody.\n")


@pytest.fixture
def snapshot(tmp_path: Path) -> LibrarySnapshot:
    root = tmp_path / "c"
    card(root, "pivot", "when: [{class: pivotapp, dialog: 'Insert Pivot Table', control: Source*}]")
    card(root, "any-dialog-field", "when: [{class: pivotapp, dialog: 'Insert*', role: text}]")
    card(root, "buttons", "when: [{class: pivotapp, role: [button, 'menu item']}]")
    card(root, "app-wide", "when: [{class: pivotapp}]")
    card(root, "regex", "when: [{app: other, control: 're:^Sou'}]")
    card(root, "calc", "when: [{app: soffice.bin, title: '*Calc'}]")
    return ContentLibrary([root]).load()


def ids(
    snapshot: LibrarySnapshot, element: FocusedElement | None, cls: str = "pivotapp"
) -> list[str]:
    index = TriggerIndex.from_snapshot(snapshot)
    found = match_window(index, snapshot.cards, "python3", "Pivot", cls, element=element)
    return [c.card.id for c in found]


def test_the_dialog_field_offers_the_pivot_card_and_the_main_window_does_not(
    snapshot: LibrarySnapshot,
) -> None:
    found = ids(snapshot, PIVOT)
    assert set(found[:2]) == {"pivot", "any-dialog-field"}  # element triggers rank first
    assert found[2:] == ["app-wide"]
    assert ids(snapshot, MAIN_FIELD) == ["app-wide"]
    assert ids(snapshot, None) == ["app-wide"]  # focus not known: element triggers wait


def test_every_element_field_must_match(snapshot: LibrarySnapshot) -> None:
    other_dialog = FocusedElement("text", "Source range", "Insert Chart")
    assert "pivot" not in ids(snapshot, other_dialog)
    label = FocusedElement("label", "Source range", "Insert Pivot Table")
    assert "any-dialog-field" not in ids(snapshot, label)
    assert "pivot" in ids(snapshot, label)  # `pivot` names no role


def test_roles_and_patterns_are_case_insensitive_globs_or_regexes(
    snapshot: LibrarySnapshot,
) -> None:
    assert "buttons" in ids(snapshot, FocusedElement("button", "OK", "Insert Pivot Table"))
    assert "buttons" in ids(snapshot, FocusedElement("menu item", "Open", None))
    assert "pivot" in ids(snapshot, FocusedElement("text", "SOURCE RANGE", "insert pivot table"))
    assert ids(snapshot, FocusedElement("text", "Source", None), "") == []
    index = TriggerIndex.from_snapshot(snapshot)
    hits = index.match("other", "", "", FocusedElement("text", "Source", None))
    assert [h.card_id for h in hits] == ["regex"]
    assert index.match("other", "", "", FocusedElement("text", "Resource", None)) == []


def test_follows_focus_only_where_an_element_trigger_fits_the_window(
    snapshot: LibrarySnapshot,
) -> None:
    index = TriggerIndex.from_snapshot(snapshot)
    assert index.has_element_triggers
    assert index.follows_focus("python3", "Pivot", "pivotapp")
    assert index.follows_focus("OTHER", "", "")
    assert not index.follows_focus("soffice.bin", "Budget - Calc", "libreoffice-calc")
    assert not index.follows_focus("xterm", "bash", "XTerm")


def test_without_element_triggers_nothing_follows_focus(tmp_path: Path) -> None:
    card(tmp_path, "calc", "when: [{app: soffice.bin}]")
    index = TriggerIndex.from_snapshot(ContentLibrary([tmp_path]).load())
    assert not index.has_element_triggers
    assert not index.follows_focus("soffice.bin", "x", "y")


def test_a_window_only_trigger_ignores_the_element(snapshot: LibrarySnapshot) -> None:
    index = TriggerIndex.from_snapshot(snapshot)
    window = index.match("soffice.bin", "Budget - Calc", "", None)
    assert [h.card_id for h in window] == ["calc"]
    assert index.match("soffice.bin", "Budget - Calc", "", PIVOT) == window


# A naive matcher, one trigger at a time, to check the index's set arithmetic. --------

TEXTS = st.sampled_from(["", "Insert Pivot Table", "Source range", "Print", "OK", "x"])
PATTERNS = st.sampled_from([None, "Insert*", "*range", "OK", "re:^So", "re:able$", "[OP]*"])
ROLE_SETS = st.sampled_from([(), ("text",), ("button",), ("text", "button")])
APPS = st.sampled_from([(), ("a",), ("b",)])


@st.composite
def triggers(draw: st.DrawFn) -> Trigger:
    element = ElementPattern(draw(PATTERNS), draw(PATTERNS), draw(ROLE_SETS))
    has_element = element != ElementPattern(None, None, ())
    return Trigger(
        draw(APPS),
        draw(PATTERNS),
        draw(PATTERNS),
        0,
        element if has_element and draw(st.booleans()) else None,
    )


def fits(pattern: str | None, text: str | None) -> bool:
    return pattern is None or (text is not None and compile_pattern(pattern).matches(text))


def naive(trigger: Trigger, app: str, title: str, cls: str, focus: FocusedElement | None) -> bool:
    if trigger.apps and app not in trigger.apps:
        return False
    if not (fits(trigger.title, title) and fits(trigger.window_class, cls)):
        return False
    element = trigger.element
    if element is None:
        return True
    return (
        focus is not None
        and fits(element.dialog, focus.dialog)
        and fits(element.control, focus.name)
        and (not element.roles or focus.role in element.roles)
    )


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(triggers(), max_size=12),
    st.sampled_from(["a", "b", "c"]),
    TEXTS,
    TEXTS,
    st.none()
    | st.builds(FocusedElement, st.sampled_from(["text", "button"]), TEXTS, st.none() | TEXTS),
)
def test_the_index_agrees_with_matching_one_trigger_at_a_time(
    found: list[Trigger], app: str, title: str, cls: str, focus: FocusedElement | None
) -> None:
    index = TriggerIndex(IndexedTrigger(str(i), t) for i, t in enumerate(found))
    got = sorted(int(hit.card_id) for hit in index.match(app, title, cls, focus))
    expected = [i for i, t in enumerate(found) if naive(t, app, title, cls, focus)]
    assert got == expected
    follows = any(
        t.element is not None
        and naive(Trigger(t.apps, t.title, t.window_class), app, title, cls, None)
        for t in found
    )
    assert index.follows_focus(app, title, cls) == follows


def test_match_command_takes_the_focused_element(
    capsys: pytest.CaptureFixture[str], snapshot: LibrarySnapshot, tmp_path: Path
) -> None:
    from cuecard.cli import main

    root = next(iter(snapshot.cards.values())).root
    settings_file = tmp_path / "settings.yaml"
    settings_file.write_text("content.builtin: false\n")
    common = ["--class", "pivotapp", "--json", "--data-dir", str(tmp_path / "d")]
    common += ["--config", str(settings_file), "--content", str(root)]
    args = ["match", *common, "--dialog", "Insert Pivot Table", "--control", "Source range"]
    assert main([*args, "--role", "entry"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records][:2] in (
        ["pivot", "any-dialog-field"],
        ["any-dialog-field", "pivot"],
    )
    pivot = next(r for r in records if r["id"] == "pivot")
    assert pivot["trigger"]["dialog"] == "Insert Pivot Table"
    assert main(["match", *common]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["app-wide"]
