"""`cuecard sync now|status`, `cuecard pack keygen|build`, and the password kept out of
every output: doctor, status, export, messages."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from cuecard.cli import main
from cuecard.settings import load_settings
from cuecard.sync.config import SyncConfig, resolve_password
from tests.conftest import write_card
from tests.sync.conftest import HOME
from tests.sync.lrs_server import LearningLocker, Tap, free_port

PASSWORD = "Tr0ub4dor-and-3"


def settings_file(tmp_path: Path, endpoint: str, **extra: str) -> Path:
    lines = [
        "content.builtin: false",
        "sync.enabled: true",
        f"sync.endpoint: {endpoint}",
        "sync.username: cuecard",
        f"sync.password: {PASSWORD}",
        f"sync.actor_home_page: {HOME}",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    path = tmp_path / "settings.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cuecard(
    capsys: pytest.CaptureFixture[str], data: Path, config: Path, content: Path, *args: str
) -> tuple[int, str, str]:
    code = main(
        [*args, "--data-dir", str(data), "--config", str(config), "--content", str(content)]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sync_now_fails_plainly_while_the_lrs_is_down_then_sends_everything(
    lrs_installed: Path,
    tmp_path: Path,
    content_root: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lrs = LearningLocker(tmp_path / "lrs", port=free_port())
    config = settings_file(tmp_path, lrs.endpoint)
    data = tmp_path / "data"
    run = lambda *a: cuecard(capsys, data, config, content_root, *a)  # noqa: E731
    assert run("done", "calc/freeze")[0] == 0
    assert run("rate", "calc/freeze", "up")[0] == 0
    assert run("log", "add", "Freeze", "panes", "--card", "calc/freeze")[0] == 0
    code, _out, err = run("sync", "now")
    assert code == 1
    assert err.count("\n") == 1 and "did not answer" in err and "3 statements wait" in err
    status = json.loads(run("sync", "status", "--json")[1])
    assert (status["pending"], status["delivered"]) == (3, 0) and status["last_error"]
    lrs.start()
    try:
        code, out, err = run("sync", "now")
        assert (code, err) == (0, "") and "Sent 3 statements." in out
        assert len(lrs.statement_ids()) == 3
    finally:
        lrs.stop()
    status = json.loads(run("sync", "status", "--json")[1])
    assert (status["pending"], status["delivered"], status["last_error"]) == (3 - 3, 3, None)
    code, out, _ = run("sync", "status")
    assert "0 pending, 3 delivered, 0 quarantined" in out


def test_the_password_never_shows(
    lrs: LearningLocker,
    tmp_path: Path,
    content_root: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tap = Tap(lrs.port, credentials=("cuecard", "another-password")).start()
    try:
        config = settings_file(tmp_path, tap.endpoint)
        data = tmp_path / "data"
        run = lambda *a: cuecard(capsys, data, config, content_root, *a)  # noqa: E731
        run("done", "calc/freeze")
        outputs = [run("sync", "now"), run("sync", "status"), run("sync", "status", "--json")]
        code, _out, err = outputs[0]
        assert code == 1 and "refused Cuecard's credentials (401)" in err
        doctor = run("doctor")
        assert "sync.password = '(set)'" in doctor[1]
        assert "refused Cuecard's credentials" in doctor[1], "doctor shows the config error"
        outputs += [doctor, run("doctor", "--json"), run("export", str(tmp_path / "out.json"))]
        exported = (tmp_path / "out.json").read_text()
        assert '"outbox"' in exported and "calc/freeze" in exported
    finally:
        tap.stop()
    everything = exported + "".join(out + err for _code, out, err in outputs)
    assert PASSWORD not in everything
    assert base64.b64encode(f"cuecard:{PASSWORD}".encode()).decode() not in everything


def test_sync_now_with_nothing_set_up_says_what_to_do(
    tmp_path: Path, content_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "plain.yaml"
    config.write_text("content.builtin: false\n")
    code, _out, err = cuecard(capsys, tmp_path / "data", config, content_root, "sync", "now")
    assert code == 1 and "sync is off" in err and "sync.enabled" in err


def test_nothing_is_queued_while_sync_is_off(
    tmp_path: Path, content_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "plain.yaml"
    config.write_text("content.builtin: false\n")
    data = tmp_path / "data"
    cuecard(capsys, data, config, content_root, "done", "calc/freeze")
    status = json.loads(cuecard(capsys, data, config, content_root, "sync", "status", "--json")[1])
    assert (status["enabled"], status["pending"]) == (False, 0)


def test_pack_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "team.key"
    assert main(["pack", "keygen", str(key)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and len(base64.b64decode(out.strip())) == 32
    assert key.stat().st_mode & 0o777 == 0o600
    assert main(["pack", "keygen", str(key)]) == 1, "never overwrites a key"
    root = tmp_path / "cards"
    write_card(root, "a.md", "# A card\n\nText.\n")
    assert main(["pack", "build", str(root), str(tmp_path / "site"), "--key", str(key)]) == 0
    assert "Built pack cards" in capsys.readouterr().out
    assert main(["pack", "build", str(root)]) == 2


class MemoryKeyring(KeyringBackend):
    """A real keyring back-end that keeps passwords in memory (keyring's own API)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


def test_password_sources_setting_then_environment_then_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "s.yaml"
    site.write_text("sync.username: ana\n")
    config = SyncConfig.from_settings(load_settings(site, None))
    previous = keyring.get_keyring()
    try:
        from keyring.backends.fail import Keyring as NoKeyring

        keyring.set_keyring(NoKeyring())
        assert resolve_password(config, {}) == "", "no keyring: quietly no password"
        memory = MemoryKeyring()
        memory.set_password("cuecard", "ana", "from-keyring")
        keyring.set_keyring(memory)
        assert resolve_password(config, {}) == "from-keyring"
        env = {"CUECARD_SYNC_PASSWORD": "from-env"}
        assert resolve_password(config, env) == "from-env"
        site.write_text("sync.username: ana\nsync.password: from-settings\n")
        config = SyncConfig.from_settings(load_settings(site, None))
        assert resolve_password(config, env) == "from-settings"
        assert "from-settings" not in repr(config)
    finally:
        keyring.set_keyring(previous)


def test_forget_deletes_the_outbox_and_export_shows_it(
    tmp_path: Path, content_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = settings_file(tmp_path, "http://127.0.0.1:9/xAPI/")
    data = tmp_path / "data"
    run = lambda *a: cuecard(capsys, data, config, content_root, *a)  # noqa: E731
    run("done", "calc/freeze")
    assert run("export", str(tmp_path / "before.json"))[0] == 0
    exported = json.loads((tmp_path / "before.json").read_text())
    (row,) = exported["outbox"]
    assert row["state"] == "pending" and json.loads(row["body"])["verb"]["display"]["en-US"]
    assert exported["sync_state"] and PASSWORD not in json.dumps(exported)
    assert run("forget", "--yes")[0] == 0
    status = json.loads(run("sync", "status", "--json")[1])
    assert (status["pending"], status["delivered"]) == (0, 0)


def test_sync_now_pulls_packs_and_status_gives_each_packs_version_and_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cuecard.sync.packs.format import FILES_DIR, INDEX_NAME, SIGNATURE_NAME
    from tests.sync.test_packs import CARD_V1

    key = tmp_path / "team.key"
    assert main(["pack", "keygen", str(key)]) == 0
    public = capsys.readouterr().out.strip()
    root = tmp_path / "author"
    write_card(root, "pack.yaml", "name: Team basics\nversion: '3'\n")
    write_card(root, "vpn.md", CARD_V1)
    site = tmp_path / "site" / "team"
    assert main(["pack", "build", str(root), str(site), "--key", str(key)]) == 0
    url = site.as_uri() + "/"
    config = tmp_path / "settings.yaml"
    config.write_text(
        f"content.builtin: false\npacks.urls: ['{url}']\npacks.public_key: {public}\n"
    )
    data, content = tmp_path / "data", tmp_path / "none"
    content.mkdir()
    run = lambda *a: cuecard(capsys, data, config, content, *a)  # noqa: E731
    code, out, err = run("sync", "now")
    assert (code, err) == (0, "") and "Team basics 3, up to date" in out
    [pack] = json.loads(run("sync", "status", "--json")[1])["packs"]
    assert (pack["name"], pack["version"], pack["state"]) == ("Team basics", "3", "installed")
    # Version 4 is published, but one of its files is not what the signed index says.
    write_card(root, "pack.yaml", "name: Team basics\nversion: '4'\n")
    write_card(root, "vpn.md", CARD_V1.replace("one", "two"))
    nxt = tmp_path / "site" / "next"
    assert main(["pack", "build", str(root), str(nxt), "--key", str(key)]) == 0
    capsys.readouterr()
    for name in (INDEX_NAME, SIGNATURE_NAME):
        (site / name).write_bytes((nxt / name).read_bytes())
    (site / FILES_DIR / "vpn.md").write_text(CARD_V1.replace("one", "TWO"), encoding="utf-8")
    code, out, err = run("sync", "now")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("cuecard: The pack at ") and "was not updated" in err
    [pack] = json.loads(run("sync", "status", "--json")[1])["packs"]
    assert (pack["version"], pack["state"]) == ("3", "kept") and pack["detail"]
    code, out, err = run("sync", "now", "--json")  # one document on stdout, the sentence too
    done = json.loads(out)
    assert (code, done["ok"], done["sent"], [p["state"] for p in done["packs"]]) == (
        1,
        False,
        0,
        ["kept"],
    )
    assert done["errors"] == [err.removeprefix("cuecard: ").strip()]
    assert "keeping Team basics 3; the last check failed" in run("sync", "status")[1]
