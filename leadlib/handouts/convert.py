"""Execute one notebook in handout mode and convert it to a self-contained HTML page.

Imported only by the handout builder (in its worker processes); it imports nbconvert and
nbclient at module level, so ``leadlib`` and ``leadlib.handouts`` must not import it.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Unicode

from ..i18n import _, ngettext
from ..kernels import kernel_manager_class
from ..models import Content
from .checks import (
    WIDGET_MIME_PREFIX,
    first_line,
    images_without_alt,
    looks_like_object_repr,
    looks_like_widget_repr,
    offline_problems,
    widget_traces,
)
from .pagebreaks import (
    drop_repeated_titles,
    mark_closing_cells,
    mark_lead_ins,
    mark_major_sections,
    worksheet_kinds,
)
from .partial import write_text_whole
from .print_words import print_phrases, print_version, screen_words
from .words import MISSING_WORKSHEET, page_words

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "handout"
REMOVE_TAG = "handout-remove"
CELL_TIMEOUT = 180  # seconds one cell may run before the notebook is reported as stuck
#: The blank charts (``leadlib.plots.blank``) printed after a worksheet of each kind; each
#: chart once per page, after the first worksheet that asks for it (the delegation
#: exercise ends with its board, so a separate board worksheet adds no second one).
CHARTS_AFTER = {
    "profile": ("radar", "grid"),
    "balance": ("bar",),
    "delegation": ("board",),
    "delegation-board": ("board",),
}
_ANSWER_KEY = re.compile(r'<section class="leadlib-answer-key".*?</section>', re.DOTALL)
_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)

#: ``02_leadership.ipynb`` (optionally with ``#anchor``) as a link target, but not a path
#: into another folder or a URL: only sibling notebooks become sibling pages.
_SIBLING_LINK = re.compile(r"(?<![\w/.:-])(?P<stem>\d\d_[\w-]+)\.ipynb(?=[#)\"'\s]|$)")


@dataclass
class HandoutResult:
    """What became of one notebook: the page written, or where and why it failed."""

    name: str
    source: str
    output: str | None = None
    seconds: float = 0.0
    cell: int | None = None
    cell_source: str = ""
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The answer keys taken out of the page (HTML, each with its worksheet's style).
    keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def sibling_links_to_html(text: str) -> str:
    """Point links to sibling notebooks (``NN_name.ipynb``) at their handout pages."""
    return _SIBLING_LINK.sub(lambda m: f"{m.group('stem')}.html", text)


def _alt_text(output: NotebookNode, mime: str) -> str:
    meta = output.get("metadata", {})
    for candidate in (
        meta.get(mime, {}).get("alt") if isinstance(meta.get(mime), dict) else None,
        meta.get("alt"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    plain = output.get("data", {}).get("text/plain", "")
    if isinstance(plain, list):
        plain = "".join(plain)
    plain = plain.strip()
    # matplotlib's "<Figure size 640x480 with 1 Axes>" and other reprs say nothing useful.
    if plain and not plain.startswith("<") and not looks_like_widget_repr(plain):
        return plain
    return ""


def blank_chart_pngs(content: Content) -> dict[str, tuple[str, str]]:
    """Every blank chart to fill in (``leadlib.plots.blank``) as (base64 PNG, alt text),
    by name. The builder draws them once for the whole build, before the notebooks'
    processes start, so that none of them imports matplotlib for it."""
    import base64

    from ..plots.blank import blank_charts

    return {
        name: (base64.b64encode(chart.png()).decode("ascii"), chart.alt)
        for name, chart in blank_charts(content).items()
    }


class HandoutPreprocessor(Preprocessor):
    """Turn an executed notebook into handout material.

    Removes live widgets (their view and state data, and text that is only a widget's
    repr), stderr and scripts; keeps the static worksheets; gives every figure its alt
    text; points links to sibling notebooks at their pages; prints a worksheet's title
    once where the heading above already says it; marks where a major section (a
    level-2 heading over an exercise) starts a new printed page and which cells keep
    together (``leadlib.handouts.pagebreaks``). Problems a reader
    would notice are collected in ``resources['handout_warnings']`` (and the number of
    figures without alt text in ``resources['handout_missing_alt']``).
    """

    missing_worksheet_html = Unicode(
        "",
        help="shown where a widget was (empty: the page's words, else the library's, "
        "in the current language)",
    ).tag(config=True)

    def _missing_worksheet(self, resources: dict[str, Any]) -> str:
        words = resources.get("handout", {}).get("words", {})
        return (
            self.missing_worksheet_html
            or words.get("missing_worksheet_html")
            or _(MISSING_WORKSHEET)
        )

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        resources.setdefault("handout_warnings", [])
        resources.setdefault("handout_missing_alt", 0)
        missing = self._missing_worksheet(resources)
        nb.metadata.pop("widgets", None)
        kept = []
        for position, cell in enumerate(nb.cells, start=1):
            cell.metadata.pop("widgets", None)
            if REMOVE_TAG in cell.metadata.get("tags", []):
                continue
            if cell.cell_type == "markdown":
                printed = print_version(cell.source)
                if printed is None:
                    continue
                cell.source = sibling_links_to_html(printed)
                self._screen_words(position, printed, resources, html=False)
            elif cell.cell_type == "code":
                cell.outputs = self._outputs(cell, position, resources, missing)
                cell.outputs.extend(self._blank_charts(cell, resources))
            kept.append(cell)
        nb.cells = kept
        drop_repeated_titles(nb.cells)
        mark_major_sections(nb.cells)
        mark_lead_ins(nb.cells)
        mark_closing_cells(nb.cells)
        return nb, resources

    @staticmethod
    def _screen_words(position: int, text: str, resources: dict[str, Any], *, html: bool) -> None:
        for words in screen_words(text, html=html):
            resources["handout_warnings"].append(
                _(
                    "cell {number} says on paper what only works on screen ('{words}'); "
                    "give it a print version in leadlib/handouts/print_words.py"
                ).format(number=position, words=words)
            )

    @staticmethod
    def _take_keys(html: str, resources: dict[str, Any]) -> str:
        """Take the answer keys out of a worksheet's HTML into ``resources['handout_keys']``
        (each with the worksheet's style, so it prints the same wherever it goes)."""
        keys = _ANSWER_KEY.findall(html)
        if not keys:
            return html
        style = _STYLE.search(html)
        resources.setdefault("handout_keys", []).extend(
            f'{style.group(0) if style else ""}<div class="leadlib-worksheet">{key}</div>'
            for key in keys
        )
        return _ANSWER_KEY.sub("", html)

    @staticmethod
    def _blank_charts(cell: NotebookNode, resources: dict[str, Any]) -> list[NotebookNode]:
        """The blank charts to fill in after a worksheet that needs them (PNG, alt text):
        drawn once by the builder (``resources['handout']['blank_charts']``), else here."""
        printed: list[str] = resources.setdefault("handout_chart_names", [])
        names = []
        for kind in worksheet_kinds(cell):
            for name in CHARTS_AFTER.get(kind, ()):
                if name not in printed:
                    printed.append(name)
                    names.append(name)
        if not names:
            return []
        page = resources.setdefault("handout", {})
        if "blank_charts" not in page:
            from ..content import load_content

            page["blank_charts"] = blank_chart_pngs(load_content())
        charts: dict[str, tuple[str, str]] = page["blank_charts"]
        resources["handout_charts"] = resources.get("handout_charts", 0) + len(names)
        return [
            nbformat.v4.new_output(
                "display_data",
                data={"image/png": charts[n][0]},
                metadata={"leadlib_alt": charts[n][1], "leadlib_blank_chart": n},
            )
            for n in names
        ]

    def _outputs(
        self, cell: NotebookNode, position: int, resources: dict[str, Any], missing: str
    ) -> list[NotebookNode]:
        warnings: list[str] = resources["handout_warnings"]
        where = _("cell {number} ({code})").format(number=position, code=first_line(cell.source))
        outputs: list[NotebookNode] = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                if output.get("name") == "stderr":
                    text = first_line(output.get("text", ""))
                    warnings.append(
                        _("{where} wrote to stderr ('{text}'); left out of the page").format(
                            where=where, text=text
                        )
                    )
                    continue
                if looks_like_widget_repr(output.get("text", "")):
                    continue
                outputs.append(output)
                continue
            if kind not in ("display_data", "execute_result"):
                outputs.append(output)
                continue
            data = output.get("data", {})
            had_widget = any(mime.startswith(WIDGET_MIME_PREFIX) for mime in data)
            for mime in list(data):
                if mime.startswith(WIDGET_MIME_PREFIX) or mime == "application/javascript":
                    del data[mime]
            plain = data.get("text/plain", "")
            plain = "".join(plain) if isinstance(plain, list) else plain
            if had_widget or looks_like_widget_repr(plain) or looks_like_object_repr(plain):
                data.pop("text/plain", None)
            if "text/html" in data:
                data["text/html"] = self._take_keys(
                    print_phrases(
                        sibling_links_to_html(
                            "".join(data["text/html"])
                            if isinstance(data["text/html"], list)
                            else data["text/html"]
                        )
                    ),
                    resources,
                )
                self._screen_words(position, data["text/html"], resources, html=True)
            if not data:
                if plain and not had_widget and not looks_like_widget_repr(plain):
                    warnings.append(
                        _(
                            "{where} shows only a Python repr ('{text}'); left out of the page"
                        ).format(where=where, text=first_line(plain))
                    )
                elif had_widget or plain:
                    warnings.append(
                        _(
                            "{where} shows a live widget with no printed form; the page says "
                            "so in its place"
                        ).format(where=where)
                    )
                    output.output_type = "display_data"
                    output.pop("execution_count", None)
                    output.data = {"text/html": missing}
                    output.metadata = {}
                    outputs.append(output)
                continue
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in data:
                    alt = _alt_text(output, mime)
                    if not alt:
                        resources["handout_missing_alt"] += 1
                        warnings.append(
                            _("{where} shows a figure without alt text").format(where=where)
                        )
                    output.setdefault("metadata", {})["leadlib_alt"] = alt
            outputs.append(output)
        return outputs


def handout_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the handout template and preprocessor."""
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
    )
    exporter.register_preprocessor(HandoutPreprocessor(), enabled=True)
    return exporter


def handout_environment(home: str) -> dict[str, str]:
    """The kernel's environment: handout mode and a journal that starts empty."""
    env = dict(os.environ)
    env["LEADLIB_MODE"] = "handout"
    env["LEADLIB_HOME"] = home
    env.setdefault("PYTHONHASHSEED", "0")
    # The kernel imports the same leadlib that builds the page, installed or not.
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


class HandoutClient(NotebookClient):
    """nbclient's client that also says which process the kernel is, as soon as it is
    started, so that the builder can end it if the build is stopped."""

    def __init__(self, nb: NotebookNode, on_kernel: Callable[[int], None] | None = None, **kw: Any):
        super().__init__(nb, **kw)
        self._on_kernel = on_kernel

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        await super().async_start_new_kernel(**kwargs)
        pid = getattr(getattr(self.km, "provisioner", None), "pid", None)
        if self._on_kernel is not None and isinstance(pid, int):
            self._on_kernel(pid)


def _failing_cell(nb: NotebookNode) -> tuple[int | None, str]:
    for position, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])
        ):
            return position, first_line(cell.source)
    return None, ""


def _running_cell(nb: NotebookNode) -> tuple[int | None, str]:
    """The last code cell the kernel started (for a timeout or a dead kernel)."""
    found: tuple[int | None, str] = (None, "")
    for position, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            found = (position, first_line(cell.source))
    return found


def build_one(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    handout: dict[str, Any] | None = None,
    timeout: int = CELL_TIMEOUT,
    on_kernel: Callable[[int], None] | None = None,
) -> HandoutResult:
    """Execute ``source`` in handout mode and write ``out_dir/<name>.html``.

    Never raises for a problem in the notebook: the result says which cell failed and
    how. ``handout`` holds what the page header shows (course title, title, minutes).
    ``on_kernel`` is called with the kernel's process id once it has started (the
    kernel leads its own process group). The page is written whole or not at all.
    """
    start = time.perf_counter()
    path = Path(source)
    result = HandoutResult(name=path.stem, source=str(path))
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        result.error = _("could not read the notebook: {error}").format(error=exc)
        return result
    kernel = nb.metadata.get("kernelspec", {}).get("name") or "python3"
    with tempfile.TemporaryDirectory(prefix="leadlib-handout-") as home:
        client = HandoutClient(
            nb,
            on_kernel=on_kernel,
            timeout=timeout,
            kernel_name=kernel,
            kernel_manager_class=kernel_manager_class(),  # IPC: no port race at start
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        try:
            # The kernel's own log lines (transport notices) would break into the
            # progress bar; what a cell prints still reaches the notebook.
            client.execute(env=handout_environment(home), stderr=subprocess.DEVNULL)
        except CellExecutionError as exc:
            result.cell, result.cell_source = _failing_cell(nb)
            result.error = f"{exc.ename}: {exc.evalue}".strip().splitlines()[-1]
        except CellTimeoutError:
            result.cell, result.cell_source = _running_cell(nb)
            # English says "seconds" for any count (as it always has).
            result.error = ngettext(
                "the cell ran for more than {seconds} seconds and was stopped",
                "the cell ran for more than {seconds} seconds and was stopped",
                timeout,
            ).format(seconds=timeout)
        except DeadKernelError:
            result.cell, result.cell_source = _running_cell(nb)
            result.error = _("the Python kernel died while running the cell")
        except Exception as exc:  # a kernel that cannot start, a broken kernelspec...
            result.error = _("could not run the notebook: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
    if result.error is not None:
        result.seconds = time.perf_counter() - start
        return result
    page = dict(handout or {})
    page.setdefault("words", page_words(path.stem, page.get("minutes")))
    resources: dict[str, Any] = {
        "metadata": {"name": path.stem, "path": str(path.parent.resolve())},
        "handout": page,
    }
    try:
        html, resources = handout_exporter().from_notebook_node(nb, resources=resources)
    except Exception as exc:  # a missing template, a broken output...
        result.error = _(
            "the notebook ran, but nbconvert could not turn it into a page: {error}"
        ).format(error=f"{type(exc).__name__}: {first_line(str(exc), limit=300)}")
        result.seconds = time.perf_counter() - start
        return result
    problems = offline_problems(html) + widget_traces(html)
    result.warnings.extend(resources.get("handout_warnings", []))
    result.keys = list(resources.get("handout_keys", []))
    unlabelled = len(images_without_alt(html)) - resources.get("handout_missing_alt", 0)
    if unlabelled > 0:
        result.warnings.append(
            ngettext(
                "{count} image(s) inside HTML output have no alt text",
                "{count} image(s) inside HTML output have no alt text",
                unlabelled,
            ).format(count=unlabelled)
        )
    if problems:
        result.error = _("the page would not work offline: {problems}").format(
            problems="; ".join(dict.fromkeys(problems))
        )
    elif not page.get("pack_only"):
        target = Path(out_dir) / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        result.output = str(write_text_whole(target, html))
    result.seconds = time.perf_counter() - start
    return result
