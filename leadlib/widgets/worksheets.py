"""Static, printable worksheets for every exercise: HTML fragments (no JavaScript), with
answer keys on a separate, clearly marked part of the page.

Used by the exercises' ``worksheet_html()``, by handout mode and by the handouts; must
not import ipywidgets (charts, when given, come from ``leadlib.plots``, loaded lazily).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from ..delegation import TaskContext, answered_only, recommend
from ..i18n import _, language_tag
from ..models import Content, Family
from ..quiz import answer_label
from ..scoring import STRONG_THRESHOLD, Profile, Quadrant
from ._delegation_sheet import key_rows, rating_boxes
from ._notes import REFLECTION_NOTE

BOX = "\u2610"  # a square to tick

CSS = """
<style>
.leadlib-worksheet{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  font-size:15px;line-height:1.45;color:#111;max-width:60rem}
.leadlib-worksheet h3{font-size:1.3em;margin:.8em 0 .3em}
.leadlib-worksheet h4{font-size:1.1em;margin:.8em 0 .3em}
.leadlib-worksheet table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
.leadlib-worksheet th,.leadlib-worksheet td{border:1px solid #777;padding:.35em .5em;
  vertical-align:top;text-align:left}
.leadlib-worksheet thead th{background:#eee}
.leadlib-worksheet td.tick{text-align:center;font-size:1.3em;width:4.5em}
.leadlib-worksheet .circle{display:inline-block;width:1.7em;height:1.7em;line-height:1.7em;
  border:1px solid #555;border-radius:50%;text-align:center;margin:.1em}
.leadlib-worksheet ul.plain{list-style:none;padding-left:.2em;margin:.2em 0}
.leadlib-worksheet ul.options{break-inside:avoid;page-break-inside:avoid}
.leadlib-worksheet table.statements th:nth-child(2),
.leadlib-worksheet table.statements td:nth-child(2){width:40%}
.leadlib-worksheet .line{border-bottom:1px solid #555;height:2em}
.leadlib-worksheet .note{color:#333;font-style:italic}
.leadlib-worksheet .bar{position:relative;height:2.2em;border:2px solid #333;margin:.3em 1em 1.6em;
  background:repeating-linear-gradient(90deg,transparent 0,transparent calc(10% - 1px),
  #999 calc(10% - 1px),#999 10%)}
.leadlib-worksheet .bar span{position:absolute;top:2.3em;font-size:.85em;transform:translateX(-50%)}
.leadlib-worksheet .band{position:absolute;top:0;bottom:0;background:rgba(0,158,115,.35);
  border-left:2px solid #00603f;border-right:2px solid #00603f}
.leadlib-answer-key{break-before:page;page-break-before:always;border-top:3px dashed #333;
  margin-top:2em;padding-top:.5em}
.leadlib-answer-key h3::before{content:"\\2702  "}
@media print{.leadlib-worksheet{font-size:12pt}}
</style>
"""


def _section(kind: str, title: str, body: str) -> str:
    return (
        f'<section class="leadlib-worksheet leadlib-worksheet-{kind}">{CSS}'
        f"<h3>{escape(title)}</h3>{body}</section>"
    )


def _answer_key(title: str, body: str) -> str:
    label = escape(_("Answer key"))
    heading = escape(_("Answer key: {title}").format(title=title))
    return (
        f'<section class="leadlib-answer-key" aria-label="{label}">'
        f"<h3>{heading}</h3>"
        + _(
            '<p class="note">Facilitators: cut or fold the page here, and hand this part out '
            "only after the exercise.</p>"
        )
        + f"{body}</section>"
    )


def _lines(count: int) -> str:
    return "".join('<div class="line"></div>' for _ in range(count))


def _png(make: object, width: int | None = None) -> str:
    """A chart as an <img> with alt text, or nothing if the plots cannot be drawn."""
    try:
        chart = make()  # type: ignore[operator]
        html: str = chart.img_html(width=width)
    except Exception:  # a worksheet without its chart is still usable
        return ""
    return f"<figure>{html}</figure>"


def quiz(content: Content) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(q.text)}</td>"
        f'<td class="tick">{BOX}</td><td class="tick">{BOX}</td><td class="tick">{BOX}</td></tr>'
        for n, q in enumerate(content.quiz, start=1)
    )
    body = (
        _(
            "<p>For each behaviour, tick whether it is mainly <strong>leadership</strong> "
            "(coping with change: direction, alignment, motivation), mainly "
            "<strong>management</strong> (coping with complexity: planning, organizing, "
            "control), or clearly <strong>both</strong>.</p>"
        )
        + '<table><thead><tr><th scope="col">#</th><th scope="col">'
        + _("Behaviour")
        + f"</th>"
        f'<th scope="col">{answer_label("leadership")}</th>'
        f'<th scope="col">{answer_label("management")}</th>'
        f'<th scope="col">{answer_label("both")}</th></tr></thead><tbody>{rows}</tbody></table>'
        + "<p>"
        + _("Score: ______ of {total}").format(total=len(content.quiz))
        + "</p>"
    )
    key_rows = "".join(
        f"<tr><td>{n}</td><td><strong>{escape(answer_label(q.answer))}</strong></td>"
        f"<td>{escape(q.reason)}</td></tr>"
        for n, q in enumerate(content.quiz, start=1)
    )
    key = _answer_key(
        _("classify the behaviour"),
        '<table><thead><tr><th scope="col">#</th><th scope="col">' + _("Answer") + "</th>"
        '<th scope="col">' + _("Why") + f"</th></tr></thead><tbody>{key_rows}</tbody></table>",
    )
    return _section("quiz", _("Classify the behaviour"), body + key)


def self_assessment(content: Content, family: Family | None = None) -> str:
    statements = content.statements_in(family)
    scale = content.scale
    head = "".join(
        f'<th scope="col">{v}<br><small>{escape(label)}</small></th>'
        for v, label in zip(range(scale.min, scale.max + 1), scale.labels, strict=False)
    )
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(s.text)}</td>"
        + "".join(
            f'<td class="tick"><span class="circle">{v}</span></td>'
            for v in range(scale.min, scale.max + 1)
        )
        + "</tr>"
        for n, s in enumerate(statements, start=1)
    )
    if family:
        part = _("the {family} statements").format(family=family.word)
    else:
        part = _("all statements")
    body = (
        f'<p class="note">{escape(_(REFLECTION_NOTE))}</p>'
        + _(
            "<p>Circle how often you did each of these over the last three months "
            "({part}). Think of what you actually did, not what you would like to do.</p>"
        ).format(part=escape(part))
        + '<table class="statements"><thead><tr><th scope="col">#</th>'
        '<th scope="col">' + _("Statement") + f"</th>{head}"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    numbers = {s.id: n for n, s in enumerate(statements, start=1)}
    traits = content.traits_in(family) if family else content.traits
    key_rows = []
    for trait in traits:
        items = [s for s in content.statements_for(trait.id) if s.id in numbers]
        listed = ", ".join(
            _("{number} (reversed)").format(number=numbers[s.id])
            if s.reverse
            else f"{numbers[s.id]}"
            for s in items
        )
        key_rows.append(
            f"<tr><td>{escape(trait.name)}</td><td>{escape(trait.family.label)}</td>"
            f"<td>{listed}</td><td></td></tr>"
        )
    low, high = scale.min, scale.max
    key = (
        "<h4>"
        + _("Scoring key")
        + "</h4><ol>"
        + _(
            "<li>For a statement marked <em>reversed</em>, turn your answer round: "
            "score it as {sum} minus your answer ({high} becomes {low}, {below_high} "
            "becomes {above_low}, and so on).</li>"
        ).format(sum=low + high, high=high, low=low, below_high=high - 1, above_low=low + 1)
        + _(
            "<li>For each trait, average its scores, then turn the average into 0-100: "
            "(average - {low}) &times; {factor}.</li>"
        ).format(low=low, factor=100 // (high - low))
        + _(
            "<li>Your leadership index is the average of the leadership traits; your "
            "management index the average of the management traits.</li>"
        )
        + _(
            "<li>An index of {threshold:.0f} or more counts as strong on the leadership and "
            "management grid (after Kotter).</li>"
        ).format(threshold=STRONG_THRESHOLD)
        + "</ol>"
        '<table><thead><tr><th scope="col">'
        + _("Trait")
        + '</th><th scope="col">'
        + _("Family")
        + "</th>"
        '<th scope="col">' + _("Statements") + "</th>"
        '<th scope="col">' + _("Your score (0-100)") + f"</th></tr></thead>"
        f"<tbody>{''.join(key_rows)}</tbody></table>"
    )
    if family:
        title = _("Self-assessment: {family}").format(family=family.word)
    else:
        title = _("Self-assessment")
    return _section("self-assessment", title, body + key)


def profile(content: Content, profile: Profile | None = None) -> str:
    body = f'<p class="note">{escape(_(REFLECTION_NOTE))}</p>'
    if profile is not None and profile.leadership is not None:
        from .. import plots

        body += _png(lambda: plots.profile_radar(content, profile))
        body += _png(lambda: plots.kotter_grid(profile))
    rows = "".join(
        f"<tr><td>{escape(t.name)}</td><td>{escape(t.family.label)}</td><td>"
        + (
            f"{profile.traits.get(t.id):.0f}"
            if profile is not None and profile.traits.get(t.id) is not None
            else ""
        )
        + "</td></tr>"
        for t in content.traits
    )
    body += (
        '<table><thead><tr><th scope="col">'
        + _("Trait")
        + '</th><th scope="col">'
        + _("Family")
        + "</th>"
        '<th scope="col">'
        + _("Score (0-100)")
        + f"</th></tr></thead><tbody>{rows}</tbody></table>"
        + "<h4>"
        + _("Where you sit on the leadership and management grid (after Kotter)")
        + "</h4>"
        + _("<p>Strong means an index of {threshold:.0f} or more.</p>").format(
            threshold=STRONG_THRESHOLD
        )
        + "<ul>"
        + "".join(
            _("<li><strong>{label}</strong>: {meaning}</li>").format(
                label=escape(q.label), meaning=escape(q.meaning)
            )
            for q in Quadrant
        )
        + "</ul>"
    )
    return _section("profile", _("Your profile"), body)


def _levels_legend(content: Content) -> str:
    return (
        "<table><thead><tr>"
        '<th scope="col">' + _("Level") + '</th><th scope="col">' + _("Name") + "</th>"
        '<th scope="col">' + _("Who decides") + "</th>"
        '<th scope="col">'
        + _("What it means")
        + "</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{lv.number}</td><td>{escape(lv.name)}</td>"
            f"<td>{escape(lv.who_decides_label)}</td>"
            f"<td>{escape(lv.description)}</td></tr>"
            for lv in content.levels
        )
        + "</tbody></table>"
    )


def delegation(content: Content) -> str:
    """The delegation worksheet: each scenario's story with boxes to rate the four factors
    and circles for the level; the course's ratings, the band and the reasons only in the
    answer key (a separate page, folded in the static form)."""
    circles = "".join(f'<span class="circle">{lv.number}</span>' for lv in content.levels)
    rows = "".join(
        f"<tr><td>{n}</td><td><strong>{escape(s.title)}</strong><br>{escape(s.person)}<br>"
        f"<em>{escape(s.decision)}</em>{rating_boxes(BOX)}"
        f"</td><td style='white-space:nowrap'>{circles}</td></tr>"
        for n, s in enumerate(content.scenarios, start=1)
    )
    body = (
        _(
            "<p>For each decision, judge first: tick how you rate the person's competence "
            "and commitment for this task, and the task's risk and urgency. Then circle "
            "the delegation level you would choose. Compare with the answer key only "
            "afterwards.</p>"
        )
        + _levels_legend(content)
        + '<table><thead><tr><th scope="col">#</th><th scope="col">'
        + _("Scenario")
        + "</th>"
        '<th scope="col">' + _("Your level") + f"</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    key = _answer_key(
        _("delegation levels"),
        '<table><thead><tr><th scope="col">#</th><th scope="col">'
        + _("The course's ratings")
        + '</th><th scope="col">'
        + _("Fitting levels")
        + "</th>"
        '<th scope="col">'
        + _("Why")
        + f"</th></tr></thead><tbody>{key_rows(content)}</tbody></table>",
    )
    return _section("delegation", _("How much to hand over"), body + key)


def delegation_board(content: Content, choices: Mapping[str, int] | None = None) -> str:
    """The board to fill in (blank) or as answered: the levels that fit are shaded for
    the answered decisions only, and the chart shows those only."""
    choices = choices or {}
    head = "".join(
        f'<th scope="col">{lv.number}<br>{escape(lv.name)}</th>' for lv in content.levels
    )
    rows = []
    for s in content.scenarios:
        low, high = recommend(TaskContext.of(s)).band
        answered = s.id in choices  # an unanswered decision's band would give it away
        cells = []
        for lv in content.levels:
            mark = "\u25cf" if choices.get(s.id) == lv.number else BOX
            fits = answered and low <= lv.number <= high
            shade = " style='background:#d5efe6'" if fits else ""
            cells.append(f'<td class="tick"{shade}>{mark}</td>')
        rows.append(f'<tr><th scope="row">{escape(s.title)}</th>{"".join(cells)}</tr>')
    intro = _(
        "Your delegation board: one row per decision, one column per level. Tick the "
        "level you chose for each decision."
    )
    if choices:
        intro += " " + _(
            "For the decisions you answered, the shaded cells are the levels that fit."
        )
    body = (
        f"<p>{intro}</p>"
        f'<table><thead><tr><th scope="col">' + _("Decision") + f"</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if choices:
        from .. import plots

        shown = answered_only(content, choices)
        body += _png(
            lambda: plots.delegation_distribution(shown, {k: [v] for k, v in choices.items()})
        )
    return _section("delegation-board", _("Delegation board"), body)


def _bar(band: tuple[int, int] | None = None) -> str:
    ticks = "".join(f'<span style="left:{v}%">{v}</span>' for v in range(0, 101, 10))
    shade = ""
    if band is not None:
        low, high = band
        shade = f'<div class="band" style="left:{low}%;width:{high - low}%"></div>'
    label = escape(_("A scale from 0 to 100"))
    return f'<div class="bar" role="img" aria-label="{label}">{shade}{ticks}</div>'


def balance(content: Content) -> str:
    parts = [
        _(
            "<p>For each situation, mark on the bar how much of a manager's attention should "
            "go to <strong>leadership</strong> work (direction, alignment, motivation); the "
            "rest is management work (planning, organizing, control). 0 is all management, "
            "100 all leadership. Then mark where your own week sits today.</p>"
        )
    ]
    for s in content.situations:
        parts.append(f"<h4>{escape(s.name)}</h4><p>{escape(s.description)}</p>{_bar()}")
    parts.append("<h4>" + _("My own week today") + f"</h4>{_bar()}")
    key = "".join(
        "<h4>"
        + _("{situation}: {low}-{high}% leadership").format(
            situation=escape(s.name), low=s.leadership_band[0], high=s.leadership_band[1]
        )
        + f"</h4>{_bar(s.leadership_band)}<p>{escape(s.rationale)}</p>"
        for s in content.situations
    )
    key += _(
        '<p class="note">The bands are a teaching guide drawn from Kotter, Greiner and '
        "Adizes, not measured norms.</p>"
    )
    return _section(
        "balance",
        _("Finding the balance"),
        "".join(parts) + _answer_key(_("recommended bands"), key),
    )


def plan(content: Content, suggested: Sequence[str] = ()) -> str:
    rows = "".join(
        f"<tr><td class='tick'>{BOX}</td><td><strong>{escape(t.name)}</strong>"
        + (" " + _("(suggested)") if t.id in suggested else "")
        + f"<br><small>{escape(t.family.label)}</small></td><td><ul class='plain'>"
        + "".join(f"<li>{BOX} {escape(a)}</li>" for a in t.development_actions)
        + "</ul></td></tr>"
        for t in content.traits
    )
    body = (
        _(
            "<p>Pick two or three traits to develop (start from your lowest scores), tick the "
            "actions you will take or write your own, set a date and decide how you will know "
            "it worked.</p>"
        )
        + '<table><thead><tr><th scope="col">'
        + _("Focus")
        + "</th>"
        '<th scope="col">' + _("Trait") + "</th>"
        '<th scope="col">' + _("Actions") + f"</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<h4>" + _("My own actions") + f"</h4>{_lines(3)}"
        f"<h4>" + _("Target date") + f"</h4>{_lines(1)}"
        f"<h4>" + _("How I will know it worked") + f"</h4>{_lines(2)}"
    )
    return _section("plan", _("My development plan"), body)


def vision(content: Content) -> str:
    """The vision rubric (see ``leadlib.widgets.check_sheets``)."""
    from .check_sheets import vision as sheet

    return sheet(content)


def time_audit(content: Content) -> str:
    """The paper time log (see ``leadlib.widgets.back_at_work_sheets``)."""
    from .back_at_work_sheets import time_audit as sheet

    return sheet(content)


def progress(content: Content) -> str:
    """Then and now on paper (see ``leadlib.widgets.back_at_work_sheets``)."""
    from .back_at_work_sheets import progress as sheet

    return sheet(content)


def my_results(content: Content) -> str:
    """What the results page holds (see ``leadlib.widgets.back_at_work_sheets``)."""
    from .back_at_work_sheets import my_results as sheet

    return sheet(content)


def reflection(content: Content, notebook_id: str) -> str:
    info = content.notebook(notebook_id)
    return _section("reflection", _("Reflection"), f"<p>{escape(info.reflection)}</p>{_lines(5)}")


def self_check(content: Content, notebook_id: str) -> str:
    """The notebook's self-check questions (see ``leadlib.widgets.check_sheets``)."""
    from .check_sheets import self_check as sheet

    return sheet(content, notebook_id)


def my_board(content: Content) -> str:
    """The learner's own delegation board on paper (see ``_my_board_sheet``)."""
    from ._my_board_sheet import my_board_sheet

    return _section("my-board", _("My delegation board"), my_board_sheet(content))


def export_answers(content: Content) -> str:
    body = (
        _(
            "<p>In JupyterLab, this exercise writes your answers to a file for the "
            "facilitator. The file is anonymous: it carries a random participant code, and "
            "your name, reflections, delegation board, time audit and check-in supporter "
            "only if you tick the boxes. On paper, hand this sheet's answers to the "
            "facilitator only if you want to.</p>"
        )
        + "<p>"
        + _(
            "Moving to another computer: nothing to do on paper. In JupyterLab, export with "
            "every box ticked, then import the file on the other computer under <em>Bring "
            "your answers from another computer</em>."
        )
        + "</p><p>"
        + _("Participant code or name (optional):")
        + f"</p>{_lines(1)}"
    )
    return _section("export", _("Sharing your answers"), body)


def page(title: str, fragments: Sequence[str]) -> str:
    """A complete, standalone HTML page around worksheet fragments (for printing)."""
    return (
        f'<!DOCTYPE html><html lang="{escape(language_tag())}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        f'<body style="margin:2rem">{"".join(fragments)}</body></html>'
    )
