"""Build the handouts: find the notebooks, run them in parallel, write pages and the index.

Each notebook runs in a child process of its own (at most ``jobs`` at once), so that a
Ctrl-C reaches this process, which then ends the children, their kernels and any
Chromium within a few seconds and removes half-written files. Imports nbconvert only
inside functions (through ``convert``), so the CLI loads fast.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import load_content
from ..errors import LeadlibError
from ..i18n import _, ngettext
from ..models import Content
from ..notebooks import default_notebooks_dir, matching_ids
from .checks import first_line
from .partial import remove_partials, write_text_whole
from .words import index_words, page_words

if TYPE_CHECKING:
    from .convert import HandoutResult

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "handout"
DEFAULT_OUT = Path("build") / "handouts"
#: Seconds a stopped notebook's process gets to end its kernel before it is killed.
STOP_GRACE = 2.0

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


def _failure(path: Path, why: str) -> HandoutResult:
    from .convert import HandoutResult

    return HandoutResult(name=path.stem, source=str(path), error=why)


def _pool_context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    """How notebook processes start: forked on Linux when this process runs a single
    thread (they then begin with nbconvert already imported, about a second each
    saved), else spawned afresh, which is safe everywhere (macOS, Windows, a process
    with threads such as a Jupyter kernel)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


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


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Hold back Ctrl-C while a notebook process starts: the process inherits the block
    and then ignores SIGINT before it unblocks it, so only this process reacts to Ctrl-C
    (a Ctrl-C that came meanwhile is delivered here right after)."""
    if not (hasattr(signal, "pthread_sigmask") and _in_main_thread()):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """While stopping, a second Ctrl-C must not cut the clean-up short."""
    if not _in_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _notebook_process(
    conn: Connection, path: Path, out_dir: Path, handout: dict[str, Any], timeout: int
) -> None:
    """The body of one notebook's process: build it, send ("kernel", pid) when its
    kernel starts and ("result", HandoutResult) at the end. Ctrl-C is left to the
    parent, which ends this process with SIGTERM when the build is stopped."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        from .convert import build_one

        result = build_one(
            path, out_dir, handout, timeout, on_kernel=lambda pid: conn.send(("kernel", pid))
        )
        conn.send(("result", result))
    except (OSError, EOFError):
        pass  # the parent has gone or stopped listening: the build was stopped
    except Exception as exc:  # a bug: report it as this notebook's failure, not a traceback
        with suppress(OSError, EOFError):
            conn.send(("crash", f"{type(exc).__name__}: {first_line(str(exc))}"))
    except BaseException:
        # Being stopped: nbclient turns the SIGTERM into a cancelled run after ending
        # the kernel. The parent says what happened, once; nothing to print here.
        pass
    finally:
        conn.close()


@dataclass
class _Running:
    """A notebook being built in its own process, and the kernels it reported."""

    path: Path
    process: multiprocessing.process.BaseProcess
    conn: Connection
    kernels: set[int] = field(default_factory=set)

    def read(self) -> list[tuple[str, Any]]:
        """Messages waiting from the process; ("eof", None) once it has closed its end."""
        messages: list[tuple[str, Any]] = []
        try:
            while self.conn.poll():
                kind, value = self.conn.recv()
                if kind == "kernel":
                    self.kernels.add(value)
                else:
                    messages.append((kind, value))
        except (EOFError, OSError):
            messages.append(("eof", None))
        return messages


def _end_kernels(jobs: Sequence[_Running]) -> None:
    for job in jobs:
        job.read()
        for pid in job.kernels:
            try:
                if hasattr(os, "killpg"):
                    os.killpg(pid, signal.SIGKILL)  # the kernel leads its own group
                else:  # pragma: no cover - Windows
                    os.kill(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        job.kernels.clear()


def _stop(jobs: Sequence[_Running]) -> None:
    """End the notebook processes still running and their kernels, within a few seconds."""
    with _sigint_ignored():
        _end_kernels(jobs)
        for job in jobs:
            if job.process.is_alive():
                job.process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for job in jobs:
            job.process.join(max(0.0, deadline - time.monotonic()))
            if job.process.is_alive():
                job.process.kill()
                job.process.join(1.0)
        _end_kernels(jobs)  # any kernel started after the first round
        for job in jobs:
            job.conn.close()


def _run_notebooks(
    notebooks: Sequence[Path],
    workers: int,
    start: Callable[[Connection, Path], tuple[Any, ...]],
    done: Callable[[Path, HandoutResult], None],
) -> None:
    """Build ``notebooks`` in child processes, at most ``workers`` at a time, calling
    ``done`` as each finishes. On any exception here (KeyboardInterrupt above all) every
    child, its kernel included, is ended before the exception goes on."""
    context = _pool_context()
    waiting = list(notebooks)
    running: dict[Connection, _Running] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                path = waiting.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_notebook_process, args=start(send, path), daemon=True
                )
                with _sigint_blocked():  # a Ctrl-C now comes once the job is listed
                    process.start()
                    running[receive] = _Running(path, process, receive)
                    send.close()
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                job = running[ready]
                messages = job.read()
                if not messages:
                    continue  # only a kernel's process id so far
                kind, value = messages[0]
                del running[ready]
                job.process.join(STOP_GRACE)
                if job.process.is_alive():
                    job.process.kill()
                    job.process.join()
                ready.close()
                if kind == "result":
                    done(job.path, value)
                elif kind == "crash":
                    why = _("the build worker failed: {error}").format(error=value)
                    done(job.path, _failure(job.path, why))
                else:
                    why = _("the build worker stopped (exit status {status})").format(
                        status=job.process.exitcode
                    )
                    done(job.path, _failure(job.path, why))
    except BaseException:
        _stop(list(running.values()))
        raise


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
    end of each page, on a sheet of their own; ``facilitator_only`` writes the pack and
    no participant page. A KeyboardInterrupt (Ctrl-C) ends every notebook process
    and kernel, removes half-written files and goes on to the caller.
    """
    from .convert import CELL_TIMEOUT

    content = content or load_content()
    out_dir = prepare_out_dir(out_dir)
    wanted = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    workers = max(1, min(wanted, len(notebooks)))
    cell_timeout = timeout or CELL_TIMEOUT
    started = time.perf_counter()
    results: dict[Path, HandoutResult] = {}

    def start(send: Connection, path: Path) -> tuple[Any, ...]:
        page = _page_info(path, content)
        page["keys_at_end"] = keys_at_end
        page["pack_only"] = facilitator_only
        return (send, path, out_dir, page, cell_timeout)

    try:
        with _progress(len(notebooks), progress) as bar:

            def done(path: Path, result: HandoutResult) -> None:
                results[path] = result
                bar.set_postfix_str(path.stem)
                bar.update()

            _run_notebooks(notebooks, workers, start, done)
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
        with _sigint_ignored():
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            remove_partials(report.out_dir)
        raise
    pool.shutdown()
