"""The `cuecard` command: version, selftest, doctor, lint exit codes, usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from cuecard import __version__
from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.content.library import ContentLibrary
from cuecard.content.lint import lint_snapshot
from cuecard.models import Level
from tests.conftest import REPO, write_card

STALE = "past its review date"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"cuecard {__version__}"


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_selftest_passes_with_builtin_content(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--selftest", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "selftest:" in out and "ok" in out


def test_selftest_fails_without_cards(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    assert main(["--selftest", "--data-dir", str(data_dir), "--config", str(settings)]) == 1
    assert "no cards loaded" in capsys.readouterr().out


def test_selftest_fails_when_a_markdown_extension_is_missing(tmp_path: Path) -> None:
    """As in a frozen bundle that lacked the extensions Markdown imports by name: every
    module imports, but the card window could not render a card."""
    probe = (
        "import sys; sys.modules['pymdownx.keys'] = None\n"
        "from cuecard.cli import main\n"
        f"sys.exit(main(['--selftest', '--data-dir', {str(tmp_path / 'data')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp_path), "CUECARD_SITE_CONFIG": str(tmp_path / "x")},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL render " in result.stdout and "pymdownx.keys" in result.stdout


def test_doctor_json_reports_roots_and_settings(
    data_dir: Path,
    content_root: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code = main(["doctor", "--json", "--data-dir", str(data_dir), "--content", str(content_root)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    checks = {check["name"]: check for check in report["checks"]}
    if sys.platform.startswith("linux"):
        assert checks["display"]["ok"] is False
        assert checks["tray"]["ok"] is False
    assert checks["data dir"]["ok"] is True
    roots = {root["path"]: root for root in report["content_roots"]}
    assert roots[str(content_root.resolve())]["cards"] == 2
    sources = {s["key"]: s["source"] for s in report["settings"]}
    assert sources["content.builtin"] == "default"


def test_global_options_after_the_command(
    content_root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    assert main(["lint", "--content", str(content_root), "--config", str(settings)]) == 0
    assert "2 files checked, 2 cards: 0 errors" in capsys.readouterr().out


def test_lint_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "c"
    write_card(root, "ok.md", "# Fine\n\nBody.\n")
    assert main(["lint", str(root)]) == 0
    write_card(root, "bad.md", "---\nminutes: 12\n---\n# Long\n\nBody.\n")
    assert main(["lint", str(root), "--format", "json"]) == 1
    capsys.readouterr()
    assert main(["lint", str(root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 1
    assert main(["lint", str(tmp_path / "missing")]) == 2


def test_sample_pack_lints_clean() -> None:
    """No errors and no warnings but "past its review date": the sample cards go stale
    as real content does, and that must never fail a test."""
    result = subprocess.run(
        [sys.executable, "-m", "cuecard", "lint", str(REPO / "content"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    report = json.loads(result.stdout)
    others = [p for p in report["problems"] if not p["message"].startswith(STALE)]
    assert others == [], others
    assert all(p["level"] == "warning" for p in report["problems"])
    assert result.returncode == 0
    assert report["cards"] >= 15


def test_stale_sample_cards_are_warnings_unless_asked(clock: FixedClock) -> None:
    snapshot = ContentLibrary([REPO / "content"]).load()
    far = clock.today() + timedelta(days=5 * 365)
    report = lint_snapshot(snapshot, far)
    assert report.exit_code == 0
    assert len(report.problems) == len(snapshot.cards), "every sample card is stale by then"
    assert {p.level for p in report.problems} == {Level.WARNING}
    assert lint_snapshot(snapshot, far, stale_as_error=True).exit_code == 1


def test_doctor_reports_privacy_patterns_that_cannot_be_used(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    settings = tmp_path / "s.yaml"
    settings.write_text(
        'content.builtin: false\nprivacy:\n  exclude_titles: ["re:(?<=a)b", "*Payroll*"]\n'
    )
    args = ["--data-dir", str(data_dir), "--config", str(settings)]
    assert main(["doctor", "--json", *args]) == 0
    report = json.loads(capsys.readouterr().out)
    checks = {check["name"]: check for check in report["checks"]}
    assert checks["privacy"]["ok"] is False and "1 unusable" in checks["privacy"]["detail"]
    [problem] = [p for p in report["settings_problems"] if "privacy" in p]
    assert problem.startswith(f"{settings}:0: error: privacy.exclude_titles: pattern 're:(?<=a)b'")
    assert "invalid perl operator" in problem and "built-in exclusions still apply" in problem
    assert main(["doctor", *args]) == 0
    out = capsys.readouterr().out
    assert "privacy.exclude_titles: pattern 're:(?<=a)b' cannot be used" in out
    assert "--  privacy" in out


def test_doctor_reports_element_triggers_and_the_accessibility_back_end(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("---\nwhen: [{app: x}]\n---\n# A\n\nBody.\n")
    args = ["doctor", "--json", "--data-dir", str(data_dir), "--content"]

    def check(root: Path) -> dict[str, object]:
        assert main([*args, str(root)]) in (0, 1)
        checks = json.loads(capsys.readouterr().out)["checks"]
        return dict(next(c for c in checks if c["name"] == "accessibility"))

    unused = check(plain)
    assert unused["ok"] and "does not use the accessibility tree" in str(unused["detail"])
    (plain / "b.md").write_text("---\nwhen: [{app: x, control: Search}]\n---\n# B\n\nBody.\n")
    missing = check(plain)
    assert not missing["ok"]
    assert "1 card or rule names dialogs or controls, but" in str(missing["detail"])
    settings = tmp_path / "off.yaml"
    settings.write_text("accessibility.follow_focus: false\n")
    args[2:2] = ["--config", str(settings)]
    off = check(plain)
    assert off["ok"] and "accessibility.follow_focus is off" in str(off["detail"])


def test_autostart_exits_quietly_when_the_user_turned_it_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package's machine-wide login entry runs `cuecard --autostart`: the user's
    `autostart: false` wins, silently (no window, no message, exit 0)."""
    settings = tmp_path / "s.yaml"
    settings.write_text("autostart: false\n")
    monkeypatch.setenv("DISPLAY", ":99")  # would start the tray app if it did not stop
    started: list[object] = []
    monkeypatch.setattr("cuecard.ui.app.run_tray_app", lambda *a, **k: started.append(a) or 0)
    assert main(["--autostart", "--config", str(settings), "--data-dir", str(tmp_path)]) == 0
    assert started == []
    assert capsys.readouterr() == ("", "")
    settings.write_text("autostart: true\n")
    assert main(["--autostart", "--config", str(settings), "--data-dir", str(tmp_path)]) == 0
    assert len(started) == 1


def test_autostart_obeys_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("autostart: false\nlocked: [autostart]\n")
    user = tmp_path / "s.yaml"
    user.write_text("autostart: true\n")
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(site))
    started: list[object] = []
    monkeypatch.setattr("cuecard.ui.app.run_tray_app", lambda *a, **k: started.append(a) or 0)
    assert main(["--autostart", "--config", str(user), "--data-dir", str(tmp_path)]) == 0
    assert started == []


def test_autostart_in_a_real_process_with_autostart_off(tmp_path: Path) -> None:
    settings = tmp_path / "s.yaml"
    settings.write_text("autostart: false\n")
    result = subprocess.run(
        [sys.executable, "-m", "cuecard", "--autostart", "--config", str(settings)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "DISPLAY": ":99", "CUECARD_DATA_DIR": str(tmp_path)},
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_readme_documents_every_command() -> None:
    from cuecard.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command").choices  # type: ignore[union-attr]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in commands if f"`cuecard {name}" not in readme]
    assert missing == [], f"README's command table lacks: {missing}"
