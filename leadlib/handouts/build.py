"""Build the handouts: find the notebooks, run them in parallel, write pages and the index.

Each notebook runs in a child process of its own (at most ``jobs`` at once, see
``leadlib.handouts.workers``), so that a Ctrl-C reaches this process, which then ends
the children, their kernels and any Chromium within a few seconds and removes
half-written files. Imports nbconvert only inside functions (through ``convert``), so
the CLI loads fast.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import load_content
from ..errors import LeadlibError
from ..i18n import _, ngettext
from ..models import Content
from ..notebooks import default_notebooks_dir, matching_ids
from .partial import remove_partials, write_text_whole
from .words import index_words, page_words
from .workers import run_notebooks, sigint_ignored

if TYPE_CHECKING:
    from .convert import HandoutResult

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "handout"
DEFAULT_OUT = Path("build") / "handouts"

__all__ = [
    "DEFAULT_OUT",
    "BuildReport",
    "HandoutUsageError",
    "build_handouts",
    "default_notebooks_dir",
    "find_notebooks",
    "prepare_out_dir",
    "write_index",
    "write_pdfs",
]


class HandoutUsageError(LeadlibError):
    """The command was asked for something that does not exist (exit status 2)."""


def find_notebooks(names: Sequence[str], notebooks_dir: Path) -> list[Path]:
    """The notebooks to build, in course order.

    With no names: every ``*.ipynb`` in ``notebooks_dir``. A name may be a path to a
    notebook, a file name (``02_leadership.ipynb``), a stem (``02_leadership``) or the
    number in front (``02``). Raises ``HandoutUsageError`` naming what was not found.
    """
    available = (
        sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
        if notebooks_dir.is_dir()
        else []
    )
    if not names:
        if not available:
            raise HandoutUsageError(
                _(
                    "no notebooks found in {folder}; run the command from the course "
                    "folder, or pass --notebooks DIR"
                ).format(folder=notebooks_dir)
            )
        return available
    by_stem = {p.stem: p for p in available}
    chosen: list[Path] = []
    unknown: list[str] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path)
            continue
        matches = matching_ids(name, by_stem)
        if len(matches) == 1:
            chosen.append(by_stem[matches[0]])
        else:
            unknown.append(name)
    if unknown:
        known = ", ".join(p.stem for p in available) or _("none")
        raise HandoutUsageError(
            _("no notebook called {names} in {folder}. Known notebooks: {known}").format(
                names=", ".join(repr(u) for u in unknown), folder=notebooks_dir, known=known
            )
        )
    return list(dict.fromkeys(chosen))


def prepare_out_dir(out_dir: Path) -> Path:
    """Create ``out_dir`` if needed and make sure files can be written into it.

    Raises HandoutUsageError (exit status 2) naming the folder and what to do when it
    is a file, cannot be created or cannot be written to.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise HandoutUsageError(
            _(
                "--out {out} is a file, not a folder. Give a folder for the pages "
                "(it is created if missing), for example --out {default}"
            ).format(out=out_dir, default=DEFAULT_OUT)
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".leadlib-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise HandoutUsageError(
            _(
                "cannot write the pages into {out} ({reason}). "
                "Choose a folder you can write to with --out DIR"
            ).format(out=out_dir, reason=exc.strerror or exc)
        ) from None
    return out_dir


@dataclass
class BuildReport:
    """What a build produced: one result per notebook, the index, and any PDFs."""

    out_dir: Path
    results: list[HandoutResult]
    index: Path | None = None
    seconds: float = 0.0
    workers: int = 1
    pdfs: list[Path] = field(default_factory=list)
    pdf_problems: list[str] = field(default_factory=list)
    #: The facilitator pack (answer keys, agenda...), when one was written.
    facilitator: Path | None = None

    @property
    def failed(self) -> list[HandoutResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.pdf_problems

    def describe(self) -> str:
        """The report printed at the end of a build, for the facilitator."""
        built = len(self.results) - len(self.failed)
        lines = [
            ngettext(
                "Built {built} of {total} handout(s) in {folder} ({seconds} s, "
                "{workers} worker(s)).",
                "Built {built} of {total} handout(s) in {folder} ({seconds} s, "
                "{workers} worker(s)).",
                len(self.results),
            ).format(
                built=built,
                total=len(self.results),
                folder=self.out_dir,
                seconds=f"{self.seconds:.1f}",
                workers=self.workers,
            )
        ]
        # Translators: the status columns of the build report ("ok", "FAILED", "note",
        # "pdf", "PDF") are padded to one width; keep your words short.
        ok, failed, note = _("ok"), _("FAILED"), _("note")
        width = max(len(ok), len(failed), 6)
        for r in self.results:
            if r.ok:
                page = _("{name}.html ({seconds} s)").format(
                    name=r.name, seconds=f"{r.seconds:.1f}"
                )
                lines.append(f"  {ok:<{width}}  {page}")
            else:
                where = _(", cell {number}").format(number=r.cell) if r.cell is not None else ""
                code = f" `{r.cell_source}`" if r.cell_source else ""
                lines.append(f"  {failed:<{width}}  {r.source}{where}{code}: {r.error}")
            lines.extend(f"  {'':<{width}}  {note}: {w}" for w in r.warnings)
        if self.failed:
            lines.append(
                _(
                    "A failed notebook has no page. Open it in JupyterLab, run the cell named "
                    "above to see the whole error, fix it, and build again."
                )
            )
        pdf_word, pdf_problem = _("pdf"), _("PDF")
        for pdf in self.pdfs:
            lines.append(f"  {pdf_word:<{width}}  {pdf}")
        lines.extend(f"  {pdf_problem:<{width}}  {problem}" for problem in self.pdf_problems)
        if self.index is not None:
            lines.append(_("Index: {path}").format(path=self.index))
        if self.facilitator is not None:
            lines.append(
                _("Facilitator pack (answer keys; not for participants): {path}").format(
                    path=self.facilitator
                )
            )
        return "\n".join(lines)


def _page_info(path: Path, content: Content) -> dict[str, Any]:
    """What the page of ``path`` shows besides the notebook: titles, minutes, and its
    words in the current language (translated here, in the process that was asked for
    a language, not in the worker)."""
    for info in content.notebooks:
        if info.id == path.stem:
            return {
                "course_title": content.course_title,
                "title": info.title,
                "minutes": info.minutes,
                "words": page_words(path.stem, info.minutes, info.title, content.course_title),
            }
    return {
        "course_title": content.course_title,
        "title": path.stem.replace("_", " "),
        "words": page_words(path.stem, None, course_title=content.course_title),
    }


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    class Bar(tqdm):
        # No monitor thread: notebook processes may be forked while the bar is shown.
        monitor_interval = 0

    return Bar(
        total=total,
        desc=_("Handouts"),
        # Translators: the unit of the progress bar ("3/7 notebook").
        unit=_("notebook"),
        file=sys.stderr,
        disable=not enabled,
        leave=True,
        dynamic_ncols=True,
    )


def build_handouts(
    notebooks: Sequence[Path],
    out_dir: Path = DEFAULT_OUT,
    *,
    jobs: int | None = None,
    progress: bool = True,
    content: Content | None = None,
    timeout: int | None = None,
    keys_at_end: bool = False,
    facilitator_only: bool = False,
) -> BuildReport:
    """Execute each notebook in handout mode and write ``out_dir/<name>.html`` and the index.

    Notebooks run in parallel (``jobs`` processes, default: one per CPU core); a
    notebook that fails is reported with its cell and error while the others still
    build. A failed notebook's page from an earlier build is removed, so no stale page
    is left looking current. The answer keys are taken out of the pages into
    ``facilitator.html`` (the facilitator pack); ``keys_at_end`` also prints them at the
    end of each page, starting on a new page; ``facilitator_only`` writes the pack and
    no participant page. A KeyboardInterrupt (Ctrl-C) ends every notebook process
    and kernel, removes half-written files and goes on to the caller.
    """
    from .convert import CELL_TIMEOUT, blank_chart_pngs

    content = content or load_content()
    out_dir = prepare_out_dir(out_dir)
    wanted = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    workers = max(1, min(wanted, len(notebooks)))
    cell_timeout = timeout or CELL_TIMEOUT
    started = time.perf_counter()
    results: dict[Path, HandoutResult] = {}

    # The blank charts are drawn here once, not in each notebook's process (the
    # preprocessor runs for the facilitator pack too).
    charts = blank_chart_pngs(content)

    def start(send: Connection, path: Path) -> tuple[Any, ...]:
        page = _page_info(path, content)
        page["keys_at_end"] = keys_at_end
        page["pack_only"] = facilitator_only
        page["blank_charts"] = charts
        return (send, path, out_dir, page, cell_timeout)

    try:
        with _progress(len(notebooks), progress) as bar:

            def done(path: Path, result: HandoutResult) -> None:
                results[path] = result
                bar.set_postfix_str(path.stem)
                bar.update()

            run_notebooks(notebooks, workers, start, done)
        ordered = [results[p] for p in notebooks]
        for result in ordered:
            stale = out_dir / f"{result.name}.html"
            if not result.ok and stale.exists():
                stale.unlink()
        report = BuildReport(out_dir=out_dir, results=ordered, workers=workers)
        if not facilitator_only:
            report.index = write_index(out_dir, content)
        from .facilitator import write_facilitator_pack

        titles = {info.id: info.title for info in content.notebooks}
        keys = {titles.get(r.name, r.name): r.keys for r in ordered if r.ok}
        report.facilitator = write_facilitator_pack(out_dir, content, keys)
    except BaseException:
        remove_partials(out_dir)
        raise
    report.seconds = time.perf_counter() - started
    return report


def write_index(out_dir: Path, content: Content | None = None) -> Path:
    """Write ``out_dir/index.html``: the course's notebooks in order with minutes and
    objectives, linking each page that exists in ``out_dir``."""
    import jinja2

    content = content or load_content()
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    course_ids = {info.id for info in content.notebooks}
    entries = [
        {
            "id": info.id,
            "title": info.title,
            "minutes": info.minutes,
            "objectives": info.objectives,
            "href": f"{info.id}.html" if (out_dir / f"{info.id}.html").is_file() else None,
        }
        for info in content.notebooks
    ]
    extras = [
        {"id": page.stem, "href": page.name}
        for page in sorted(out_dir.glob("*.html"))
        if page.stem not in course_ids and page.name != "index.html"
    ]
    total_minutes = sum(info.minutes for info in content.notebooks)
    html = environment.get_template("course_index.html.j2").render(
        course_title=content.course_title,
        total_minutes=total_minutes,
        words=index_words(content.course_title, total_minutes),
        entries=entries,
        extras=extras,
        css=(TEMPLATE_DIR / "handout.css").read_text(encoding="utf-8"),
    )
    return write_text_whole(out_dir / "index.html", html)


def write_pdfs(report: BuildReport, paper: str = "a4", jobs: int | None = None) -> None:
    """Print every page of ``report`` (and the index) to PDF beside it, if Chromium is
    installed; otherwise record in ``report.pdf_problems`` what to install.

    A KeyboardInterrupt (Ctrl-C) ends every browser within a second or so, removes
    half-written PDFs and goes on to the caller.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .pdf import INSTALL_HINT, PdfError, find_chromium, print_pdf

    chromium = find_chromium()
    if chromium is None:
        report.pdf_problems.append(_(INSTALL_HINT))
        return
    pages = [Path(r.output) for r in report.results if r.output]
    if report.index is not None:
        pages.append(report.index)
    if report.facilitator is not None:
        pages.append(report.facilitator)
    stop = threading.Event()

    def one(page: Path) -> Path:
        return print_pdf(page, page.with_suffix(".pdf"), chromium=chromium, paper=paper, stop=stop)

    pool = ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1))
    try:
        futures = [pool.submit(one, page) for page in pages]
        for future in futures:
            try:
                report.pdfs.append(future.result())
            except PdfError as exc:
                report.pdf_problems.append(str(exc))
    except BaseException:
        with sigint_ignored():
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            remove_partials(report.out_dir)
        raise
    pool.shutdown()
