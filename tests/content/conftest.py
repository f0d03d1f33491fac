"""Fixtures for the content tests."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cuecard.content import parse as parse_module
from cuecard.content.parse import ParsedCard


@pytest.fixture
def read_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every card file the library parses, in order (wraps the real `read_card`).

    The library reaches `read_card` either directly or through the in-process path
    of `cuecard.content.parallel`; whichever module holds the name gets the wrapper.
    """
    calls: list[Path] = []
    real = parse_module.read_card

    def counting(path: Path, root: Path) -> ParsedCard:
        calls.append(path)
        return real(path, root)

    patched = 0
    for name in ("cuecard.content.library", "cuecard.content.parallel"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "read_card"):
            monkeypatch.setattr(module, "read_card", counting)
            patched += 1
    assert patched, "no module of the library calls read_card any more"
    return calls
