"""Build the handouts: find the notebooks, run them in parallel, write pages and the index.

Imports nbconvert only inside functions (through ``convert``), so the CLI loads fast.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import load_content
from ..errors import LeadlibError
from ..models import Content
from .checks import first_line

if TYPE_CHECKING:
    from .convert import HandoutResult

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "handout"
DEFAULT_OUT = Path("build") / "handouts"


class HandoutUsageError(LeadlibError):
    """The command was asked for something that does not exist (exit status 2)."""


def default_notebooks_dir() -> Path:
    """``./notebooks`` when run from the course folder, else the one beside the package."""
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "notebooks"


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
                f"no notebooks found in {notebooks_dir}; run the command from the course "
                "folder, or pass --notebooks DIR"
            )
        return available
    chosen: list[Path] = []
    unknown: list[str] = []
    for name in names:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path)
            continue
        stem = path.name.removesuffix(".ipynb")
        matches = [p for p in available if p.stem == stem or p.stem.split("_", 1)[0] == stem]
        if len(matches) == 1:
            chosen.append(matches[0])
        else:
            unknown.append(name)
    if unknown:
        known = ", ".join(p.stem for p in available) or "none"
        raise HandoutUsageError(
            f"no notebook called {', '.join(repr(u) for u in unknown)} in {notebooks_dir}. "
            f"Known notebooks: {known}"
        )
    return list(dict.fromkeys(chosen))


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
            f"Built {built} of {len(self.results)} handout(s) in {self.out_dir} "
            f"({self.seconds:.1f} s, {self.workers} worker(s))."
        ]
        for r in self.results:
            if r.ok:
                lines.append(f"  ok      {r.name}.html ({r.seconds:.1f} s)")
            else:
                where = f", cell {r.cell}" if r.cell is not None else ""
                code = f" `{r.cell_source}`" if r.cell_source else ""
                lines.append(f"  FAILED  {r.source}{where}{code}: {r.error}")
            lines.extend(f"          note: {w}" for w in r.warnings)
        if self.failed:
            lines.append(
                "A failed notebook has no page. Open it in JupyterLab, run the cell named "
                "above to see the whole error, fix it, and build again."
            )
        for pdf in self.pdfs:
            lines.append(f"  pdf     {pdf}")
        lines.extend(f"  PDF     {problem}" for problem in self.pdf_problems)
        if self.index is not None:
            lines.append(f"Index: {self.index}")
        return "\n".join(lines)


def _page_info(path: Path, content: Content) -> dict[str, Any]:
    for info in content.notebooks:
        if info.id == path.stem:
            return {
                "course_title": content.course_title,
                "title": info.title,
                "minutes": info.minutes,
            }
    return {"course_title": content.course_title, "title": path.stem.replace("_", " ")}


def _failure(path: Path, exc: BaseException) -> HandoutResult:
    from .convert import HandoutResult

    return HandoutResult(
        name=path.stem,
        source=str(path),
        error=f"the build worker stopped: {type(exc).__name__}: {first_line(str(exc))}",
    )


def _pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked on Linux when this process runs a single
    thread (workers then begin with nbconvert already imported, about a second each
    saved), else spawned afresh, which is safe everywhere (macOS, Windows, a process
    with threads such as a Jupyter kernel)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="Handouts",
        unit="notebook",
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
) -> BuildReport:
    """Execute each notebook in handout mode and write ``out_dir/<name>.html`` and the index.

    Notebooks run in parallel (``jobs`` worker processes, default: one per CPU core); a
    notebook that fails is reported with its cell and error while the others still
    build. A failed notebook's page from an earlier build is removed, so no stale page
    is left looking current.
    """
    from .convert import CELL_TIMEOUT, build_one

    content = content or load_content()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    workers = max(1, min(wanted, len(notebooks)))
    cell_timeout = timeout or CELL_TIMEOUT
    start = time.perf_counter()
    results: dict[Path, HandoutResult] = {}
    if workers == 1:
        with _progress(len(notebooks), progress) as bar:
            for path in notebooks:
                bar.set_postfix_str(path.stem)
                results[path] = build_one(path, out_dir, _page_info(path, content), cell_timeout)
                bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
            # Submitting starts the workers; the progress bar (and its thread) only after.
            futures: dict[Future[HandoutResult], Path] = {
                pool.submit(build_one, path, out_dir, _page_info(path, content), cell_timeout): path
                for path in notebooks
            }
            with _progress(len(notebooks), progress) as bar:
                for future in as_completed(futures):
                    path = futures[future]
                    try:
                        results[path] = future.result()
                    except Exception as exc:  # a worker process that died
                        results[path] = _failure(path, exc)
                    bar.set_postfix_str(path.stem)
                    bar.update()
    ordered = [results[p] for p in notebooks]
    for result in ordered:
        stale = out_dir / f"{result.name}.html"
        if not result.ok and stale.exists():
            stale.unlink()
    report = BuildReport(
        out_dir=out_dir, results=ordered, seconds=time.perf_counter() - start, workers=workers
    )
    report.index = write_index(out_dir, content)
    report.seconds = time.perf_counter() - start
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
    html = environment.get_template("course_index.html.j2").render(
        course_title=content.course_title,
        total_minutes=sum(info.minutes for info in content.notebooks),
        entries=entries,
        extras=extras,
        css=(TEMPLATE_DIR / "handout.css").read_text(encoding="utf-8"),
    )
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def write_pdfs(report: BuildReport, paper: str = "a4", jobs: int | None = None) -> None:
    """Print every page of ``report`` (and the index) to PDF beside it, if Chromium is
    installed; otherwise record in ``report.pdf_problems`` what to install."""
    from concurrent.futures import ThreadPoolExecutor

    from .pdf import INSTALL_HINT, PdfError, find_chromium, print_pdf

    chromium = find_chromium()
    if chromium is None:
        report.pdf_problems.append(INSTALL_HINT)
        return
    pages = [Path(r.output) for r in report.results if r.output]
    if report.index is not None:
        pages.append(report.index)

    def one(page: Path) -> Path:
        return print_pdf(page, page.with_suffix(".pdf"), chromium=chromium, paper=paper)

    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        futures = [pool.submit(one, page) for page in pages]
        for future in futures:
            try:
                report.pdfs.append(future.result())
            except PdfError as exc:
                report.pdf_problems.append(str(exc))


def summarise(results: Iterable[HandoutResult]) -> dict[str, int]:
    """Counts for a benchmark or a test: built, failed, warnings."""
    built = failed = warnings = 0
    for r in results:
        built += r.ok
        failed += not r.ok
        warnings += len(r.warnings)
    return {"built": built, "failed": failed, "warnings": warnings}
