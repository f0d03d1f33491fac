"""The sync settings as one typed value, their problems, and where the password comes from.

The password is looked up only when a request is about to be made (on a background
thread): the `sync.password` setting, else env CUECARD_SYNC_PASSWORD, else the OS
keyring (service "cuecard", the user name as account). A machine with no keyring
back-end simply has no password there. The password never appears in a repr, a log
line, a message or an export.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlunsplit

from cuecard.settings import Settings, is_http_url
from cuecard.textdata import split_url

KEYRING_SERVICE = "cuecard"
PASSWORD_ENV = "CUECARD_SYNC_PASSWORD"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncConfig:
    """Everything sync needs from the settings."""

    enabled: bool = False
    endpoint: str = ""
    username: str = ""
    password_setting: str = field(default="", repr=False)
    actor_home_page: str = ""
    share_log_text: bool = False
    pack_urls: tuple[str, ...] = ()
    public_key: str = ""
    teams: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> SyncConfig:
        get = settings.get
        endpoint = str(get("sync.endpoint")).strip()
        if endpoint and not endpoint.endswith("/"):
            endpoint += "/"  # resources are resolved against it: ".../xAPI/statements"
        return cls(
            enabled=bool(get("sync.enabled")),
            endpoint=endpoint,
            username=str(get("sync.username")),
            password_setting=str(get("sync.password")),
            actor_home_page=str(get("sync.actor_home_page")).strip(),
            share_log_text=bool(get("sync.share_log_text")),
            pack_urls=tuple(dict.fromkeys(str(url).strip() for url in get("packs.urls"))),
            public_key=str(get("packs.public_key")).strip(),
            teams=team_tags(get("sync.teams")),
        )

    @property
    def problems(self) -> tuple[str, ...]:
        """Why statements cannot be sent although sync is on (empty when fine)."""
        if not self.enabled:
            return ()
        found = []
        if not is_http_url(self.endpoint):
            found.append("sync.endpoint is not set: give the LRS's xAPI base URL")
        if not is_http_url(self.actor_home_page):
            found.append(
                "sync.actor_home_page is not set: give your organisation's URL "
                "(it names learners' accounts)"
            )
        return tuple(found)

    @property
    def queueing(self) -> bool:
        """True when records get statements in the outbox (the LRS may be set later)."""
        return self.enabled and is_http_url(self.actor_home_page)

    @property
    def pushing(self) -> bool:
        """True when statements are queued and sent."""
        return self.enabled and not self.problems

    @property
    def shown_endpoint(self) -> str:
        return shown_url(self.endpoint)


def team_tags(value: object) -> tuple[str, ...]:
    """`sync.teams` as clean tags: trimmed, lower case, without repeats or empty ones."""
    items = value if isinstance(value, list | tuple) else ()
    return tuple(dict.fromkeys(tag for item in items if (tag := str(item).strip().lower())))


def shown_url(url: str) -> str:
    """`url` without any user name or password in it (safe to print and log)."""
    parts = split_url(url)
    if parts is None:  # unreadable: drop anything that could be credentials
        return re.sub(r"//[^/?#]*@", "//", url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def resolve_password(config: SyncConfig, environ: Mapping[str, str] | None = None) -> str:
    """The LRS password from the setting, the environment or the keyring ("" if none)."""
    return password_from(config.password_setting, PASSWORD_ENV, config.username, environ)


def password_from(
    setting: str, env_name: str, username: str, environ: Mapping[str, str] | None = None
) -> str:
    """A password: the setting, else the environment variable `env_name`, else the OS
    keyring's entry for `username` ("" if none)."""
    if setting:
        return setting
    env = os.environ if environ is None else environ
    if env.get(env_name):
        return env[env_name]
    return keyring_password(username)


def keyring_password(username: str) -> str:
    """The password stored in the OS keyring for `username`; "" when there is none, or
    no keyring at all (a server or a minimal desktop)."""
    if not username:
        return ""
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, username)
    except Exception as exc:  # no back-end, a locked or broken keyring: not an error here
        log.debug("no password from the keyring (%s)", type(exc).__name__)
        return ""
    return found or ""
