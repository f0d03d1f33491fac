"""Choose the focused-element back-end for this platform, with the reason for the choice.

Back-end modules are imported only when tried: atspi on Linux and the BSDs, uia on
Windows, ax on macOS. Without one, element triggers simply never match (window triggers
work as always) and `cuecard doctor` says why.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from cuecard.a11y.base import ElementsUnavailable, ElementWatcher


@dataclass(frozen=True)
class ElementChoice:
    """The chosen back-end (None when none can run here) and why."""

    name: str
    reason: str
    watcher: ElementWatcher | None


def backend_name(platform: str) -> str:
    if platform == "win32":
        return "uia"
    if platform == "darwin":
        return "ax"
    return "atspi"


def choose_element_watcher(
    env: Mapping[str, str] | None = None, platform: str | None = None, *, enable_tree: bool = True
) -> ElementChoice:
    """Create (not start) the platform's back-end. `enable_tree`: may it switch the
    accessibility tree on where apps export none until asked (AT-SPI's IsEnabled)?"""
    env = dict(os.environ) if env is None else env
    name = backend_name(sys.platform if platform is None else platform)
    try:
        module = importlib.import_module(f"cuecard.a11y.{name}")
        watcher: ElementWatcher = module.create(env, enable_tree=enable_tree)
    except ElementsUnavailable as exc:
        return ElementChoice(name, str(exc), None)
    except ImportError as exc:
        return ElementChoice(name, f"missing dependency ({exc.name or exc})", None)
    return ElementChoice(name, "event-driven", watcher)


@dataclass(frozen=True)
class BackendState:
    """The platform's back-end as `cuecard doctor` reports it: can it run, and its state
    (or why it cannot run)."""

    name: str
    ok: bool
    detail: str


def describe_backend(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> BackendState:
    """Look at the platform's back-end without starting or switching on anything."""
    env = dict(os.environ) if env is None else env
    name = backend_name(sys.platform if platform is None else platform)
    try:
        module = importlib.import_module(f"cuecard.a11y.{name}")
        return BackendState(name, True, str(module.describe(env)))
    except ElementsUnavailable as exc:
        return BackendState(name, False, str(exc))
    except ImportError as exc:
        return BackendState(name, False, f"missing dependency ({exc.name or exc})")
