"""The others' view (notebook 08, ``ex.others_view()``): make the rater pack, import the
files raters send back (a browser upload, or a folder path for JupyterLab users), and see
per trait how you rate yourself against the raters' mean (of the raters who answered at
least 3 of the trait's 4 statements), with blind spots and hidden strengths called out
only beyond the scores' precision and only when the gap holds with any one rater left
out.

What is shown follows ``leadlib.raters.publish`` (through ``journal.others``): nothing
under k raters, a view that changes only when k more have arrived, no single item, no
minimum or maximum. Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _, ngettext
from ..journal.answers import RATER_PACK
from ..journal.others import ImportResult, import_raters, others_view, pack, rater_files_in
from ..rater_callouts import callout_note, compare, reading_words
from ..rater_pack import pack_filename, pack_html, paper_form_html
from ..raters import OthersView
from . import _others_sheet, worksheets
from ._base import ChartView, Exercise, auto_width, download_link, exports_dir
from .profile_view import read_profile

#: The paper form's file name in the exports folder.
PAPER_FILE = "leadlib-rater-form-paper.html"


class OthersViewExercise(Exercise):
    """Rater pack, import, and self against others per trait."""

    name = N_("how others see you")

    def __init__(self, min_group: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_group = min_group
        self.first_name = w.Text(
            value="",
            description=_("First name:"),
            placeholder=_("optional: shown to your raters"),
        )
        self.make_button = w.Button(
            layout=auto_width(),
            description=_("Make my rater pack"),
            icon="file",
            tooltip=_("Write the rater form (one HTML file) to your exports folder"),
        )
        self.make_button.on_click(lambda _: self.make_pack())
        self.pack_result = w.HTML()
        self.upload = w.FileUpload(
            accept=".json",
            multiple=True,
            description=_("Choose rater files (.json)"),
            layout=auto_width(),
        )
        # Chosen files are imported at once: a second button to press was easy to miss.
        self.upload.observe(self._on_upload, names="value")
        self.folder = w.Text(
            value="",
            description=_("Folder:"),
            placeholder=_("a folder holding the rater files (.json)"),
            layout=w.Layout(width="32em"),
        )
        self.folder_button = w.Button(
            layout=auto_width(),
            description=_("Import from folder"),
            icon="folder-open",
            tooltip=_("Import every .json file in the folder typed on the left"),
        )
        self.folder_button.on_click(lambda _: self.import_folder())
        self.import_result = w.HTML()
        self.view_text = w.HTML()
        self.chart = ChartView(_("others' view chart"))
        self.children = [
            w.HTML("<h4 style='margin:6px 0'>" + _("1. Your rater pack") + "</h4>"),
            w.HTML(
                "<p>"
                + _(
                    "The pack is one file that works offline from an e-mail or a shared "
                    "drive. Your name is not in it unless you type a first name here "
                    "(optional)."
                )
                + "</p>"
            ),
            w.HBox([self.first_name, self.make_button]),
            self.pack_result,
            w.HTML("<h4 style='margin:12px 0 6px'>" + _("2. Import the raters' files") + "</h4>"),
            w.HTML(
                "<p style='margin:2px 0'>"
                + _(
                    "Choose the files your raters sent back (several at once if you like): "
                    "they are imported as soon as you choose them. In JupyterLab you can "
                    "also type the folder that holds them."
                )
                + "</p>"
            ),
            self.upload,
            w.HBox([self.folder, self.folder_button]),
            self.import_result,
            w.HTML("<h4 style='margin:12px 0 6px'>" + _("3. How others see you") + "</h4>"),
            self.view_text,
            self.chart.box,
            self.message,
        ]
        saved = self.load(RATER_PACK).get("pack")
        if saved and saved.get("first_name"):
            self.first_name.value = saved["first_name"]
        self.view: OthersView | None = None
        self.refresh()

    # -- the pack --------------------------------------------------------------------------
    def make_pack(self) -> Path | None:
        """Write the rater pack and the paper form to the exports folder and say where."""
        try:
            current = pack(self.journal(), self.first_name.value, rename=True)  # type: ignore[arg-type]
            folder = exports_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / pack_filename(current["id"])
            path.write_text(
                pack_html(self.content, current["id"], current["first_name"]), encoding="utf-8"
            )
            paper = folder / PAPER_FILE
            paper.write_text(
                worksheets.page(
                    _("Rater form"), [paper_form_html(self.content, current["first_name"])]
                ),
                encoding="utf-8",
            )
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("making your rater pack"))
            return None
        self.pack_result.value = (
            "<p>"
            + escape(
                _(
                    "Rater pack written to {path}. Send it to four to eight people who see "
                    "you at work, and ask them to send the file they save to one person who "
                    "collects the files and passes them on to you together: then you cannot "
                    "tell whose file is whose."
                ).format(path=path)
            )
            + "</p><p>"
            + download_link(path, _("Download the rater pack"), "text/html")
            + " \u00b7 "
            + download_link(paper, _("Download the paper form"), "text/html")
            + "</p>"
        )
        self.say("")
        return path

    # -- import ----------------------------------------------------------------------------
    def _on_upload(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.import_uploaded()

    def import_uploaded(self) -> list[ImportResult]:
        """Import the files chosen in the browser (called as soon as they are chosen)."""
        files = [(str(f["name"]), bytes(f["content"])) for f in self.upload.value]
        if not files:
            self.say(_("Choose one or more rater files first."), "problem")
            return []
        results = self._import(files)
        self.upload.value = ()
        return results

    def import_folder(self) -> list[ImportResult]:
        """Import every .json file in the folder typed."""
        typed = self.folder.value.strip()
        if not typed:
            self.say(_("Type the folder that holds the rater files."), "problem")
            return []
        try:
            files = rater_files_in(typed)
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("reading the folder"))
            return []
        if not files:
            self.say(_("No .json file in {folder}.").format(folder=typed), "problem")
            return []
        return self._import(files)

    def _import(self, sources: Sequence[Any]) -> list[ImportResult]:
        try:
            results = import_raters(self.journal(), sources)  # type: ignore[arg-type]
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("importing the rater files"))
            return []
        words = {
            "added": _("imported"),
            "same": _("already imported"),
            "replaced": _("replaces an earlier file"),
            "refused": _("not imported"),
        }
        items = "".join(
            f"<li><strong>{escape(Path(r.source).name)}</strong>: {escape(words[r.status])}"
            + (f" \u2013 {escape(r.message)}" if r.status == "refused" else "")
            + "</li>"
            for r in results
        )
        self.import_result.value = f"<ul>{items}</ul>"
        self.say("")
        self.refresh()
        return results

    # -- the view ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the journal and show what may be shown now."""
        try:
            self.view = others_view(self.journal(), self.min_group)  # type: ignore[arg-type]
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("reading the raters' answers"))
            return
        view = self.view
        status = self._status(view)
        if view.shown is None:
            self.view_text.value = f"<p>{escape(status)}</p>"
            self.chart.hide()
            return
        profile, _count = read_profile(self)
        rows = compare(self.content, profile.traits, view.shown)
        n = len(view.shown.raters)
        if all(r.own is None for r in rows):
            status += " " + _(
                "Your own scores (the column 'You') appear once you have answered the "
                "self-assessment in notebook 03."
            )
        self.view_text.value = f"<p>{escape(status)}</p>" + self._table(rows, view.k)
        key = (view.shown.raters, tuple((r.own, r.others) for r in rows))
        from ..plots.others import others_chart

        self.chart.show(key, lambda: others_chart(self.content, rows, n), self)

    def _status(self, view: OthersView) -> str:
        parts = list(view.notes)
        if view.shown is None and not view.notes:
            parts.append(
                ngettext(
                    "Nothing to show yet: the view appears once at least {k} raters have "
                    "answered ({n} imported so far).",
                    "Nothing to show yet: the view appears once at least {k} raters have "
                    "answered ({n} imported so far).",
                    view.waiting,
                ).format(k=view.k, n=view.waiting)
            )
        elif view.shown is not None:
            parts.append(
                _(
                    "The view counts {n} raters (as of {date}); each trait's mean is of "
                    "those who could judge it."
                ).format(n=len(view.shown.raters), date=view.shown.date)
            )
            if view.waiting and not view.missing:
                parts.append(
                    ngettext(
                        "{w} more file is imported; the view changes only when {k} new "
                        "raters have arrived since it was last drawn, so that no one "
                        "rater's answers can be read off the change ({more} more to go).",
                        "{w} more files are imported; the view changes only when {k} new "
                        "raters have arrived since it was last drawn, so that no one "
                        "rater's answers can be read off the change ({more} more to go).",
                        view.waiting,
                    ).format(w=view.waiting, k=view.k, more=view.needed)
                )
        return " ".join(parts)

    def _table(self, rows: Sequence[Any], k: int) -> str:
        words = reading_words()
        body = "".join(
            "<tr><td>{name}</td><td>{own}</td><td>{others}</td><td>{kind}</td></tr>".format(
                name=escape(self.content.trait(r.trait).name),
                own="\u2013" if r.own is None else f"{r.own:.0f}",
                others=_("left out") if r.others is None else f"{r.others:.0f}",
                kind=escape(words.get(r.kind or "", "")),
            )
            for r in rows
        )
        head = "".join(
            f"<th style='text-align:left;padding:2px 8px'>{escape(h)}</th>"
            for h in (_("Trait"), _("You"), _("Others (mean)"), _("Reading"))
        )
        return (
            f"<table><tr>{head}</tr>{body}</table>"
            f"<p style='color:#333;font-style:italic'>{escape(callout_note(self.content, k))}</p>"
        )

    def worksheet_html(self) -> str:
        return _others_sheet.others_view(self.content)
