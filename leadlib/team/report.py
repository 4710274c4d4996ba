"""The team report as HTML: one self-contained page (inline CSS and PNG charts, no
script, no external address), print-ready, and the same body for the notebook widget.

Order, for a debrief on a projector: a one-screen summary first (who counted, what
stands out, the questions), then the sections, then an appendix (Cronbach's alpha, the
files). Everything shown comes from a ``TeamSummary`` whose figures the privacy rules
already made safe (docs/privacy.md); nothing here computes a new figure from hidden ones.

Every text that came from a participant's file (file names, problems naming fields) is
HTML-escaped. Must not import ipywidgets, nbconvert or the journal; matplotlib is
reached only through ``leadlib.team.charts`` when charts are drawn.
"""

from __future__ import annotations

from html import escape

from .. import __version__
from ..content import load_content
from ..i18n import _, ngettext
from ..models import Content
from ..scoring import STRONG_THRESHOLD, item_step
from .glance import glance, held_back, privacy_box, questions_section
from .markup import (
    CSS,
    counts_text,
    distribution_rows,
    figure_cells,
    figure_html,
    hidden,
    not_shown,
    note,
    num,
    table,
)
from .summary import RELIABILITY_MIN, ScenarioFigure, TeamSummary

__all__ = ["CSS", "render_body", "render_html"]


def render_body(summary: TeamSummary, content: Content | None = None, charts: bool = True) -> str:
    """The report's content as an HTML fragment (``<div class="ll-team">``), for the
    standalone page and for the notebook widget."""
    content = content or load_content()
    out: list[str] = ['<div class="ll-team">']
    out.append("<h1>" + escape(_("Team report: {source}").format(source=summary.source)) + "</h1>")
    out.append(held_back(summary))
    out.extend(glance(summary))
    out.append(privacy_box(summary.min_group))
    for text in summary.notes:
        out.append(note(text))
    if summary.superseded:
        senders = len({s.kept for s in summary.superseded})
        older = len(summary.superseded)
        out.append(
            note(
                ngettext(
                    "{n} participant has sent more than one export; only the newest "
                    "export of each counts",
                    "{n} participants have sent more than one export; only the newest "
                    "export of each counts",
                    senders,
                ).format(n=senders)
                + " "
                + ngettext(
                    "({n} older file set aside).", "({n} older files set aside).", older
                ).format(n=older)
            )
        )
    if summary.enough_people:
        out.extend(questions_section(summary))
        out.extend(_profile_section(content, summary, charts))
        out.extend(_balance_section(content, summary, charts))
        out.extend(_delegation_section(content, summary, charts))
        out.append("<h2>" + escape(_("Appendix")) + "</h2>")
        out.extend(_reliability_section(summary))
    out.extend(_files_section(summary))
    out.append(
        "<footer>"
        + escape(
            _(
                "Made with leadlib {version} (the course \u201c{course}\u201d). The "
                "self-assessment is for reflection, not a validated measurement: read these "
                "figures as conversation starters."
            ).format(version=__version__, course=content.course_title)
        )
        + "</footer>"
    )
    out.append("</div>")
    return "\n".join(out)


def _profile_section(content: Content, summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>" + escape(_("The team profile")) + "</h2>"]
    out.append(
        "<p>"
        + escape(
            _(
                "Each trait is scored 0-100 from its statements. The line is the team's "
                "mean; the band reaches one standard deviation either side: the wider it "
                "is, the more the team differs on that trait."
            )
        )
        + "</p>"
    )
    if charts:
        from .charts import team_radar

        chart = team_radar(content, summary)
        out.append(
            figure_html(chart.img_html(760), _("Team mean and spread per trait (0-100).")),
        )
    out.append(
        table(
            _("Self-assessment scores per trait (0-100)"),
            [
                (_("Trait"), False),
                (_("Family"), False),
                (_("People"), True),
                (_("Mean"), True),
                (_("Standard deviation"), True),
            ],
            [
                [escape(t.name), escape(t.family.label), *figure_cells(t.figure)]
                for t in summary.traits
            ],
        )
    )
    out.append(
        table(
            _("The two families and the balance"),
            [
                (_("Index"), False),
                (_("People"), True),
                (_("Mean"), True),
                (_("Standard deviation"), True),
            ],
            [
                [escape(_("Leadership index (0-100)")), *figure_cells(summary.leadership)],
                [escape(_("Management index (0-100)")), *figure_cells(summary.management)],
                [
                    escape(_("Balance index (leadership minus management)")),
                    *figure_cells(summary.balance),
                ],
            ],
        )
    )
    for t in summary.traits:
        if t.figure.note:
            out.append(note(_("{trait}: {note}").format(trait=t.name, note=t.figure.note)))
    for name, figure in (
        (_("Leadership index"), summary.leadership),
        (_("Management index"), summary.management),
        (_("Balance index"), summary.balance),
    ):
        if figure.note:
            out.append(note(_("{trait}: {note}").format(trait=name, note=figure.note)))
    return out


def _balance_section(content: Content, summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>" + escape(_("Balance and the grid's quadrants")) + "</h2>"]
    dist = summary.balance_distribution
    out.append("<h3>" + escape(_("The balance index")) + "</h3>")
    out.append(
        "<p>"
        + escape(
            _(
                "Leadership index minus management index: below 0 a profile leans to "
                "management, above 0 to leadership."
            )
        )
        + "</p>"
    )
    if charts and dist.shown:
        from .charts import balance_histogram

        out.append(figure_html(balance_histogram(summary).img_html(760), _("People per range.")))
    out.append(
        table(
            _("People per range of the balance index"),
            [(_("Range"), False), (_("People"), True)],
            distribution_rows(dist),
        )
    )
    out.append(note(dist.note))
    quads = summary.quadrants
    out.append(
        "<h3>"
        + escape(_("Quadrants of the leadership and management grid (after Kotter)"))
        + "</h3>"
    )
    out.append(
        "<p>"
        + escape(
            _(
                "A profile counts as strong in a family from an index of {threshold} "
                "(doing, on balance, that family's behaviours more than sometimes). A "
                "profile with an index less than one answer step ({step:g} points) from "
                "that line is counted as near the line, in no quadrant: one or two "
                "answers could put it on either side."
            ).format(threshold=f"{STRONG_THRESHOLD:.0f}", step=item_step(content))
        )
        + "</p>"
    )
    if charts and quads.shown:
        from .charts import quadrant_grid

        out.append(figure_html(quadrant_grid(summary).img_html(600), _("People per quadrant.")))
    out.append(
        table(
            _("People per quadrant"),
            [(_("Quadrant"), False), (_("People"), True)],
            distribution_rows(quads),
        )
    )
    out.append(note(quads.note))
    out.extend(_situations(summary))
    return out


def _situations(summary: TeamSummary) -> list[str]:
    out = ["<h3>" + escape(_("The balance exercise: the split people chose")) + "</h3>"]
    out.append(
        "<p>"
        + escape(
            _(
                "Each participant picked the situation closest to their own and the share "
                "of their attention that leadership work should get in it."
            )
        )
        + "</p>"
    )
    rows = []
    for item in summary.situations:
        low, high = item.band
        rows.append(
            [
                escape(item.name),
                f"{low}-{high}%",
                hidden() if item.n is None else str(item.n),
                num(item.share.mean),
                num(item.share.sd),
            ]
        )
    out.append(
        table(
            _("Leadership share chosen, per situation (percent)"),
            [
                (_("Situation"), False),
                (_("Recommended"), True),
                (_("People"), True),
                (_("Mean"), True),
                (_("Standard deviation"), True),
            ],
            rows,
        )
    )
    out.append(note(summary.situation_counts.note))
    out.append(
        '<p class="hidden">'
        + escape(
            _(
                "No team-wide mean of the chosen share is given: with a hidden situation it "
                "would let the hidden mean be worked out. A mean is shown only where the "
                "situation's count is shown and the answers differ enough."
            )
        )
        + "</p>"
    )
    return out


def _band_text(item: ScenarioFigure) -> str:
    low, high = item.band
    return f"{low}" if low == high else f"{low}-{high}"


def _delegation_section(content: Content, summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>" + escape(_("Delegation: how much would you hand over?")) + "</h2>"]
    out.append(
        "<p>"
        + escape(
            _(
                "For each scenario, how many people chose each level (1 Tell to 7 "
                "Delegate), or each group of levels where single levels would expose "
                "someone, next to the band the course recommends. The scenarios where the "
                "team is most divided come first: they make the best debrief."
            )
        )
        + "</p>"
    )
    if charts:
        from .charts import delegation_board

        out.append(
            figure_html(
                delegation_board(content, summary.scenarios).img_html(1000),
                _("The team's delegation board, the most divided scenarios first."),
            )
        )
    with_mean = any(item.figure.mean is not None for item in summary.scenarios)
    head = [(_("Scenario"), False), (_("Recommended"), True), (_("Answers"), True)]
    if with_mean:
        head += [(_("Mean"), True), (_("Standard deviation"), True)]
    head += [(_("Within the band"), True), (_("People per level or band"), False)]
    rows = []
    for item in summary.scenarios:
        share = item.in_band_share
        row = [escape(item.title), _band_text(item), str(item.n)]
        if with_mean:
            row += [num(item.figure.mean, 1), num(item.figure.sd, 1)]
        row += [
            not_shown() if share is None else f"{share:.0f}%",
            counts_text(item.distribution),
        ]
        rows.append(row)
    out.append(
        table(
            _("Delegation levels chosen, per scenario (the most divided first)"),
            head,
            rows,
        )
    )
    out.append(
        '<p class="hidden">'
        + escape(
            _(
                "\u201cWithin the band\u201d is given only when it can be read off the counts "
                "shown; a mean and standard deviation only when every level is shown, since "
                "beside grouped or hidden counts they would uncover them."
            )
        )
        + "</p>"
    )
    notes = [
        _("{title}: {note}").format(title=item.title, note=item.distribution.note)
        for item in summary.scenarios
        if item.distribution.note
    ]
    if notes:
        out.append("<h3>" + escape(_("Why some counts are grouped or hidden")) + "</h3><ul>")
        out += [f"<li>{escape(n)}</li>" for n in notes]
        out.append("</ul>")
    return out


def _reliability_section(summary: TeamSummary) -> list[str]:
    out = ["<h3>" + escape(_("How consistent are the scales? (indicative)")) + "</h3>"]
    out.append(
        "<p>"
        + escape(
            _(
                "Cronbach's alpha asks whether a trait's four statements tend to move "
                "together in this team (reverse-worded statements turned round first). As a "
                "rough guide: from .70 acceptable, from .80 good; above .90 the statements "
                "may repeat each other. It is computed only with at least {need} people who "
                "answered all of a trait's statements, and even then it is only indicative: "
                "a short self-assessment is for reflection, not a validated measurement, and "
                "alpha does not prove that a scale measures one thing."
            ).format(need=max(RELIABILITY_MIN, summary.min_group))
        )
        + "</p>"
    )
    out.append(
        table(
            _("Cronbach's alpha per trait (indicative)"),
            [
                (_("Trait"), False),
                (_("Complete answers"), True),
                (_("Alpha"), True),
                (_("Reading"), False),
            ],
            [
                [escape(r.name), str(r.n_complete), num(r.alpha, 2), escape(r.reading)]
                for r in summary.reliability
            ],
        )
    )
    return out


def _files_section(summary: TeamSummary) -> list[str]:
    out = ["<h2>" + escape(_("Files")) + "</h2>"]
    if not summary.skipped and not summary.superseded:
        if summary.files_found == 1:
            text = _("The one file found was read and counted.")
        else:
            text = _("Every file found ({n}) was read and counted.").format(n=summary.files_found)
        out.append("<p>" + escape(text) + "</p>")
        return out
    if summary.skipped:
        out.append(
            "<p>"
            + escape(
                _(
                    "These files were not counted. Ask their senders to export again from "
                    "the course (the export exercise, ex.export_answers()); every other file "
                    "still counts."
                )
            )
            + "</p>"
        )
        out.append(
            table(
                _("Files skipped, with the reasons"),
                [(_("File"), False), (_("Why it was skipped"), False)],
                [
                    [
                        escape(s.name),
                        "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in s.reasons) + "</ul>",
                    ]
                    for s in summary.skipped
                ],
            )
        )
    if summary.superseded:
        out.append(
            table(
                _("Older exports set aside (the same participant sent a newer one)"),
                [(_("File set aside"), False), (_("Newer file that counts"), False)],
                [[escape(s.name), escape(s.kept)] for s in summary.superseded],
            )
        )
    return out


def render_html(summary: TeamSummary, content: Content | None = None, charts: bool = True) -> str:
    """The whole report as one self-contained HTML page."""
    body = render_body(summary, content, charts)
    title = escape(_("Team report: {source}").format(source=summary.source))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
