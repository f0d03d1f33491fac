"""Fixtures for the reliability checks: the real LRS installed once per machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.lrs_server import install_lrs


@pytest.fixture(scope="session")
def lrs_installed() -> Path:
    return install_lrs()
