"""The export panel's section "Bring your answers from another computer": choose the
export file made on the other computer (a browser upload, which works in JupyterLab and
in the app mode, or the path of a file on disk for JupyterLab users), import it with the
journal's own import, and say in plain words, per part of the course, what was restored,
what was left and why.

The file is read by the journal's import (``leadlib.journal.exchange.read_import`` and
``read_import_bytes``, whose reader ``leadlib.exportfile`` refuses hostile files) and
recorded by ``Journal.import_incoming``, whose rules decide which answer wins: the
file's answer where it differs (this computer's answer stays in the journal's history),
and everything the file does not hold is left as it is. Several files are imported
oldest export first, so the newest export's answers end up the ones shown.

Imports ipywidgets and leadlib.journal.exchange (no database of its own); must not
import nbconvert or matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import printable
from ..export import BOARD_SINCE, READABLE_VERSIONS, ExportError
from ..exportfile import ExportFileError, read_export_bytes, read_export_file
from ..i18n import N_, _, ngettext
from ..journal.answers import (
    BALANCE,
    CHECKINS,
    DELEGATION,
    MY_BOARD,
    REFLECTION,
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_ROUNDS,
    TIME_AUDIT,
)
from ..journal.exchange import EXCHANGED, ImportReport, Incoming, read_import, read_import_bytes
from ..models import Content
from ._base import auto_width, describe_problem, html_message
from ._controls import guard_clicks

if TYPE_CHECKING:
    from ..journal import Journal

#: How the report names each part of the course an export carries (translated where shown).
PARTS = {
    SELF_ASSESSMENT: N_("Self-assessment (notebooks 02-03)"),
    DELEGATION: N_("Delegation choices (notebook 04)"),
    BALANCE: N_("Balance exercise (notebook 05)"),
    REFLECTION: N_("Reflections"),
    MY_BOARD: N_("My delegation board (notebook 08)"),
    TIME_AUDIT: N_("Time audit (notebook 08)"),
    SELF_ASSESSMENT_ROUNDS: N_("Earlier self-assessment rounds (notebook 08)"),
    CHECKINS: N_("Check-ins (notebook 08)"),
}
#: Why a part is not in a file that could hold it (translated where shown).
ABSENT = {
    SELF_ASSESSMENT: N_("nothing was answered on the other computer"),
    DELEGATION: N_("nothing was answered on the other computer"),
    BALANCE: N_("nothing was answered on the other computer"),
    REFLECTION: N_(
        "'Include my reflections' was not ticked when the file was exported, or none were written"
    ),
    MY_BOARD: N_(
        "'Include my delegation board' was not ticked when the file was exported, or there "
        "was no board"
    ),
    TIME_AUDIT: N_(
        "'Include my time audit' was not ticked when the file was exported, or there was "
        "no time audit"
    ),
    SELF_ASSESSMENT_ROUNDS: N_("no earlier round was kept on the other computer"),
    CHECKINS: N_("no check-in was set on the other computer"),
}
#: The parts of notebook 08, which exports older than BOARD_SINCE cannot hold.
NOTEBOOK_08 = (MY_BOARD, TIME_AUDIT, SELF_ASSESSMENT_ROUNDS, CHECKINS)
#: The problems that say a file names items this course does not have.
UNKNOWN_ITEMS = (
    N_("unknown statement id"),
    N_("unknown scenario id"),
    N_("unknown notebook id"),
)


@dataclass(frozen=True)
class Refused:
    """A file that was not imported, and why, in plain words."""

    name: str
    reason: str


def refusal(error: ExportError, version: object = None) -> str:
    """Why an export file is refused, for the learner: not an export, made by a newer
    leadlib, made for another course, unreadable (the reader's reason), or the checks it
    failed with their field paths. ``version`` is the file's "version" field, when read."""
    problems = error.problems
    if isinstance(error, ExportFileError):
        return error.reason
    paths = {p.path for p in problems}
    if "schema" in paths:
        return _(
            'this is not a leadlib export file (its "schema" field is not '
            '"leadlib-export"); choose the file the export button wrote'
        )
    if "version" in paths:
        oldest, newest = min(READABLE_VERSIONS), max(READABLE_VERSIONS)
        if isinstance(version, int) and not isinstance(version, bool) and version > newest:
            return _(
                "it was made by a newer leadlib (export version {found}; the leadlib on "
                "this computer reads versions {oldest} to {newest}). Ask the facilitator to "
                "update leadlib on this computer, then import the file again"
            ).format(found=version, oldest=oldest, newest=newest)
        return _(
            "its export version ({found}) is not one this leadlib reads (versions {oldest} "
            "to {newest}); export it again from leadlib"
        ).format(found=printable(repr(version), 40), oldest=oldest, newest=newest)
    names = {_(m) for m in UNKNOWN_ITEMS}
    unknown = [p for p in problems if p.message in names or p.path == "balance.situation"]
    if unknown:
        shown = ", ".join(printable(p.path.rsplit(".", 1)[-1], 40) for p in unknown[:5])
        return ngettext(
            "it seems to come from another course (or another edition of this one, or it "
            "was edited): {count} of its answers names an item this course does not have "
            "({names})",
            "it seems to come from another course (or another edition of this one, or it "
            "was edited): {count} of its answers name items this course does not have "
            "({names})",
            len(unknown),
        ).format(count=len(unknown), names=shown)
    listed = "; ".join(printable(str(p), 200) for p in problems[:8])
    more = len(problems) - 8
    if more > 0:
        listed += " " + _("(and {count} more)").format(count=more)
    return ngettext(
        "it does not pass the export's checks, so it was changed after it was written "
        "({count} problem: {problems})",
        "it does not pass the export's checks, so it was changed after it was written "
        "({count} problems: {problems})",
        len(problems),
    ).format(count=len(problems), problems=listed)


def part_lines(report: ImportReport) -> list[str]:
    """One plain sentence per part of the course: what the file restored, or why the file
    holds nothing for it (and that this computer's answers to it are kept)."""
    lines = []
    for exercise in EXCHANGED:
        name = _(PARTS[exercise])
        found = report.in_file.get(exercise, 0)
        if not found:
            why = (
                _("this file was made by an older leadlib, before notebook 08 existed")
                if exercise in NOTEBOOK_08 and report.version < BOARD_SINCE
                else _(ABSENT[exercise])
            )
            lines.append(
                _("{part}: not in this file ({why}); what this computer holds is kept.").format(
                    part=name, why=why
                )
            )
            continue
        recorded = report.recorded.get(exercise, 0)
        replaced = report.replaced.get(exercise, 0)
        same = found - recorded
        bits = []
        if recorded:
            bits.append(
                ngettext("{count} answer restored", "{count} answers restored", recorded).format(
                    count=recorded
                )
            )
        if replaced:
            bits.append(
                ngettext(
                    "{count} of them in place of a different answer on this computer, which "
                    "stays in your journal's history",
                    "{count} of them in place of a different answer on this computer, which "
                    "stay in your journal's history",
                    replaced,
                ).format(count=replaced)
            )
        if same:
            bits.append(
                ngettext(
                    "{count} already the same here", "{count} already the same here", same
                ).format(count=same)
            )
        line = _("{part}: {what}.").format(part=name, what=", ".join(bits))
        if exercise == CHECKINS and "supporter" not in report.items.get(CHECKINS, ()):
            line += " " + _(
                "Your supporter's name is not in the file ('Include my check-in supporter's "
                "name' was not ticked, or none was set); a name saved here is kept."
            )
        lines.append(line)
    return lines


class ImportSection(w.VBox):
    """Import the learner's own export file from another computer, and report it.

    ``content`` is the course; ``journal`` returns the learner's journal (the panel's
    ``Exercise.journal``); ``on_imported`` is called with the reports after an import of
    at least one file (the panel then shows the participant code again).
    """

    def __init__(
        self,
        content: Content,
        journal: Callable[[], Any],
        on_imported: Callable[[list[ImportReport]], None] | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self._journal = journal
        self._on_imported = on_imported
        self.upload = w.FileUpload(accept=".json", multiple=True, description=_("Choose file"))
        self.path = w.Text(
            value="",
            description=_("Or its path:"),
            placeholder=_("for example ~/Downloads/leadlib-export-P-7K3Q9X.json"),
            style={"description_width": "initial"},
            layout=w.Layout(width="36em", max_width="100%"),
        )
        self.adopt_code = w.Checkbox(
            value=True,
            description=_("Use my participant code from the other computer"),
            indent=False,
            layout=auto_width(),
        )
        self.import_button = w.Button(
            layout=auto_width(),
            description=_("Import my answers"),
            icon="upload",
            tooltip=_("Import the export file chosen above into this computer's journal"),
        )
        guard_clicks(self.import_button, self.import_chosen)
        self.result = w.HTML()
        self.message = w.HTML(value=html_message(""))
        self.message_text = ""
        self.message_kind = "info"
        self.reports: list[ImportReport] = []
        self.refused: list[Refused] = []
        #: The participant code taken over from the file by the last import, if any.
        self.adopted: str | None = None
        self.children = [
            w.HTML(
                "<h4 style='margin:12px 0 6px'>"
                + escape(_("Bring your answers from another computer"))
                + "</h4>"
            ),
            w.HTML(
                "<p style='line-height:1.4'>"
                + escape(
                    _(
                        "On the other computer: tick every box above, export, and download "
                        "the file. Here: choose that file and import it. Nothing saved on "
                        "this computer is lost: where the file's answer differs, the file's "
                        "answer becomes the one shown and this computer's answer stays in "
                        "your journal's history; answers the file does not hold are kept. "
                        "An export does not carry the quiz, the self-checks, the vision "
                        "statement, the development plan, the factor ratings of notebook 04 "
                        "or your raters' answers: keep the other computer for those, or "
                        "download the vision and the plan there."
                    )
                )
                + "</p>"
            ),
            self.upload,
            self.path,
            self.adopt_code,
            self.import_button,
            self.message,
            self.result,
        ]

    def say(self, text: str, kind: str = "info") -> None:
        """Show ``text`` under the import button (kind: info, ok or problem)."""
        self.message_text = text
        self.message_kind = kind
        self.message.value = html_message(text, kind)

    def _chosen(self) -> list[tuple[str, bytes | Path]]:
        """The files chosen: each upload (name, bytes), then the typed path."""
        chosen: list[tuple[str, bytes | Path]] = [
            (str(f["name"]), bytes(f["content"])) for f in self.upload.value
        ]
        typed = self.path.value.strip()
        if typed:
            path = Path(typed).expanduser()
            chosen.append((path.name or typed, path))
        return chosen

    def _read(self, name: str, source: bytes | Path) -> Incoming:
        if isinstance(source, Path):
            return read_import(self.content, source)
        return read_import_bytes(self.content, name, source)

    @staticmethod
    def _version(source: bytes | Path) -> object:
        """The "version" field of a file refused for its version (read as safely again)."""
        try:
            doc = (
                read_export_file(source)
                if isinstance(source, Path)
                else read_export_bytes("upload.json", source)
            )
        except ExportError:
            return None
        return doc.get("version")

    def import_chosen(self) -> list[ImportReport]:
        """Import every chosen file (the uploads and the typed path), oldest export
        first, and report per file; a refused file records nothing and is said with its
        reason. Returns the reports of the files imported."""
        chosen = self._chosen()
        if not chosen:
            self.say(
                _(
                    "Choose your export file first: 'Choose file' above, or type the "
                    "path of the file."
                ),
                "problem",
            )
            return []
        refused: list[Refused] = []
        incoming: list[Incoming] = []
        for name, source in chosen:
            try:
                incoming.append(self._read(name, source))
            except ExportError as error:
                refused.append(Refused(name, refusal(error, self._version(source))))
            except Exception as exc:  # shown in plain words
                refused.append(Refused(name, describe_problem(exc, _("reading the file"))))
        incoming.sort(key=lambda found: found.parsed.exported_at)
        codes = {found.parsed.participant for found in incoming}
        adopt = bool(self.adopt_code.value) and len(codes) == 1
        reports: list[ImportReport] = []
        self.adopted = None
        for number, found in enumerate(incoming, 1):
            take_code = adopt and number == len(incoming)
            try:
                journal: Journal = self._journal()
                before = journal.participant_code if take_code else None
                reports.append(journal.import_incoming(found, adopt_participant_code=take_code))
            except Exception as exc:  # shown in plain words
                doing = _("importing your answers")
                refused.append(Refused(found.source.name, describe_problem(exc, doing)))
                continue
            if take_code and found.parsed.participant != before:
                self.adopted = found.parsed.participant
        self.upload.value = ()
        if reports and not refused:
            self.path.value = ""
        self.reports, self.refused = reports, refused
        self._show(reports, refused, codes if self.adopt_code.value else set())
        if reports and self._on_imported is not None:
            self._on_imported(reports)
        return reports

    def _show(
        self, reports: Sequence[ImportReport], refused: Sequence[Refused], codes: set[str]
    ) -> None:
        parts: list[str] = []
        for report in reports:
            head = ngettext(
                "{file} (exported {date} UTC, participant {code}): {count} answer restored.",
                "{file} (exported {date} UTC, participant {code}): {count} answers restored.",
                report.total,
            ).format(
                file=printable(report.source.name, 120),
                date=report.exported_at.strftime("%Y-%m-%d %H:%M"),
                code=report.participant,
                count=report.total,
            )
            items = "".join(f"<li>{escape(line)}</li>" for line in part_lines(report))
            items += "".join(f"<li>{escape(note)}</li>" for note in report.notes)
            parts.append(f"<p><strong>\u2714 {escape(head)}</strong></p><ul>{items}</ul>")
        for file in refused:
            parts.append(
                "<p><strong>\u26a0 "
                + escape(
                    _("{file}: not imported, nothing from it was recorded: {why}.").format(
                        file=printable(file.name, 120), why=file.reason.rstrip(".")
                    )
                )
                + "</strong></p>"
            )
        if len(codes) > 1:
            parts.append(
                "<p>"
                + escape(
                    _(
                        "These files carry different participant codes ({codes}), so this "
                        "computer keeps its own code."
                    ).format(codes=", ".join(sorted(codes)))
                )
                + "</p>"
            )
        self.result.value = "".join(parts)
        if not reports:
            self.say(_("Nothing was imported: see why below."), "problem")
        elif refused:
            self.say(
                _("Imported with problems: some files were not imported (see below)."),
                "problem",
            )
        else:
            self.say(self._summary(reports), "ok")

    def _summary(self, reports: Sequence[ImportReport]) -> str:
        total = sum(r.total for r in reports)
        replaced = sum(sum(r.replaced.values()) for r in reports)
        if not total:
            text = _("Your journal here already held every answer of the file: nothing changed.")
        else:
            text = ngettext(
                "{count} answer restored from your other computer.",
                "{count} answers restored from your other computer.",
                total,
            ).format(count=total)
        if replaced:
            text += " " + ngettext(
                "{count} took the place of a different answer saved here, which stays in "
                "your journal's history.",
                "{count} took the place of different answers saved here, which stay in "
                "your journal's history.",
                replaced,
            ).format(count=replaced)
        if self.adopted:
            text += " " + _(
                "This computer now uses your participant code {code} from the file, so the "
                "facilitator sees one participant, not two."
            ).format(code=self.adopted)
        if total:
            text += " " + _("Run the exercise cells again (in any notebook) to see them.")
        return text
