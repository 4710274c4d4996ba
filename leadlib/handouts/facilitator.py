"""The facilitator pack (``facilitator.html``): agenda with minute timings, materials, the
delegation round, likely disagreements per scenario and how to handle them, debrief
questions, every answer key taken out of the handouts, and a one-page team-summary
template. Built from ``course.toml`` (``leadlib.content``) and the keys the build
gathered; every word in the current language.

Must not import nbconvert, ipywidgets or matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from ..delegation import TaskContext, unbounded_band
from ..i18n import N_, _, language_tag, ngettext
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
        _(
            "This pack, for the facilitator only, printed single-sided: the answer keys "
            "are in it, each starting on a sheet of its own."
        ),
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


#: The four facts, in the order the course asks about them.
FACTS = ("competence", "commitment", "risk", "urgency")
#: Which way a fact pulls at first sight: +1 towards handing over, -1 towards control.
#: High competence or commitment invites handing over; high risk or urgency invites
#: control; "low" the other way round. The rules do not always agree (see ``Pull``).
FIRST_SIGHT = {"competence": 1, "commitment": 1, "risk": -1, "urgency": -1}
FACT_NAMES = {
    "competence": N_("competence"),
    "commitment": N_("commitment"),
    "risk": N_("risk"),
    "urgency": N_("urgency"),
}


@dataclass(frozen=True)
class Pull:
    """One fact of a scenario that is not medium: which way it seems to pull at first
    sight (+1 hand over, -1 keep control) and which way it moves the band by the rules
    (``shift``: half-levels of the band's middle against the same scenario with this
    fact medium, before the band is moved back inside 1-7; 0 when it moves nothing)."""

    fact: str
    level: Level3
    first_sight: int
    shift: int

    @property
    def worded(self) -> str:
        return _("{level} {factor}").format(level=self.level.word, factor=_(FACT_NAMES[self.fact]))

    @property
    def direction(self) -> int:
        return (self.shift > 0) - (self.shift < 0)


@dataclass(frozen=True)
class Disagreement:
    """What a group will likely argue about on one scenario, derived from the rules.

    ``kind``: "split" when facts pull the band both ways; "control" or "hand_over" when
    every fact that moves it pulls one way; "middling" when nothing moves it.
    ``misreads``: facts whose first-sight pull is not what the rules do here and would
    take someone away from where the band lies."""

    scenario: Scenario
    kind: str
    tighter: tuple[Pull, ...]
    looser: tuple[Pull, ...]
    misreads: tuple[Pull, ...]


def pulls(scenario: Scenario) -> list[Pull]:
    """Each fact of ``scenario`` that is not medium, with its first-sight and real pull."""
    context = TaskContext.of(scenario)
    low, high = unbounded_band(context)
    found = []
    for fact in FACTS:
        level: Level3 = getattr(context, fact)
        if level is Level3.MEDIUM:
            continue
        n_low, n_high = unbounded_band(replace(context, **{fact: Level3.MEDIUM}))
        sight = FIRST_SIGHT[fact] * (1 if level is Level3.HIGH else -1)
        found.append(Pull(fact, level, sight, (low + high) - (n_low + n_high)))
    return found


def disagreement(scenario: Scenario) -> Disagreement:
    """The likely disagreement on ``scenario`` (see ``Disagreement``)."""
    found = pulls(scenario)
    tighter = tuple(p for p in found if p.direction < 0)
    looser = tuple(p for p in found if p.direction > 0)
    context = TaskContext.of(scenario)
    low, high = unbounded_band(context)
    middle = (low + high) - sum(unbounded_band(TaskContext(*[Level3.MEDIUM] * 4)))
    net = (middle > 0) - (middle < 0)
    # A first sight that differs from the rules matters when it leads away from the band.
    misreads = tuple(p for p in found if p.first_sight != p.direction and p.first_sight != net)
    if tighter and looser:
        kind = "split"
    elif tighter:
        kind = "control"
    elif looser:
        kind = "hand_over"
    else:
        kind = "middling"
    return Disagreement(scenario, kind, tighter, looser, misreads)


def _listed(words: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c" in the current language."""
    items = list(words)
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _why_not(pull: Pull) -> str:
    """Why the rules do not follow ``pull``'s first sight, in a clause."""
    if pull.fact == "urgency" and pull.level is Level3.HIGH and pull.direction > 0:
        return _(
            "a capable person has no time to escalate, so here urgency argues for handing over"
        )
    if pull.fact == "urgency" and pull.level is Level3.HIGH:
        return _(
            "with some experience of the task, urgency calls for neither more control nor "
            "more autonomy; agree at once who decides"
        )
    if pull.fact == "urgency":
        return _("time to spare does not move the band by itself")
    if pull.fact == "commitment":
        return _(
            "at this competence the band is the same for a keen and a reluctant person; "
            "commitment changes how much encouragement they need, not who decides"
        )
    return _("by the course's rules it does not move the band here")


def _likely_and_handle(d: Disagreement) -> tuple[str, str]:
    low, high = d.scenario.recommended_band
    likely: list[str] = []
    handle: list[str] = []
    if d.kind == "split":
        likely.append(
            _(
                "A split: some will weigh {tighter} and keep more control; others will weigh "
                "{looser}, and hand over more."
            ).format(
                tighter=_listed(p.worded for p in d.tighter),
                looser=_listed(p.worded for p in d.looser),
            )
        )
        handle.append(
            _(
                "Ask each side which fact decided it. Both can be right inside {low}-{high}; "
                "below or above it, ask what would have to change first."
            ).format(low=low, high=high)
        )
    elif d.kind in ("control", "hand_over"):
        one_way = d.tighter or d.looser
        likely.append(
            (
                ngettext(
                    "The rules point one way, to keeping control: {facts} pulls that way.",
                    "The rules point one way, to keeping control: {facts} all pull that way.",
                    len(one_way),
                )
                if d.kind == "control"
                else ngettext(
                    "The rules point one way, to handing over: {facts} pulls that way.",
                    "The rules point one way, to handing over: {facts} all pull that way.",
                    len(one_way),
                )
            ).format(facts=_listed(p.worded for p in one_way))
        )
        if not d.misreads:
            likely.append(_("Expect little disagreement."))
            handle.append(
                _(
                    "Agree quickly, then ask what would have to change before the person "
                    "could be given more."
                )
                if d.kind == "control"
                else _(
                    "Agree quickly, then ask what the person would learn if you decided "
                    "instead, and what it would cost your diary."
                )
            )
    else:
        likely.append(_("Everything is middling: expect choices spread across the middle."))
        handle.append(_("Ask what one extra fact would make them move up or down."))
    for pull in d.misreads:
        likely.append(
            (
                _("Some will still keep more control because of {fact}: {why}.")
                if pull.first_sight < 0
                else _("Some will still hand over more because of {fact}: {why}.")
            ).format(fact=pull.worded, why=_why_not(pull))
        )
    if d.misreads:
        handle.append(
            _(
                "Read the rule on {facts} together, then ask whether their level still "
                "fits {low}-{high}."
            ).format(facts=_listed(_(FACT_NAMES[p.fact]) for p in d.misreads), low=low, high=high)
        )
    return " ".join(likely), " ".join(handle)


def _disagreements(content: Content) -> str:
    rows = []
    for n, s in enumerate(content.scenarios, start=1):
        low, high = s.recommended_band
        likely, handle = _likely_and_handle(disagreement(s))
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
    # One sheet per key (printed single-sided), headed by its notebook's title: a key
    # handed out after its exercise gives away no other exercise's answers.
    key_parts = "".join(
        f'<section class="facilitator-key-sheet"><h3 class="facilitator-keys-for">'
        f"{escape(title)}</h3>{key}</section>"
        for title, found in keys.items()
        for key in found
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
                "For the facilitator only: it holds every answer key. Print it single-sided: "
                "each answer key then starts on a sheet of its own, to hand out after its "
                "exercise."
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
