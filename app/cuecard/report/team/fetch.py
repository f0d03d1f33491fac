"""Fetch what is new in the LRS into the cache, one page at a time (bounded memory).

Statements come oldest first (`ascending=true`) from `since` = where the last run got
to. The spec filters `since` on `stored` (when the LRS took a statement); some LRSs
filter on `timestamp` (when it happened) instead, and Cuecard's statements often arrive
late (a laptop offline for a week sends on its return). So:

- the first fetch also probes which one this LRS does, with one small query around a
  statement whose `stored` is well after its `timestamp` (`since` between the two: an
  LRS that filters on `stored` returns it, one that filters on `timestamp` does not);
- on a `stored` LRS the next run starts at the X-Experience-API-Consistent-Through time
  of this run's first page (everything stored before it was there to be read), or the
  last `stored` fetched when that is earlier, less a millisecond (what was stored in
  that same millisecond is read again);
- on a `timestamp` LRS (or while unknown) it starts `LATE_WINDOW` before the newest
  timestamp seen, so statements that arrive up to that late are still read.

Statements fetched twice are kept once (by id); after each page the cache remembers how
far it got, so an interrupted fetch goes on from there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cuecard.report.team.cache import TeamCache
from cuecard.report.team.records import TeamRecord, Voiding, read_record
from cuecard.sync.lrs import LrsClient
from cuecard.sync.xapi import timestamp

PAGE_SIZE = 500
LATE_WINDOW = timedelta(days=14)
TIE_MARGIN = timedelta(milliseconds=1)  # stored times are in ms: ties at the mark are read again
PROBE_GAP = timedelta(seconds=2)
STORED, TIMESTAMP, UNKNOWN = "stored", "timestamp", "unknown"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch did."""

    read: int  # statements the LRS sent
    new: int  # of them kept for the first time
    pages: int
    since: str | None  # what was asked for
    filters_on: str  # stored | timestamp | unknown


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def next_since(cache: TeamCache) -> str | None:
    """Where this run starts (None: from the beginning)."""
    mark = _moment(cache.meta("mark"))
    if mark is None:
        return cache.meta("from")
    if cache.meta("filters_on") != STORED:
        newest = _moment(cache.meta("newest_ts")) or mark
        mark = min(mark, newest - LATE_WINDOW)
    start = _moment(cache.meta("from"))
    return timestamp(max(mark, start) if start else mark)


@dataclass
class _Run:
    """A fetch in progress: the marks it will leave."""

    through: datetime | None = None  # the first page's consistent-through
    last_stored: datetime | None = None
    newest_ts: datetime | None = None
    candidate: Mapping[str, Any] | None = None  # a statement to probe with
    candidate_gap: timedelta = timedelta(0)
    saw_older: bool = False  # a statement timestamped before `since`: filters on stored

    def note(self, data: Mapping[str, Any], record: TeamRecord, since: datetime | None) -> None:
        stored, happened = _moment(record.stored), _moment(record.ts)
        if stored is None or happened is None:
            return
        if self.last_stored is None or stored > self.last_stored:
            self.last_stored = stored
        if self.newest_ts is None or happened > self.newest_ts:
            self.newest_ts = happened
        if since is not None and happened < since - TIE_MARGIN:
            self.saw_older = True
        gap = stored - happened
        if gap > self.candidate_gap and gap >= PROBE_GAP:
            self.candidate, self.candidate_gap = data, gap

    def mark(self) -> datetime | None:
        if self.last_stored is None:
            return self.through
        ends = [self.last_stored] + ([self.through] if self.through else [])
        return min(ends) - TIE_MARGIN


def fetch_new(
    client: LrsClient,
    cache: TeamCache,
    home: str = "",
    progress: Callable[[int, int], None] | None = None,
    page_size: int = PAGE_SIZE,
) -> FetchResult:
    """Read every statement stored since the last run into `cache`; raises LrsError
    (the cache keeps the pages already read)."""
    since = next_since(cache)
    since_moment = _moment(since)
    params = {"ascending": "true", "limit": str(page_size)}
    if since:
        params["since"] = since
    run = _Run()
    read = new = pages = 0
    for page in client.raw_pages(params):
        pages += 1
        if run.through is None:
            run.through = _moment(page.consistent_through)
        records: list[TeamRecord] = []
        voided: list[str] = []
        for data in page.statements:
            kept = read_record(data, home)
            if isinstance(kept, TeamRecord):
                records.append(kept)
                run.note(data, kept, since_moment)
            elif isinstance(kept, Voiding):
                voided.append(kept.voided)
        read += len(page.statements)
        new += cache.add(records, voided, _marks(cache, run))
        if progress is not None:
            progress(read, new)
    filters_on = cache.meta("filters_on") or UNKNOWN
    if run.saw_older:
        filters_on = STORED
    elif filters_on == UNKNOWN and run.candidate is not None:
        filters_on = probe(client, run.candidate)
    cache.set_meta(filters_on=filters_on)
    return FetchResult(read, new, pages, since, filters_on)


def _marks(cache: TeamCache, run: _Run) -> dict[str, str | None]:
    """Where the fetch got to, kept with each page (an interrupted fetch goes on there)."""
    mark = run.mark()
    old_newest = _moment(cache.meta("newest_ts"))
    newest = max(filter(None, (run.newest_ts, old_newest)), default=None)
    return {
        "mark": timestamp(mark) if mark else cache.meta("mark"),
        "newest_ts": timestamp(newest) if newest else None,
    }


def probe(client: LrsClient, statement: Mapping[str, Any]) -> str:
    """Does this LRS filter `since` on `stored` (as the spec says) or on `timestamp`?
    Asks for `statement` with `since` between its timestamp and its stored time."""
    happened = _moment(str(statement.get("timestamp", "")))
    stored = _moment(str(statement.get("stored", "")))
    actor, verb = statement.get("actor"), statement.get("verb")
    target = statement.get("object")
    if happened is None or stored is None or not isinstance(actor, dict):
        return UNKNOWN
    if not isinstance(verb, dict) or not isinstance(target, dict):
        return UNKNOWN
    params = {
        "since": timestamp(happened + (stored - happened) / 2),
        "until": timestamp(stored + TIE_MARGIN),
        "agent": json.dumps(actor, separators=(",", ":")),
        "verb": str(verb.get("id", "")),
        "activity": str(target.get("id", "")),
        "limit": "50",
    }
    for page in client.raw_pages(params, max_pages=20):
        if any(item.get("id") == statement.get("id") for item in page.statements):
            return STORED
    return TIMESTAMP
