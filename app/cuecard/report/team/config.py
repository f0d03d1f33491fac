"""Where the team view reads from, with which credentials, and its privacy threshold.

Reading uses credentials of its own (`report.lrs_username` and the password from
`report.lrs_password`, env CUECARD_REPORT_PASSWORD or the OS keyring under service
"cuecard" with that user name): an LRS key that may read is not the key every laptop
sends with. The endpoint is `report.lrs_endpoint`, or `sync.endpoint` when that is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cuecard.setting_specs import K_FLOOR
from cuecard.settings import Settings, is_http_url
from cuecard.sync.config import password_from, shown_url

PASSWORD_ENV = "CUECARD_REPORT_PASSWORD"


@dataclass(frozen=True)
class ReportLrsConfig:
    """The team view's settings."""

    endpoint: str = ""
    username: str = ""
    password_setting: str = field(default="", repr=False)
    home_page: str = ""  # sync.actor_home_page: whose statements are Cuecard's
    k: int = K_FLOOR

    @classmethod
    def from_settings(cls, settings: Settings) -> ReportLrsConfig:
        get = settings.get
        endpoint = str(get("report.lrs_endpoint")).strip() or str(get("sync.endpoint")).strip()
        if endpoint and not endpoint.endswith("/"):
            endpoint += "/"
        return cls(
            endpoint=endpoint,
            username=str(get("report.lrs_username")),
            password_setting=str(get("report.lrs_password")),
            home_page=str(get("sync.actor_home_page")).strip(),
            k=max(K_FLOOR, int(get("report.k_anonymity"))),
        )

    @property
    def problem(self) -> str | None:
        """Why the LRS cannot be read (None when it can be tried)."""
        if not is_http_url(self.endpoint):
            return (
                "no LRS to read: set report.lrs_endpoint (or sync.endpoint) to the LRS's "
                "xAPI base URL"
            )
        return None

    @property
    def shown_endpoint(self) -> str:
        return shown_url(self.endpoint)


def resolve_report_password(
    config: ReportLrsConfig, environ: Mapping[str, str] | None = None
) -> str:
    """The reading password: the setting, else the environment, else the keyring."""
    return password_from(config.password_setting, PASSWORD_ENV, config.username, environ)
