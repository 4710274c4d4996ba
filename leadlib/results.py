"""My results: the learner's course on one printable page (notebook 08, ``ex.my_results()``
and ``leadlib my-results``): the profile with its precision, the others' view as last
published, Kotter's grid, the own delegation board in short, the measured week against
the situation's band and the wanted split, the vision and the plan. A part not done yet
says in one line where to do it.

Two steps, kept apart: ``gather`` reads every part from the journal's answers (one
place; a stored answer that no longer reads counts as not done) into ``Results``;
``page_html`` renders a ``Results`` as a self-contained page (no script, no link, no
font or image from elsewhere; charts are passed in as inline images with alt text).

Only what the others' view has already shown reaches the page: the last release it
recorded (``leadlib.raters.Release``), compared by ``raters.compare``; never the raters'
files, never a view the course has not shown yet.

Pure functions; must not import matplotlib, ipywidgets, nbconvert, plots or the journal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any, Protocol

from .balance import check_share, compare_split, share_text
from .errors import AnswerError
from .i18n import N_, _, ngettext
from .models import Content, Family, Situation
from .my_board import Decision, check_board, suggest
from .profile import NO_PROFILE_NOTE, REFLECTION_NOTE, summary_lines
from .progress import rounds_from
from .raters import Comparison, Release, callout_note, compare, reading_words
from .scoring import Profile, score
from .time_audit import Activity, parse_activities, read_audit

#: Where each missing part is done, one line each (translated where shown).
MISSING = {
    "profile": NO_PROFILE_NOTE,
    "others": N_(
        "Not shown yet: make a rater pack and import your raters' files in notebook 08, "
        "'How others see you'."
    ),
    "board": N_(
        "No delegation board yet: list your decisions in notebook 08, 'Your own delegation board'."
    ),
    "time": N_(
        "No time audit yet: list last week's activities in notebook 08, 'Where your week goes'."
    ),
    "wanted": N_("No wanted split yet: set the slider in notebook 05, 'Finding the balance'."),
    "vision": N_("No vision yet: write it in notebook 06."),
    "plan": N_("No development plan yet: build it in notebook 06."),
}

#: The journal's exercises and items read here (the names of ``leadlib.journal.answers``,
#: repeated because the core must not import the journal; a test compares them).
SELF_ASSESSMENT = "self_assessment"
ROUNDS = "self_assessment_rounds"
MY_BOARD, BOARD_ITEM = "my_board", "decisions"
BALANCE = "balance"
TIME_AUDIT = "time_audit"
VISION = "vision"
PLAN = "plan"


class ChartImage(Protocol):
    """An inline image with its alt text (``leadlib.plots.Chart`` is one)."""

    alt: str

    def data_uri(self) -> str: ...


@dataclass(frozen=True)
class Results:
    """Everything the page shows, read from the journal. None (or empty) marks a part
    not done yet."""

    profile: Profile | None = None
    answered: int = 0
    round_date: date | None = None  # the kept round the profile comes from, if not current
    others: tuple[Comparison, ...] | None = None
    others_raters: int = 0
    others_date: str = ""
    board: tuple[Decision, ...] = ()
    situation: Situation | None = None
    wanted: float | None = None
    activities: tuple[Activity, ...] = ()
    week: str = ""
    vision: str = ""
    plan: Mapping[str, Any] = field(default_factory=dict)

    @property
    def audit_done(self) -> bool:
        return bool(self.activities)

    @property
    def plan_done(self) -> bool:
        return any(self.plan.get(k) for k in ("focus", "actions", "target_date", "measure"))

    def missing(self) -> list[str]:
        """The parts not done yet (keys of ``MISSING``), in page order."""
        done = {
            "profile": self.profile is not None,
            "others": self.others is not None,
            "board": bool(self.board),
            "time": self.audit_done,
            "wanted": self.wanted is not None,
            "vision": bool(self.vision),
            "plan": self.plan_done,
        }
        return [key for key, ok in done.items() if not ok]


def gather(
    content: Content,
    answers: Callable[[str], Mapping[str, Any]],
    release: Release | None,
    today: date,
) -> Results:
    """The results from the journal's saved ``answers`` (exercise -> item -> value) and
    the others' view's last recorded ``release`` (None: nothing published)."""
    rounds = rounds_from(content, answers(ROUNDS), answers(SELF_ASSESSMENT), today)
    profile, answered, round_date = None, 0, None
    if rounds:
        last = rounds[-1]
        found = score(content, last.answers)
        if found.leadership is not None or found.management is not None:
            profile, answered = found, len(last.answers)
            round_date = last.taken_on if last.number else None
    others = None
    if release is not None:
        own = profile.traits if profile is not None else {}
        others = tuple(compare(content, own, release))
    board: list[Decision] = []
    with contextlib.suppress(AnswerError):
        board = [d for d in check_board(answers(MY_BOARD).get(BOARD_ITEM) or []) if not d.blank]
    balance = answers(BALANCE)
    situations = {s.id: s for s in content.situations}
    situation = situations.get(str(balance.get("situation")))
    wanted = None
    with contextlib.suppress(AnswerError):
        wanted = check_share(balance["share"]) if "share" in balance else None
    audit = answers(TIME_AUDIT)
    activities: list[Activity] = []
    with contextlib.suppress(AnswerError):
        activities = parse_activities(audit.get("activities") or [])
    if activities and situation is None:
        situation = content.situations[0]  # what the time audit shows until one is chosen
    vision_saved = answers(VISION)
    vision = next(
        (
            str(vision_saved[k]).strip()
            for k in ("rewrite", "statement")
            if isinstance(vision_saved.get(k), str) and vision_saved[k].strip()
        ),
        "",
    )
    return Results(
        profile=profile,
        answered=answered,
        round_date=round_date,
        others=others,
        others_raters=len(release.raters) if release is not None else 0,
        others_date=release.date if release is not None else "",
        board=tuple(board),
        situation=situation,
        wanted=wanted,
        activities=tuple(activities),
        week=str(audit.get("week") or ""),
        vision=vision,
        plan=dict(answers(PLAN)),
    )


# --------------------------------------------------------------------------- the page

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
        return _section("profile", _("Your profile"), _missing("profile"))
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
    return _section("profile", _("Your profile"), body)


def _others_part(content: Content, results: Results) -> str:
    title = _("How others see you")
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
        "As the others' view last showed it: the mean of {n} rater, as of {date}.",
        "As the others' view last showed it: the mean of {n} raters, as of {date}.",
        results.others_raters,
    ).format(n=results.others_raters, date=results.others_date)
    body = (
        f"<p>{escape(lead)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<p class='note'>{escape(callout_note(content))}</p>"
    )
    return _section("others", title, body)


def _board_part(content: Content, results: Results) -> str:
    title = _("Your delegation board")
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
    title = _("Where your week goes")
    parts = []
    situation = results.situation
    if results.audit_done and situation is not None:
        reading = read_audit(content, situation, results.activities, results.wanted)
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
    out = _section("vision", _("Your vision for the team"), vision)
    if not results.plan_done:
        return out + _section("plan", _("Your development plan"), _missing("plan"))
    plan = results.plan
    known = {t.id for t in content.traits}
    focus: Sequence[str] = [t for t in plan.get("focus") or [] if t in known]
    actions: Sequence[str] = plan.get("actions") or []
    not_set = escape(_("(not set)"))
    focus_html = ", ".join(escape(content.trait(t).name) for t in focus) or not_set
    actions_html = "".join(f"<li>\u2610 {escape(a)}</li>" for a in actions)
    body = (
        f"<p><strong>{escape(_('Focus'))}:</strong> {focus_html}</p>"
        f"<p><strong>{escape(_('Actions'))}:</strong></p>"
        + (f"<ul style='list-style:none'>{actions_html}</ul>" if actions else f"<p>{not_set}</p>")
        + f"<p><strong>{escape(_('Target date'))}:</strong> "
        f"{escape(str(plan.get('target_date') or '')) or not_set}</p>"
        f"<p><strong>{escape(_('How I will know it worked'))}:</strong> "
        f"{escape(str(plan.get('measure') or '')) or not_set}</p>"
    )
    return out + _section("plan", _("Your development plan"), body)


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
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{PAGE_CSS}</style></head>"
        f"<body>{page_body_html(content, results, charts, today, owner)}</body></html>"
    )


__all__ = [
    "MISSING",
    "ChartImage",
    "Results",
    "gather",
    "page_body_html",
    "page_html",
]
