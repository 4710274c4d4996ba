"""leadlib.server_extension: inside a Jupyter server (a JupyterHub participant's server),
Voilà pages get the answer groups' keyboard script at the path the app template asks for,
and nothing else from its folder; ``labconfig install`` switches the extension on."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from tornado import httpclient, httpserver, netutil, web

from leadlib import labconfig
from leadlib.app import SCRIPT_PATH
from leadlib.labconfig import ANSWER_GROUPS_JS
from leadlib.server_extension import _load_jupyter_server_extension

BASE = "/user/participant-1/"


async def _fetch_all(paths: list[str]) -> list[tuple[int, bytes]]:
    # a server whose own rules answer everything else with 404, as jupyter_server's do
    app = web.Application([(r"(.*)", web.ErrorHandler, {"status_code": 404})], base_url=BASE)
    _load_jupyter_server_extension(SimpleNamespace(web_app=app))
    sockets = netutil.bind_sockets(0, "127.0.0.1")
    server = httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    client = httpclient.AsyncHTTPClient()
    results = []
    try:
        for path in paths:
            response = await client.fetch(f"http://127.0.0.1:{port}{path}", raise_error=False)
            results.append((response.code, response.body or b""))
    finally:
        server.stop()
    return results


def test_the_script_is_served_where_the_app_template_asks_for_it() -> None:
    paths = [
        BASE + SCRIPT_PATH,
        BASE + "voila/leadlib/run-on-open.js",  # the folder's other files: no
        "/" + SCRIPT_PATH,  # another user's base URL: not this server's
    ]
    # its own thread and event loop: a browser test earlier in this process may have left
    # Playwright's loop marked as running in this one
    with ThreadPoolExecutor(1) as pool:
        (ok, body), (other, _), (outside, _) = pool.submit(asyncio.run, _fetch_all(paths)).result()
    assert ok == 200 and body == ANSWER_GROUPS_JS.read_bytes()
    assert other == 404 and outside == 404


def test_install_switches_the_server_extension_on(tmp_path: Path) -> None:
    labconfig.install(tmp_path)
    switch = json.loads(labconfig.server_extension_path(tmp_path).read_text(encoding="utf-8"))
    assert switch == {"ServerApp": {"jpserver_extensions": {"leadlib.server_extension": True}}}
