"""deploy/jupyterhub/jupyterhub_config.py read as JupyterHub reads it (traitlets' Python
config loader), for each way of logging in: what participants and the facilitator get,
and the settings it refuses to start with. The hub itself runs in
tests/browser/test_hub.py."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Any:
    from traitlets.config.loader import PyFileConfigLoader

    for name in list(os.environ):
        if name.startswith("LEADLIB_HUB_"):
            monkeypatch.delenv(name)
    settings = {
        "LEADLIB_HUB_STATE": str(tmp_path / "state"),
        "LEADLIB_SHARED_EXPORTS": str(tmp_path / "exports"),
        "LEADLIB_HUB_PROXY": "/bin/true",
        **env,
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


def test_the_default_is_native_login_with_an_own_account_per_participant(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if importlib.util.find_spec("nativeauthenticator") is None:
        pytest.skip("needs the hub extra: pip install -e '.[hub]' (installed by .ci/run)")
    c = _load(monkeypatch, tmp_path, LEADLIB_HUB_FACILITATOR="alice")
    assert c.JupyterHub.authenticator_class == "native"
    assert c.NativeAuthenticator.open_signup is False
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.Authenticator.admin_users == {"alice"}
    assert c.JupyterHub.ip == "0.0.0.0" and c.JupyterHub.hub_ip == "127.0.0.1"


def test_each_server_gets_its_own_journal_the_drop_box_and_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = _load(monkeypatch, tmp_path, LEADLIB_HUB_AUTH="pam", LEADLIB_HUB_CULL_KERNEL="600")
    env = c.Spawner.environment
    assert env["LEADLIB_SHARED_EXPORTS"] == str(tmp_path / "exports")
    # each participant's own journal: LEADLIB_HOME under their home, per spawner
    assert callable(env["LEADLIB_HOME"])
    assert c.Spawner.default_url == "/voila/render/00_start_here.ipynb"
    assert c.Spawner.notebook_dir == "~/course"
    args = c.Spawner.args
    assert "--MappingKernelManager.cull_idle_timeout=600" in args
    assert "--MappingKernelManager.cull_connected=True" in args
    assert "--VoilaConfiguration.template=leadlib" in args
    assert "--VoilaConfiguration.strip_sources=True" in args
    assert "umask 027" in c.Spawner.cmd[2] and "leadlib.workcopy update" in c.Spawner.cmd[2]
    assert c.LocalAuthenticator.allowed_groups == {"leadlib-participants", "leadlib-facilitators"}
    (culler,) = c.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    assert "delete:servers" in c.JupyterHub.load_roles[0]["scopes"]


def test_the_shared_password_login_needs_two_different_passwords(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit, match="LEADLIB_HUB_PASSWORD"):
        _load(monkeypatch, tmp_path, LEADLIB_HUB_AUTH="shared", LEADLIB_HUB_PASSWORD="workshop")
    c = _load(
        monkeypatch,
        tmp_path,
        LEADLIB_HUB_AUTH="shared",
        LEADLIB_HUB_PASSWORD="workshop-2026",
        LEADLIB_HUB_ADMIN_PASSWORD="f" * 40,
    )
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "workshop-2026"


def test_the_test_login_is_refused_on_a_network_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit, match="only with LEADLIB_HUB_IP=127.0.0.1"):
        _load(monkeypatch, tmp_path, LEADLIB_HUB_AUTH="dummy")
    c = _load(monkeypatch, tmp_path, LEADLIB_HUB_AUTH="dummy", LEADLIB_HUB_IP="127.0.0.1")
    assert c.JupyterHub.authenticator_class == "dummy"


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"LEADLIB_HUB_AUTH": "ldap"}, "not one of native, shared, pam, dummy"),
        ({"LEADLIB_HUB_SPAWNER": "docker"}, "not one of users, simple"),
        ({"LEADLIB_HUB_COURSE": "/nonexistent"}, "does not hold the course"),
    ],
)
def test_a_setting_it_cannot_use_stops_it_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], words: str
) -> None:
    with pytest.raises(SystemExit, match=words):
        _load(monkeypatch, tmp_path, **{"LEADLIB_HUB_AUTH": "pam", **env})


def test_with_the_simple_spawner_each_home_holds_its_own_journal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c = _load(
        monkeypatch,
        tmp_path,
        LEADLIB_HUB_AUTH="pam",
        LEADLIB_HUB_SPAWNER="simple",
        LEADLIB_HUB_HOMES=str(tmp_path / "homes"),
    )
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")

    class Spawner:
        home_dir = str(tmp_path / "homes" / "ann")

    assert c.Spawner.environment["LEADLIB_HOME"](Spawner()) == str(
        tmp_path / "homes" / "ann" / ".leadlib"
    )
