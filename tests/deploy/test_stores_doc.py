"""docs/deploy.md tells IT every file Cuecard keeps in a user's data folder."""

from __future__ import annotations

from pathlib import Path

from cuecard.instance_address import POINTER_NAME
from cuecard.paths import AppPaths
from tests.conftest import REPO

DATA = Path("/data")


def data_dir_entries() -> set[str]:
    """The top-level names AppPaths (and the instance pointer) put in the data dir."""
    paths = AppPaths(Path("/config"), DATA, Path("/res"), Path("/builtin"), logs=Path("/logs"))
    names = {POINTER_NAME}
    for name in dir(AppPaths):
        if isinstance(getattr(AppPaths, name), property):
            value = getattr(paths, name)
            if isinstance(value, Path) and value.is_relative_to(DATA) and value != DATA:
                names.add(value.relative_to(DATA).parts[0])
    return names


def stores_section() -> str:
    text = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    start = text.index("## What Cuecard stores where")
    return text[start : text.index("\n## ", start + 1)]


def test_every_file_in_the_data_dir_is_in_the_deploy_guide() -> None:
    entries = data_dir_entries()
    assert {"cuecard.db", "team-cache.db", "packs", "cache"} <= entries
    section = stores_section()
    missing = sorted(
        name for name in entries if f"`{name}`" not in section and f"`{name}/`" not in section
    )
    assert missing == []
