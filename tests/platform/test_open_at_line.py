"""Which command opens a card at a line."""

from __future__ import annotations

from pathlib import Path

from cuecard.platform.open_at_line import editor_at_line, line_command, template_command

CARD = Path("/cards/calc/freeze.md")


def test_known_gui_editors_take_the_line() -> None:
    assert line_command(["code"], CARD, 12) == ["code", "-g", "/cards/calc/freeze.md:12"]
    assert line_command(["/usr/bin/kate", "-b"], CARD, 3) == [
        "/usr/bin/kate",
        "-b",
        "-l",
        "3",
        "/cards/calc/freeze.md",
    ]
    assert line_command(["gedit"], CARD, 0) == ["gedit", "+1", "/cards/calc/freeze.md"]
    assert line_command(["C:\\Apps\\Notepad++.exe"], CARD, 7)[-2] == "-n7"
    assert line_command(["vim"], CARD, 3) is None, "needs a terminal"
    assert line_command([], CARD, 3) is None


def test_the_setting_is_a_template_never_a_shell_line() -> None:
    assert template_command("code -g {file}:{line}", CARD, 4) == [
        "code",
        "-g",
        "/cards/calc/freeze.md:4",
    ]
    assert template_command("myedit --wait", CARD, 4) == ["myedit", "--wait", str(CARD)]
    assert template_command("x '{file}; rm -rf ~'", CARD, 1) == [
        "x",
        "/cards/calc/freeze.md; rm -rf ~",
    ]
    assert template_command("'unclosed", CARD, 1) is None


def test_order_setting_then_visual_editor_then_the_default_app() -> None:
    def default() -> list[str] | None:
        return ["gnome-text-editor"]

    env = {"VISUAL": "vim", "EDITOR": "subl -w"}
    assert editor_at_line(CARD, 2, "kate -l {line} {file}", env, default) == [
        "kate",
        "-l",
        "2",
        str(CARD),
    ]
    assert editor_at_line(CARD, 2, "", env, default) == ["subl", "-w", f"{CARD}:2"]
    assert editor_at_line(CARD, 2, "", {}, default) == ["gnome-text-editor", "+2", str(CARD)]
    assert editor_at_line(CARD, 2, "", {"EDITOR": "nano"}, lambda: None) is None
