"""My results (notebook 08, ``ex.my_results()``): one button writes the learner's results
page (``my-results.html`` and, where Chromium is installed, ``my-results.pdf``) into
LEADLIB_HOME/exports and shows the paths, download links and the parts not done yet,
each with where to do it.

What the page holds and how it is read from the journal are ``leadlib.results`` and
``leadlib.results_print``'s; the message and links after printing are
``_base.written_report``, shared with the delegation board's print button. Imports
ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from ..results import MISSING
from . import worksheets
from ._base import Exercise, auto_width, exports_dir, guard_clicks, written_report


class MyResultsExercise(Exercise):
    """A short introduction, the print button, its message and the download links."""

    name = N_("my results")

    def __init__(
        self,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.print_button = w.Button(
            layout=auto_width(),
            description=_("Write my results page"),
            icon="print",
            tooltip=_(
                "Write your results as a printable web page and a PDF into your exports folder"
            ),
        )
        guard_clicks(self.print_button, self.print_results, clock=clock or time.monotonic)
        self.output = w.HTML()
        self.missing = w.HTML()
        self.children = [
            w.HTML(
                "<p>"
                + escape(
                    _(
                        "Your profile, how others see you, your week, your delegation board, "
                        "your vision and your plan on one printable page (usually two sheets "
                        "once everything is done). It is made from your journal on this computer "
                        "and written into your exports folder; nothing is sent anywhere."
                    )
                )
                + "</p>"
            ),
            self.print_button,
            self.message,
            self.output,
            self.missing,
        ]

    def print_results(self) -> Path | None:
        """Write the page (and its PDF where Chromium is installed); show where, and
        which parts are not done yet."""
        from ..results_print import read_results, write_results

        try:
            results = read_results(self.journal(), self.today())  # type: ignore[arg-type]
            written = write_results(self.content, results, exports_dir(), today=self.today())
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("writing your results page"))
            return None
        text, links = written_report(
            written,
            _("Your results page was written to {html}."),
            _("Download the page as a web page"),
            _("Download it as PDF"),
        )
        self.say(text, "ok")
        self.output.value = links
        missing = results.missing()
        if missing:
            items = "".join(f"<li>{escape(_(MISSING[key]))}</li>" for key in missing)
            self.missing.value = (
                "<div role='status' style='color:#333'><p style='margin:4px 0'>"
                + escape(_("Not on the page yet; each part appears once you do it:"))
                + f"</p><ul style='margin:0'>{items}</ul></div>"
            )
        else:
            self.missing.value = ""
        return written.html

    def worksheet_html(self) -> str:
        return worksheets.my_results(self.content)
