"""`cuecard doctor`: what this machine offers Cuecard and what state Cuecard is in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from cuecard import __version__
from cuecard.context import AppContext
from cuecard.settings import SECRET_KEYS
from cuecard.terminal import echo

PROBE_FLAG = "--probe-tray"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str


def display_check() -> Check:
    if sys.platform in ("win32", "darwin"):
        return Check("display", True, sys.platform)
    session = os.environ.get("XDG_SESSION_TYPE", "unknown")
    x11, wayland = os.environ.get("DISPLAY"), os.environ.get("WAYLAND_DISPLAY")
    if not x11 and not wayland:
        return Check("display", False, "no DISPLAY or WAYLAND_DISPLAY: no graphical session")
    parts = [f"session {session}"]
    if x11:
        parts.append(f"X11 {x11}")
    if wayland:
        parts.append(f"Wayland {wayland}")
    return Check("display", True, ", ".join(parts))


def probe_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, PROBE_FLAG]
    return [sys.executable, "-m", "cuecard", PROBE_FLAG]


def tray_check(display: Check) -> Check:
    """Ask Qt in a child process: a broken display must not abort the doctor itself."""
    if not display.ok:
        return Check("tray", False, "no display, so no system tray")
    try:
        result = subprocess.run(
            probe_command(), capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("tray", False, f"could not start Qt: {exc}")
    answer = result.stdout.strip()
    if answer == "tray":
        return Check("tray", True, "system tray available")
    if answer == "no-tray":
        return Check(
            "tray",
            False,
            "no system tray: Cuecard shows a small window instead "
            "(on GNOME, enable the AppIndicator extension)",
        )
    last = (result.stderr.strip().splitlines() or ["no output"])[-1]
    return Check("tray", False, f"Qt could not open the display: {last}")


def watcher_check(context: AppContext) -> Check:
    from cuecard.watch.select import choose_watcher

    choice = choose_watcher(privacy=context.privacy_rules)
    if choice.watcher is None:
        return Check("window watcher", False, choice.reason)
    inner = getattr(choice.watcher, "inner", choice.watcher)
    hint = getattr(inner, "permission_hint", "")
    detail = f"{choice.name} ({choice.reason})" + (f"; {hint}" if hint else "")
    return Check("window watcher", choice.event_driven and not hint, detail)


def hotkey_check(context: AppContext) -> Check:
    from cuecard.platform.hotkey import describe, unavailable_reason

    combo = context.settings.get("hotkey")
    reason = unavailable_reason()
    if reason is not None:
        return Check("hotkey", False, reason)
    return Check("hotkey", True, f"{describe(combo)} (registered when the app starts)")


def gather(context: AppContext) -> dict[str, object]:
    display = display_check()
    checks = [display, tray_check(display)]
    library = context.open_library(use_cache=False)
    snapshot = library.load()
    data_dir = context.paths.data_dir
    writable = _writable(data_dir)
    state = "writable" if writable else "NOT writable"
    checks.append(Check("data dir", writable, f"{data_dir} ({state})"))
    checks.append(watcher_check(context))
    checks.append(hotkey_check(context))
    from cuecard.sync.doctor import sync_report

    sync = sync_report(context)
    checks.append(Check("sync", sync.ok, sync.detail))
    return {
        "version": __version__,
        "checks": [asdict(check) for check in checks],
        "content_roots": [
            {
                "path": str(root.path),
                "exists": root.path.is_dir(),
                "cards": root.cards,
                "errors": root.errors,
                "warnings": root.warnings,
                "pack": root.pack.name,
            }
            for root in snapshot.roots
        ],
        "cards": len(snapshot.cards),
        "settings": [
            {
                "key": key,
                "value": "(set)" if key in SECRET_KEYS and value else value,
                "source": context.settings.sources[key],
            }
            for key, value in context.settings.values.items()
        ],
        "packs": list(sync.pack_lines),
        "sync": sync.status,
        "settings_problems": list(context.settings.problems),
    }


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".doctor-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError:
        return False
    return True


def run_doctor(context: AppContext, as_json: bool = False) -> int:
    report = gather(context)
    if as_json:
        print(json.dumps(report, indent=2, default=str))
    else:
        echo(f"Cuecard {report['version']}")
        for check in report["checks"]:  # type: ignore[attr-defined]
            mark = "ok " if check["ok"] else "-- "
            echo(f"  {mark} {check['name']:<15} {check['detail']}")
        echo("Content roots (later roots override earlier ones):")
        for root in report["content_roots"]:  # type: ignore[attr-defined]
            missing = "" if root["exists"] else "  (missing)"
            echo(
                f"  {root['path']}: {root['cards']} cards, {root['errors']} errors, "
                f"{root['warnings']} warnings{missing}"
            )
        if report["packs"]:
            echo("Content packs:")
            echo(*(f"  {line}" for line in report["packs"]))  # type: ignore[attr-defined]
        echo("Settings:")
        for setting in report["settings"]:  # type: ignore[attr-defined]
            echo(f"  {setting['key']} = {setting['value']!r} ({setting['source']})")
        for problem in report["settings_problems"]:  # type: ignore[attr-defined]
            echo(f"  problem: {problem}")
    checks = report["checks"]
    data_ok = all(c["ok"] for c in checks if c["name"] == "data dir")  # type: ignore[attr-defined]
    return 0 if data_ok else 1
