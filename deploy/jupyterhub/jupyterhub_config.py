"""JupyterHub for a leadlib workshop on one machine (see README.md beside this file).

Start it as root, from the environment the course is installed in:

    LEADLIB_HUB_FACILITATOR=alice jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Every choice is an environment variable with a workshop-ready default:

LEADLIB_HUB_AUTH         native (default): people sign up with a password, the
                         facilitator authorizes them at /hub/authorize;
                         shared: one workshop password (LEADLIB_HUB_PASSWORD) and one for
                         the facilitator (LEADLIB_HUB_ADMIN_PASSWORD);
                         pam: existing Unix accounts of the groups leadlib-participants
                         and leadlib-facilitators;
                         dummy: any name, any password; tests only, refused unless the
                         hub listens on 127.0.0.1.
LEADLIB_HUB_FACILITATOR  the facilitator's user name (admin, JupyterLab): facilitator
LEADLIB_HUB_SPAWNER      users (default): each participant's server runs as their own
                         Unix account, created on first login (group leadlib-participants);
                         simple: every server runs as the hub's own user with a home
                         under LEADLIB_HUB_HOMES; no isolation between participants
                         (trials and tests only).
LEADLIB_SHARED_EXPORTS   the drop box the export panel writes to: /srv/leadlib/exports
LEADLIB_HUB_STATE        the hub's database and cookie secret: /srv/leadlib/hub
LEADLIB_HUB_HOMES        homes for the simple spawner: /srv/leadlib/homes
LEADLIB_HUB_COURSE       the course notebooks copied into each home on spawn
                         (default: the installed course's notebooks/)
LEADLIB_HUB_PYTHON       the Python of the participants' servers (default: the hub's
                         own); it must be one every account can run (not under /root)
LEADLIB_HUB_PARTICIPANTS_GROUP / _FACILITATORS_GROUP  the Unix groups:
                         leadlib-participants, leadlib-facilitators
LEADLIB_HUB_IP / _PORT   where participants connect: 0.0.0.0:8000
LEADLIB_HUB_SSL_CERT/_KEY  serve https (strongly advised off a trusted network)
LEADLIB_HUB_CULL_SERVER  seconds before an idle server is stopped: 3600
LEADLIB_HUB_CULL_KERNEL  seconds before an idle kernel is shut down: 1200

Runs under the hub's Python (jupyterhub loads it with ``c`` defined); imports leadlib
only for the course template's location and the Voilà settings of ``make app``.
"""

# ruff: noqa: F821  (``c`` is JupyterHub's config object, defined when it loads this file)

from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from leadlib import app as course_app
from leadlib.labconfig import START_NOTEBOOK

#: The participants' page: the course as an app (Voilà inside their own server).
APP_URL = f"/voila/render/{START_NOTEBOOK}"
LAB_URL = "/lab"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


AUTH = _env("LEADLIB_HUB_AUTH", "native")
SPAWNER = _env("LEADLIB_HUB_SPAWNER", "users")
FACILITATOR = _env("LEADLIB_HUB_FACILITATOR", "facilitator")
SHARED = Path(_env("LEADLIB_SHARED_EXPORTS", "/srv/leadlib/exports"))
STATE = Path(_env("LEADLIB_HUB_STATE", "/srv/leadlib/hub"))
HOMES = Path(_env("LEADLIB_HUB_HOMES", "/srv/leadlib/homes"))
IP = _env("LEADLIB_HUB_IP", "0.0.0.0")
PORT = int(_env("LEADLIB_HUB_PORT", "8000"))
CULL_SERVER = int(_env("LEADLIB_HUB_CULL_SERVER", "3600"))
CULL_KERNEL = int(_env("LEADLIB_HUB_CULL_KERNEL", "1200"))
SERVER_PYTHON = _env("LEADLIB_HUB_PYTHON", sys.executable)
PARTICIPANTS_GROUP = _env("LEADLIB_HUB_PARTICIPANTS_GROUP", "leadlib-participants")
FACILITATORS_GROUP = _env("LEADLIB_HUB_FACILITATORS_GROUP", "leadlib-facilitators")


def _course_source() -> Path:
    chosen = os.environ.get("LEADLIB_HUB_COURSE", "").strip()
    if chosen:
        return Path(chosen)
    from leadlib.notebooks import default_notebooks_dir

    return default_notebooks_dir()


COURSE = _course_source().resolve()


def _stop(message: str) -> None:
    """Refuse to start, in words the facilitator can act on."""
    sys.exit(f"leadlib hub config ({__file__}): {message}")


if AUTH not in ("native", "shared", "pam", "dummy"):
    _stop(f"LEADLIB_HUB_AUTH={AUTH!r} is not one of native, shared, pam, dummy.")
if SPAWNER not in ("users", "simple"):
    _stop(f"LEADLIB_HUB_SPAWNER={SPAWNER!r} is not one of users, simple.")
if not (COURSE / START_NOTEBOOK).is_file():
    _stop(f"{COURSE} does not hold the course ({START_NOTEBOOK}); set LEADLIB_HUB_COURSE.")
if AUTH == "dummy" and IP != "127.0.0.1":
    _stop("LEADLIB_HUB_AUTH=dummy lets anyone in as anyone: only with LEADLIB_HUB_IP=127.0.0.1.")

STATE.mkdir(parents=True, exist_ok=True, mode=0o700)

# --- the hub ---------------------------------------------------------------------
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if os.environ.get("LEADLIB_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["LEADLIB_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["LEADLIB_HUB_SSL_KEY"]
if os.environ.get("LEADLIB_HUB_PROXY_API_PORT"):
    c.ConfigurableHTTPProxy.api_url = (
        f"http://127.0.0.1:{int(os.environ['LEADLIB_HUB_PROXY_API_PORT'])}"
    )
if os.environ.get("LEADLIB_HUB_API_PORT"):
    c.JupyterHub.hub_port = int(os.environ["LEADLIB_HUB_API_PORT"])
# Stopping the hub stops the participants' servers too (a workshop ends with it).
c.JupyterHub.cleanup_servers = True

# --- who may log in ------------------------------------------------------------------
c.Authenticator.admin_users = {FACILITATOR}
# A name must also be a safe Unix account name (the users spawner creates one).
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,30}$"
if AUTH == "native":
    import nativeauthenticator

    c.JupyterHub.authenticator_class = "native"
    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
    c.NativeAuthenticator.open_signup = os.environ.get("LEADLIB_HUB_OPEN_SIGNUP") == "1"
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.Authenticator.allow_all = True  # NativeAuthenticator's own authorization decides
elif AUTH == "shared":
    password = os.environ.get("LEADLIB_HUB_PASSWORD", "")
    admin_password = os.environ.get("LEADLIB_HUB_ADMIN_PASSWORD", "")
    if len(password) < 8 or len(admin_password) < 32 or password == admin_password:
        _stop(
            "LEADLIB_HUB_AUTH=shared needs LEADLIB_HUB_PASSWORD (8+ characters) and a "
            "different LEADLIB_HUB_ADMIN_PASSWORD (32+ characters, JupyterHub's rule)."
        )
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = password
    c.SharedPasswordAuthenticator.admin_password = admin_password
    c.Authenticator.allow_all = True
elif AUTH == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.LocalAuthenticator.allowed_groups = {PARTICIPANTS_GROUP, FACILITATORS_GROUP}
else:  # dummy: tests only (checked above: 127.0.0.1)
    c.JupyterHub.authenticator_class = "dummy"
    c.Authenticator.allow_all = True


# --- each participant's server -----------------------------------------------------------
def _group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        subprocess.run(["groupadd", "--system", name], check=True)
        return grp.getgrnam(name).gr_gid


def prepare_shared_folder() -> None:
    """The drop box: participants may create files in it, but not list it, read others'
    files (theirs are created 0640 under umask 027) nor delete or replace them (sticky
    bit); new files belong to the facilitators' group (setgid), whose members read them.
    """
    SHARED.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0 and SPAWNER == "users":
        os.chown(SHARED, 0, _group_id(FACILITATORS_GROUP))
        SHARED.chmod(0o3773)  # sticky + setgid; rwx root, rwx facilitators, -wx others
    else:  # one Unix user for everybody: the folder cannot keep participants apart
        SHARED.chmod(0o2770)


def _ensure_unix_user(name: str, facilitator: bool) -> None:
    """The participant's own Unix account, made on first spawn; an account that exists
    already must belong to the course's groups (nobody logs in as root or a daemon)."""
    participants = _group_id(PARTICIPANTS_GROUP)
    facilitators = _group_id(FACILITATORS_GROUP)
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        groups = [PARTICIPANTS_GROUP] + ([FACILITATORS_GROUP] if facilitator else [])
        subprocess.run(
            [
                "useradd",
                "--create-home",
                "--shell",
                "/usr/sbin/nologin",
                "--groups",
                ",".join(groups),
                name,
            ],
            check=True,
        )
        entry = pwd.getpwnam(name)
        Path(entry.pw_dir).chmod(0o700)
    members = {g.gr_gid for g in grp.getgrall() if name in g.gr_mem} | {entry.pw_gid}
    if not members & {participants, facilitators}:
        raise RuntimeError(
            f"the Unix account {name!r} exists but is not in {PARTICIPANTS_GROUP}; "
            "choose another user name, or add the account to the group first"
        )
    if facilitator and facilitators not in members:
        subprocess.run(["usermod", "--append", "--groups", FACILITATORS_GROUP, name], check=True)


def pre_spawn(spawner: Any) -> None:
    facilitator = spawner.user.admin or spawner.user.name == FACILITATOR
    prepare_shared_folder()
    if SPAWNER == "users" and AUTH != "pam":
        _ensure_unix_user(spawner.user.name, facilitator)
    # Participants land in the app; the facilitator in JupyterLab (notebook 07, terminal).
    # Given on the command line too: the course's JupyterLab setting (leadlib.labconfig,
    # default_url /lab/tree/00_start_here.ipynb) would otherwise win over the hub's.
    url = LAB_URL if facilitator else APP_URL
    spawner.default_url = url
    spawner.args = [
        *(arg for arg in spawner.args if not arg.startswith("--ServerApp.default_url=")),
        f"--ServerApp.default_url={url}",
    ]


def _home(spawner: Any) -> Path:
    if SPAWNER == "simple":
        return Path(spawner.home_dir)
    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


c.Spawner.pre_spawn_hook = pre_spawn
if SPAWNER == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
else:
    c.JupyterHub.spawner_class = "localprocess"

# The server starts by making (or updating, without overwriting the learner's changes)
# the learner's own copy of the course in ~/course, under umask 027 so nothing they
# write is readable by other participants; then it is an ordinary single-user server.
_START = (
    "umask 027 && "
    '"$0" -m leadlib.workcopy update "$HOME/course" --from "$LEADLIB_HUB_COURSE" >/dev/null '
    '&& exec "$0" -m jupyterhub.singleuser "$@"'
)
c.Spawner.cmd = ["/bin/sh", "-c", _START, SERVER_PYTHON]
c.Spawner.notebook_dir = "~/course"
c.Spawner.default_url = APP_URL
c.Spawner.environment = {
    # JupyterHub passes the servers almost nothing of its own environment
    "PATH": os.pathsep.join(
        [str(Path(SERVER_PYTHON).parent), "/usr/local/bin", "/usr/bin", "/bin"]
    ),
    "LANG": "C.UTF-8",
    "LEADLIB_HUB_COURSE": str(COURSE),
    "LEADLIB_SHARED_EXPORTS": str(SHARED),
    "LEADLIB_HOME": lambda spawner: str(_home(spawner) / ".leadlib"),
    # the course's Voilà template (as `make app`), found on JUPYTER_PATH
    "JUPYTER_PATH": course_app.environment({})["JUPYTER_PATH"],
}
# Voilà as `make app` serves it (template, no code, no template from the URL), then
# kernel culling: a kernel idle for CULL_KERNEL seconds is shut down, even with a tab
# still open (answers are in the journal; reopening the page starts a new kernel).
c.Spawner.args = [
    arg for arg in course_app.voila_arguments(COURSE) if arg.startswith("--VoilaConfiguration.")
] + [
    f"--MappingKernelManager.cull_idle_timeout={CULL_KERNEL}",
    f"--MappingKernelManager.cull_interval={max(5, min(60, CULL_KERNEL // 2))}",
    "--MappingKernelManager.cull_connected=True",
    "--MappingKernelManager.cull_busy=False",
]
if SPAWNER == "simple" and os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # every server runs as the hub's user: root
if os.environ.get("LEADLIB_HUB_SINGLEUSER_ARGS"):  # tests: e.g. IPC kernels
    c.Spawner.args += shlex.split(os.environ["LEADLIB_HUB_SINGLEUSER_ARGS"])
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# --- idle servers stopped ------------------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_SERVER}",
            f"--cull-every={max(30, min(300, CULL_SERVER // 4))}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# configurable-http-proxy from npm (README.md): on PATH, or named by LEADLIB_HUB_PROXY
if os.environ.get("LEADLIB_HUB_PROXY"):
    c.ConfigurableHTTPProxy.command = [os.environ["LEADLIB_HUB_PROXY"]]
elif shutil.which("configurable-http-proxy") is None:
    _stop(
        "configurable-http-proxy is not on PATH; install it with "
        "`npm install -g configurable-http-proxy@5.3.0` (README.md), or set LEADLIB_HUB_PROXY."
    )
