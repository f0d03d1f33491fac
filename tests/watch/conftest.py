"""Watcher tests reuse the real X session fixtures of the end-to-end tests; the D-Bus
back-ends (GNOME, KDE) get a private session bus."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import x_with_tray, x_without_tray
from tests.watch.wayland_support import private_session_bus

__all__ = ["x_with_tray", "x_without_tray"]


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    with private_session_bus(tmp_path) as address:
        yield address
