"""The one source of "now" and "today" for the whole app.

Everything that needs the wall-clock date or time (stale cards, events, the learning
record, reports, snoozes) asks the `Clock` it was given, normally `AppContext.clock`.
Pure modules (content, rules, policy) never ask a clock: they take the time as a
parameter. Tests pass a `FixedClock`, or move the system clock in-process with
time-machine; nothing reads the date behind the clock's back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current local time (timezone-aware) and date."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The machine's clock, in the local timezone."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock that stands still until told to move: for tests and simulations."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.current = start

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.date()

    def advance(self, delta: timedelta) -> datetime:
        self.current = self.current + delta
        return self.current

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.current = moment


SYSTEM_CLOCK: Clock = SystemClock()
