"""Print handout pages to PDF with headless Chromium, where it is installed.

Standard library only: finds the browser on PATH and runs it; never downloads anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import LeadlibError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
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


def print_pdf(
    page: Path, pdf: Path, *, chromium: str, paper: str = "a4", timeout: float = 120
) -> Path:
    """Write ``pdf`` from the HTML ``page`` on ``paper`` ("a4" or "letter")."""
    if paper not in PAPER_SIZES:
        raise PdfError(f"unknown paper size '{paper}'; use one of: {', '.join(PAPER_SIZES)}")
    html = page.read_text(encoding="utf-8")
    size = f"<style>@page {{ size: {PAPER_SIZES[paper]}; }}</style></head>"
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
            f"--print-to-pdf={pdf.resolve()}",
            printable.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"{page.name}: Chromium did not finish printing within {timeout:.0f} seconds"
            ) from None
        except OSError as exc:
            raise PdfError(f"{page.name}: could not start Chromium at {chromium}: {exc}") from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit status {done.returncode}"
        raise PdfError(f"{page.name}: Chromium could not print the page ({last})")
    return pdf
