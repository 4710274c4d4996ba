"""The app mode's pieces that need no browser: how Voilà is started, the template it
uses, app-mode detection and the start page's mode-dependent instructions."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from leadlib import app
from leadlib.widgets import how_to_use

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE


def test_app_mode_is_detected_from_the_variables_voila_gives_its_kernels() -> None:
    assert app.app_mode({"VOILA_BASE_URL": "/"})
    assert app.app_mode({"VOILA_SERVER_URL": "/", "VOILA_PREHEAT": "True"})
    assert not app.app_mode({})
    assert not app.app_mode({"JPY_SESSION_NAME": "00_start_here.ipynb", "VOILA_BASE_URL": ""})


def test_the_start_page_explains_the_mode_it_is_shown_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (*app.VOILA_KERNEL_VARIABLES, "LEADLIB_MODE"):
        monkeypatch.delenv(name, raising=False)
    lab = how_to_use()
    assert "Shift+Enter" in lab.markdown and "Run All Cells" in lab.markdown
    assert "<strong>Shift+Enter</strong>" in lab.html

    monkeypatch.setenv("VOILA_BASE_URL", "/")
    shown = how_to_use()
    assert "Shift+Enter" not in shown.markdown and "Run All" not in shown.markdown
    assert "Shift+Enter" not in shown.html and "kernel" not in shown.html.lower()
    assert "same tab" in shown.markdown and "Reload the page" in shown.markdown

    monkeypatch.setenv("LEADLIB_MODE", "handout")
    handout = how_to_use()
    assert "worksheet" in handout.markdown and "Shift+Enter" not in handout.markdown


def test_voila_serves_the_course_folder_with_the_course_template() -> None:
    args = app.voila_arguments(ROOT / "notebooks", port=9001, open_browser=False)
    assert args[0] == str(ROOT / "notebooks")
    assert "--Voila.ip=127.0.0.1" in args and "--Voila.port=9001" in args
    assert "--Voila.open_browser=False" in args
    assert f"--VoilaConfiguration.template={app.TEMPLATE}" in args
    assert "--VoilaConfiguration.strip_sources=True" in args
    assert "--VoilaConfiguration.allow_template_override=NO" in args
    assert "--VoilaConfiguration.preheat_kernel=False" in args
    assert app.start_url("/") == "/voila/render/00_start_here.ipynb"
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()


def test_the_environment_puts_the_template_first_and_drops_the_handout_mode() -> None:
    env = app.environment({"JUPYTER_PATH": "/elsewhere", "LEADLIB_MODE": "handout"})
    assert env["JUPYTER_PATH"].split(":") == [str(app.TEMPLATE_ROOT), "/elsewhere"]
    assert "LEADLIB_MODE" not in env
    assert (TEMPLATE / "index.html.j2").is_file() and (TEMPLATE / "conf.json").is_file()


def test_the_template_requests_nothing_from_another_host() -> None:
    text = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    code = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)  # comments name the CDN
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", code)
    assert "super.super()" in code, "the lab block is skipped, not copied with its links"


def test_the_app_explains_a_missing_voila_or_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.main(["--root", str(tmp_path), "--no-browser"]) == 2
    assert "00_start_here.ipynb is missing" in capsys.readouterr().err
    monkeypatch.setattr(app, "voila_installed", lambda: False)
    assert app.main(["--root", str(ROOT / "notebooks"), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "needs Voilà" in err and "make app" in err


def test_make_app_starts_the_course_app_on_localhost() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed on this machine")
    done = subprocess.run(
        ["make", "-n", "app", "HOST=127.0.0.1", "APP_PORT=8999"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if "leadlib.app" in line]
    assert len(lines) == 1, done.stdout
    assert lines[0].split()[1:] == ["-m", "leadlib.app", "--host", "127.0.0.1", "--port", "8999"]


def test_the_server_writes_the_compiled_modules_its_kernels_would_compile_again(
    tmp_path: Path,
) -> None:
    """Written even where PYTHONDONTWRITEBYTECODE says the importer may not write them."""
    import importlib.util
    import os

    package = tmp_path / "course"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    (package / "sub" / "part.py").write_text("Y = 2\n", encoding="utf-8")
    compiled = [
        Path(importlib.util.cache_from_source(str(package / name)))
        for name in ("__init__.py", "sub/part.py")
    ]
    assert not any(path.exists() for path in compiled)
    assert app.compile_bytecode(package)
    assert all(path.is_file() for path in compiled)
    # up to date: left alone
    stamps = [path.stat().st_mtime_ns for path in compiled]
    assert app.compile_bytecode(package)
    assert [path.stat().st_mtime_ns for path in compiled] == stamps
    # a changed source is compiled again
    before = compiled[1].read_bytes()
    (package / "sub" / "part.py").write_text("Y = 3\n", encoding="utf-8")
    later = stamps[1] + 2 * 10**9  # the compiled form records the source's whole seconds
    os.utime(package / "sub" / "part.py", ns=(later, later))
    assert app.compile_bytecode(package)
    assert compiled[1].read_bytes() != before
    # a module that does not compile is reported, not raised
    (package / "broken.py").write_text("def (:\n", encoding="utf-8")
    assert not app.compile_bytecode(package)


def test_a_kernel_importing_the_start_page_does_not_load_the_server_side_modules() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from leadlib.widgets import how_to_use; how_to_use();"
            "print(sorted(m for m in sys.modules if m in "
            "('leadlib.notebooks', 'leadlib.notebook_run', 'voila', 'tornado')))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "[]", done.stdout
