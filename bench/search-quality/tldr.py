"""Real content for the search-quality benchmark: tldr-pages turned into cards.

The corpus the issue was measured on: a public cheat-sheet collection, one page per
command. Read from a snapshot of https://github.com/tldr-pages/tldr (a clone or a bare
git directory; only its HEAD commit is read, through git, so the commit id is exact):
every page of pages/common and pages/linux (the English pages for a Linux user) becomes
one card: title = the page's `# name` line, summary = its first `>` line, body = its
other description lines (without the "More information" link) and its examples, as
markdown. A command with a page in both folders gives two cards, as in the collection.

The cards are generated into bench/.work/ (never committed: third-party text) with a
manifest naming the snapshot's commit; an unchanged commit reuses them.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 3
FOLDERS = ("pages/common", "pages/linux")
_SAFE = re.compile(r"[^A-Za-z0-9._+-]")


@dataclass(frozen=True)
class Page:
    """One tldr page: its folder ('common', 'linux'), file name and text."""

    folder: str
    name: str
    text: str


def _git(source: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(source), *args], input=data, capture_output=True, check=True
    ).stdout


def commit(source: Path) -> str:
    """The snapshot's HEAD commit id."""
    return _git(source, "rev-parse", "HEAD").decode().strip()


def pages(source: Path) -> list[Page]:
    """Every page of FOLDERS at HEAD, read in one `git cat-file --batch`."""
    listing = _git(source, "ls-tree", "-r", "HEAD", *FOLDERS).decode().splitlines()
    entries = []
    for line in listing:
        meta, _, path = line.partition("\t")
        if path.endswith(".md"):
            entries.append((meta.split()[2], path))
    batch = _git(source, "cat-file", "--batch", data="".join(f"{b}\n" for b, _ in entries).encode())
    found, at = [], 0
    for _, path in entries:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        text = batch[header_end + 1 : header_end + 1 + size].decode("utf-8", errors="replace")
        at = header_end + 1 + size + 1
        folder, name = path.split("/")[-2], path.rsplit("/", 1)[-1][: -len(".md")]
        found.append(Page(folder, name, text))
    return found


@dataclass(frozen=True)
class Converted:
    """A page's title, one-line summary and markdown body."""

    title: str
    summary: str
    body: str


def convert(page: Page) -> Converted:
    """Title from `# name`, summary from the first `>` line, the rest as the body."""
    title, summary = page.name, ""
    described: list[str] = []
    rest: list[str] = []
    for line in page.text.splitlines():
        if not line.strip() and not any(s.strip() for s in rest):
            continue  # blank lines between the heading, the description and the examples
        if line.startswith("# ") and not summary and not rest and title == page.name:
            title = line[2:].strip() or page.name
        elif line.startswith(">") and not rest:
            said = line[1:].strip()
            if said.startswith("More information:"):
                continue
            if not summary:
                summary = said
            elif said:
                described.append(said)
        else:
            rest.append(line)
    body = "\n".join([" ".join(described), "", *rest]).strip() if described else "\n".join(rest)
    return Converted(title, summary, body.strip() or summary or title)


def file_name(name: str) -> str:
    """A file name for a page name ('[' and '[[' are pages too; a leading dot would
    hide the file)."""
    safe = _SAFE.sub(lambda m: f"_{ord(m.group()):x}_", name)
    return f"_{safe}" if safe.startswith(".") else safe


def card_text(card_id: str, converted: Converted) -> str:
    front = {"title": converted.title, "id": card_id, "kind": "card", "summary": converted.summary}
    head = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items())
    return f"---\n{head}\n---\n{converted.body}\n"


def build(work: Path, source: Path) -> tuple[Path, dict[str, object]]:
    """Generate (or reuse) the cards of the snapshot at `source` under `work`; returns
    (cards root, manifest)."""
    wanted = {"generator": GENERATOR_VERSION, "commit": commit(source), "folders": list(FOLDERS)}
    root = work / "cards"
    manifest_path = work / "manifest.json"
    if manifest_path.exists() and root.is_dir():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(manifest.get(k) == v for k, v in wanted.items()):
            return root, manifest
    if root.exists():
        for old in root.rglob("*.md"):
            old.unlink()
    written = 0
    for page in pages(source):
        target = root / page.folder / f"{file_name(page.name)}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(card_text(f"tldr/{page.folder}/{page.name}", convert(page)), "utf-8")
        written += 1
    manifest = {**wanted, "cards": written}
    work.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return root, manifest


def find_snapshot(given: str | None, candidates: list[Path]) -> Path | None:
    """The snapshot to read: `given`, else the first candidate that is a git
    repository holding pages/common."""
    for path in [Path(given)] if given else candidates:
        try:
            _git(path, "cat-file", "-e", f"HEAD:{FOLDERS[0]}")
        except (subprocess.CalledProcessError, FileNotFoundError, NotADirectoryError) as error:
            if given:
                message = f"{given}: not a git snapshot of tldr-pages (no {FOLDERS[0]})"
                raise SystemExit(message) from error
            continue
        return path
    return None
