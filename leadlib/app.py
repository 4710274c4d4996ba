"""The course as an app: ``python -m leadlib.app`` (run by ``make app``) serves the course
notebooks through Voilà on 127.0.0.1, code hidden, widgets live on open, starting at
``00_start_here``.

What it adds to a plain ``voila notebooks/``:

* ``/`` redirects to the start page instead of listing files;
* ``/voila/leadlib/answer-groups.js``: the answer buttons' keyboard behaviour (one radio
  group per question), the same file the course's JupyterLab extension carries; the
  template loads it;
* the ``leadlib`` Voilà template (``templates/app/voila/templates/leadlib``): no
  stylesheet from a CDN, and links between notebooks open in the same tab;
* only the widget manager's front-end extension is loaded (see ``EXTENSIONS``);
* :func:`app_mode` tells code running in a kernel whether Voilà started it, so the
  start page can explain the mode the learner is actually in;
* at start, :func:`compile_bytecode` writes the library's compiled modules where they are
  missing or stale, so that no page's kernel compiles leadlib from source.

Voilà is an optional dependency (the ``app`` extra); it is imported only when the server
starts, never by ``import leadlib.app``. Must not import ipywidgets, matplotlib,
nbconvert or the journal.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .labconfig import ANSWER_GROUPS_JS, START_NOTEBOOK
from .server_extension import SCRIPT_FOLDER

#: The course library, compiled once when the server starts (see compile_bytecode).
PACKAGE = Path(__file__).resolve().parent
#: Holds ``voila/templates/leadlib``; put on JUPYTER_PATH so Voilà finds the template.
TEMPLATE_ROOT = Path(__file__).resolve().with_name("templates") / "app"
TEMPLATE = "leadlib"
#: Front-end extensions Voilà loads: its own widget manager for ipywidgets 8, and the
#: JupyterLab widget extension that provides the ipywidgets modules it shares.
#: Everything else installed for JupyterLab (syntax highlighting, Voilà's own JupyterLab
#: preview) has nothing to do on a page without code.
EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager")
#: Environment variables Voilà sets for every kernel it starts, preheated or not
#: (voila/handler.py and voila/voila_kernel_manager.py).
VOILA_KERNEL_VARIABLES = ("VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_APP_PORT")
DEFAULT_PORT = 8866
#: Where the app serves the course's own front-end script (below the server's root).
SCRIPT_PATH = f"{SCRIPT_FOLDER}/{ANSWER_GROUPS_JS.name}"


def app_mode(environ: Mapping[str, str] | None = None) -> bool:
    """True in a kernel that Voilà started (the course shown as an app).

    Voilà cannot hide Markdown cells by tag; a code cell that asks this can show the
    text that suits the mode instead.
    """
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in VOILA_KERNEL_VARIABLES)


def voila_installed() -> bool:
    return importlib.util.find_spec("voila") is not None


def compile_bytecode(package: Path = PACKAGE) -> bool:
    """Write the compiled form (``__pycache__``) of every module under ``package`` that
    lacks an up-to-date one; True when all of them have one afterwards.

    Every page of the app starts its own kernel, and each kernel imports leadlib afresh.
    Python compiles a module from source on every import unless ``__pycache__`` holds its
    current compiled form, and with PYTHONDONTWRITEBYTECODE set (common in containers and
    CI) it never writes one: each page then paid 100-150 ms on a busy two-core machine
    (benchmarks/bench_browser.py). Written once here, it is only read afterwards; a
    folder that cannot be written changes nothing (False), the kernels compile as before.
    """
    import compileall

    try:
        return bool(compileall.compile_dir(package, quiet=2))
    except OSError:
        return False


def environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the course template on JUPYTER_PATH, and the learner's
    mode for the kernels (widgets, never handout worksheets)."""
    env = dict(os.environ if base is None else base)
    paths = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.pop("LEADLIB_MODE", None)
    return env


def voila_arguments(
    root: Path,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    preheat: bool = False,
) -> list[str]:
    """Command-line arguments for Voilà serving the course folder ``root``."""
    arguments = [
        str(root),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        f"--Voila.open_browser={open_browser}",
        f"--VoilaConfiguration.template={TEMPLATE}",
        # the server's own settings, not whatever a URL asks for (?voila-template=...)
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.strip_sources=True",
        f"--VoilaConfiguration.preheat_kernel={preheat}",
    ]
    arguments += [f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS]
    return arguments


def start_url(base_url: str = "/") -> str:
    return f"{base_url.rstrip('/')}/voila/render/{START_NOTEBOOK}"


def _course_voila() -> Any:
    """Voilà's application with two changes to its request handlers.

    * ``/`` is sent to the start page instead of a file list.
    * ``SCRIPT_PATH`` serves ``leadlib/static/answer-groups.js`` (and nothing else from
      that folder), for the template's <script> tag.
    * The notebook page sets Jupyter's ``_xsrf`` cookie. Voilà's widget manager asks
      the server to shut the page's kernel down when the page is left, sending the
      cookie's value; without the cookie the server refused ("'_xsrf' argument missing
      from POST") and every page visited kept its kernel (about 75 MB) until the server
      stopped. The check itself stays on.
    """
    from tornado import web
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    from .server_extension import script_handler

    class CoursePageHandler(TornadoVoilaHandler):
        async def prepare(self) -> None:
            done = super().prepare()  # identifies the user first (async in jupyter_server 2)
            if inspect.isawaitable(done):
                await done
            self.xsrf_token  # noqa: B018  (reading it sets the cookie)

    class CourseVoila(Voila):
        name = "leadlib-voila"

        def init_handlers(self) -> list[Any]:
            handlers: list[Any] = [
                (rule[0], CoursePageHandler, *rule[2:])
                if len(rule) > 1 and rule[1] is TornadoVoilaHandler
                else rule
                for rule in super().init_handlers()
            ]
            # first match wins in tornado, so this goes before Voilà's tree page;
            # RedirectHandler keeps the query (a ?token=... survives the redirect)
            root = self.server_url or self.base_url
            return [
                (root, web.RedirectHandler, {"url": start_url(root)}),
                script_handler(root),
                *handlers,
            ]

    return CourseVoila


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadlib.app",
        description="Serve the course as an app (Voilà) on this computer.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--root", type=Path, default=None, help="the course notebooks (default: notebooks/)"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--preheat",
        action="store_true",
        help="keep one started kernel ready per notebook (faster first page, more memory)",
    )
    args = parser.parse_args(argv)
    from .notebooks import default_notebooks_dir  # not at import: kernels import this module

    root = (args.root or default_notebooks_dir()).resolve()
    if not (root / START_NOTEBOOK).is_file():
        print(
            f"leadlib: {root} does not hold the course ({START_NOTEBOOK} is missing). "
            "Give the notebooks folder with --root.",
            file=sys.stderr,
        )
        return 2
    if not voila_installed():
        print(
            "leadlib: the app mode needs Voilà, which is not installed in this environment "
            f"({sys.prefix}). Run `make app`, or `pip install -e '.[app]'` in the course "
            "folder, then try again.",
            file=sys.stderr,
        )
        return 2
    # Voilà reads JUPYTER_PATH when it looks for templates; its kernels inherit the rest
    os.environ["JUPYTER_PATH"] = environment()["JUPYTER_PATH"]
    os.environ.pop("LEADLIB_MODE", None)
    compile_bytecode()
    app = _course_voila()
    app.launch_instance(
        argv=voila_arguments(
            root, args.host, args.port, open_browser=not args.no_browser, preheat=args.preheat
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
