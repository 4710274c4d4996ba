"""`make lab` works: the JupyterLab server the Makefile starts answers, the course's lab
settings are written where JupyterLab reads them, and the install stamp is honoured."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from leadlib import labconfig

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 120.0  # seconds; a shared 2-core machine can be slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _makefile_lab_dry_run(port: int, home: Path | None = None) -> str:
    """What `make lab` would run (make's dry run), with LEADLIB_HOME as the test's env."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed on this machine")
    done = subprocess.run(
        ["make", "-n", "lab", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env={**os.environ, "LEADLIB_HOME": str(home)} if home else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return str(done.stdout)


def _makefile_lab_command(port: int, home: Path | None = None) -> list[str]:
    """The JupyterLab command of `make lab`, as make itself prints it (dry run)."""
    stdout = _makefile_lab_dry_run(port, home)
    text = stdout.replace("\\\n", " ")
    lines = [line for line in text.splitlines() if " lab " in f" {line} " and "jupyter" in line]
    assert len(lines) == 1, f"expected one 'jupyter lab' command in `make -n lab`:\n{stdout}"
    return shlex.split(lines[0])


def _get(url: str, token: str | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


# --------------------------------------------------------------------------------------
# The server of `make lab`


def test_the_makefile_starts_jupyterlab_on_the_learners_working_copy() -> None:
    from leadlib import workcopy

    command = _makefile_lab_command(8123)
    assert Path(command[0]).name == "jupyter" and command[1] == "lab"
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--ServerApp.port=8123" in command
    # the copy the Makefile serves is the one leadlib.workcopy makes, never the repository
    assert f"--ServerApp.root_dir={workcopy.default_folder()}" in command
    assert not workcopy.default_folder().is_relative_to(ROOT)
    steps = _makefile_lab_dry_run(8123).splitlines()
    update = [i for i, line in enumerate(steps) if "leadlib.workcopy update" in line]
    start = [i for i, line in enumerate(steps) if "jupyter lab" in line]
    assert update and start and update[0] < start[0], "make lab updates the copy first"
    assert steps[update[0]].split()[-1] == str(workcopy.default_folder())


@pytest.mark.slow
def test_the_lab_server_starts_and_answers_with_its_token(tmp_path: Path) -> None:
    port = _free_port()
    token = secrets.token_hex(16)
    home = tmp_path / "leadlib-home"
    command = _makefile_lab_command(port, home)
    # make lab makes the learner's working copy first
    from leadlib import workcopy

    workcopy.update(ROOT / "notebooks", home / "course")
    assert f"--ServerApp.root_dir={home / 'course'}" in command
    command[0] = str(BIN / "jupyter")  # the environment under test
    command += [
        "--no-browser",
        f"--ServerApp.token={token}",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # The Makefile adds this flag itself when run as root (containers, CI).
        assert "--allow-root" in command
    # The course's server settings, installed into a scratch prefix and put on the
    # config path, as `make lab` installs them into the environment.
    prefix = tmp_path / "prefix"
    labconfig.install(prefix=prefix)
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = str(labconfig.settings_paths(prefix)[1].parent)
    # Keep the learner's own Jupyter files out of it, both ways.
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    log_path = tmp_path / "server.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            status: tuple[int, str, dict[str, str]] | None = None
            while time.monotonic() < deadline:
                if server.poll() is not None:
                    pytest.fail(
                        f"jupyter lab exited with {server.returncode}:\n"
                        + log_path.read_text(encoding="utf-8")
                    )
                try:
                    status = _get(f"{base}/api/status", token)
                    if status[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            assert status is not None and status[0] == 200, (
                f"no answer from {base}/api/status within {SERVER_START_TIMEOUT:.0f} s:\n"
                + log_path.read_text(encoding="utf-8")
            )
            body = json.loads(status[1])
            assert {"started", "last_activity", "kernels"} <= set(body)

            # The token is required...
            assert _get(f"{base}/api/status")[0] == 403
            # ...the server serves the course folder...
            code, text, _ = _get(f"{base}/api/contents/00_start_here.ipynb?content=0", token)
            assert code == 200, text
            assert json.loads(text)["type"] == "notebook"
            # ...and JupyterLab itself...
            code, text, _ = _get(f"{base}/lab", token)
            assert code == 200 and "JupyterLab" in text
            # ...which opens the course at its first notebook.
            code, _, headers = _get(f"{base}/", token)
            assert code in (301, 302), f"/ answered {code}, expected a redirect"
            location = urllib.parse.urlsplit(headers["Location"]).path
            assert location.endswith("/lab/tree/00_start_here.ipynb"), headers["Location"]
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
    assert server.returncode is not None


# --------------------------------------------------------------------------------------
# The course's JupyterLab settings


def test_labconfig_install_writes_the_settings_into_the_prefix(tmp_path: Path) -> None:
    written = labconfig.install(prefix=tmp_path)
    overrides_path, server_path = labconfig.settings_paths(tmp_path)
    assert written[:2] == [overrides_path, server_path]
    assert overrides_path == tmp_path / "share/jupyter/lab/settings/overrides.json"
    assert server_path.is_relative_to(tmp_path / "etc/jupyter")

    overrides = json.loads(overrides_path.read_text(encoding="utf-8"))
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false", "no news pop-up in a course"
    assert notification["checkForUpdates"] is False

    server = json.loads(server_path.read_text(encoding="utf-8"))
    assert server["ServerApp"]["default_url"] == "/lab/tree/00_start_here.ipynb"
    assert (ROOT / "notebooks" / labconfig.START_NOTEBOOK).is_file()


def test_installing_the_settings_keeps_other_server_settings(tmp_path: Path) -> None:
    _, server_path = labconfig.settings_paths(tmp_path)
    server_path.parent.mkdir(parents=True)
    server_path.write_text(
        json.dumps(
            {"ServerApp": {"port": 9000}, "MappingKernelManager": {"cull_idle_timeout": 60}}
        ),
        encoding="utf-8",
    )
    labconfig.install(prefix=tmp_path)
    server = json.loads(server_path.read_text(encoding="utf-8"))
    assert server["ServerApp"]["port"] == 9000
    assert server["MappingKernelManager"] == {"cull_idle_timeout": 60}
    assert server["ServerApp"]["default_url"] == "/lab/tree/00_start_here.ipynb"


def test_installing_the_settings_twice_changes_nothing(tmp_path: Path) -> None:
    first = labconfig.install(prefix=tmp_path)
    stamps = [p.stat().st_mtime_ns for p in first]
    contents = [p.read_bytes() for p in first]
    time.sleep(0.01)
    second = labconfig.install(prefix=tmp_path)
    assert second == first
    assert [p.stat().st_mtime_ns for p in second] == stamps
    assert [p.read_bytes() for p in second] == contents


def test_a_changed_setting_file_is_put_back(tmp_path: Path) -> None:
    overrides_path, *_ = labconfig.install(prefix=tmp_path)
    overrides_path.write_text("{}", encoding="utf-8")
    labconfig.install(prefix=tmp_path)
    assert "fetchNews" in overrides_path.read_text(encoding="utf-8")


def test_the_run_on_open_extension_is_installed_as_jupyterlab_reads_it(tmp_path: Path) -> None:
    from jupyterlab_server.config import get_federated_extensions

    written = labconfig.install(prefix=tmp_path)
    folder = labconfig.extension_folder(tmp_path)
    assert folder == tmp_path / "share/jupyter/labextensions/leadlib-run-on-open"
    found = get_federated_extensions([str(folder.parent)])
    ext = found["leadlib-run-on-open"]
    entry = folder / ext["jupyterlab"]["_build"]["load"]
    assert entry in written and entry.read_bytes() == labconfig.extension_code()
    assert ext["jupyterlab"]["_build"]["extension"] == "./extension"
    # the code registers the container JupyterLab asks for, under the package's name
    assert "window._JUPYTERLAB" in entry.read_text("utf-8")
    assert f"var NAME = '{ext['name']}'" in entry.read_text("utf-8")
    # and it carries the answer groups' keyboard behaviour, the file the app loads too
    assert labconfig.ANSWER_GROUPS_JS.read_text("utf-8") in entry.read_text("utf-8")


def test_a_new_extension_version_replaces_the_old_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labconfig.install(prefix=tmp_path)
    changed = tmp_path / "run-on-open.js"
    changed.write_text(labconfig.EXTENSION_JS.read_text("utf-8") + "\n// v2\n", "utf-8")
    monkeypatch.setattr(labconfig, "EXTENSION_JS", changed)
    labconfig.install(prefix=tmp_path)
    entries = list(labconfig.extension_folder(tmp_path).glob("static/remoteEntry.*.js"))
    assert len(entries) == 1 and entries[0].read_text("utf-8").endswith("// v2\n")
    package = json.loads((labconfig.extension_folder(tmp_path) / "package.json").read_text())
    assert package["jupyterlab"]["_build"]["load"] == f"static/{entries[0].name}"


def test_labconfig_explains_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert labconfig.main(["uninstall"]) == 2
    assert capsys.readouterr().err == "usage: python -m leadlib.labconfig install\n"


def test_the_overrides_match_the_settings_of_the_installed_jupyterlab() -> None:
    """A misspelt plugin or setting would be ignored silently by JupyterLab."""
    jsonschema = pytest.importorskip("jsonschema")
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        pytest.skip(f"JupyterLab's setting schemas are not at {schemas}")
    overrides = json.loads(labconfig.OVERRIDES.read_text(encoding="utf-8"))
    for plugin, values in overrides.items():
        package, _, name = plugin.partition(":")
        schema_path = schemas / package / f"{name}.json"
        assert schema_path.is_file(), f"no JupyterLab plugin {plugin} ({schema_path})"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        unknown = set(values) - set(schema.get("properties", {}))
        assert not unknown, f"{plugin} has no setting(s) {sorted(unknown)}"
        jsonschema.validate(values, {**schema, "required": []})


# --------------------------------------------------------------------------------------
# The install stamp


def test_make_does_not_reinstall_while_pyproject_is_unchanged() -> None:
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists():
        pytest.skip(
            ".venv/.installed does not exist: this environment was not set up by `make`, "
            "so there is no stamp to check"
        )
    if shutil.which("make") is None:
        pytest.skip("make is not installed on this machine")
    if stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        pytest.skip("pyproject.toml changed after the last install: make would reinstall")
    done = subprocess.run(
        ["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, (
        "`make -q .venv/.installed` says the install is out of date although pyproject.toml "
        f"has not changed:\n{done.stdout}{done.stderr}"
    )


def test_a_broken_server_config_is_reported_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _overrides, server = labconfig.settings_paths(tmp_path)
    server.parent.mkdir(parents=True)
    server.write_text("{not json", encoding="utf-8")
    with pytest.raises(labconfig.LabConfigError, match="cannot be read as JSON"):
        labconfig.install(tmp_path)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert labconfig.main(["install"]) == 1
    err = capsys.readouterr().err
    assert str(server) in err and "fix or remove it" in err and "Traceback" not in err
    assert server.read_text(encoding="utf-8") == "{not json", "the file is left as it was"
    server.write_text('{"ServerApp": "oops"}', encoding="utf-8")
    with pytest.raises(labconfig.LabConfigError, match="not a JSON object of settings"):
        labconfig.install(tmp_path)


def test_the_working_copy_is_marked_to_run_on_open_and_signed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extension runs a notebook only when both hold; a copy made elsewhere is not
    trusted here, so it opens as any notebook does."""
    import nbformat
    from nbformat.sign import NotebookNotary

    from leadlib import workcopy

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    copy = tmp_path / "course"
    workcopy.update(ROOT / "notebooks", copy)
    notary = NotebookNotary()
    notebook = nbformat.read(copy / "04_delegation.ipynb", as_version=4)
    assert notebook.metadata["leadlib"] == {"run_on_open": True}
    assert notary.check_signature(notebook)
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "another-computer"))
    assert not NotebookNotary().check_signature(notebook)
