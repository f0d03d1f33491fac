"""`cuecard doctor`: what this machine offers Cuecard and what state Cuecard is in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from cuecard import __version__
from cuecard.content.library import LibrarySnapshot
from cuecard.content.lint import lint_snapshot
from cuecard.context import AppContext
from cuecard.logs import LOG_NAME
from cuecard.models import Level, Problem
from cuecard.private_files import ensure_private_dir
from cuecard.settings import SECRET_KEYS, Settings, Source, SourceKind
from cuecard.terminal import echo
from cuecard.watch.privacy import PrivacyRules
from cuecard.wording import plural

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
        from cuecard.platform.tray_advice import tray_advice

        detail = f"no system tray: Cuecard shows a small window instead. {tray_advice()}"
        return Check("tray", False, detail)
    last = (result.stderr.strip().splitlines() or ["no output"])[-1]
    return Check("tray", False, f"Qt could not open the display: {last}")


def watcher_check(context: AppContext) -> Check:
    from cuecard.watch.select import choose_watcher

    choice = choose_watcher(privacy=context.privacy_rules)
    if choice.watcher is None:
        if choice.event_driven:  # the right back-end, in use by the running Cuecard
            return Check("window watcher", True, f"{choice.name} ({choice.reason})")
        return Check("window watcher", False, choice.reason)
    choice.watcher.stop()  # created, never started: release its connection now
    inner = getattr(choice.watcher, "inner", choice.watcher)
    hint = getattr(inner, "permission_hint", "")
    detail = f"{choice.name} ({choice.reason})" + (f"; {hint}" if hint else "")
    return Check("window watcher", choice.event_driven and not hint, detail)


def privacy_problems(settings: Settings, rules: PrivacyRules) -> tuple[Problem, ...]:
    """An error for each privacy pattern that is not in force, located in the settings
    file (or policy store) that set it (for the tray's problems list; the doctor prints
    the same)."""
    found = []
    for problem in rules.problems:
        source = settings.sources.get(problem.setting, Source())
        path = Path(source.where or "settings.yaml")
        found.append(Problem(path, 0, Level.ERROR, problem.message, problem.setting))
    return tuple(found)


def settings_problems(settings: Settings) -> tuple[Problem, ...]:
    """Each settings file or value that was skipped, as a warning naming its place."""
    return tuple(
        Problem(Path(p.where), p.line, Level.WARNING, p.message, p.key) for p in settings.problems
    )


def privacy_check(rules: PrivacyRules) -> Check:
    counts = f"{len(rules.apps)} app, {len(rules.titles)} title, {len(rules.classes)} class"
    detail = f"{counts} patterns in force (built-in ones always)"
    if rules.problems:
        bad = len(rules.problems)
        return Check("privacy", False, f"{detail}; {bad} unusable, see problems below")
    return Check("privacy", True, detail)


def gnome_extension_check(context: AppContext, env: Mapping[str, str]) -> Check | None:
    """In a GNOME Wayland session: is the window-watcher extension running, and if not,
    the exact commands that install and enable it (None outside such a session)."""
    if not sys.platform.startswith("linux"):
        return None
    from cuecard.watch import gnome_extension

    if not gnome_extension.is_gnome_wayland(env):
        return None
    advice = gnome_extension.advice(env, context.paths.cache_dir)
    return Check("GNOME extension", advice.running, advice.detail)


def running_watcher_check(context: AppContext) -> Check | None:
    """What the running app's watcher is doing now (it writes a status file); None when
    no app runs for this data dir."""
    from cuecard.watch.status import read_status

    status = read_status(context.paths.watcher_status)
    if status is None:
        return None
    return Check("running app", status.watching, f"pid {status.pid}: {status.describe()}")


def element_trigger_count(snapshot: LibrarySnapshot) -> int:
    """Cards and rules.yaml entries with a trigger that names a dialog, control or role."""
    cards = sum(any(t.element for t in card.triggers) for card in snapshot.cards.values())
    return cards + sum(any(t.element for t in rule.triggers) for rule in snapshot.rules)


def elements_check(snapshot: LibrarySnapshot, follow_focus: bool = True) -> Check:
    """Element triggers and the accessibility back-end: what Cuecard will do with it."""
    count = element_trigger_count(snapshot)
    if not count:
        return Check(
            "accessibility",
            True,
            "no card names a dialog or control: Cuecard does not use the accessibility tree",
        )
    verb = "names" if count == 1 else "name"
    cards = f"{plural(count, 'card or rule', 'cards or rules')} {verb} dialogs or controls"
    if not follow_focus:
        return Check(
            "accessibility",
            True,
            f"{cards}, but accessibility.follow_focus is off: they are offered from the tray "
            "and search only, and the accessibility tree is not used",
        )
    from cuecard.a11y.select import describe_backend

    state = describe_backend()
    if not state.ok:
        return Check(
            "accessibility", False, f"{cards}, but {state.name} cannot run: {state.detail}"
        )
    switch = (
        "; while it runs Cuecard switches the accessibility tree on, as screen readers do "
        "(Qt apps export theirs only then), and back off when it quits"
        if state.name == "atspi"
        else ""
    )
    return Check(
        "accessibility",
        True,
        f"{cards}: Cuecard follows the focus ({state.name}) only in the apps they name"
        f"{switch}. {state.detail}",
    )


def hotkey_check(context: AppContext) -> Check:
    from cuecard.platform.hotkey import describe, unavailable_reason

    combo = context.settings.get("hotkey")
    reason = unavailable_reason()
    if reason is not None:
        return Check("hotkey", False, reason)
    return Check("hotkey", True, f"{describe(combo)} (registered when the app starts)")


def autostart_check(context: AppContext) -> Check:
    from cuecard.first_run import starts_at_login
    from cuecard.platform.autostart import system_autostart

    autostart = system_autostart()
    settings = context.settings
    on = starts_at_login(settings, autostart)
    parts = [autostart.location]
    try:
        if autostart.system_entry():
            parts.append("a machine-wide entry from the package")
    except OSError:
        pass
    if settings.is_locked("autostart"):
        parts.append("set by your organisation")
    return Check("autostart", True, f"{'on' if on else 'off'} ({'; '.join(parts)})")


def nudges_check(context: AppContext) -> Check:
    policy = context.policy
    now = context.clock.now()
    if policy.paused_at(now) is not None and policy.paused_until is not None:
        until = policy.paused_until.isoformat()
        return Check("nudges", True, f"paused by your organisation until {until} (inclusive)")
    if not context.settings.get("nudges.enabled"):
        return Check("nudges", True, "off (nudges.enabled: false); pulling still works")
    return Check("nudges", True, f"on, at most {policy.per_hour} an hour, {policy.per_day} a day")


def gather(context: AppContext) -> dict[str, object]:
    display = display_check()
    checks = [display, tray_check(display)]
    snapshot = context.open_library(use_cache=False).load()
    content = lint_snapshot(snapshot, context.clock.today())  # the counts lint prints
    data_dir = context.paths.data_dir
    writable = _writable(data_dir)
    state = "writable" if writable else "NOT writable"
    checks.append(Check("data dir", writable, f"{data_dir} ({state})"))
    checks.append(watcher_check(context))
    privacy = context.privacy_rules
    checks.append(privacy_check(privacy))
    extension = gnome_extension_check(context, os.environ)
    if extension is not None:
        checks.append(extension)
    running = running_watcher_check(context)
    if running is not None:
        checks.append(running)
    checks.append(elements_check(snapshot, context.settings.get("accessibility.follow_focus")))
    checks.append(hotkey_check(context))
    checks.append(nudges_check(context))
    checks.append(autostart_check(context))
    checks.append(Check("log", True, str(context.paths.log_dir / LOG_NAME)))
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
                "files": root.files,
                "cards": root.cards,
                "errors": root.errors,
                "warnings": root.warnings,
                "pack": summary.pack.name,
            }
            for root, summary in zip(content.roots, snapshot.roots, strict=True)
        ],
        "content": {
            "files": content.files,
            "cards": content.cards,
            "errors": content.errors,
            "warnings": content.warnings,
        },
        "cards": content.cards,
        "settings": [setting_row(context.settings, key) for key in context.settings.values],
        "settings_read": [
            {"kind": layer.kind.value, "where": layer.where, "found": layer.found}
            for layer in context.settings.layers
        ],
        "packs": list(sync.pack_lines),
        "sync": sync.status,
        "settings_problems": [
            *(str(problem) for problem in context.settings.problems),
            *(p.format() for p in privacy_problems(context.settings, privacy)),
        ],
    }


def setting_row(settings: Settings, key: str) -> dict[str, object]:
    """One setting for the report: its value and where it came from."""
    source = settings.sources[key]
    return {
        "key": key,
        "value": "(set)" if key in SECRET_KEYS and settings.values[key] else settings.values[key],
        "source": source.kind.value,
        "where": source.where,
        "locked": source.locked,
    }


def _writable(folder: Path) -> bool:
    try:
        ensure_private_dir(folder)
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
                f"  {root['path']}: {plural(root['files'], 'file')}, "
                f"{plural(root['cards'], 'card')}, {plural(root['errors'], 'error')}, "
                f"{plural(root['warnings'], 'warning')}{missing}"
            )
        totals: dict[str, int] = report["content"]  # type: ignore[assignment]
        echo(
            f"  all roots: {plural(totals['files'], 'file')} checked, "
            f"{plural(totals['cards'], 'card')}: {plural(totals['errors'], 'error')}, "
            f"{plural(totals['warnings'], 'warning')} (`cuecard lint` lists them)"
        )
        if report["packs"]:
            echo("Content packs:")
            echo(*(f"  {line}" for line in report["packs"]))  # type: ignore[attr-defined]
        echo("Settings read (later ones win; policy stores and locked keys always do):")
        for layer in report["settings_read"]:  # type: ignore[attr-defined]
            state = "" if layer["found"] else "  (not present)"
            echo(f"  {layer['kind']:<7} {layer['where']}{state}")
        echo("Settings:")
        for setting in report["settings"]:  # type: ignore[attr-defined]
            source = Source(SourceKind(setting["source"]), setting["where"], setting["locked"])
            echo(f"  {setting['key']} = {setting['value']!r}  ({source})")
        for problem in report["settings_problems"]:  # type: ignore[attr-defined]
            echo(f"  problem: {problem}")
    checks = report["checks"]
    data_ok = all(c["ok"] for c in checks if c["name"] == "data dir")  # type: ignore[attr-defined]
    return 0 if data_ok else 1
