"""settings.py: defaults < site file (may lock keys) < user file; bad values never stop the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path

import pytest

from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.paths import AppPaths
from cuecard.setting_specs import K_FLOOR
from cuecard.settings import (
    DEFAULT_APPS,
    DEFAULT_CLASSES,
    DEFAULT_TITLES,
    SPECS,
    Settings,
    Source,
    SourceKind,
    load_settings,
)

Built = Callable[[Settings], AppContext]


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site.yaml"


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user.yaml"


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """The context that builds the domain objects these settings describe."""
    return lambda settings: AppContext(AppPaths.default(tmp_path / "data"), settings)


DEFAULTS = {
    "content.builtin": True,
    "content.roots": [],
    "content.review_every": "180d",
    "editor": "",
    "privacy.exclude_apps": list(DEFAULT_APPS),
    "privacy.exclude_titles": list(DEFAULT_TITLES),
    "privacy.exclude_classes": list(DEFAULT_CLASSES),
    "nudges.enabled": True,
    "nudges.per_hour": 3,
    "nudges.per_day": 8,
    "nudges.min_gap_minutes": 10,
    "nudges.dwell_seconds": 3,
    "nudges.max_unopened": 3,
    "nudges.quiet_hours": "",
    "nudges.paused_until": "",
    "hotkey": "<ctrl>+<alt>+<space>",
    "autostart": True,
    "learner.roles": [],
    "log.daily_prompt": "",
    "learner.paths": [],
    "learning.fading": True,
    "learning.unaided_to_stop": 3,
    "learning.refresher_days": 60,
    "review.enabled": True,
    "review.retention": 90,
    "review.max_days": 365,
    "review.idle_minutes": 10,
    "pulse.enabled": False,
    "pulse.every_days": 30,
    "stewardship.soon_days": 30,
    "sync.enabled": False,
    "sync.endpoint": "",
    "sync.username": "",
    "sync.password": "",
    "sync.actor_home_page": "",
    "sync.share_log_text": False,
    "sync.teams": [],
    "packs.urls": [],
    "packs.public_key": "",
    "report.lrs_endpoint": "",
    "report.lrs_username": "",
    "report.lrs_password": "",
    "report.k_anonymity": K_FLOOR,
    "accessibility.follow_focus": True,
}


def content_sources(settings: Settings) -> dict[str, str]:
    """Each content key's source as the doctor prints it."""
    return {
        key: str(source) for key, source in settings.sources.items() if key.startswith("content.")
    }


def problems(settings: Settings) -> tuple[str, ...]:
    return tuple(str(problem) for problem in settings.problems)


def test_defaults_without_files(built: Built) -> None:
    settings = load_settings(None, None)
    assert dict(settings.values) == DEFAULTS
    assert set(SPECS) == set(DEFAULTS)
    assert dict(settings.sources) == dict.fromkeys(DEFAULTS, Source())
    assert {str(source) for source in settings.sources.values()} == {"default"}
    assert (settings.problems, settings.locked, settings.files) == ((), frozenset(), ())
    context = built(settings)
    assert context.content_roots == (context.paths.builtin_content.resolve(),)
    assert context.review_every_days == 180


def test_missing_files_are_fine(site: Path, user: Path) -> None:
    settings = load_settings(site, user)
    assert dict(settings.values) == DEFAULTS
    assert settings.problems == ()
    assert settings.files == (site, user)


def test_site_file_overrides_defaults(site: Path, built: Built) -> None:
    write(site, "content:\n  builtin: false\n  review_every: 12w\n")
    settings = load_settings(site, None)
    assert settings.get("content.builtin") is False
    assert built(settings).review_every_days == 84
    assert content_sources(settings) == {
        "content.builtin": f"site: {site}",
        "content.roots": "default",
        "content.review_every": f"site: {site}",
    }


def test_user_file_overrides_site_file(site: Path, user: Path, built: Built) -> None:
    write(site, "content.roots: [/srv/org-cards]\ncontent.review_every: 30d\n")
    write(user, "content.roots: [~/cards, /srv/org-cards]\n")
    settings = load_settings(site, user)
    assert settings.get("content.roots") == ["~/cards", "/srv/org-cards"]
    assert built(settings).content_roots[1:] == (
        (Path.home() / "cards").resolve(),
        Path("/srv/org-cards").resolve(),
    )
    assert settings.get("content.review_every") == "30d"
    assert (settings.sources["content.roots"], settings.sources["content.review_every"]) == (
        Source(SourceKind.USER, str(user)),
        Source(SourceKind.SITE, str(site)),
    )
    assert settings.problems == ()


def test_a_root_in_an_unknown_users_home_does_not_stop_the_app(user: Path, built: Built) -> None:
    # Found by fuzzing: "~c/cards" (no user c) made expanduser raise at start.
    write(user, "content.builtin: false\ncontent.roots: [~no-such-user-zq/cards, ~/cards]\n")
    roots = built(load_settings(None, user)).content_roots
    assert roots == (
        Path("~no-such-user-zq/cards").resolve(),  # as written: it names no folder
        (Path.home() / "cards").resolve(),
    )


def test_dotted_and_nested_keys_mix(user: Path, built: Built) -> None:
    write(user, "content.builtin: false\ncontent:\n  review_every: 1y\n")
    settings = load_settings(None, user)
    assert (settings.get("content.builtin"), built(settings).review_every_days) == (False, 365)


def test_locked_keys_cannot_be_changed_by_the_user(site: Path, user: Path) -> None:
    write(site, "content.builtin: false\nlocked: [content.builtin, content.roots]\n")
    write(user, "content.builtin: true\ncontent.roots: [/mine]\ncontent.review_every: 7d\n")
    settings = load_settings(site, user)
    assert settings.get("content.builtin") is False
    assert settings.get("content.roots") == []
    assert settings.get("content.review_every") == "7d"
    assert settings.locked == frozenset({"content.builtin", "content.roots"})
    assert content_sources(settings) == {
        "content.builtin": f"site, locked: {site}",
        "content.roots": f"default, locked: {site}",  # locked at its default
        "content.review_every": f"user: {user}",
    }
    assert problems(settings) == (
        f"{user}:1: setting 'content.builtin' is locked by your administrator",
        f"{user}:2: setting 'content.roots' is locked by your administrator",
    )


def test_a_single_locked_key_may_be_written_as_text(site: Path, user: Path) -> None:
    write(site, "content.builtin: false\nlocked: content.builtin\n")
    write(user, "content.builtin: true\n")
    settings = load_settings(site, user)
    assert settings.get("content.builtin") is False
    assert settings.locked == frozenset({"content.builtin"})


def test_wrongly_typed_locked_list_is_reported(site: Path) -> None:
    write(site, "locked: 5\n")
    assert problems(load_settings(site, None)) == (
        f"{site}: 'locked' should be a list of setting names; ignored",
    )
    write(site, "locked: {content: builtin}\n")
    assert problems(load_settings(site, None)) == (
        f"{site}:1: unknown setting 'locked.content' ignored",
    )
    write(site, "locked: [content.bultin]\n")
    assert problems(load_settings(site, None)) == (
        f"{site}: unknown setting 'content.bultin' in 'locked' ignored",
    )
    write(site, "locked:\n")
    assert load_settings(site, None).problems == ()


def test_locked_in_the_user_file_means_nothing(user: Path) -> None:
    write(user, "locked: [content.builtin]\ncontent.builtin: false\n")
    settings = load_settings(None, user)
    assert settings.locked == frozenset()
    assert settings.get("content.builtin") is False
    assert problems(settings) == (f"{user}:1: unknown setting 'locked' ignored",)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("content.builtin: 'yes please'", "content.builtin"),
        ("content.builtin: 1", "content.builtin"),
        ("content.roots: /just/one", "content.roots"),
        ("content.roots: [a, 5]", "content.roots"),
        ("content.review_every: soon", "content.review_every"),
        ("content.review_every: true", "content.review_every"),
        ("content.review_every: [90d]", "content.review_every"),
    ],
)
def test_wrong_types_are_ignored_with_a_message(user: Path, line: str, key: str) -> None:
    write(user, f"{line}\ncontent.review_every: 2w\n" if key != "content.review_every" else line)
    settings = load_settings(None, user)
    assert settings.get(key) == DEFAULTS[key]
    assert settings.sources[key] == Source()
    assert problems(settings) == (f"{user}:1: setting '{key}' has the wrong type; ignored",)


def test_number_of_days_is_a_valid_review_interval(user: Path, built: Built) -> None:
    write(user, "content.review_every: 45\n")
    assert built(load_settings(None, user)).review_every_days == 45


def test_unknown_keys_are_reported(site: Path, user: Path) -> None:
    write(site, "content.colour: blue\nui:\n  theme: dark\n")
    write(user, "contnet.roots: [x]\n")
    settings = load_settings(site, user)
    assert dict(settings.values) == DEFAULTS
    assert problems(settings) == (
        f"{site}:1: unknown setting 'content.colour' ignored",
        f"{site}:2: unknown setting 'ui.theme' ignored",
        f"{user}:1: unknown setting 'contnet.roots' ignored",
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- a\n- b\n", "settings must be a mapping of keys"),
        ("just text\n", "settings must be a mapping of keys"),
        (
            "caf\xe9: 1\n".encode("latin-1"),
            "not UTF-8 (invalid byte at offset 3); save it as UTF-8",
        ),
        (b"\x00\x01\x02", "binary file, not a markdown card"),
    ],
)
def test_unusable_files_are_reported_and_skipped(
    user: Path, content: str | bytes, problem: str
) -> None:
    write(user, content)
    settings = load_settings(None, user)
    assert dict(settings.values) == DEFAULTS
    assert problems(settings) == (f"{user}: {problem}",)


def test_broken_yaml_names_file_and_line(user: Path) -> None:
    write(user, "content.builtin: false\ncontent.roots: [a,\n")
    settings = load_settings(None, user)
    assert dict(settings.values) == DEFAULTS
    [problem] = problems(settings)
    assert problem.startswith(f"{user}:")
    assert ": unparseable YAML" in problem
    line = int(problem[len(str(user)) + 1 :].split(":")[0])
    assert line >= 2


def test_yaml_bomb_in_settings_is_refused(user: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index, name in enumerate("bcdefgh"):
        previous = "abcdefgh"[index]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    write(user, "\n".join(lines))
    settings = load_settings(None, user)
    assert dict(settings.values) == DEFAULTS
    assert problems(settings) == (f"{user}:1: aliases expand beyond a sane size (YAML bomb?)",)


def test_empty_file_and_bom_crlf(user: Path) -> None:
    write(user, "")
    assert load_settings(None, user).problems == ()
    write(user, b"\xef\xbb\xbfcontent.builtin: false\r\n")
    settings = load_settings(None, user)
    assert settings.get("content.builtin") is False
    assert settings.problems == ()


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "settings.yaml"
    folder.mkdir()
    [problem] = problems(load_settings(None, folder))
    assert problem.startswith(f"{folder}: cannot read settings:")


def test_nudge_settings_become_policy(site: Path, user: Path, built: Built) -> None:
    write(site, "nudges:\n  per_hour: 1\nlocked: [nudges.per_hour]\n")
    write(user, "nudges:\n  per_hour: 9\n  quiet_hours: '18:00-08:30'\n  dwell_seconds: -1\n")
    settings = load_settings(site, user)
    policy = built(settings).policy
    assert policy.per_hour == 1, "locked by IT"
    assert (policy.quiet_start, policy.quiet_end) == (time(18, 0), time(8, 30))
    assert policy.dwell.total_seconds() == 3, "negative dwell ignored"
    assert any(p.key == "nudges.dwell_seconds" for p in settings.problems)


def test_bad_quiet_hours_are_reported(user: Path, built: Built) -> None:
    write(user, "nudges.quiet_hours: evenings\n")
    settings = load_settings(None, user)
    assert built(settings).policy.quiet_start is None
    assert problems(settings) == (
        f"{user}:1: setting 'nudges.quiet_hours' has the wrong type; ignored",
    )


def test_privacy_settings_become_rules(user: Path, built: Built) -> None:
    write(user, "privacy.exclude_apps: [myvault]\n")
    rules = built(load_settings(None, user)).privacy_rules
    assert rules.excludes(WindowInfo(app="myvault", title="Vault"))
    assert not rules.excludes(WindowInfo(app="gedit", title="notes.txt"))


def test_learning_settings_reach_the_rules(tmp_path: Path, built: Built) -> None:
    site = write(
        tmp_path / "site.yaml",
        "learner.paths: [first-week]\npulse:\n  enabled: true\n  every_days: 14\n"
        "locked: [pulse.enabled]\n",
    )
    user = write(
        tmp_path / "user.yaml",
        "pulse.enabled: false\nlearning:\n  refresher_days: 30\n  fading: false\n"
        "review:\n  retention: 95\n  max_days: 90\n  idle_minutes: 5\n",
    )
    settings = load_settings(site, user)
    learning = built(settings).learning
    assert (learning.pulse, learning.pulse_every.days) == (True, 14), "IT turned it on, locked"
    assert (learning.refresher_after.days, learning.fading) == (30, False)
    assert (learning.retention, learning.max_interval_days) == (0.95, 90)
    assert learning.idle_after.total_seconds() == 300
    assert settings.get("learner.paths") == ["first-week"]
    assert any("locked" in str(problem) for problem in settings.problems)


@pytest.mark.parametrize("value", [50, 100, "high", True])
def test_review_retention_is_a_sane_percentage(tmp_path: Path, value: object) -> None:
    user = write(tmp_path / "user.yaml", f"review.retention: {str(value).lower()}\n")
    settings = load_settings(None, user)
    assert settings.get("review.retention") == 90
    [problem] = settings.problems
    assert (problem.key, str(problem).startswith(str(user))) == ("review.retention", True)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("sync.endpoint: lrs.example.org/xAPI/", "sync.endpoint"),
        ("sync.endpoint: ftp://lrs.example.org/", "sync.endpoint"),
        ("sync.actor_home_page: example", "sync.actor_home_page"),
        ("packs.urls: [not-a-url]", "packs.urls"),
        ("packs.public_key: not-a-key", "packs.public_key"),
        ("packs.public_key: QUJD", "packs.public_key"),  # base64, but not 32 bytes
        ("sync.enabled: yes please", "sync.enabled"),
    ],
)
def test_sync_settings_are_checked(user: Path, line: str, key: str) -> None:
    write(user, line + "\n")
    settings = load_settings(None, user)
    assert settings.get(key) == DEFAULTS[key]
    assert problems(settings) == (f"{user}:1: setting '{key}' has the wrong type; ignored",)


def test_sync_settings_can_be_set_and_locked_by_it(site: Path, user: Path) -> None:
    key = "A" * 43 + "="
    write(
        site,
        "sync:\n  enabled: true\n  endpoint: https://lrs.example.org/xAPI/\n"
        f"packs.urls: [https://cdn.example.org/packs/team/, file:///srv/packs/x/]\n"
        f"packs.public_key: {key}\nlocked: [sync.enabled, sync.endpoint]\n",
    )
    write(user, "sync.enabled: false\nsync.share_log_text: true\n")
    settings = load_settings(site, user)
    assert settings.get("sync.enabled") is True and settings.sources["sync.enabled"].locked
    assert settings.get("sync.share_log_text") is True
    assert settings.get("packs.public_key") == key
    assert len(settings.get("packs.urls")) == 2
    assert any("locked" in p for p in problems(settings))


@pytest.mark.parametrize(
    "endpoint", ["http://[oops/xAPI/", "https://lrs.example:99999/xAPI/", "http://h:x/"]
)
def test_an_unreadable_url_setting_is_a_problem_not_a_crash(
    user: Path, built: Built, endpoint: str
) -> None:
    """Found by fuzzing: urllib's ValueError on such URLs escaped `load_settings`."""
    write(user, f"sync.endpoint: '{endpoint}'\npacks.urls: ['{endpoint}']\n")
    settings = load_settings(None, user)
    assert settings.get("sync.endpoint") == "" and settings.get("packs.urls") == []
    assert any("sync.endpoint" in p for p in problems(settings))
    assert not built(settings).sync.pushing


def test_a_huge_number_is_refused_not_an_overflow_at_start(user: Path, built: Built) -> None:
    """Found by fuzzing: `nudges.dwell_seconds: 118059162071741130342` passed as a
    whole number and overflowed timedelta when the app built its nudge policy."""
    write(user, "nudges.dwell_seconds: 118059162071741130342\nlearning.refresher_days: 999999999\n")
    settings = load_settings(None, user)
    assert settings.get("nudges.dwell_seconds") == SPECS["nudges.dwell_seconds"].default
    assert any("nudges.dwell_seconds" in p for p in problems(settings))
    context = built(settings)
    assert context.policy.dwell.total_seconds() == SPECS["nudges.dwell_seconds"].default
    assert context.learning.refresher_after.days == SPECS["learning.refresher_days"].default
