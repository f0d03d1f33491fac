"""Writing the user's settings file keeps what the user wrote: comments, unknown keys, style."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import re2
import yaml

from cuecard.settings import flatten, load_settings
from cuecard.settings_edit import update_settings_text, write_user_settings

COMMENTED = """\
# My Cuecard settings
content:
  builtin: false           # my own cards only
  roots:
    - ~/cards   # the team's
    - ~/more

nudges:
  per_hour: 3   # at most
  # quiet in the evening
  quiet_hours: "18:00-08:30"

future.setting: keep me    # from a newer Cuecard
hotkey: "<ctrl>+<alt>+space"  # mine
"""


def test_values_are_replaced_in_place_and_comments_kept() -> None:
    text, in_place = update_settings_text(
        COMMENTED,
        {
            "nudges.per_hour": 1,
            "content.roots": ["~/cards"],
            "hotkey": "<ctrl>+<alt>+k",
            "nudges.quiet_hours": "",
        },
    )
    assert in_place
    assert text == (
        "# My Cuecard settings\n"
        "content:\n"
        "  builtin: false           # my own cards only\n"
        '  roots: ["~/cards"]\n'
        "\n"
        "nudges:\n"
        "  per_hour: 1   # at most\n"
        "  # quiet in the evening\n"
        '  quiet_hours: ""\n'
        "\n"
        "future.setting: keep me    # from a newer Cuecard\n"
        'hotkey: "<ctrl>+<alt>+k"  # mine\n'
    )


def test_new_keys_go_into_their_section_or_at_the_end() -> None:
    text, in_place = update_settings_text(
        COMMENTED, {"nudges.per_day": 4, "autostart": False, "privacy.exclude_apps": ["x"]}
    )
    assert in_place
    assert '  quiet_hours: "18:00-08:30"\n  per_day: 4\n\nfuture.setting' in text
    assert text.endswith('# mine\nautostart: false\nprivacy.exclude_apps: ["x"]\n')


def test_dotted_style_stays_dotted() -> None:
    text, _ = update_settings_text("nudges.per_hour: 2\n# end\n", {"nudges.per_hour": 5})
    assert text == "nudges.per_hour: 5\n# end\n"


@pytest.mark.parametrize(
    "original",
    [
        "",
        "# only a comment",
        "nudges: {per_hour: 2, per_day: 5}\n",  # flow mapping: cannot edit in place
        "nudges:\n- a list where a mapping belongs\n",
        "content.roots:\n- a\n- b\nhotkey: <alt>+k\n",
        "\ufeffnudges.per_hour: 2\r\n",
        'quoted: "a # not a comment"\nnudges.per_hour: 2 # real\n',
    ],
)
def test_any_file_ends_up_with_the_changes_and_its_other_keys(original: str) -> None:
    changes = {"nudges.per_hour": 7, "content.roots": ["/srv/cards"], "hotkey": "<ctrl>+k"}
    text, _ = update_settings_text(original, changes)
    before = flatten(yaml.safe_load(original.lstrip("\ufeff")) or {})
    after = flatten(yaml.safe_load(text.lstrip("\ufeff")))
    expected = {**before, **changes}
    if isinstance(before.get("nudges"), list):  # nothing sensible to keep there
        expected.pop("nudges")
        after.pop("nudges", None)
    assert after == expected


def test_write_creates_a_private_file_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.yaml"
    result = write_user_settings(path, {"nudges.per_day": 2})
    assert (result.in_place, result.backup) == (True, None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(None, path).get("nudges.per_day") == 2


def test_a_file_that_cannot_be_edited_is_rewritten_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    broken = b"nudges: [unclosed\n"
    path.write_bytes(broken)
    result = write_user_settings(path, {"nudges.per_day": 2})
    assert not result.in_place
    assert result.backup is not None and result.backup.read_bytes() == broken
    settings = load_settings(None, path)
    assert (settings.get("nudges.per_day"), settings.problems) == (2, ())


def test_a_symlinked_settings_file_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "cuecard.yaml"
    real.parent.mkdir()
    real.write_text("# mine\n")
    link = tmp_path / "settings.yaml"
    link.symlink_to(real)
    write_user_settings(link, {"autostart": False})
    assert link.is_symlink()
    assert real.read_text() == "# mine\nautostart: false\n"


@pytest.mark.parametrize(
    "text",
    [
        "{locked: 2000-02-01, nudges.per_day: 3}\n",  # found by fuzzing: a date, flow style
        "{'a: b': 1, '#x': 2, '- y': 3, nudges.per_day: 4}\n",  # keys that need quotes
        "{x: .nan, y: .inf, when: 2030-01-01 10:00:00}\n",  # what JSON cannot write
    ],
)
def test_a_rewritten_file_reads_back_with_every_key(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text)
    result = write_user_settings(path, {"nudges.per_hour": 5})
    assert not result.in_place
    written = yaml.safe_load(path.read_text())
    before = yaml.safe_load(text)
    assert set(written) == {*before, "nudges.per_hour"}
    assert load_settings(None, path).get("nudges.per_hour") == 5


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text the settings editor loads as YAML."""
    from cuecard import settings_edit, textdata

    seen: list[int] = []

    def counting(text: str) -> object:
        seen.append(len(text))
        return textdata.load_yaml(text)

    monkeypatch.setattr(settings_edit, "load_yaml", counting)
    return seen


def test_a_value_line_full_of_hashes_costs_a_few_yaml_loads(loads: list[int]) -> None:
    """Found while fuzzing settings: each ' #' of a value line was tried as the start
    of a comment with a YAML load of the line, so a 60 KB line inside an open quote took
    about a minute (quadratic) in the Settings window."""
    text = 'nudges.per_hour: "' + " #" * 3_000 + "\n"
    edited, _ = update_settings_text(text, {"nudges.per_hour": 4})
    assert flatten(yaml.safe_load(edited))["nudges.per_hour"] == 4
    assert len(loads) < 40, "a bounded number of tries, whatever the line's length"


@pytest.mark.parametrize("filler", [" ", "\t ", " #"])
def test_a_long_value_line_costs_one_linear_scan_and_a_few_loads(
    filler: str, loads: list[int]
) -> None:
    """200,000 characters of blanks (and hashes) inside an open quote: the comment's
    candidates are found on RE2, linear in the line by construction (Python's re retried
    the blanks from each one: quadratic), and at most MAX_COMMENT_TRIES are loaded."""
    from cuecard import settings_edit

    assert isinstance(settings_edit._COMMENT_START, re2._Regexp), "a linear-time engine"
    text = 'nudges.per_hour: "' + filler * 100_000 + "x\n"
    edited, _ = update_settings_text(text, {"nudges.per_hour": 4})
    assert flatten(yaml.safe_load(edited))["nudges.per_hour"] == 4
    # + 1: the plain rewrite (the quote never closes) reads back each line it writes.
    assert len(loads) <= settings_edit.MAX_COMMENT_TRIES + 2 + 1


def test_a_second_byte_order_mark_does_not_turn_the_edit_into_another_document() -> None:
    # Found by the full settings fuzz run: the check read the text without its first
    # mark, the file written kept both, and YAML read the added lines as a new document.
    text = "\ufeff\ufefflog.daily_prompt: ~nody-h/x}\n"
    edited, _in_place = update_settings_text(text, {"nudges.per_hour": 4})
    loaded = yaml.safe_load(edited)
    assert isinstance(loaded, dict)
    assert flatten(loaded) == {"log.daily_prompt": "~nody-h/x}", "nudges.per_hour": 4}
    # One mark is kept as it was, and the edit stays in place.
    edited, in_place = update_settings_text("\ufeffhotkey: x\n", {"nudges.per_hour": 4})
    assert in_place and edited == "\ufeffhotkey: x\nnudges.per_hour: 4\n"
