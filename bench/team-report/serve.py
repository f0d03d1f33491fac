"""Serve a file of statements (one JSON text a line) as an LRS's GET /statements on
loopback, for the team-report benchmark; prints the endpoint, then serves until its
standard input closes."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "app")]

from tests.report.team.page_server import PageServer  # noqa: E402


def main() -> None:
    server = PageServer()
    with Path(sys.argv[1]).open(encoding="utf-8") as handle:
        server.add(line.rstrip("\n") for line in handle if line.strip())
    server.start()
    print(server.endpoint, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
