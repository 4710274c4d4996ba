"""Print handout pages to PDF with headless Chromium, where it is installed.

Standard library only: finds the browser on PATH and runs it; never downloads anything.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errors import LeadlibError
from ..i18n import N_, _
from .partial import finish, partial_path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: What to do without a browser (translated where shown: ``_(INSTALL_HINT)``).
INSTALL_HINT = N_(
    "PDFs need Chromium (or Google Chrome), which was not found on this computer. "
    "Install Chromium: sudo apt-get install chromium, or brew install --cask chromium; "
    "or set LEADLIB_CHROMIUM to the browser's path. The HTML handouts are complete "
    "without it: open one in any browser and print it."
)
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class PdfError(LeadlibError):
    """A PDF could not be written; the message says why and what to do."""


def find_chromium() -> str | None:
    """The path of a Chromium-family browser: $LEADLIB_CHROMIUM, else the first on PATH."""
    configured = os.environ.get("LEADLIB_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class PrintingStopped(Exception):
    """Printing was stopped from outside (Ctrl-C on the command); nothing was written."""


def _end_browser(process: subprocess.Popen[str]) -> None:
    """Kill the browser and every process it started (it leads its own group)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def print_pdf(
    page: Path,
    pdf: Path,
    *,
    chromium: str,
    paper: str = "a4",
    timeout: float = 120,
    stop: threading.Event | None = None,
    landscape: bool = False,
) -> Path:
    """Write ``pdf`` from the HTML ``page`` on ``paper`` ("a4" or "letter"), turned
    sideways with ``landscape`` (a wide table, such as the delegation board's poster).

    The PDF appears whole or not at all. Setting ``stop`` ends the browser within a
    fraction of a second and raises PrintingStopped.
    """
    if paper not in PAPER_SIZES:
        raise PdfError(
            _("unknown paper size '{paper}'; use one of: {sizes}").format(
                paper=paper, sizes=", ".join(PAPER_SIZES)
            )
        )
    html = page.read_text(encoding="utf-8")
    turned = " landscape" if landscape else ""
    size = f"<style>@page {{ size: {PAPER_SIZES[paper]}{turned}; }}</style></head>"
    partial = partial_path(pdf)
    with tempfile.TemporaryDirectory(prefix="leadlib-pdf-") as scratch:
        # A copy next to nothing else: the page is self-contained, so this is enough.
        printable = Path(scratch) / page.name
        printable.write_text(html.replace("</head>", size, 1), encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={Path(scratch) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={partial.resolve()}",
            printable.resolve().as_uri(),
        ]
        try:
            # Its own session: the browser's helper processes can be ended together, and
            # a Ctrl-C reaches the command, which decides, rather than the browser.
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfError(
                _("{page}: could not start Chromium at {path}: {error}").format(
                    page=page.name, path=chromium, error=exc
                )
            ) from None
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    out, err = process.communicate(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    if stop is not None and stop.is_set():
                        raise PrintingStopped(page.name) from None
                    if time.monotonic() > deadline:
                        raise PdfError(
                            _(
                                "{page}: Chromium did not finish printing within {seconds} seconds"
                            ).format(page=page.name, seconds=f"{timeout:.0f}")
                        ) from None
        except BaseException:
            _end_browser(process)
            partial.unlink(missing_ok=True)
            raise
    if process.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        detail = (err or out).strip().splitlines()
        last = detail[-1] if detail else _("exit status {status}").format(status=process.returncode)
        raise PdfError(
            _("{page}: Chromium could not print the page ({detail})").format(
                page=page.name, detail=last
            )
        )
    return finish(partial, pdf)
