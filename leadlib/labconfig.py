"""Apply the course's JupyterLab settings to the current environment.

``python -m leadlib.labconfig install`` (run by ``make lab`` and ``make test``) writes:

* ``<prefix>/share/jupyter/lab/settings/overrides.json``: no news pop-up, no update
  check;
* ``<prefix>/etc/jupyter/jupyter_server_config.json``: JupyterLab opens the course at
  ``00_start_here.ipynb`` (merged into the file, other settings in it are kept). Not a
  ``jupyter_server_config.d`` file: the server reads only ``jpserver_extensions`` there;
* ``<prefix>/etc/jupyter/jupyter_server_config.d/leadlib.json``: enables
  ``leadlib.server_extension``, which serves the keyboard script to Voilà pages inside a
  Jupyter server (a JupyterHub participant's server);
* ``<prefix>/share/jupyter/labextensions/leadlib-run-on-open/``: the course's JupyterLab
  extension (``static/run-on-open.js``, prebuilt by hand: no Node.js, no build step). A
  notebook of the learner's working copy runs by itself when it is opened, and ``/lab``
  opens the start page. The same file carries ``static/answer-groups.js``, the keyboard
  behaviour of the exercises' answer buttons (the app's page loads that file too). Its
  file name carries a hash of its content, so a browser never keeps an old version in
  its cache.

Only the environment leadlib is installed in is touched, never the user's home.
Must not import ipywidgets, matplotlib or nbconvert.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from .errors import LeadlibError
from .i18n import _

START_NOTEBOOK = "00_start_here.ipynb"
STATIC = Path(__file__).with_name("static")
OVERRIDES = STATIC / "lab-overrides.json"
#: The front-end extension: its code and its package.json (``load`` filled in at install).
EXTENSION_JS = STATIC / "run-on-open.js"
#: Answer buttons as radio groups for the keyboard, shared with the app (leadlib.app).
ANSWER_GROUPS_JS = STATIC / "answer-groups.js"
EXTENSION_PACKAGE = STATIC / "run-on-open.package.json"
EXTENSION_NAME = "leadlib-run-on-open"


class LabConfigError(LeadlibError):
    """A settings file that is there cannot be read or merged; the message says which."""


#: The file that enables ``leadlib.server_extension`` (the keyboard script for Voilà
#: pages inside a Jupyter server, e.g. a JupyterHub participant's server).
SERVER_EXTENSION_CONFIG = {"ServerApp": {"jpserver_extensions": {"leadlib.server_extension": True}}}


def server_extension_path(prefix: str | Path | None = None) -> Path:
    """Where the server-extension switch goes for ``prefix`` (sys.prefix)."""
    return (
        Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "leadlib.json"
    )


def settings_paths(prefix: str | Path | None = None) -> tuple[Path, Path]:
    """Where the lab overrides and the server config go for ``prefix`` (sys.prefix)."""
    root = Path(prefix or sys.prefix)
    return (
        root / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
        root / "etc" / "jupyter" / "jupyter_server_config.json",
    )


def extension_folder(prefix: str | Path | None = None) -> Path:
    """Where JupyterLab finds the course's extension in ``prefix`` (sys.prefix)."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "labextensions" / EXTENSION_NAME


def extension_code() -> bytes:
    """The extension's one script: the answer groups' keyboard behaviour (it installs
    itself when loaded), then the plugin that JupyterLab asks for."""
    return ANSWER_GROUPS_JS.read_bytes() + b"\n" + EXTENSION_JS.read_bytes()


def extension_files() -> dict[str, bytes]:
    """The extension's files, by path inside its folder."""
    code = extension_code()
    entry = f"static/remoteEntry.{hashlib.sha256(code).hexdigest()[:12]}.js"
    package = json.loads(EXTENSION_PACKAGE.read_text(encoding="utf-8"))
    package["jupyterlab"]["_build"]["load"] = entry
    return {"package.json": (json.dumps(package, indent=2) + "\n").encode(), entry: code}


def server_config() -> dict[str, dict[str, str]]:
    # `jupyter lab` starts the server through LabApp, whose own default_url ("/lab")
    # replaces ServerApp.default_url; so both are set, LabApp for `jupyter lab` and
    # ServerApp for `jupyter server` / JupyterHub single-user servers.
    url = f"/lab/tree/{START_NOTEBOOK}"
    return {"ServerApp": {"default_url": url}, "LabApp": {"default_url": url}}


def install(prefix: str | Path | None = None) -> list[Path]:
    """Write the settings files; return their paths. Idempotent."""
    overrides_path, server_path = settings_paths(prefix)
    written = []
    merged: dict[str, Any] = {}
    if server_path.exists():
        try:
            merged = json.loads(server_path.read_text(encoding="utf-8") or "{}")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise LabConfigError(
                _(
                    "{path} cannot be read as JSON ({error}); fix or remove it, then run "
                    "python -m leadlib.labconfig install again"
                ).format(path=server_path, error=exc)
            ) from None
        if not isinstance(merged, dict) or not all(
            isinstance(merged.get(section, {}), dict) for section in server_config()
        ):
            raise LabConfigError(
                _(
                    "{path} is not a JSON object of settings sections; fix or remove it, "
                    "then run python -m leadlib.labconfig install again"
                ).format(path=server_path)
            )
    for section, values in server_config().items():
        merged.setdefault(section, {}).update(values)
    for path, text in (
        (overrides_path, OVERRIDES.read_text(encoding="utf-8")),
        (server_path, json.dumps(merged, indent=2) + "\n"),
        (server_extension_path(prefix), json.dumps(SERVER_EXTENSION_CONFIG, indent=2) + "\n"),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    folder = extension_folder(prefix)
    files = extension_files()
    for old in folder.glob("static/remoteEntry.*.js"):  # an earlier version's code
        if old.relative_to(folder).as_posix() not in files:
            old.unlink()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["install"]:
        print(_("usage: python -m leadlib.labconfig install"), file=sys.stderr)
        return 2
    try:
        written = install()
    except (LabConfigError, OSError) as exc:
        print(_("leadlib: {error}").format(error=exc), file=sys.stderr)
        return 1
    # the settings, and the extension's package.json (its code lies beside it)
    for path in written[:3]:
        print(_("leadlib: JupyterLab setting written to {path}").format(path=path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
