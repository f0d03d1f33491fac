"""`cuecard report --lrs [--since DATE] [--team TAG] --html FILE | --json`.

Fetches what is new from the LRS into the cache (team-cache.db in the data dir), then
builds the page from the cache. `--cached` builds from the cache alone (the LRS is
down), `--refetch` empties the cache first. Progress and the summary go to stderr, so
`--json` prints only JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from cuecard.context import AppContext
from cuecard.private_files import write_private_text
from cuecard.report.team.build import Content, Selection, build_team_report
from cuecard.report.team.cache import TeamCache
from cuecard.report.team.config import ReportLrsConfig, resolve_report_password
from cuecard.report.team.fetch import TIMESTAMP, fetch_new
from cuecard.report.team.html import render_team_html
from cuecard.report.team.model import TeamReport
from cuecard.report.team.records import utc_text
from cuecard.sync.config import team_tags
from cuecard.sync.lrs import LrsClient, LrsError
from cuecard.terminal import echo


@dataclass(frozen=True)
class TeamOptions:
    """What the command line chose besides the output."""

    since: date | None = None
    team: str | None = None
    refetch: bool = False
    cached: bool = False


def team_json(report: TeamReport) -> dict[str, object]:
    """The page's figures as JSON (a figure left out is null; see `left_out`)."""
    data = asdict(report)
    data["generated"] = report.generated.isoformat()
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


def _floor(since: date | None) -> str | None:
    """Local midnight of `since` as the cache's UTC text."""
    if since is None:
        return None
    return utc_text(datetime(since.year, since.month, since.day).astimezone().isoformat())


def _prepare(cache: TeamCache, source: str, floor: str | None, refetch: bool) -> None:
    """Empty the cache when it is about another LRS, when asked, or when this run wants
    statements from before what it holds (it began at a later --since)."""
    started = cache.meta("mark") is not None
    covered = cache.meta("from")
    older = started and covered is not None and (floor is None or floor < covered)
    if refetch or older or cache.meta("source") not in (None, source):
        cache.reset()
        started = False
    if not started:
        cache.set_meta(source=source, **{"from": floor})


def _progress(read: int, new: int) -> None:
    if sys.stderr.isatty():
        print(f"\rRead {read:,} statements ({new:,} new)…", end="", file=sys.stderr, flush=True)


def _fetch(context: AppContext, config: ReportLrsConfig, cache: TeamCache) -> str | None:
    """Fetch what is new; the error sentence when the LRS could not be read."""
    password = resolve_report_password(config)
    with LrsClient(config.endpoint, config.username, password, now=context.clock.now) as client:
        try:
            result = fetch_new(client, cache, config.home_page, _progress)
        except LrsError as exc:
            status = exc.reply.status
            why = (
                "it refused report.lrs_username and its password"
                if status in (401, 403)
                else (f"HTTP {status}: {exc.reply.reason}" if status else exc.reply.reason)
            )
            return f"could not read the LRS at {config.shown_endpoint}: {why}"
    if sys.stderr.isatty():
        print(file=sys.stderr)
    cache.set_meta(fetched=context.clock.now().isoformat(timespec="seconds"))
    echo(
        f"Read {_statements(result.read)} from {config.shown_endpoint} ({result.new:,} new; "
        f"the cache holds {_statements(cache.count())}).",
        file=sys.stderr,
    )
    if result.filters_on == TIMESTAMP:
        cache.set_meta(note="timestamp")
    return None


def run_team_report(
    context: AppContext, html_file: Path | None, as_json: bool, options: TeamOptions
) -> int:
    if html_file is None and not as_json:
        print("cuecard: choose an output: --lrs --html FILE or --lrs --json.", file=sys.stderr)
        return 2
    config = ReportLrsConfig.from_settings(context.settings)
    team = next(iter(team_tags([options.team])), None) if options.team is not None else None
    if options.team is not None and team is None:  # a blank tag would select everyone
        print("cuecard: --team needs a team tag (one of sync.teams).", file=sys.stderr)
        return 2
    floor = _floor(options.since)
    source = f"{config.shown_endpoint} {config.home_page}"
    notes: list[str] = []
    with TeamCache(context.paths.team_cache) as cache:
        _prepare(cache, source, floor, options.refetch)
        if options.cached:
            fetched = cache.meta("fetched") or "never"
            notes.append(f"Built from the local cache only (last read from the LRS: {fetched}).")
        elif config.problem:
            echo(f"cuecard: {config.problem}.", file=sys.stderr)
            return 1
        elif (failed := _fetch(context, config, cache)) is not None:
            echo(
                f"cuecard: {failed}. `cuecard report --lrs --cached` builds the page from the "
                f"{cache.count():,} statements read before.",
                file=sys.stderr,
            )
            return 1
        if cache.meta("note") == TIMESTAMP:
            notes.append(
                "This LRS filters `since` on statements' timestamps, not on when it stored "
                "them: each run reads the last 14 days again, so late arrivals are counted."
            )
        if team and team not in cache.teams():
            known = ", ".join(cache.teams()) or "none"
            echo(
                f"cuecard: no statement is from team '{team}'; the teams are: {known}.",
                file=sys.stderr,
            )
        snapshot = context.open_library().load()
        report = build_team_report(
            cache.rows(floor, team),
            cache.names(),
            Content(snapshot.cards, snapshot.paths, snapshot.sprints),
            Selection(config.shown_endpoint, options.since, team, tuple(notes)),
            config.k,
            context.clock.now(),
        )
    if html_file is not None:
        write_private_text(html_file, render_team_html(report))  # holds shared learner text
        echo(f"Wrote the team view ({_people(report)}) to {html_file}.", file=sys.stderr)
    if as_json:
        print(json.dumps(team_json(report), indent=2, ensure_ascii=False))
    return 0


def _statements(count: int) -> str:
    return f"{count:,} statement" + ("" if count == 1 else "s")


def _people(report: TeamReport) -> str:
    if report.people is None:
        return f"fewer than {report.k} people: every figure left out"
    return f"{report.people:,} people"
