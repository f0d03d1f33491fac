"""The simulated organisation's statements in a real Learning Locker on loopback (one per
test module: starting one costs about 2.5 s), and a way to run `cuecard report --lrs`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.sync.lrs import LrsClient
from cuecard.sync.sender import DirectAccess, Outcome, push
from tests.report.team.org_content import write_content
from tests.report.team.simulation import HOME, Organisation, Truth
from tests.sync.lrs_server import LearningLocker, install_lrs

READER, READER_SECRET = "reader", "reader-secret"


@dataclass
class Org:
    """The organisation once its statements are in the LRS."""

    lrs: LearningLocker
    truth: Truth
    organisation: Organisation
    content: Path
    folder: Path

    def settings(self, name: str, endpoint: str | None = None, **extra: object) -> Path:
        values: dict[str, object] = {
            "content.builtin": False,
            "sync.endpoint": endpoint or self.lrs.endpoint,
            "sync.actor_home_page": HOME,
            "sync.username": "sender",
            "sync.password": "sender-secret",
            "report.lrs_username": READER,
            "report.lrs_password": READER_SECRET,
            **extra,
        }
        path = self.folder / f"{name}.yaml"
        path.write_text("".join(f"{key}: {json.dumps(v)}\n" for key, v in values.items()))
        return path

    def args(self, name: str, settings: Path | None = None) -> list[str]:
        return [
            "--data-dir",
            str(self.folder / name),
            "--config",
            str(settings or self.settings(name)),
            "--content",
            str(self.content),
        ]


def send_all(organisation: Organisation, endpoint: str, now: datetime) -> int:
    clock = FixedClock(now)
    sent = 0
    with LrsClient(endpoint, "sender", "sender-secret", now=clock.now, timeout=30) as client:
        for person in organisation.people:
            result = push(DirectAccess(person.db), client, clock)
            assert result.outcome is Outcome.DONE, result
            sent += result.delivered
    return sent


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    install_lrs()
    folder = tmp_path_factory.mktemp("org")
    now = datetime.now().astimezone().replace(microsecond=0)
    organisation = Organisation(folder / "people", now)
    truth = organisation.build()
    content = write_content(folder / "content", now.date())
    lrs = LearningLocker(folder / "lrs").start()
    try:
        assert send_all(organisation, lrs.endpoint, now) == truth.statements
        yield Org(lrs, truth, organisation, content, folder)
    finally:
        lrs.stop()
        for person in organisation.people:
            person.db.conn.close()


def run_json(args: list[str], capsys: pytest.CaptureFixture[str], *more: str) -> dict[str, Any]:
    assert main(["report", "--lrs", "--json", *more, *args]) == 0, capsys.readouterr().err
    return dict(json.loads(capsys.readouterr().out))
