"""A small command library like a public cheat-sheet collection: names as titles,
one-line summaries, example bodies, and the one- and two-letter titles such a
collection has (ar, do, n, o, r)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.search.engine import SearchEngine
from tests.conftest import write_card

COMMANDS = {
    "ar": ("Create, modify and extract from archives.", "Replace members: ar r lib.a obj.o"),
    "r": ("The R statistics language.", "Start an interactive session: R"),
    "do": ("Run a command in a sandbox.", "Run once: do thing"),
    "o": ("Open a file with its default program.", "Open it: o report.pdf"),
    "n": ("Manage Node.js versions.", "Install the latest version: n latest"),
    "tar": ("An archiving utility.", "Create an archive: tar -cf out.tar dir; extract: tar -xf"),
    "tarcat": ("Join the pieces of a multi-volume archive.", "tarcat part1 part2 > whole"),
    "docker": ("Manage containers.", "List running containers: docker ps"),
    "python": ("Run Python programs.", "Run a script: python script.py"),
    "git": ("Distributed version control.", "Record changes: git commit"),
    "gitk": ("Browse the history of a repository.", "gitk --all"),
    "ssh": ("Connect to a remote machine.", "ssh user@host"),
    "ssh-keygen": ("Make authentication keys.", "Generate a key pair: ssh-keygen -t ed25519"),
    "journalctl": ("Query the systemd journal.", "Show messages from the system log: journalctl"),
    "useradd": ("Create a new user account.", "Add a user: useradd -m alice"),
    "userdel": ("Delete a user account.", "Remove a user and their home: userdel -r alice"),
    "chmod": ("Change the mode bits of a file.", "Make a script executable: chmod +x run.sh"),
    "grep": ("Find patterns in text.", "Search recursively: grep -rn needle ."),
}


def command_card(title: str, summary: str, body: str, tags: tuple[str, ...] = ()) -> str:
    tag_line = f"tags: [{', '.join(tags)}]\n" if tags else ""
    return (
        f'---\ntitle: "{title}"\nid: "cmd/{title}"\nsummary: "{summary}"\n{tag_line}---\n{body}\n'
    )


def build(root: Path, cache: Path, cards: dict[str, tuple[str, str]]) -> LibrarySnapshot:
    for title, (summary, body) in cards.items():
        write_card(root, f"{title}.md", command_card(title, summary, body))
    return ContentLibrary([root], IndexCache(cache)).load()


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> tuple[LibrarySnapshot, SearchEngine]:
    base = tmp_path_factory.mktemp("commands")
    snapshot = build(base / "cards", base / "index.sqlite", COMMANDS)
    return snapshot, SearchEngine(base / "index.sqlite")
