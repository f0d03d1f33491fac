"""Watcher tests reuse the real X session fixtures of the end-to-end tests."""

from tests.e2e.conftest import x_with_tray, x_without_tray

__all__ = ["x_with_tray", "x_without_tray"]
