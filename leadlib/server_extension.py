"""A Jupyter server extension that serves the answer groups' keyboard script
(``static/answer-groups.js``) at ``<base_url>voila/leadlib/answer-groups.js``, where the
app template's ``<script>`` tag asks for it, when Voilà runs inside a Jupyter server: a
JupyterHub participant's server, or ``jupyter lab``'s ``/voila`` pages. The standalone app
(``leadlib.app``, ``make app``) serves the same path itself.

Enabled by ``leadlib.labconfig install`` (a ``jupyter_server_config.d`` file). Imports
tornado and jupyter_server only when the server loads it; must not import ipywidgets,
matplotlib or nbconvert.
"""

from __future__ import annotations

import re
from typing import Any

from .labconfig import ANSWER_GROUPS_JS

#: Where the script is served, below the server's base URL (the app template's path).
SCRIPT_FOLDER = "voila/leadlib"


def script_handler(base_url: str) -> tuple[str, Any, dict[str, str]]:
    """The tornado rule that serves the script (and nothing else from its folder)."""
    from tornado import web

    pattern = f"{base_url.rstrip('/')}/{SCRIPT_FOLDER}/({re.escape(ANSWER_GROUPS_JS.name)})"
    return (pattern, web.StaticFileHandler, {"path": str(ANSWER_GROUPS_JS.parent)})


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "leadlib.server_extension"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    web_app = serverapp.web_app
    web_app.add_handlers(".*$", [script_handler(web_app.settings.get("base_url", "/"))])
