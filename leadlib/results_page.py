"""My results, the page: renders a ``leadlib.results.Results`` as one self-contained,
printable page (no script, no link, no font or image from elsewhere; the charts come in
as inline PNGs with their alt text). Portrait, two pages at most on A4 or Letter for a
full journal of ordinary lengths, one page when little is done; each part is kept whole
on one page, and a part not done says in one line where to do it.

Pure functions; must not import matplotlib, ipywidgets, nbconvert, plots or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from .balance import compare_split, share_text
from .i18n import _, language_tag, ngettext
from .models import Content, Family
from .my_board import suggest
from .profile import REFLECTION_NOTE, summary_lines
from .rater_callouts import callout_note, reading_words
from .results import MISSING, TITLES, ChartImage, Results
from .time_audit import read_audit

#: The page's print rules: two pages at most on A4 or Letter, in portrait (the paper's
#: size comes from the printer or from ``print_pdf``).
PAGE_CSS = """
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111;
       margin: 0 auto; max-width: 186mm; font-size: 8.5pt; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 10.5pt; margin: 0 0 1.2mm; padding-bottom: 0.6mm;
     border-bottom: 0.8pt solid #0072B2; }
section { margin: 0 0 3.5mm; break-inside: avoid; page-break-inside: avoid; }
h2, thead { break-after: avoid; page-break-after: avoid; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.board { table-layout: fixed; }
td.level { white-space: nowrap; }
p { margin: 0 0 1.2mm; }
p.lead, p.note { color: #333; }
p.note { font-style: italic; font-size: 7.5pt; }
p.missing { color: #333; border-left: 2pt solid #E69F00; padding-left: 2mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1.2mm; }
th, td { border: 0.5pt solid #777; padding: 0.6mm 1.4mm; vertical-align: top;
         text-align: left; overflow-wrap: anywhere; }
th { background: #e8eef4; font-size: 8pt; }
td.num { text-align: right; white-space: nowrap; }
.two { display: flex; gap: 4mm; align-items: flex-start; }
.two > .text { flex: 1 1 auto; min-width: 0; }
.two > img { flex: 0 0 auto; }
.two > .text p:last-child { margin-bottom: 0; }
img { display: block; height: auto; }
blockquote { margin: 0 0 1.2mm 3mm; white-space: pre-wrap; font-style: italic; }
ul { margin: 0 0 1.2mm; padding-left: 5mm; }
@media screen { body { padding: 6mm 4mm; } }
@media print { body { max-width: none; } }
"""

#: Printed widths of the charts.
GRID_WIDTH = "70mm"
BAND_WIDTH = "92mm"


def _img(chart: ChartImage, width: str) -> str:
    return (
        f'<img src="{escape(chart.data_uri(), quote=True)}" '
        f'alt="{escape(chart.alt, quote=True)}" style="width:{width}">'
    )


def _missing(key: str) -> str:
    return f"<p class='missing'>{escape(_(MISSING[key]))}</p>"


def _section(key: str, title: str, body: str) -> str:
    """A part of the page, never split across two pages (each is short: the board holds
    seven decisions at most)."""
    return f"<section class='part-{key}'><h2>{escape(title)}</h2>{body}</section>"


def _profile_part(content: Content, results: Results, charts: Mapping[str, ChartImage]) -> str:
    profile = results.profile
    if profile is None:
        return _section("profile", _(TITLES["profile"]), _missing("profile"))
    lines = summary_lines(content, profile, results.answered)
    if results.round_date is not None:
        lines.insert(
            0,
            _("From your round of {date} (a new round is not answered yet).").format(
                date=results.round_date.isoformat()
            ),
        )
    text = "".join(f"<p>{escape(line)}</p>" for line in lines)
    rows = []
    for family in Family:
        for trait in content.traits_in(family):
            value = profile.traits.get(trait.id)
            shown = "\u2013" if value is None else f"{value:.0f}"
            rows.append(
                f"<tr><td>{escape(trait.name)}</td><td>{escape(family.label)}</td>"
                f"<td class='num'>{shown}</td></tr>"
            )
    head = "".join(
        f"<th scope='col'>{escape(h)}</th>" for h in (_("Trait"), _("Family"), _("Score (0-100)"))
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    grid = charts.get("kotter")
    picture = _img(grid, GRID_WIDTH) if grid is not None else ""
    body = (
        f"<div class='two'><div class='text'>{text}{table}</div>{picture}</div>"
        f"<p class='note'>{escape(_(REFLECTION_NOTE))}</p>"
    )
    return _section("profile", _(TITLES["profile"]), body)


def _others_part(content: Content, results: Results) -> str:
    title = _(TITLES["others"])
    if results.others is None:
        return _section("others", title, _missing("others"))
    words = reading_words()
    rows = "".join(
        "<tr><td>{name}</td><td class='num'>{own}</td><td class='num'>{others}</td>"
        "<td>{kind}</td></tr>".format(
            name=escape(content.trait(r.trait).name),
            own="\u2013" if r.own is None else f"{r.own:.0f}",
            others=escape(_("left out")) if r.others is None else f"{r.others:.0f}",
            kind=escape(words.get(r.kind or "", "")),
        )
        for r in results.others
    )
    head = "".join(
        f"<th scope='col'>{escape(h)}</th>"
        for h in (_("Trait"), _("You"), _("Others (mean)"), _("Reading"))
    )
    lead = ngettext(
        "As the others' view last showed it: the mean of {n} rater, as of {date} (on "
        "each trait, of those who could judge it).",
        "As the others' view last showed it: the mean of {n} raters, as of {date} (on "
        "each trait, of those who could judge it).",
        results.others_raters,
    ).format(n=results.others_raters, date=results.others_date)
    body = (
        f"<p>{escape(lead)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<p class='note'>{escape(callout_note(content))}</p>"
    )
    return _section("others", title, body)


def _board_part(content: Content, results: Results) -> str:
    title = _(TITLES["board"])
    if not results.board:
        return _section("board", title, _missing("board"))

    def level(number: int | None) -> str:
        if number is None:
            return "\u2013"
        return f"{number} {escape(content.level(number).name)}"

    rows = []
    for decision in results.board:
        found = suggest(content, decision)
        rows.append(
            f"<tr><td>{escape(decision.what)}</td><td>{escape(decision.with_whom)}</td>"
            f"<td class='level'>{level(decision.today)}</td>"
            f"<td class='level'>{level(decision.wanted)}</td>"
            f"<td class='num'>{escape(found.band_text) if found else '&ndash;'}</td>"
            f"<td class='num'>{escape(decision.review or '')}</td></tr>"
        )
    heads = (
        _("Decision"),
        _("With whom"),
        _("Today"),
        _("Wanted"),
        _("Rules suggest"),
        _("Review"),
    )
    widths = ("35%", "21%", "11%", "11%", "10%", "12%")
    head = "".join(
        f"<th scope='col' style='width:{w}'>{escape(h)}</th>"
        for h, w in zip(heads, widths, strict=True)
    )
    lead = ngettext(
        "{n} decision of your own; the full board, with limits and check-ins, prints from "
        "notebook 08.",
        "{n} decisions of your own; the full board, with limits and check-ins, prints from "
        "notebook 08.",
        len(results.board),
    ).format(n=len(results.board))
    body = (
        f"<p>{escape(lead)}</p>"
        f"<table class='board'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return _section("board", title, body)


def _time_part(content: Content, results: Results, charts: Mapping[str, ChartImage]) -> str:
    title = _(TITLES["time"])
    parts = []
    situation = results.situation
    if results.audit_done and situation is not None:
        reading = read_audit(
            content, situation, results.activities, results.wanted, results.estimate
        )
        if results.week:
            parts.append(
                "<p>"
                + escape(_("The week of {week}, for: {situation}.")).format(
                    week=escape(results.week), situation=escape(situation.name)
                )
                + "</p>"
            )
        parts.append(f"<p>{escape(reading.message)}</p>")
        chart = charts.get("time")
        if chart is not None:
            parts = [
                f"<div class='two'><div class='text'>{''.join(parts)}</div>"
                f"{_img(chart, BAND_WIDTH)}</div>"
            ]
    else:
        parts.append(_missing("time"))
        if results.wanted is not None and situation is not None:
            subject = _("Where you want to be ({share}% leadership)").format(
                share=share_text(results.wanted)
            )
            report = compare_split(content, situation, results.wanted, subject=subject)
            parts.append(f"<p>{escape(report.message)}</p>")
    if results.wanted is None:
        parts.append(_missing("wanted"))
    return _section("time", title, "".join(parts))


def _vision_plan_part(content: Content, results: Results) -> str:
    vision = (
        f"<blockquote>{escape(results.vision)}</blockquote>"
        if results.vision
        else _missing("vision")
    )
    out = _section("vision", _(TITLES["vision"]), vision)
    if not results.plan_done:
        return out + _section("plan", _(TITLES["plan"]), _missing("plan"))
    plan = results.plan
    known = {t.id for t in content.traits}
    focus: Sequence[str] = [t for t in plan.get("focus") or [] if t in known]
    actions: Sequence[str] = plan.get("actions") or []
    not_set = escape(_("(not set)"))
    focus_html = ", ".join(escape(content.trait(t).name) for t in focus) or not_set
    actions_html = "".join(f"<li>\u2610 {escape(a)}</li>" for a in actions)
    target = escape(str(plan.get("target_date") or "")) or not_set
    measure = escape(str(plan.get("measure") or "")) or not_set
    actions_block = (
        f"<ul style='list-style:none'>{actions_html}</ul>" if actions else f"<p>{not_set}</p>"
    )

    labels = [
        f"<strong>{escape(text)}:</strong>"
        for text in (_("Focus"), _("Actions"), _("Target date"), _("How I will know it worked"))
    ]
    body = (
        f"<p>{labels[0]} {focus_html}</p><p>{labels[1]}</p>{actions_block}"
        f"<p>{labels[2]} {target}</p><p>{labels[3]} {measure}</p>"
    )
    return out + _section("plan", _(TITLES["plan"]), body)


def page_body_html(
    content: Content,
    results: Results,
    charts: Mapping[str, ChartImage],
    today: date,
    owner: str = "",
) -> str:
    """The page as an HTML fragment (headings, text, tables and inline images; no
    script). ``charts``: "kotter" (the grid) and "time" (the measured week), each
    optional."""
    title = _("My results")
    if owner.strip():
        title = _("Results of {name}").format(name=owner.strip())
    lead = _(
        "{course}: what you found and what you plan, as of {date}. Everything on this "
        "page comes from your journal on this computer."
    ).format(course=content.course_title, date=today.isoformat())
    return (
        f"<h1>{escape(title)}</h1><p class='lead'>{escape(lead)}</p>"
        + _profile_part(content, results, charts)
        + _others_part(content, results)
        + _time_part(content, results, charts)
        + _board_part(content, results)
        + _vision_plan_part(content, results)
    )


def page_html(
    content: Content,
    results: Results,
    charts: Mapping[str, ChartImage],
    today: date,
    owner: str = "",
) -> str:
    """The results as a self-contained, printable page: no script, no link, no font or
    image from elsewhere; two pages at most on A4 or Letter (one when little is done)."""
    title = escape(_("My results"))
    return (
        f'<!DOCTYPE html><html lang="{escape(language_tag(), quote=True)}"><head>'
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{PAGE_CSS}</style></head>"
        f"<body>{page_body_html(content, results, charts, today, owner)}</body></html>"
    )


__all__ = ["BAND_WIDTH", "GRID_WIDTH", "PAGE_CSS", "page_body_html", "page_html"]
