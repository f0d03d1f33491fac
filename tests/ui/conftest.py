"""Fixtures for the Qt tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from cuecard.ui.controller import TrayController


@pytest.fixture
def quit_after() -> Iterator[Callable[[TrayController], TrayController]]:
    """Register a controller to be quit when the test ends, passed or failed: its threads
    and timers must not deliver into later tests (they once hit a deleted widget)."""
    made: list[TrayController] = []

    def register(controller: TrayController) -> TrayController:
        made.append(controller)
        return controller

    yield register
    for controller in made:
        controller.quit()
