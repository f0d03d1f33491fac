"""Generate a synthetic content library of realistic cards for benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

APPS = [
    "soffice.bin",
    "excel",
    "winword",
    "firefox",
    "chrome",
    "code",
    "zoom",
    "ms-teams",
    "xterm",
    "konsole",
    "outlook",
    "slack",
    "gimp",
    "inkscape",
    "thunderbird",
]
# A large organisation's library covers hundreds of tools, not fifteen: the rest are
# named toolNNN, so a window matches tens of cards rather than every card of its app.
APPS += [f"tool{n:03d}" for n in range(235)]
WORDS = [
    "select",
    "copy",
    "paste",
    "format",
    "table",
    "column",
    "row",
    "header",
    "filter",
    "sort",
    "chart",
    "formula",
    "shortcut",
    "window",
    "tab",
    "panel",
    "menu",
    "ribbon",
    "toolbar",
    "share",
    "screen",
    "meeting",
    "mute",
    "camera",
    "branch",
    "commit",
    "merge",
    "search",
    "replace",
    "file",
    "folder",
    "style",
    "heading",
    "list",
    "review",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def card_text(rng: random.Random, index: int, extra_trigger: bool = False) -> str:
    app = rng.choice(APPS)
    steps = rng.randint(2, 6)
    body = [f"# {sentence(rng, 5)[:-1]} {index}", "", sentence(rng, 25), ""]
    for step in range(steps):
        body += [
            f"## Step {step + 1}: {sentence(rng, 4)[:-1]}",
            "",
            sentence(rng, 30),
            "",
            f"- Press ++ctrl+{rng.choice('abcdefg')}++",
            "",
        ]
    body += ["| Key | Action |", "|---|---|"]
    body += [f"| ++ctrl+{c}++ | {sentence(rng, 3)} |" for c in "xyz"]
    front = [
        "---",
        f"id: bench/{index:05d}",
        f"minutes: {rng.randint(1, 10)}",
        f"summary: {sentence(rng, 12)}",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        "when:",
        f"  - app: [{app}]",
        f'    title: "*{rng.choice(WORDS)}*"',
        f'  - class: "{app.split(".")[0]}*"',
        *(
            [f"  - title: 're:^{rng.choice(WORDS)} report {index % 500}\\b'"]
            if extra_trigger
            else []
        ),
        "owner: author@example.org",
        "reviewed: 2026-10-01",
        "---",
    ]
    return "\n".join(front + body) + "\n"


def generate(root: Path, count: int, seed: int = 7, extra_trigger: bool = False) -> list[Path]:
    """Write `count` cards into 100 folders below `root`; returns their paths."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = root / f"area{index % 100:02d}" / f"card-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(card_text(rng, index, extra_trigger), encoding="utf-8")
        paths.append(path)
    return paths
