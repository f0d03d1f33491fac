"""Every setting Cuecard knows: its name, default and a one-line description.

A leaf module (it imports nothing from cuecard): settings.py validates and layers these,
the doctor, the Settings window and docs list them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_HOTKEY = "<ctrl>+<alt>+<space>"
K_FLOOR = 5  # the team report never shows a figure about fewer people than this
# The built-in privacy exclusions: password managers and private browsing (watch/privacy.py).
DEFAULT_APPS = (
    "keepassxc",
    "keepass",
    "keepass2",
    "1password",
    "bitwarden",
    "enpass",
    "lastpass",
    "dashlane",
    "proton-pass",
    "seahorse",
    "kwalletmanager5",
    "kwalletmanager",
)
DEFAULT_TITLES = (
    "*Private Browsing*",
    "*(Incognito)*",
    "*Incognito*- Google Chrome*",
    "*InPrivate*",
    "*- Private Window*",
    "*Tor Browser*",
)
DEFAULT_CLASSES = ("keepassxc", "1password", "bitwarden", "org.keepassxc.*")


@dataclass(frozen=True)
class SettingSpec:
    """A known setting: its default, a one-line description, and an example value for
    the administrators' documentation (cuecard.deploy; None: derived from the default)."""

    default: Any
    description: str
    example: Any = None


SPECS: dict[str, SettingSpec] = {
    "content.builtin": SettingSpec(True, "load the built-in sample pack"),
    "content.roots": SettingSpec(
        [], "extra content folders, loaded in this order", ["/srv/cuecard/team-cards"]
    ),
    "content.review_every": SettingSpec("180d", "default review interval for cards", "90d"),
    "editor": SettingSpec(
        "",
        "editor that opens a card at a line, e.g. code -g {file}:{line}",
        "code -g {file}:{line}",
    ),
    "privacy.exclude_apps": SettingSpec(list(DEFAULT_APPS), "process names Cuecard never sees"),
    "privacy.exclude_titles": SettingSpec(list(DEFAULT_TITLES), "window titles never seen"),
    "privacy.exclude_classes": SettingSpec(list(DEFAULT_CLASSES), "window classes never seen"),
    "nudges.enabled": SettingSpec(True, "offer cards proactively (pulling always works)"),
    "nudges.per_hour": SettingSpec(3, "at most this many nudges an hour"),
    "nudges.per_day": SettingSpec(8, "at most this many nudges a day"),
    "nudges.min_gap_minutes": SettingSpec(10, "minutes between two nudges"),
    "nudges.dwell_seconds": SettingSpec(3, "seconds a window must be active before a nudge"),
    "nudges.max_unopened": SettingSpec(3, "stop nudging a card shown this often unopened"),
    "nudges.quiet_hours": SettingSpec(
        "", "no nudges in this span, e.g. 18:00-08:30", "18:00-08:30"
    ),
    "nudges.paused_until": SettingSpec(
        "",
        "no nudges up to and including this date, e.g. 2030-06-30 (pulling still works)",
        "2030-06-30",
    ),
    "hotkey": SettingSpec(
        DEFAULT_HOTKEY, "global hotkey for cards for the current window", "<ctrl>+<shift>+k"
    ),
    "autostart": SettingSpec(True, "start Cuecard when you log in (false: never at login)"),
    "learner.roles": SettingSpec([], "your roles, matched against cards' audience", ["finance"]),
    "learner.paths": SettingSpec(
        [], "learning paths to join (ids: file names in paths/)", ["onboarding"]
    ),
    "learning.fading": SettingSpec(True, "fade nudges from full card to hint to none"),
    "learning.unaided_to_stop": SettingSpec(
        3, "stop nudging a card done this often in a row without opening it"
    ),
    "learning.refresher_days": SettingSpec(
        60, "offer a refresher once after this many days away from a card's app"
    ),
    "review.enabled": SettingSpec(True, "spaced review of completed cards' recall prompts"),
    "review.retention": SettingSpec(90, "target recall in percent (FSRS): higher, more often"),
    "review.max_days": SettingSpec(365, "longest gap between two reviews, in days"),
    "review.idle_minutes": SettingSpec(10, "idle this long, then back: a moment for a review"),
    "pulse.enabled": SettingSpec(False, "ask two questions about your learning each month"),
    "pulse.every_days": SettingSpec(30, "days between two pulse checks"),
    "stewardship.soon_days": SettingSpec(30, "cards due for review this soon are listed"),
    "log.daily_prompt": SettingSpec(
        "", "ask what you learned each day at this time, e.g. 17:00", "17:00"
    ),
    "sync.enabled": SettingSpec(False, "send learning records as xAPI to a Learning Record Store"),
    "sync.endpoint": SettingSpec(
        "",
        "the LRS's xAPI base URL, e.g. https://lrs.example.org/xAPI/",
        "https://lrs.example.org/xAPI/",
    ),
    "sync.username": SettingSpec("", "the LRS key or user name (HTTP Basic)", "cuecard-client"),
    "sync.password": SettingSpec(
        "", "the LRS secret (or the keyring, or CUECARD_SYNC_PASSWORD)", "the-lrs-secret"
    ),
    "sync.actor_home_page": SettingSpec(
        "", "the organisation's URL that names learners' accounts", "https://www.example.org/"
    ),
    "sync.share_log_text": SettingSpec(False, "send learning-log and missed-search text too"),
    "sync.teams": SettingSpec(
        [], "team tags sent with each statement (for team reports)", ["finance", "emea"]
    ),
    "packs.urls": SettingSpec(
        [],
        "signed content packs to download (folder URLs)",
        ["https://cards.example.org/packs/finance/"],
    ),
    "packs.public_key": SettingSpec(
        "",
        "the Ed25519 key `cuecard pack keygen` printed",
        "Y3VlY2FyZC1leGFtcGxlLXB1YmxpYy1rZXktMzJieXQ=",
    ),
    "report.lrs_endpoint": SettingSpec(
        "",
        "the LRS the team report reads (empty: sync.endpoint)",
        "https://lrs.example.org/xAPI/",
    ),
    "report.lrs_username": SettingSpec(
        "", "the LRS key or user name for reading (HTTP Basic)", "cuecard-report"
    ),
    "report.lrs_password": SettingSpec(
        "",
        "the LRS secret for reading (or the keyring, or CUECARD_REPORT_PASSWORD)",
        "the-read-secret",
    ),
    "report.k_anonymity": SettingSpec(
        K_FLOOR, f"team report: hide figures about fewer people than this (at least {K_FLOOR})"
    ),
    "accessibility.follow_focus": SettingSpec(
        True,
        "for cards that name a dialog or control, follow the focus in the apps they name "
        "(on Linux this switches the accessibility tree on while such cards exist)",
    ),
}
# Never shown, logged or exported (doctor prints "(set)" instead).
SECRET_KEYS = frozenset({"sync.password", "report.lrs_password"})
