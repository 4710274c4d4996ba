"""The facilitator pack (``facilitator.html``): agenda with minute timings, materials, the
delegation round, likely disagreements per scenario and how to handle them, debrief
questions, every answer key taken out of the handouts, and a one-page team-summary
template. Built from ``course.toml`` (``leadlib.content``) and the keys the build
gathered; every word in the current language.

Must not import nbconvert, ipywidgets or matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from ..i18n import _, language_tag, ngettext
from ..models import Content, Level3, Scenario
from .partial import write_text_whole
from .words import running_css

TEMPLATE_CSS = Path(__file__).resolve().parents[1] / "templates" / "handout" / "handout.css"
#: Minutes for the opening, the delegation round and the closing debrief.
OPENING, ROUND, DEBRIEF = 10, 20, 20


def _agenda(content: Content) -> str:
    rows, start = [], OPENING
    rows.append((0, OPENING, _("Welcome, aims of the session, how the handouts work")))
    for info in content.notebooks:
        rows.append((start, info.minutes, info.title))
        start += info.minutes
        if info.id.startswith("04"):
            rows.append((start, ROUND, _("Delegation round in small groups (below)")))
            start += ROUND
    rows.append((start, DEBRIEF, _("Debrief and team summary")))
    total = start + DEBRIEF
    body = "".join(
        f"<tr><td>{at // 60}:{at % 60:02d}</td><td>{minutes}</td><td>{escape(what)}</td></tr>"
        for at, minutes, what in rows
    )
    return (
        "<h2>"
        + _("Agenda")
        + "</h2><p>"
        + ngettext(
            "About {minutes} minute in all, breaks not included.",
            "About {minutes} minutes in all, breaks not included.",
            total,
        ).format(minutes=total)
        + '</p><table><thead><tr><th scope="col">'
        + _("Starts (h:mm)")
        + "</th>"
        '<th scope="col">'
        + _("Minutes")
        + '</th><th scope="col">'
        + _("Part")
        + f"</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _materials(participants_hint: int = 12) -> str:
    items = [
        _("One set of participant handouts per person, printed double-sided."),
        _("This pack, for the facilitator only: the answer keys are in it."),
        _("Pens; two colours per person help on the radar (now and target)."),
        _("A wall or flip chart with the delegation board drawn large (levels 1-7 across)."),
        _("Sticky dots or markers for the delegation round, one colour per group."),
        _("A timer; the team-summary template (last page), one copy."),
        ngettext(
            "Groups of three or four: about {groups} group for {people} people.",
            "Groups of three or four: about {groups} groups for {people} people.",
            participants_hint // 4,
        ).format(groups=participants_hint // 4, people=participants_hint),
    ]
    return "<h2>" + _("Materials") + "</h2><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _round(content: Content) -> str:
    steps = [
        _("Form groups of three or four. Give each group three or four scenarios."),
        _(
            "Each person circles a level on their own worksheet first, in silence "
            "(3 minutes): the first choice is the one people defend."
        ),
        _("The group compares and agrees one level per scenario, with its reason (8 minutes)."),
        _("Each group puts its dots on the wall board; read the board together (5 minutes)."),
        _(
            "Only then hand out the answer key: a range of levels fits, not a single one. "
            "Discuss the choices outside the range (4 minutes)."
        ),
    ]
    return (
        "<h2>"
        + _("The delegation round")
        + "</h2><ol>"
        + "".join(f"<li>{escape(s)}</li>" for s in steps)
        + "</ol>"
    )


def _pulls(s: Scenario) -> tuple[list[str], list[str]]:
    """What in the scenario pulls toward more control, and what toward handing over."""
    tighter, looser = [], []
    facts = (
        (_("competence"), s.competence, False),
        (_("commitment"), s.commitment, False),
        (_("risk"), s.risk, True),
        (_("urgency"), s.urgency, True),
    )
    for name, level, high_means_control in facts:
        if level is Level3.MEDIUM:
            continue
        worded = _("{level} {factor}").format(level=level.word, factor=name)
        if (level is Level3.HIGH) == high_means_control:
            tighter.append(worded)
        else:
            looser.append(worded)
    return tighter, looser


def _disagreements(content: Content) -> str:
    rows = []
    for n, s in enumerate(content.scenarios, start=1):
        low, high = s.recommended_band
        tighter, looser = _pulls(s)
        if tighter and looser:
            likely = _(
                "A split: some will weigh {tighter} and choose a low level, others "
                "{looser} and hand over more."
            ).format(tighter=", ".join(tighter), looser=", ".join(looser))
            handle = _(
                "Ask each side which fact decided it. Both can be right inside {low}-{high}; "
                "below or above it, ask what would have to change first."
            ).format(low=low, high=high)
        elif tighter:
            likely = _("Some will hand over too much to show trust, despite {facts}.").format(
                facts=", ".join(tighter)
            )
            handle = _(
                "Ask what happens if it goes wrong this time; then how the person could be "
                "given more next time."
            )
        elif looser:
            likely = _("Some will keep control out of habit, despite {facts}.").format(
                facts=", ".join(looser)
            )
            handle = _("Ask what the person would learn if you decided; what it costs your diary.")
        else:
            likely = _("Everything is middling: expect choices spread across the middle.")
            handle = _("Ask what one extra fact would make them move up or down.")
        rows.append(
            f"<tr><td>{n}</td><td><strong>{escape(s.title)}</strong><br>"
            f"<small>{low}-{high}</small></td><td>{escape(likely)}</td>"
            f"<td>{escape(handle)}</td></tr>"
        )
    return (
        "<h2>" + _("Likely disagreements per scenario") + "</h2>"
        '<table><thead><tr><th scope="col">#</th><th scope="col">'
        + _("Scenario (fitting levels)")
        + '</th><th scope="col">'
        + _("Likely disagreement")
        + '</th><th scope="col">'
        + _("How to handle it")
        + f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _debrief(content: Content) -> str:
    questions = [info.reflection for info in content.notebooks if info.reflection]
    questions += [
        _("Where did the group disagree most, and what did that show about your team?"),
        _("Which one change will you make next week, and who will notice it?"),
    ]
    return (
        "<h2>"
        + _("Debrief questions")
        + "</h2><ol>"
        + "".join(f"<li>{escape(q)}</li>" for q in questions)
        + "</ol>"
    )


def _summary_template(content: Content, rows: int = 12) -> str:
    levels = "".join(f'<th scope="col">{lv.number}</th>' for lv in content.levels)
    blank = "".join("<td></td>" for _lv in content.levels)
    body = "".join(
        f"<tr><td>{n}</td><td></td><td></td><td></td><td></td>{blank}</tr>"
        for n in range(1, rows + 1)
    )
    return (
        '<section class="facilitator-summary"><h2>'
        + _("Team summary")
        + "</h2><p>"
        + _(
            "One row per participant code (no names). Tally in the level columns how often "
            "each delegation level was chosen. Show the team only totals, and none for "
            "fewer than five people."
        )
        + '</p><table><thead><tr><th scope="col">#</th><th scope="col">'
        + _("Code")
        + '</th><th scope="col">'
        + _("Leadership index")
        + '</th><th scope="col">'
        + _("Management index")
        + '</th><th scope="col">'
        + _("Balance (% leadership)")
        + f"</th>{levels}</tr></thead><tbody>{body}"
        '</tbody><tfoot><tr><th scope="row" colspan="2">'
        + _("Team (average or total)")
        + f"</th><td></td><td></td><td></td>{blank}</tr></tfoot></table></section>"
    )


def facilitator_html(content: Content, keys: Mapping[str, Sequence[str]]) -> str:
    """The whole pack as one self-contained, script-free page. ``keys`` maps a notebook's
    title to the answer keys taken out of its handout, in course order."""
    key_parts = "".join(
        f'<h3 class="facilitator-keys-for">{escape(title)}</h3>{"".join(found)}'
        for title, found in keys.items()
        if found
    )
    title = _("Facilitator pack")
    css = TEMPLATE_CSS.read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html><html lang="{escape(language_tag())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        '<meta name="generator" content="leadlib handouts">'
        f"<title>{escape(title)} | {escape(content.course_title)}</title>"
        f'<style type="text/css">{css}</style>'
        f'<style type="text/css">{running_css(f"{title} | {content.course_title}")}</style>'
        '</head><body class="handout facilitator"><header class="handout-banner"><p>'
        f'<span class="handout-course">{escape(content.course_title)}</span>'
        f'<span class="handout-kind">{escape(title)}</span></p></header><main>'
        f"<h1>{escape(title)}</h1><p>"
        + escape(
            _(
                "For the facilitator only: it holds every answer key. Hand each key out "
                "after its exercise, on its own sheet."
            )
        )
        + "</p>"
        + _agenda(content)
        + _materials()
        + _round(content)
        + _disagreements(content)
        + _debrief(content)
        + '<section class="handout-keys"><h2>'
        + escape(_("Answer keys"))
        + f"</h2>{key_parts}</section>"
        + _summary_template(content)
        + "</main></body></html>"
    )


def write_facilitator_pack(
    out_dir: Path, content: Content, keys: Mapping[str, Sequence[str]]
) -> Path:
    """Write ``out_dir/facilitator.html`` whole (or not at all); its path."""
    return write_text_whole(Path(out_dir) / "facilitator.html", facilitator_html(content, keys))
