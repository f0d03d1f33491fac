"""Real content for the search-quality benchmark: Debian's man pages turned into cards.

One card per man page of the Debian packages listed in packages.txt (sections 1 to 8,
English only; the list is fixed so that packages installed later on the machine do not
change the corpus): title = the command's name, summary = the NAME line's one-line
description, body = the SYNOPSIS and DESCRIPTION text as groff renders it for a terminal
(every section but NAME for the few pages without either), tags = the other names the
same page is installed under (symbolic links, `.so` redirects, identical copies).
A listed package that is not installed, or not from Debian's archive (apt-cache policy
names no debian.org source), is left out and reported.

The cards are generated into bench/.work/ (never committed: third-party text) with a
manifest of the packages and versions used; an unchanged package set reuses them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

MAN = Path("/usr/share/man")
DPKG_INFO = Path("/var/lib/dpkg/info")
GENERATOR_VERSION = 4
BODY_LIMIT = 60_000  # characters of SYNOPSIS + DESCRIPTION kept per card
_PAGE = re.compile(r"^/usr/share/man/man([1-8])/([^/]+)\.([1-8][^./]*)(?:\.gz)?$")
_HEADING = re.compile(r"^[A-Z][A-Z0-9 ,/&()'_-]*$")
_DASH = re.compile(r"\s+[-‐−–—]+\s+|\\-\s*")
_SO = re.compile(r"^\.so\s+(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """One installed man page file: its name, section suffix, package and real file."""

    name: str
    section: str
    package: str
    path: Path


def listed_packages() -> list[str]:
    text = (Path(__file__).with_name("packages.txt")).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def debian_packages(names: Iterable[str]) -> dict[str, str]:
    """The packages among `names` installed from Debian's archive -> installed version."""
    owners = set(names)
    policy = subprocess.run(
        ["apt-cache", "policy", *sorted(owners)], capture_output=True, text=True, check=True
    ).stdout
    chosen: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", policy):
        name, _, rest = block.partition(":")
        installed = re.search(r"Installed: (\S+)", rest)
        if installed and "debian.org" in rest and installed.group(1) != "(none)":
            chosen[name.strip()] = installed.group(1)
    return chosen


def installed_pages(packages: Iterable[str]) -> list[Page]:
    pages = []
    for package in sorted(packages):
        listing = next(iter(sorted(DPKG_INFO.glob(f"{package}.list"))), None) or next(
            iter(sorted(DPKG_INFO.glob(f"{package}:*.list"))), None
        )
        if listing is None:
            continue
        for line in listing.read_text(encoding="utf-8", errors="replace").splitlines():
            match = _PAGE.match(line)
            if match and Path(line).exists():
                pages.append(Page(match.group(2), match.group(3), package, Path(line)))
    return pages


def read_source(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def real_file(page: Page) -> Path:
    """The file holding the page's text: symbolic links and `.so` redirects followed."""
    path = page.path.resolve()
    for _ in range(5):
        head = read_source(path)[:2000]
        lines = [s for s in head.splitlines() if s.strip() and not s.startswith(('.\\"', "'\\\""))]
        redirect = _SO.match(lines[0]) if len(lines) == 1 else None
        if redirect is None:
            return path
        target = MAN / redirect.group(1)
        candidates = [target, target.with_name(target.name + ".gz")]
        found = next((c for c in candidates if c.exists()), None)
        if found is None:
            return path
        path = found.resolve()
    return path


def render(path: Path, cache: Path) -> str:
    """The page as a terminal shows it (groff, utf8, no bold or underline), cached by the
    file's path, size and time."""
    info = path.stat()
    key = hashlib.sha1(f"{path}|{info.st_size}|{info.st_mtime_ns}".encode()).hexdigest()
    cached = cache / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    result = subprocess.run(
        ["groff", "-k", "-t", "-mandoc", "-Tutf8", "-P-cbou", "-rLL=100n"],
        input=read_source(path).encode(),
        capture_output=True,
        cwd=MAN,
        timeout=60,
        check=False,
    )
    text = result.stdout.decode("utf-8", errors="replace")
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


_HYPHENATED = re.compile(r"(\w)\u2010\n\s*(\w)")


def sections(text: str) -> dict[str, str]:
    """Section heading -> its text, dedented and with single blank lines; words that
    groff hyphenated at a line's end are joined again ('val‐' + 'ues')."""
    text = _HYPHENATED.sub(r"\1\2", text)
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines()[1:]:
        if line and not line[0].isspace() and _HEADING.match(line.strip()):
            current = found.setdefault(line.strip(), [])
        elif current is not None:
            current.append(line)
    result = {}
    for heading, lines in found.items():
        while lines and not lines[-1].strip():
            lines.pop()
        body = "\n".join(s.strip() for s in lines)
        result[heading] = re.sub(r"\n{3,}", "\n\n", body).strip()
    return result


def card_text(card_id: str, title: str, summary: str, aliases: list[str], body: str) -> str:
    front = {
        "title": title,
        "id": card_id,
        "kind": "card",
        "summary": summary,
        "tags": aliases,
    }
    head = "\n".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()
    )
    fence = "~" * 8
    return f"---\n{head}\n---\n{fence}text\n{body}\n{fence}\n"


@dataclass(frozen=True)
class Draft:
    """A card before it gets its id: section, title, summary, aliases, body."""

    section: str
    title: str
    summary: str
    aliases: list[str]
    body: str


def draft(real: Path, group: list[Page], cache: Path) -> Draft | None:
    """The card for one real page and every name it is installed under."""
    parts = sections(render(real, cache))
    name_line = " ".join(parts.get("NAME", "").split())
    if not name_line:
        return None
    split = _DASH.split(name_line, maxsplit=1)
    listed = [n.strip() for n in split[0].split(",") if n.strip()]
    summary = split[1].strip() if len(split) > 1 else ""
    names = sorted({p.name for p in group})
    own = next((p for p in group if p.path.resolve() == real), group[0])
    title = next((n for n in listed if n in names), own.name)
    aliases = [n for n in names if n != title]
    body = "\n\n".join(parts[h] for h in ("SYNOPSIS", "DESCRIPTION") if h in parts)
    if not body.strip():  # a page with other headings (rbash, D-Bus APIs): all but NAME
        body = "\n\n".join(text for h, text in parts.items() if h != "NAME")
    return Draft(own.section, title, summary, aliases, body[:BODY_LIMIT])


def groff_version() -> str:
    out = subprocess.run(["groff", "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


def build(work: Path) -> tuple[Path, dict[str, object]]:
    """Generate (or reuse) the cards under `work`; returns (cards root, manifest)."""
    listed = listed_packages()
    packages = debian_packages(listed)
    wanted = {
        "generator": GENERATOR_VERSION,
        "groff": groff_version(),
        "packages": packages,
        "missing": sorted(set(listed) - set(packages)),
    }
    root = work / "cards"
    manifest_path = work / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(manifest.get(k) == v for k, v in wanted.items()) and root.is_dir():
            return root, manifest
    groups: dict[Path, list[Page]] = defaultdict(list)
    for page in installed_pages(packages):
        groups[real_file(page)].append(page)
    # Identical copies under several names (openssl's per-command pages) are one page.
    by_content: dict[str, Path] = {}
    for real in sorted(groups):
        digest = hashlib.sha256(read_source(real).encode()).hexdigest()
        first = by_content.setdefault(digest, real)
        if first != real:
            groups[first].extend(groups.pop(real))
    if root.exists():
        for old in root.rglob("*.md"):
            old.unlink()
    rendered = work / "rendered"
    with ThreadPoolExecutor(max_workers=2) as pool:
        drafts = list(pool.map(lambda item: draft(*item, rendered), sorted(groups.items())))
    written = 0
    used: set[str] = set()
    for card in drafts:
        if card is None:
            continue
        card_id = f"man{card.section}/{card.title}"
        if card_id in used:  # two packages with a page of the same name and section
            card_id += f"~{sum(1 for u in used if u.startswith(card_id + '~')) + 2}"
        used.add(card_id)
        safe = re.sub(r"[^A-Za-z0-9._+~-]", "_", card_id.split("/", 1)[1])
        target = root / f"man{card.section}" / f"{safe}.md"
        while target.exists():
            target = target.with_name(target.stem + "_.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        body = card.body if card.body.strip() else card.summary or card.title
        text = card_text(card_id, card.title, card.summary, card.aliases, body)
        target.write_text(text, encoding="utf-8")
        written += 1
    manifest = {**wanted, "pages": sum(len(g) for g in groups.values()), "cards": written}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return root, manifest


if __name__ == "__main__":
    import sys

    out, info = build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/.work/sq"))
    print(out, info["cards"], "cards from", len(info["packages"]), "packages")  # type: ignore[arg-type]
