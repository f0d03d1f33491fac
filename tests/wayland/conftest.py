"""Fixtures for the real-Wayland tests: the test user, its Python, fresh compositors.

Each test gets a compositor of its own (sway starts in about 0.1 s, KWin in 0.2 to
0.4 s here), so no window or rule of one test can leak into the next.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.wayland.account import Account, UserPython, shared_folder, user_python, wayland_account
from tests.wayland.compositors import KWin, Sway
from tests.wayland.kwin_probe import KWinProbe


@pytest.fixture(scope="session")
def account() -> Account:
    return wayland_account()


@pytest.fixture(scope="session")
def user_py(account: Account) -> Iterator[UserPython]:
    folder = shared_folder("cc-py-")
    try:
        yield user_python(account, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def sway(account: Account, user_py: UserPython) -> Iterator[Sway]:
    with Sway(account, user_py) as session:
        yield session


@pytest.fixture
def kwin(account: Account, user_py: UserPython) -> Iterator[KWin]:
    with KWin(account, user_py) as session:
        yield session


@pytest.fixture
def kwin_with_xwayland(account: Account, user_py: UserPython) -> Iterator[KWin]:
    with KWin(account, user_py, xwayland=True) as session:
        yield session


@pytest.fixture
def probe(kwin: KWin) -> Iterator[KWinProbe]:
    view = KWinProbe(kwin.bus_address, kwin.folder, kwin.log_tail)
    yield view
    view.close()
