"""The `cuecard` command: parse options and dispatch (see shared/design/CLI.md).

Exit codes: 0 success, 1 the command ran and found problems, 2 bad usage.
The Qt UI is imported only by the commands that open windows.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cuecard import __version__
from cuecard.context import AppContext

AFTER = "_after_command"  # dest suffix of the copies of the global options that subcommands take


@dataclass(frozen=True)
class GlobalOptions:
    """The global options, merged from before and after the command."""

    content: tuple[Path, ...]
    data_dir: Path | None
    config: Path | None


def _global_options(parser: argparse.ArgumentParser, after_command: bool) -> None:
    """Add --content, --data-dir and --config.

    A subparser writes into a fresh namespace that then replaces the parent's values, so
    the copies after the command get their own dests (suffix AFTER), merged by
    `global_options`: --content from both places in the order given; for --data-dir and
    --config the last one given wins, as for any option given twice.
    """
    suffix = AFTER if after_command else ""
    default = argparse.SUPPRESS if after_command else None
    parser.add_argument(
        "--content",
        action="append",
        type=Path,
        metavar="DIR",
        dest="content" + suffix,
        default=argparse.SUPPRESS if after_command else [],
        help="add a content root after the configured ones (repeatable, before and after "
        "the command)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        dest="data_dir" + suffix,
        default=default,
        help="where the database, cache and logs live (env CUECARD_DATA_DIR); "
        "given twice, the last one wins",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        dest="config" + suffix,
        default=default,
        help="user settings file to use (env CUECARD_CONFIG); given twice, the last one wins",
    )


def global_options(args: argparse.Namespace) -> GlobalOptions:
    """Merge the global options given before the command with those given after it."""
    after = vars(args)
    return GlobalOptions(
        content=(*args.content, *after.get("content" + AFTER, [])),
        data_dir=after.get("data_dir" + AFTER) or args.data_dir,
        config=after.get("config" + AFTER) or args.config,
    )


def _day(text: str) -> date:
    """A date argument (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuecard", description="Just-in-time learning cards from the system tray."
    )
    parser.add_argument("--version", action="version", version=f"cuecard {__version__}")
    parser.add_argument("--quit", action="store_true", help="ask the running instance to exit")
    parser.add_argument(
        "--autostart",
        action="store_true",
        help="start from a login entry: exit quietly when the user turned autostart off "
        "or Cuecard already runs",
    )
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="import every part, open the data dir, load content; exit 0 or 1",
    )
    _global_options(parser, after_command=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, after_command=True)
        return sub

    command("run", "start the tray app (the default)")
    lint = command("lint", "check cards and pack files; exit 1 when there is an error")
    lint.add_argument("roots", nargs="*", type=Path, metavar="ROOT")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument(
        "--stale-as-error",
        action="store_true",
        help="cards past their review date are errors (for content CI)",
    )
    preview = command("preview", "open the card window for one file, reloading on save")
    preview.add_argument("file", type=Path)
    watch = command("watch", "print what Cuecard sees at each active-window change")
    watch.add_argument("--json", action="store_true", help="one JSON object per line")
    watch.add_argument("--once", action="store_true", help="print the current window, exit")
    command("trigger", "print a ready `when:` entry for the current window")
    log = command("log", "the learning log: add, list or export")
    log.add_argument("action", choices=("add", "list", "export"))
    log.add_argument("text", nargs="*", help="for add: what you learned; for export: FILE")
    log.add_argument("--card", metavar="ID", help="for add: the card it is about")
    log.add_argument("--json", action="store_true")
    stats = command("stats", "your own learning: completions, in progress, recent log")
    stats.add_argument("--json", action="store_true")
    export = command("export", "all local data as one JSON file")
    export.add_argument("out", type=Path, metavar="OUT")
    forget = command("forget", "delete all local data (asks, or --yes)")
    forget.add_argument("--yes", action="store_true")
    report = command("report", "author report: per card figures, stale cards, missed searches")
    report.add_argument("--html", type=Path, metavar="FILE")
    report.add_argument("--json", action="store_true")
    report.add_argument("--sprint", metavar="ID", help="one sprint's summary page (with --html)")
    report.add_argument("--lrs", action="store_true", help="the team view, read from the LRS")
    report.add_argument("--since", type=_day, metavar="DATE", help="with --lrs: from DATE on")
    report.add_argument("--team", metavar="TAG", help="with --lrs: one team (sync.teams)")
    report.add_argument("--refetch", action="store_true", help="with --lrs: empty the cache")
    report.add_argument("--cached", action="store_true", help="with --lrs: from the cache only")
    review = command("review", "stale and soon-stale cards by owner; exit 1 when any is stale")
    review.add_argument("roots", nargs="*", type=Path, metavar="ROOT")
    review.add_argument("--json", action="store_true")
    review.add_argument(
        "--mark-reviewed", metavar="ID", help="set the card's reviewed: date to today"
    )
    command("review-due", "answer the spaced reviews that are due, in one small window")
    new = command("new", "a card draft in your own content folder, opened in your editor")
    new.add_argument(
        "--from-window", action="store_true", help="prefill title and trigger from the window"
    )
    search = command("search", "best cards first for a query")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    done = command("done", "record a completion as if done in the card window")
    done.add_argument("card_id", metavar="ID")
    rate = command("rate", "record a rating as if given in the card window")
    rate.add_argument("card_id", metavar="ID")
    rate.add_argument("rating", choices=("up", "down"))
    match = command("match", "the cards that fit such a window, best first")
    match.add_argument("--app", default="", help="process name, e.g. soffice.bin")
    match.add_argument("--title", default="", help="window title")
    match.add_argument("--class", dest="window_class", default="", help="window class")
    match.add_argument("--dialog", help="name of the dialog the focused element is in")
    match.add_argument("--control", help="name of the focused element, e.g. 'Source range'")
    match.add_argument("--role", help="role of the focused element, e.g. text or button")
    match.add_argument("--json", action="store_true")
    doctor = command("doctor", "check display, tray, content roots and data dir")
    doctor.add_argument("--json", action="store_true")
    sync = command("sync", "send learning records to the LRS and pull packs now, or show status")
    sync.add_argument("action", choices=("now", "status"))
    sync.add_argument("--json", action="store_true", help="one JSON document")
    pack = command("pack", "make signing keys and signed content packs to host anywhere")
    pack.add_argument("action", choices=("keygen", "build"))
    pack.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="KEYFILE, or ROOT OUT")
    pack.add_argument("--key", type=Path, metavar="KEYFILE", help="for build: the private key")
    pack.add_argument("--name", help="for build: the pack's name (default: pack.yaml's)")
    pack.add_argument("--pack-version", dest="pack_version", help="for build: its version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # frozen builds: let pool workers start
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--probe-tray"]:  # internal: the doctor's child process
        from cuecard.ui.tray_probe import probe_tray

        return probe_tray()
    parser = build_parser()
    args = parser.parse_args(arguments)
    options = global_options(args)
    config = options.config or (
        Path(os.environ["CUECARD_CONFIG"]) if os.environ.get("CUECARD_CONFIG") else None
    )
    context = AppContext.create(options.data_dir, config, options.content)
    if args.quit:
        from cuecard.ui.app import quit_running

        return quit_running(context)
    if args.selftest:
        from cuecard.selftest import run_selftest

        return run_selftest(context)
    command = args.command or "run"
    if args.autostart and command == "run":
        if not context.settings.get("autostart"):
            return 0  # the user (or IT) said no: a package's login entry obeys quietly
        from cuecard.ui.app import run_tray_app

        return run_tray_app(context, from_login=True)
    if command == "lint":
        return _lint(context, args)
    if command == "doctor":
        from cuecard.doctor import run_doctor

        return run_doctor(context, as_json=args.json)
    if command in ("sync", "pack"):
        from cuecard.sync.cli import run_pack, run_sync

        if command == "sync":
            return run_sync(context, args.action, args.json)
        return run_pack(context, args.action, args.paths, args.key, args.name, args.pack_version)
    if command in ("log", "stats", "export", "forget"):
        return _record_command(context, args)
    if command == "report":
        from cuecard.report.cli import run_report

        if args.lrs:
            from cuecard.report.team.cli import TeamOptions, run_team_report

            team = TeamOptions(args.since, args.team, args.refetch, args.cached)
            return run_team_report(context, args.html, args.json, team)
        if args.since or args.team or args.refetch or args.cached:
            print(
                "cuecard: --since, --team, --refetch and --cached go with --lrs.", file=sys.stderr
            )
            return 2
        return run_report(context, args.html, args.json, args.sprint)
    if command == "review":
        from cuecard.stewardship.cli import run_review

        return run_review(context, list(args.roots), args.json, args.mark_reviewed)
    if command == "new":
        from cuecard.tips.cli import run_new

        return run_new(context, args.from_window)
    if command == "review-due":
        from cuecard.ui.app import run_review_due

        return run_review_due(context)
    if command == "search":
        from cuecard.search.cli import run_search

        return run_search(context, " ".join(args.query), max(1, args.limit), args.json)
    if command in ("done", "rate"):
        from cuecard.store.cli import record_for_card
        from cuecard.store.events import EventKind

        if command == "done":
            return record_for_card(context, args.card_id, EventKind.COMPLETED)
        return record_for_card(context, args.card_id, EventKind.RATED, args.rating)
    if command == "match":
        from cuecard.rules.cli import focused_element, run_match

        element = focused_element(args.dialog, args.control, args.role)
        return run_match(context, args.app, args.title, args.window_class, args.json, element)
    if command in ("watch", "trigger"):
        from cuecard.watch_cli import run_trigger, run_watch

        if command == "trigger":
            return run_trigger(context)
        return run_watch(context, as_json=args.json, once=args.once)
    if command == "preview":
        if not args.file.is_file():
            print(
                f"cuecard: {args.file} is not a file; give the path of a markdown card.",
                file=sys.stderr,
            )
            return 2
        from cuecard.ui.app import run_preview

        return run_preview(context, args.file)
    from cuecard.ui.app import run_tray_app

    return run_tray_app(context)


def _record_command(context: AppContext, args: argparse.Namespace) -> int:
    from cuecard.store import record_cli

    if args.command == "log":
        out = Path(args.text[0]) if args.action == "export" and args.text else None
        if args.action == "export" and out is None:
            print(
                "cuecard: give the file to write, e.g. cuecard log export log.md.", file=sys.stderr
            )
            return 2
        return record_cli.run_log(context, args.action, args.text, args.card, out, args.json)
    if args.command == "stats":
        return record_cli.run_stats(context, args.json)
    if args.command == "export":
        return record_cli.run_export(context, args.out)
    return record_cli.run_forget(context, args.yes, lambda: _close_running(context))


def _close_running(context: AppContext) -> bool | None:
    from cuecard.instance_address import UnsafeInstanceError, candidate_addresses
    from cuecard.ui.single_instance import close_running_instance

    try:
        for address in candidate_addresses(context.paths.data_dir):
            closed = close_running_instance(address)
            if closed is not None:
                return closed
    except UnsafeInstanceError as error:
        # Our own app cannot be listening there: it refuses such a place too.
        print(f"cuecard: not asking a running Cuecard to quit: {error}", file=sys.stderr)
    return None


def _lint(context: AppContext, args: argparse.Namespace) -> int:
    from cuecard.content.lint import lint_snapshot

    roots = [Path(root) for root in args.roots] or list(context.content_roots)
    missing = [root for root in roots if not root.is_dir()]
    if missing:
        print(
            f"cuecard: {missing[0]} is not a folder; give a content root folder.", file=sys.stderr
        )
        return 2
    library = context.open_library(roots, use_cache=False)
    report = lint_snapshot(library.load(), context.clock.today(), args.stale_as_error)
    print(report.as_json() if args.format == "json" else report.as_text(Path.cwd()))
    return report.exit_code


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
