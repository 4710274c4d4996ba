"""``leadlib hub-link``: an nbgitpuller link that clones (or updates) the course on a
JupyterHub and opens a notebook of it.

A participant who follows the link logs in; nbgitpuller then clones ``--repo`` at
``--branch`` into a folder named after the repository (``course`` for
``https://example.org/org/course.git``) in their home, merges the course's updates into
an existing clone without overwriting what they changed, and opens ``--path`` inside it:
as the app (Voilà, the participants' page) or in JupyterLab (``--open lab``).

Standard library only; must not import ipywidgets, matplotlib, nbconvert, sqlite3 or
the journal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from .errors import LeadlibError
from .i18n import _

__all__ = ["DEFAULT_PATH", "HubLinkError", "clone_folder", "hub_link", "run_hub_link"]

#: The course's first page, as the repository holds it.
DEFAULT_PATH = "notebooks/00_start_here.ipynb"
#: Where each way of opening the notebook lives on a user's server.
OPENERS = {"app": "voila/render", "lab": "lab/tree"}


class HubLinkError(LeadlibError):
    """An argument of ``leadlib hub-link`` cannot make a working link; the message says
    which one and what to give instead."""


def _web_url(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubLinkError(
            _(
                "{what} {value!r} is not a web address; give one that starts with https:// "
                "(for example https://github.com/org/course)"
            ).format(what=what, value=value)
        )
    if parts.query or parts.fragment:
        raise HubLinkError(
            _(
                "{what} {value!r} carries a query or a #fragment; give the address without them"
            ).format(what=what, value=value)
        )
    return value.strip()


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part, without .git."""
    name = PurePosixPath(urlsplit(repo).path.rstrip("/")).name
    if name.endswith(".git"):
        name = name[: -len(".git")]
    if not name:
        raise HubLinkError(
            _(
                "the repository address {repo!r} has no name at its end; give the address "
                "of the repository itself (https://host/org/course)"
            ).format(repo=repo)
        )
    return name


def _notebook_path(path: str) -> PurePosixPath:
    clean = PurePosixPath(path.strip().lstrip("/"))
    if not path.strip() or ".." in clean.parts or "\\" in path:
        raise HubLinkError(
            _(
                "--path {path!r} must be a path inside the repository with forward "
                "slashes, for example {example}"
            ).format(path=path, example=DEFAULT_PATH)
        )
    return clean


def hub_link(
    repo: str, branch: str, hub: str, path: str = DEFAULT_PATH, open_in: str = "app"
) -> str:
    """The link that pulls ``repo`` at ``branch`` onto ``hub`` and opens ``path``.

    Every query value is percent-encoded on its own (``/``, ``&``, ``=``, ``#`` and
    spaces included), as nbgitpuller's own link generator does; the notebook's path is
    first encoded as a URL path (a space becomes ``%20``), since ``urlpath`` is one.
    """
    repo = _web_url(repo, _("the repository address"))
    hub = _web_url(hub, _("the hub address")).rstrip("/")
    if not branch.strip() or any(ch.isspace() for ch in branch) or branch.startswith("-"):
        raise HubLinkError(
            _("--branch {branch!r} is not a branch name; give one such as main (no spaces)").format(
                branch=branch
            )
        )
    if open_in not in OPENERS:
        raise HubLinkError(
            _("--open must be one of {choices}, not {value!r}").format(
                choices=", ".join(OPENERS), value=open_in
            )
        )
    target = PurePosixPath(clone_folder(repo)) / _notebook_path(path)
    urlpath = f"{OPENERS[open_in]}/{quote(str(target), safe='/')}"
    query = urlencode(
        {"repo": repo, "branch": branch.strip(), "urlpath": urlpath}, quote_via=quote, safe=""
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def run_hub_link(args: argparse.Namespace) -> int:
    """Print the link; 2 with the reason when an argument cannot make a working one."""
    try:
        link = hub_link(args.repo, args.branch, args.hub, args.path, args.open_in)
    except HubLinkError as exc:
        print(f"leadlib hub-link: {exc}", file=sys.stderr)
        return 2
    print(link)
    return 0
