"""Reading the LRS for the team view: page by page into a private cache, only what is new
on the next run (late arrivals included), an interrupted fetch going on where it
stopped, LRSs that filter `since` on timestamps, voided statements, and the command's
own credentials, failures and options."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest

from cuecard.cli import main
from cuecard.report.team.cache import TeamCache
from cuecard.report.team.config import ReportLrsConfig, resolve_report_password
from cuecard.report.team.fetch import STORED, TIMESTAMP, fetch_new
from cuecard.settings import load_settings
from cuecard.store.events import Event, EventKind
from cuecard.sync import statements
from cuecard.sync.lrs import LrsClient, LrsError
from cuecard.sync.statements import CardInfo, ShapeContext
from tests.report.team.page_server import PageServer
from tests.sync.lrs_server import LearningLocker, Tap, install_lrs
from tests.sync.test_sync_cli import MemoryKeyring

HOME = "https://org.example"
READER, SECRET = "reader", "reader-secret"


def opened(person: int, when: datetime, card: str = "sheets/freeze") -> dict[str, Any]:
    """An `opened` statement as the app builds it, for person number `person`."""
    context = ShapeContext(
        HOME,
        f"person-{person}",
        True,
        lambda _card: CardInfo("Freeze the header row", "guide"),
        lambda _card, _end: str(uuid.uuid4()),
        teams=("sales",),
    )
    parts = statements.viewed(context, Event(EventKind.OPENED, when, card))
    assert parts is not None
    return dict(json.loads(statements.build(context, parts, when).body))


def lrs_now(lrs: LearningLocker) -> datetime:
    """The LRS's own clock (its HTTP Date). It stamps `stored` with it, and the test run's
    clock shift (CUECARD_TEST_CLOCK_SHIFT_DAYS) moves this process's clock, not its."""
    return parsedate_to_datetime(httpx.get(lrs.endpoint + "about").headers["date"])


def post(lrs: LearningLocker, batch: list[dict[str, Any]]) -> None:
    with LrsClient(lrs.endpoint, "sender", "x") as client:
        assert client.post_statements([json.dumps(s) for s in batch]).ok


@pytest.fixture(scope="module")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LearningLocker]:
    install_lrs()
    server = LearningLocker(tmp_path_factory.mktemp("lrs")).start()
    yield server
    server.stop()


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    server = PageServer().start()
    yield server
    server.stop()


def fetch(endpoint: str, cache: TeamCache, page_size: int = 200) -> Any:
    with LrsClient(endpoint, READER, SECRET) as client:
        return fetch_new(client, cache, HOME, page_size=page_size)


def test_pages_then_only_what_is_new_late_arrivals_included(
    lrs: LearningLocker, tmp_path: Path
) -> None:
    now = lrs_now(lrs)  # the statements happened before the LRS stored them
    first = [opened(n % 12, now - timedelta(days=30, minutes=n)) for n in range(1200)]
    for start in range(0, 1200, 100):
        post(lrs, first[start : start + 100])
    with TeamCache(tmp_path / "cache.db") as cache:
        result = fetch(lrs.endpoint, cache)
        assert (result.read, result.new, result.pages) == (1200, 1200, 6)
        assert result.filters_on == STORED, "Learning Locker filters since on stored"
        late = [opened(99, now - timedelta(days=60, minutes=n)) for n in range(50)]  # a laptop back
        post(lrs, late)
        again = fetch(lrs.endpoint, cache)
        assert again.new == 50 and cache.count() == 1250
        assert again.read <= 50 + 100, "at most the last batch's ties are read again"
        assert fetch(lrs.endpoint, cache).new == 0
    assert (tmp_path / "cache.db").stat().st_mode & 0o777 == 0o600


def test_an_interrupted_fetch_goes_on_where_it_stopped_ties_included(
    page_server: PageServer, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    stored = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    made = [opened(n, now - timedelta(days=2)) for n in range(7)]
    for n, statement in enumerate(made):
        statement["stored"] = stored if n < 5 else (now - timedelta(minutes=30 - n)).isoformat()
    page_server.add(made)
    page_server.fail_page = 3
    with TeamCache(tmp_path / "cache.db") as cache:
        with pytest.raises(LrsError):
            fetch(page_server.endpoint, cache, page_size=2)
        assert cache.count() == 4, "the two pages read are kept"
        result = fetch(page_server.endpoint, cache, page_size=2)
        assert cache.count() == 7 and result.new == 3
        assert result.filters_on == STORED, "found out with one small query"
        assert "since=" in page_server.requests[-result.pages]


def test_an_lrs_filtering_since_on_timestamps_is_found_out(
    page_server: PageServer, tmp_path: Path
) -> None:
    page_server.filter_on = "timestamp"
    now = datetime.now(UTC)
    made = [opened(n % 6, now - timedelta(days=5, minutes=n)) for n in range(30)]
    for statement in made:
        statement["stored"] = (
            datetime.fromisoformat(statement["timestamp"]) + timedelta(hours=1)
        ).isoformat()
    page_server.add(made)
    with TeamCache(tmp_path / "cache.db") as cache:
        assert fetch(page_server.endpoint, cache).filters_on == TIMESTAMP
        late = opened(7, now - timedelta(days=10))
        late["stored"] = now.isoformat()
        page_server.add([late])
        assert fetch(page_server.endpoint, cache).new == 1, "read back 14 days on such an LRS"
        assert cache.meta("filters_on") == TIMESTAMP


def test_a_voided_statement_leaves_the_cache(lrs: LearningLocker, tmp_path: Path) -> None:
    statement = opened(1, lrs_now(lrs) - timedelta(days=1), "mail/rules")
    post(lrs, [statement])
    with TeamCache(tmp_path / "cache.db") as cache:
        fetch(lrs.endpoint, cache)
        assert cache.conn.execute(
            "SELECT 1 FROM statements WHERE id = ?", [statement["id"]]
        ).fetchone()
        voiding = {
            "id": str(uuid.uuid4()),
            "actor": statement["actor"],
            "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": statement["id"]},
        }
        post(lrs, [voiding])
        fetch(lrs.endpoint, cache)
        assert not cache.conn.execute(
            "SELECT 1 FROM statements WHERE id = ?", [statement["id"]]
        ).fetchone()


# The command ---------------------------------------------------------------------------


def settings(tmp_path: Path, endpoint: str, **extra: object) -> list[str]:
    values: dict[str, object] = {
        "content.builtin": False,
        "sync.endpoint": endpoint,
        "sync.actor_home_page": HOME,
        "sync.username": "sender",
        "sync.password": "sender-secret",
        "report.lrs_username": READER,
        "report.lrs_password": SECRET,
        **extra,
    }
    path = tmp_path / "settings.yaml"
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items()))
    return ["--data-dir", str(tmp_path / "data"), "--config", str(path)]


@pytest.fixture
def served(page_server: PageServer) -> PageServer:
    """Ten people's statements, five days old."""
    now = datetime.now(UTC)
    made = [opened(n % 10, now - timedelta(days=5, minutes=n)) for n in range(40)]
    for statement in made:
        statement["stored"] = now.isoformat()
    page_server.add(made)
    return page_server


def test_reads_with_its_own_credentials_never_the_senders(
    served: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tap = Tap(0, credentials=(READER, SECRET))
    tap.upstream_port = served.server.server_address[1]  # type: ignore[union-attr]
    tap.start()
    try:
        args = settings(tmp_path, tap.endpoint)
        assert main(["report", "--lrs", "--json", *args]) == 0
        assert json.loads(capsys.readouterr().out)["people"] == 10
        wrong = settings(tmp_path, tap.endpoint, **{"report.lrs_password": "sender-secret"})
        assert main(["report", "--lrs", "--json", *wrong]) == 1
        err = capsys.readouterr().err
        assert "refused report.lrs_username" in err and "--cached" in err
        assert "sender-secret" not in err
    finally:
        tap.stop()


def test_password_from_the_environment_or_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "s.yaml"
    site.write_text("report.lrs_username: reader\nsync.password: not-this\n")
    config = ReportLrsConfig.from_settings(load_settings(None, site))
    previous = keyring.get_keyring()
    try:
        memory = MemoryKeyring()
        memory.set_password("cuecard", "reader", "from-keyring")
        keyring.set_keyring(memory)
        assert resolve_report_password(config, {}) == "from-keyring"
        env = {"CUECARD_REPORT_PASSWORD": "from-env", "CUECARD_SYNC_PASSWORD": "no"}
        assert resolve_report_password(config, env) == "from-env"
    finally:
        keyring.set_keyring(previous)
    site.write_text("report.k_anonymity: 3\n")
    low = load_settings(None, site)
    assert ReportLrsConfig.from_settings(low).k == 5
    assert "must be at least 5" in str(low.problems[0])


def test_lrs_down_then_from_the_cache(
    served: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = settings(tmp_path, served.endpoint)
    assert main(["report", "--lrs", "--json", *args]) == 0
    capsys.readouterr()
    served.stop()
    assert main(["report", "--lrs", "--json", *args]) == 1
    err = capsys.readouterr().err
    assert "could not read the LRS" in err and "40 statements read before" in err
    assert main(["report", "--lrs", "--json", "--cached", *args]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["people"] == 10 and "cache only" in report["notes"][0]
    cache = tmp_path / "data" / "team-cache.db"
    assert cache.stat().st_mode & 0o777 == 0o600
    assert b"reader-secret" not in cache.read_bytes()
    assert main(["forget", "--yes", *args]) == 0
    assert not cache.exists()


def test_since_refetch_and_wrong_options(
    served: PageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = settings(tmp_path, served.endpoint)
    later = (datetime.now() - timedelta(days=2)).date().isoformat()
    assert main(["report", "--lrs", "--json", "--since", later, *args]) == 0
    assert json.loads(capsys.readouterr().out)["people"] == 0, "nothing happened since then"
    assert main(["report", "--lrs", "--json", *args]) == 0  # earlier than the cache holds
    out, err = capsys.readouterr()
    assert json.loads(out)["statements"] == 40 and "(40 new" in err
    assert main(["report", "--lrs", "--json", "--refetch", *args]) == 0
    assert "(40 new" in capsys.readouterr().err
    assert main(["report", "--team", "x", "--json", *args]) == 2
    assert main(["report", "--lrs", *args]) == 2
    assert main(["report", "--lrs", "--json", *settings(tmp_path, "")]) == 1
    assert "no LRS to read" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "--lrs", "--json", "--since", "yesterday", *args])


def test_page_server_sanity(page_server: PageServer) -> None:
    """The test server answers like an LRS (so the tests above test the client)."""
    page_server.add([dict(opened(1, datetime.now(UTC)), stored=datetime.now(UTC).isoformat())])
    data = httpx.get(page_server.endpoint + "statements?limit=5").json()
    assert len(data["statements"]) == 1 and data["more"] == ""
