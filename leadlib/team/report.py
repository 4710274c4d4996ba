"""The team report as HTML: one self-contained page (inline CSS and PNG charts, no
script, no external address), print-ready, and the same body for the notebook widget.

Every text that came from a participant's file (file names, problems naming fields) is
HTML-escaped. Must not import ipywidgets, nbconvert or the journal; matplotlib is
reached only through ``leadlib.team.charts`` when charts are drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .. import __version__
from ..content import load_content
from ..models import Content
from ..scoring import STRONG_THRESHOLD
from .privacy import ProtectedDistribution
from .summary import RELIABILITY_MIN, Figure, TeamSummary

CSS = """
.ll-team { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; line-height: 1.5; max-width: 60rem; font-size: 1rem; }
.ll-team h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
.ll-team h2 { font-size: 1.45rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #0072B2;
  padding-bottom: .2rem; }
.ll-team h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
.ll-team table { border-collapse: collapse; margin: .6rem 0 1rem; min-width: 50%; }
.ll-team caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.ll-team th, .ll-team td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left;
  vertical-align: top; }
.ll-team td.num, .ll-team th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ll-team thead th { background: #eef4f9; }
.ll-team figure { margin: 1rem 0; }
.ll-team figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.ll-team figcaption { font-size: .95rem; color: #333; }
.ll-team .note { background: #fff8e6; border-left: 4px solid #E69F00; padding: .5rem .8rem;
  margin: .6rem 0; }
.ll-team .privacy { background: #eef7f2; border-left: 4px solid #009E73;
  padding: .5rem .8rem; margin: .8rem 0; }
.ll-team .hidden { color: #555; font-style: italic; }
.ll-team .summary { font-size: 1.1rem; }
.ll-team ol.questions li { margin-bottom: .5rem; }
.ll-team footer { margin-top: 2rem; font-size: .9rem; color: #444; }
@media print {
  @page { margin: 18mm 15mm; }
  .ll-team { max-width: none; font-size: 11pt; }
  .ll-team figure, .ll-team table, .ll-team .note, .ll-team .privacy {
    break-inside: avoid; page-break-inside: avoid; }
  .ll-team h2, .ll-team h3 { break-after: avoid; page-break-after: avoid; }
  .ll-team figure img { border: none; }
}
"""

HIDDEN = '<span class="hidden">hidden</span>'
GROUPED = '<span class="hidden">not shown</span>'


def _num(value: float | None, digits: int = 0) -> str:
    return HIDDEN if value is None else f"{value:.{digits}f}"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>' if text else ""


def _table(caption: str, head: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]]) -> str:
    """A table; ``head`` is (title, numeric); cells in ``rows`` are already HTML."""
    heads = list(head)
    out = [f"<table><caption>{escape(caption)}</caption><thead><tr>"]
    out += [
        f'<th scope="col"{" class=num" if numeric else ""}>{escape(title)}</th>'
        for title, numeric in heads
    ]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = list(row)
        out.append("<tr>")
        for position, (cell, (_, numeric)) in enumerate(zip(cells, heads, strict=True)):
            if position == 0:
                out.append(f'<th scope="row">{cell}</th>')
            else:
                out.append(f"<td{' class=num' if numeric else ''}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _figure_html(chart_html: str, caption: str) -> str:
    return f"<figure>{chart_html}<figcaption>{escape(caption)}</figcaption></figure>"


def _distribution_rows(dist: ProtectedDistribution) -> list[list[str]]:
    return [
        [escape(label), HIDDEN if count is None else str(count)]
        for label, count in zip(dist.labels, dist.counts, strict=True)
    ]


def _figure_cells(figure: Figure, digits: int = 0) -> list[str]:
    return [str(figure.n), _num(figure.mean, digits), _num(figure.sd, digits)]


def render_body(summary: TeamSummary, content: Content | None = None, charts: bool = True) -> str:
    """The report's content as an HTML fragment (``<div class="ll-team">``), for the
    standalone page and for the notebook widget."""
    content = content or load_content()
    k = summary.min_group
    out: list[str] = ['<div class="ll-team">']
    out.append(f"<h1>Team report: {escape(summary.source)}</h1>")
    skipped, older = len(summary.skipped), len(summary.superseded)
    found = f"{summary.files_found} file{'s' if summary.files_found != 1 else ''}"
    extra = ""
    if skipped:
        extra += f"; {skipped} skipped (listed under Files at the end)"
    if older:
        extra += f"; {older} older duplicate{'s' if older != 1 else ''} set aside"
    out.append(
        f'<p class="summary"><strong>{_people(summary.participants)}</strong> counted from '
        f"{found} found{extra}. Minimum group: {k}.</p>"
    )
    out.append(
        '<div class="privacy"><p><strong>Privacy.</strong> This report shows no names, no '
        "one's individual answers and no free-text reflections. Any figure based on fewer "
        f"than {k} people (the minimum group) is hidden, and where a hidden number could "
        "be worked out by subtracting from a total, a second number is hidden with it. "
        "No minimum or maximum is shown, since each would be one person's answer.</p></div>"
    )
    for note in summary.notes:
        out.append(_note(note))
    if summary.superseded:
        senders = len({s.kept for s in summary.superseded})
        out.append(
            _note(
                f"{senders} participant{' has' if senders == 1 else 's have'} sent more than "
                "one export; only the newest export of each counts "
                f"({older} older file{'s' if older != 1 else ''} set aside)."
            )
        )
    if summary.enough_people:
        out.extend(_profile_section(content, summary, charts))
        out.extend(_balance_section(summary, charts))
        out.extend(_delegation_section(content, summary, charts))
        out.extend(_reliability_section(summary))
        out.extend(_questions_section(summary))
    out.extend(_files_section(summary))
    out.append(
        f"<footer>Made with leadlib {escape(__version__)} (the course \u201c"
        f"{escape(content.course_title)}\u201d). The self-assessment is for reflection, not a "
        "validated measurement: read these figures as conversation starters.</footer>"
    )
    out.append("</div>")
    return "\n".join(out)


def _profile_section(content: Content, summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>The team profile</h2>"]
    out.append(
        "<p>Each trait is scored 0-100 from its statements. The line is the team's mean; "
        "the band reaches one standard deviation either side: the wider it is, the more "
        "the team differs on that trait.</p>"
    )
    if charts:
        from .charts import team_radar

        chart = team_radar(content, summary)
        out.append(_figure_html(chart.img_html(640), "Team mean and spread per trait (0-100)."))
    out.append(
        _table(
            "Self-assessment scores per trait (0-100)",
            [
                ("Trait", False),
                ("Family", False),
                ("People", True),
                ("Mean", True),
                ("Standard deviation", True),
            ],
            [[escape(t.name), t.family.label, *_figure_cells(t.figure)] for t in summary.traits],
        )
    )
    out.append(
        _table(
            "The two families and the balance",
            [("Index", False), ("People", True), ("Mean", True), ("Standard deviation", True)],
            [
                ["Leadership index (0-100)", *_figure_cells(summary.leadership)],
                ["Management index (0-100)", *_figure_cells(summary.management)],
                ["Balance index (leadership minus management)", *_figure_cells(summary.balance)],
            ],
        )
    )
    for t in summary.traits:
        if t.figure.note:
            out.append(_note(f"{t.name}: {t.figure.note}"))
    return out


def _balance_section(summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>Balance and Kotter's quadrants</h2>"]
    dist = summary.balance_distribution
    out.append("<h3>The balance index</h3>")
    out.append(
        "<p>Leadership index minus management index: below 0 a profile leans to "
        "management, above 0 to leadership.</p>"
    )
    if charts and dist.shown:
        from .charts import balance_histogram

        out.append(_figure_html(balance_histogram(summary).img_html(640), "People per range."))
    out.append(
        _table(
            "People per range of the balance index",
            [("Range", False), ("People", True)],
            _distribution_rows(dist),
        )
    )
    out.append(_note(dist.note))
    quads = summary.quadrants
    out.append("<h3>Kotter's quadrants</h3>")
    out.append(
        f"<p>A profile counts as strong in a family from an index of {STRONG_THRESHOLD:.0f} "
        "(agreeing, on balance, with that family's statements).</p>"
    )
    if charts and quads.shown:
        from .charts import quadrant_grid

        out.append(_figure_html(quadrant_grid(summary).img_html(520), "People per quadrant."))
    out.append(
        _table(
            "People per quadrant",
            [("Quadrant", False), ("People", True)],
            _distribution_rows(quads),
        )
    )
    out.append(_note(quads.note))
    out.append("<h3>The balance exercise: the split people chose</h3>")
    out.append(
        "<p>Each participant picked the situation closest to their own and the share of "
        "their attention that leadership work should get in it.</p>"
    )
    rows = []
    for item in summary.situations:
        low, high = item.band
        rows.append(
            [
                escape(item.name),
                f"{low}-{high}%",
                HIDDEN if item.n is None else str(item.n),
                _num(item.share.mean),
                _num(item.share.sd),
            ]
        )
    out.append(
        _table(
            "Leadership share chosen, per situation (percent)",
            [
                ("Situation", False),
                ("Recommended", True),
                ("People", True),
                ("Mean", True),
                ("Standard deviation", True),
            ],
            rows,
        )
    )
    out.append(_note(summary.situation_counts.note))
    out.append(
        '<p class="hidden">No team-wide mean of the chosen share is given: with a hidden '
        "situation it would let the hidden mean be worked out.</p>"
    )
    return out


def _distribution_text(item_dist: ProtectedDistribution) -> str:
    if not item_dist.shown:
        return HIDDEN
    parts = []
    for label, count in zip(item_dist.labels, item_dist.counts, strict=True):
        parts.append(f"{escape(label)}: {HIDDEN if count is None else count}")
    return "; ".join(parts)


def _delegation_section(content: Content, summary: TeamSummary, charts: bool) -> list[str]:
    out = ["<h2>Delegation: how much would you hand over?</h2>"]
    out.append(
        "<p>For each scenario, the level each person chose (1 Tell to 7 Delegate) next to "
        "the band the course recommends. Scenarios where the team disagrees most come "
        "first: they make the best debrief.</p>"
    )
    if charts:
        from .charts import delegation_board

        out.append(
            _figure_html(
                delegation_board(content, summary.scenarios).img_html(860),
                "The team's delegation board, widest disagreement first.",
            )
        )
    rows = []
    for item in summary.scenarios:
        low, high = item.band
        share = item.in_band_share
        rows.append(
            [
                escape(item.title),
                f"{low}" if low == high else f"{low}-{high}",
                str(item.n),
                _num(item.figure.mean, 1),
                _num(item.figure.sd, 1),
                GROUPED if share is None else f"{share:.0f}%",
                _distribution_text(item.distribution),
            ]
        )
    out.append(
        _table(
            "Delegation levels chosen, per scenario (widest disagreement first)",
            [
                ("Scenario", False),
                ("Recommended", True),
                ("Answers", True),
                ("Mean", True),
                ("Standard deviation", True),
                ("Within the band", True),
                ("People per level or band", False),
            ],
            rows,
        )
    )
    notes = [
        f"{item.title}: {item.distribution.note}"
        for item in summary.scenarios
        if item.distribution.note
    ]
    out.append(
        '<p class="hidden">"Within the band" is given only when it can be read off the '
        "counts shown, so that it never uncovers a count that is grouped or hidden.</p>"
    )
    if notes:
        out.append("<h3>Why some counts are grouped or hidden</h3><ul>")
        out += [f"<li>{escape(n)}</li>" for n in notes]
        out.append("</ul>")
    return out


def _reliability_section(summary: TeamSummary) -> list[str]:
    out = ["<h2>How consistent are the scales? (indicative)</h2>"]
    out.append(
        "<p>Cronbach's alpha asks whether a trait's four statements tend to move together "
        "in this team (reverse-worded statements turned round first). As a rough guide: "
        "from .70 acceptable, from .80 good; above .90 the statements may repeat each "
        f"other. It is computed only with at least {max(RELIABILITY_MIN, summary.min_group)} "
        "people who answered all of a trait's statements, and even then it is only "
        "indicative: a short self-assessment is for reflection, not a validated "
        "measurement, and alpha does not prove that a scale measures one thing.</p>"
    )
    out.append(
        _table(
            "Cronbach's alpha per trait (indicative)",
            [("Trait", False), ("Complete answers", True), ("Alpha", True), ("Reading", False)],
            [
                [escape(r.name), str(r.n_complete), _num(r.alpha, 2), escape(r.reading)]
                for r in summary.reliability
            ],
        )
    )
    return out


def _questions_section(summary: TeamSummary) -> list[str]:
    out = ["<h2>Questions for the debrief</h2>"]
    if not summary.questions:
        out.append("<p>No strong disagreement stands out: ask which scenario felt hardest.</p>")
        return out
    out.append(
        "<p>Drawn from where the team's answers differ most. Let people speak for "
        "themselves: nobody has to say which answer was theirs.</p>"
    )
    out.append('<ol class="questions">')
    out += [f"<li>{escape(q)}</li>" for q in summary.questions]
    out.append("</ol>")
    return out


def _files_section(summary: TeamSummary) -> list[str]:
    out = ["<h2>Files</h2>"]
    if not summary.skipped and not summary.superseded:
        if summary.files_found == 1:
            out.append("<p>The one file found was read and counted.</p>")
        else:
            out.append(f"<p>All {summary.files_found} files were read and counted.</p>")
        return out
    if summary.skipped:
        out.append(
            "<p>These files were not counted. Ask their senders to export again from the "
            "course (the export exercise, ex.export_answers()); every other file still counts.</p>"
        )
        out.append(
            _table(
                "Files skipped, with the reasons",
                [("File", False), ("Why it was skipped", False)],
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
            _table(
                "Older exports set aside (the same participant sent a newer one)",
                [("File set aside", False), ("Newer file that counts", False)],
                [[escape(s.name), escape(s.kept)] for s in summary.superseded],
            )
        )
    return out


def render_html(summary: TeamSummary, content: Content | None = None, charts: bool = True) -> str:
    """The whole report as one self-contained HTML page."""
    body = render_body(summary, content, charts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Team report: {escape(summary.source)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
