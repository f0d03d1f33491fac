"""What each simulated person does over the 8 weeks (see simulation.py), counted into
the simulation's own truth as it is planned."""

from __future__ import annotations

from datetime import timedelta

from cuecard.store.events import EventKind
from tests.report.team.org_content import (
    FILTER,
    GENERAL,
    PATH_DAYS,
    PATH_ID,
    PIVOT,
    SPRINT,
    TINY_SPRINT,
    TIPS,
)
from tests.report.team.simulation import (
    HOSTILE,
    Organisation,
    Person,
    nth_working_day,
    working_days,
)

LEARNING = {"pivot tables": 8, "keyboard shortcuts": 6, "mail filters": 2}
HELPS = {"quiet time": 7, "short videos": 3}


def plan(org: Organisation) -> None:
    general_usage(org)
    small_groups(org)
    new_hires(org)
    sprints(org)
    tips(org)
    pulse(org)
    logs_and_searches(org)


def general_usage(org: Organisation) -> None:
    rng = org.rng
    for person in org.people[:56]:
        for card_id in GENERAL:
            if rng.random() < 0.3:
                continue
            for _ in range(rng.randint(1, 3)):
                when = org.at(
                    org.working(rng.randint(0, 7), rng.randint(0, 4)), rng.randint(0, 400)
                )
                shown = rng.randint(0, 3)
                opened = rng.random() < 0.7
                org.card(person, card_id, when, opened, opened and rng.random() < 0.6, shown)
            if rng.random() < 0.4:
                org.rate(person, card_id, org.at(org.working(7, 4), 500), rng.random() < 0.8)
    for person in org.people[:6]:  # six people report the mail rules card as outdated
        person.event(
            org.at(org.working(6, 2)), EventKind.REPORTED_OUTDATED, "mail/rules", None, "menu moved"
        )
        org.truth.cards["mail/rules"].counts["outdated"] += 1
        org.truth.cards["mail/rules"].people["outdated"].add(person.index)
        org.truth.cards["mail/rules"].people["any"].add(person.index)


def small_groups(org: Organisation) -> None:
    for person in org.people[56:]:  # the tiny team alone uses the pivot card
        org.card(person, PIVOT, org.at(org.working(3, 1)), True, True, 2)
    for person in org.people[30:35]:  # exactly five use the filter card
        org.card(person, FILTER, org.at(org.working(4, 1)), True, person.index % 2 == 0, 1)


def _join(org: Organisation, person: Person, joined: object) -> None:
    person.event(org.at(joined), EventKind.PATH_JOINED, None, PATH_ID)  # type: ignore[arg-type]


def _finish_day(org: Organisation, person: Person, day: int, when: object) -> None:
    for n, card_id in enumerate(PATH_DAYS[day - 1]):
        org.card(person, card_id, org.at(when, 60 + 5 * n), True, True)  # type: ignore[arg-type]
    org.truth.day_finished[day] += 1


def new_hires(org: Organisation) -> None:
    """Twelve join in week 1 (nine finish, three stall), four in week 6 (a cohort too
    small to show: they stall on day 2). All join on a Monday."""
    first, second = org.working(1, 0), org.working(6, 0)
    cohort = first.strftime("%Y-%m")
    org.truth.cohort_joined[cohort] = 12
    org.truth.cohort_joined[second.strftime("%Y-%m")] = 4
    durations: list[int] = []
    hires = org.people[36:48]
    for number, person in enumerate(hires):
        _join(org, person, first)
        if number < 9:
            length = org.rng.randint(4, 14)
            marks = [1, max(2, length // 3), max(3, 2 * length // 3), length]
            for day, mark in enumerate(marks, 1):
                _finish_day(org, person, day, nth_working_day(first, mark))
            durations.append(working_days(first, nth_working_day(first, length)))
        else:
            done = 2 if number < 11 else 1
            for day in range(1, done + 1):
                _finish_day(org, person, day, nth_working_day(first, day + 1))
            org.truth.day_stalled[done + 1] += 1
    org.truth.cohorts[cohort] = durations
    for person in org.people[48:52]:
        _join(org, person, second)
        _finish_day(org, person, 1, nth_working_day(second, 2))
        org.truth.day_stalled[2] += 1


def sprints(org: Organisation) -> None:
    begin = org.working(2, 1)
    members = [org.people[i] for i in (10, 12, 14, 16, 18, 20, 22, 11)]  # sales; 11 keeps text
    for person in members:
        person.event(org.at(begin), EventKind.SPRINT_JOINED, None, SPRINT)
        org.truth.sprint["joined"].add(person.index)
    members[1].event(org.at(begin + timedelta(days=3)), EventKind.SPRINT_LEFT, None, SPRINT)
    org.truth.sprint["left"].add(members[1].index)
    for n, person in enumerate(members[2:8]):
        text = f"Built the {['May', 'June', 'July', 'Q2', 'team', 'budget'][n]} report alone"
        person.event(
            org.at(begin + timedelta(days=14), n), EventKind.SPRINT_FINISHED, None, SPRINT, text
        )
        org.truth.sprint["finished"].add(person.index)
        if person.share:
            org.truth.applied.append(text)
    for person in org.people[56:]:
        person.event(org.at(begin), EventKind.SPRINT_JOINED, None, TINY_SPRINT)


def tips(org: Organisation) -> None:
    """Six people share a tip each in week 3; others use five of them from week 4."""
    sharers = [org.people[i] for i in (1, 3, 5, 31, 33, 35)]
    users = {  # tip -> the people using it
        "tips/a0000001": org.people[20:27],
        "tips/a0000002": org.people[40:43],
        "tips/a0000004": org.people[0:1] + org.people[6:10],
        "tips/a0000005": org.people[50:55],
    }
    for person, tip_id in zip(sharers, TIPS, strict=True):
        person.event(org.at(org.working(3, 0)), EventKind.TIP_CREATED, tip_id)
        org.truth.tip_sharers.add(person.index)
        org.truth.tip_users[tip_id] = {"users": set(), "opens": set(), "done": set()}
    for tip_id, people in users.items():
        for n, person in enumerate(people):
            done = n % 2 == 0
            org.card(person, tip_id, org.at(org.working(4, 2), n), True, done)
            truth = org.truth.tip_users[tip_id]
            truth["users"].add(person.index)
            truth["opens"].add(person.index)
            if done:
                truth["done"].add(person.index)


def pulse(org: Organisation) -> None:
    rng = org.rng
    answering = [p for p in org.people[:56] if p.index % 3 != 2][:20]
    learning = _assign(rng, LEARNING, answering)
    helps = _assign(rng, HELPS, answering)
    for n, person in enumerate(answering):
        first = " and ".join(learning[person.index]) or "nothing much"
        second = " and ".join(helps[person.index]) or "more time"
        person.event(
            org.at(org.working(5, n % 5), n),
            EventKind.PULSE_ANSWERED,
            None,
            f"Learning {first} for project{person.index}",
            f"Would help: {second} please",
        )
        org.truth.pulse_people.add(person.index)
        org.truth.pulse_answers += 1
    for phrase_map in (learning, helps):
        for index, phrases in phrase_map.items():
            for phrase in phrases:
                org.truth.phrases[phrase].add(index)


def _assign(rng: object, counts: dict[str, int], people: list[Person]) -> dict[int, list[str]]:
    chosen: dict[int, list[str]] = {p.index: [] for p in people}
    for phrase, count in counts.items():
        for person in rng.sample(people, count):  # type: ignore[attr-defined]
            chosen[person.index].append(phrase)
    return chosen


def logs_and_searches(org: Organisation) -> None:
    rng = org.rng
    writers = [p for p in org.people[:56] if p.share][:8]
    for n, person in enumerate(writers):
        for line in range(2):
            when = org.at(org.working(2 + 2 * line, n % 5), 30 + n)
            text = HOSTILE if (n, line) == (0, 1) else f"Learned trick {n}-{line} about tables"
            card = "sheets/freeze" if line == 0 and n < 3 else None
            person.log(when, text, card)
            org.truth.wall.append((when, text))
    for person in [p for p in org.people[:56] if not p.share][:3]:
        person.log(org.at(org.working(3, 2)), "a private note")
    searchers = [p for p in org.people[:56] if p.share]
    for person in searchers[:6]:
        for _ in range(rng.randint(1, 2)):
            _missed(org, person, "Pivot  Table", "pivot table")
    for person in searchers[6:9]:
        _missed(org, person, "vlookup", "vlookup")
    for person in [p for p in org.people[:56] if not p.share][:10]:
        _missed(org, person, "something private", None)


def _missed(org: Organisation, person: Person, query: str, shown: str | None) -> None:
    person.search(org.at(org.working(5, 3), org.rng.randint(0, 300)), query)
    org.truth.missed += 1
    org.truth.missed_people.add(person.index)
    if shown is not None:
        org.truth.queries[shown].append(person.index)
