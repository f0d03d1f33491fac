"""The team view of a simulated organisation (60 people, 8 weeks, fixed seed), read back
from a real Learning Locker: every figure checked against the simulation's own truth,
the k-anonymity rule against a team of 4, and the page as a user gets it."""

from __future__ import annotations

import contextlib
import io
import json
import statistics
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cuecard.cli import main
from cuecard.report.team.privacy import PAGE_ORDER
from tests.report.team.conftest import Org, run_json
from tests.report.team.org_content import (
    FILTER,
    PATH_ID,
    PIVOT,
    SPRINT,
    STEWARD,
    TINY_SPRINT,
    TITLES,
)
from tests.report.test_report import Collector


@pytest.fixture(scope="module")
def report(org: Org) -> dict[str, Any]:
    """`cuecard report --lrs --json` once for the module (the whole organisation)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["report", "--lrs", "--json", *org.args("whole")]) == 0
    return dict(json.loads(out.getvalue()))


def by_id(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_people_and_statements(org: Org, report: dict[str, Any]) -> None:
    assert report["people"] == len(org.truth.people) == 60
    assert report["statements"] == org.truth.statements
    assert report["k"] == 5


def test_every_card_figure_matches_the_simulation(org: Org, report: dict[str, Any]) -> None:
    cards = by_id(report["cards"], "card_id")
    checked = 0
    for card_id, truth in org.truth.cards.items():
        if len(truth.people["any"]) < 5:
            assert card_id not in cards
            continue
        row = cards[card_id]
        assert row["people"] == len(truth.people["any"]), card_id
        for name, figure in (
            ("views", "views"),
            ("opens", "opens"),
            ("completions", "completions"),
        ):
            expected = (
                truth.counts[name]
                if len(truth.people[name]) >= 5 or not truth.people[name]
                else None
            )
            assert row[figure] == expected, (card_id, name)
        votes = truth.counts["up"] + truth.counts["down"]
        if len(truth.people["votes"]) >= 5:
            assert row["votes"] == votes
            assert row["helpful"] == pytest.approx(truth.counts["up"] / votes)
        if row["opens"] and row["completions"] is not None:
            assert row["completion_rate"] == pytest.approx(
                truth.counts["completions"] / truth.counts["opens"]
            )
        checked += 1
    assert checked >= 8
    assert cards["mail/rules"]["outdated"] == 6
    assert cards["mail/rules"]["steward"] == STEWARD and cards["mail/rules"]["stale"] is True
    assert cards["sheets/freeze"]["title"] == TITLES["sheets/freeze"]


def test_stale_cards_by_steward_from_the_content(org: Org, report: dict[str, Any]) -> None:
    [(steward, stale)] = report["stale"]  # only mail/rules is past its review date
    assert steward == STEWARD
    assert [(row["card_id"], row["title"]) for row in stale] == [
        ("mail/rules", TITLES["mail/rules"])
    ]


def test_a_group_of_four_is_left_out_and_five_is_shown(report: dict[str, Any]) -> None:
    cards = by_id(report["cards"], "card_id")
    assert PIVOT not in cards, "used by exactly 4 people"
    assert cards[FILTER]["people"] == 5
    assert cards[FILTER]["completions"] is None, "3 of the 5 completed it: fewer than 5"
    assert TINY_SPRINT not in by_id(report["sprints"], "sprint_id")
    left_out = {(row["section"], row["why"]): row["count"] for row in report["left_out"]}
    assert left_out[("Cards", "cards used by fewer than 5 people")] >= 1
    sections = list(dict.fromkeys(row["section"] for row in report["left_out"]))
    assert sections == [s for s in PAGE_ORDER if s in sections], "in the page's order"
    assert sections[0] == "Cards" and sections[-1] == "Pulse", sections
    assert left_out[("Learning sprints", "sprints joined by fewer than 5 people")] == 1


def test_the_team_of_four_gets_no_figure_at_all(
    org: Org, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = run_json(org.args("tiny"), capsys, "--team", "tiny")
    assert tiny["team"] == "tiny"
    assert tiny["people"] is None and tiny["statements"] is None
    assert tiny["cards"] == [] and tiny["sprints"] == [] and tiny["paths"] == []
    assert tiny["pulse"]["answers"] is None and tiny["wall"]["lines"] == []
    [row] = tiny["left_out"]
    assert row["section"] == "Everything" and "fewer than 5 people" in row["why"]
    sales = run_json(org.args("tiny"), capsys, "--team", "SALES", "--cached")
    assert sales["people"] == len(org.truth.teams["sales"]) == 30


def test_a_team_with_no_statements_is_named_with_the_teams_there(
    org: Org, report: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--lrs", "--json", "--cached", *org.args("whole")]
    assert main([*args, "--team", "Nobody"]) == 0
    out, err = capsys.readouterr()
    assert "no statement is from team 'nobody'; the teams are: sales, support, tiny" in err
    nobody = json.loads(out)
    assert nobody["people"] == 0 and nobody["cards"] == []
    assert main([*args, "--team", "  "]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "--team needs a team tag" in err


def test_new_hires_time_to_proficiency_and_where_they_stall(
    org: Org, report: dict[str, Any]
) -> None:
    [path] = report["paths"]
    assert (path["path_id"], path["name"]) == (PATH_ID, "First week")
    assert path["joined"] == 16 and path["finished"] == 9
    [cohort] = path["cohorts"]  # the cohort of 4 is left out
    durations = org.truth.cohorts[cohort["label"]]
    low, mid, high = statistics.quantiles(durations, n=4, method="inclusive")
    assert cohort["joined"] == org.truth.cohort_joined[cohort["label"]] == 12
    assert cohort["finished"] == len(durations) == 9
    assert (cohort["p25_days"], cohort["median_days"], cohort["p75_days"]) == pytest.approx(
        (low, mid, high)
    )
    days = {day["day"]: day for day in path["days"]}
    for number in (1, 2, 3, 4):
        finished = org.truth.day_finished[number]
        stalled = org.truth.day_stalled[number]
        assert days[number]["finished"] == (finished if finished >= 5 or not finished else None)
        assert days[number]["stalled"] == (stalled if stalled >= 5 or not stalled else None), number
    assert days[2]["stalled"] == 5 and days[3]["stalled"] is None  # 2 people stopped at day 3
    assert days[1]["cards"] == [TITLES["welcome/log"], TITLES["welcome/tabs"]]


def test_sprint_counts_and_what_people_applied(org: Org, report: dict[str, Any]) -> None:
    sprint = by_id(report["sprints"], "sprint_id")[SPRINT]
    assert sprint["joined"] == len(org.truth.sprint["joined"]) == 8
    assert sprint["left"] is None, "one person left"
    assert sprint["finished"] == len(org.truth.sprint["finished"]) == 6
    assert sorted(q["text"] for q in sprint["applied"]) == sorted(org.truth.applied)
    assert len(org.truth.applied) == 5, "the sixth did not share the text"


def test_tips_shared_and_how_others_used_them(org: Org, report: dict[str, Any]) -> None:
    tips = report["tips"]
    truth = org.truth.tip_users
    assert tips["shared"] == len(truth) == 6 and tips["sharers"] == len(org.truth.tip_sharers)
    users = set().union(*(t["users"] for t in truth.values()))
    assert tips["users"] == len(users)
    assert tips["uses"] == sum(len(t["opens"]) + len(t["done"]) for t in truth.values())
    rows = by_id(tips["tips"], "card_id")
    assert "tips/a0000006" not in rows, "never published"
    assert [r["title"] for r in tips["tips"]] == sorted(r["title"] for r in tips["tips"])
    first = rows["tips/a0000001"]
    assert (first["users"], first["opens"], first["completions"]) == (7, 7, None)  # 4 completed
    assert rows["tips/a0000002"]["users"] is None and rows["tips/a0000003"]["users"] == 0
    left_out = {(r["section"], r["why"]): r["count"] for r in report["left_out"]}
    assert left_out[("Anyone can teach", "tips not published yet (nobody else has seen them)")] == 1


def test_pulse_counts_and_themes_no_rare_phrase(org: Org, report: dict[str, Any]) -> None:
    pulse = report["pulse"]
    assert pulse["answers"] == org.truth.pulse_answers and pulse["people"] == len(
        org.truth.pulse_people
    )
    themes = {t["phrase"]: t["people"] for t in pulse["learning"] + pulse["helps"]}
    for phrase, people in org.truth.phrases.items():
        if len(people) >= 5:
            assert themes[phrase] == len(people), phrase
        else:
            assert phrase not in themes and not any(w in themes for w in phrase.split()), phrase
    assert "pivot" not in themes, "a word inside a phrase with the same people is dropped"
    assert "learning" not in themes and "help" not in themes, "the questions' own words"
    assert all(count >= 5 for count in themes.values())


def test_the_learning_wall_newest_first_only_shared_lines(org: Org, report: dict[str, Any]) -> None:
    lines = [line["text"] for line in report["wall"]["lines"]]
    expected = [text for _, text in sorted(org.truth.wall, key=lambda item: item[0], reverse=True)]
    assert lines == expected
    assert "a private note" not in lines
    assert report["wall"]["writers"] == 8
    about = {line["text"]: line["about"] for line in report["wall"]["lines"]}
    assert about["Learned trick 0-0 about tables"] == TITLES["sheets/freeze"]


def test_missed_searches_shared_text_only_when_many_tried_it(
    org: Org, report: dict[str, Any]
) -> None:
    searches = report["searches"]
    assert searches["total"] == org.truth.missed
    assert searches["people"] == len(org.truth.missed_people)
    assert searches["queries"] == [["pivot table", len(org.truth.queries["pivot table"])]]
    assert searches["queries_left_out"] == 1, "vlookup: 3 people"


def test_the_page_names_nobody_and_says_what_it_leaves_out(org: Org, tmp_path: Path) -> None:
    page = tmp_path / "team.html"
    assert main(["report", "--lrs", "--html", str(page), "--cached", *org.args("whole")]) == 0
    html = page.read_text()
    parsed = Collector()
    parsed.feed(html)  # raises on any <script>
    text = " ".join(" ".join(parsed.text).split())
    for actor in org.truth.actors:
        assert actor not in html
    assert "What this page leaves out, and why" in text
    assert "cards used by fewer than 5 people" in text
    assert "<script>alert(1)</script>" in text and "<b>not bold</b>" in text, "shown as text"
    assert "&lt;script&gt;" in html
    assert page.stat().st_mode & 0o077 == 0
    assert parsed.tables["cards"][0][:4] == ["Card", "People", "Views", "Opens"]
    assert any(row[0].startswith("Filter a sheet") for row in parsed.tables["cards"])
    assert not any(row[0].startswith("Pivot tables") for row in parsed.tables["cards"])
    assert "&lt;5" in html
    assert "Stale cards by steward" in text and f"{STEWARD} " in text
    assert TITLES["mail/rules"] in text


class Columns(HTMLParser):
    """Per table id: each header's class, and the set of classes of each column's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: dict[str, list[str]] = {}
        self.cells: dict[str, dict[int, set[str]]] = {}
        self.table = ""
        self.column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.table = found.get("id") or ""
            self.headers[self.table], self.cells[self.table] = [], {}
        elif tag == "tr":
            self.column = 0
        elif tag == "th":
            self.headers[self.table].append(found.get("class") or "")
        elif tag == "td":
            classes = set((found.get("class") or "").split())
            self.cells[self.table].setdefault(self.column, set()).add("n" if "n" in classes else "")
            self.column += 1


def test_every_header_is_aligned_like_its_column(
    org: Org, report: dict[str, Any], tmp_path: Path
) -> None:
    """Figures are right-aligned, and so are their headers (else a narrow figure sits
    under the next column's header in a wide table)."""
    page = tmp_path / "team.html"
    assert main(["report", "--lrs", "--html", str(page), "--cached", *org.args("whole")]) == 0
    columns = Columns()
    columns.feed(page.read_text())
    assert {"cards", "missed", "sprints", "tips"} <= set(columns.headers)
    for table, headers in columns.headers.items():
        cells = columns.cells[table]
        assert len(headers) == len(cells), table
        for index, header in enumerate(headers):
            assert cells[index] == {header}, (table, index, header, cells[index])
