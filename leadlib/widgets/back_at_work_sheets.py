"""The printed worksheets of notebook 08's time audit and progress: a paper time log
with the split's rule, the measured share, where the learner wants to be and notebook
05's estimate on one bar, and the situations' bands, and a then-and-now sheet with the
check-in dates. ``leadlib.widgets.worksheets`` hands these out under its usual names.

Must not import ipywidgets.
"""

from __future__ import annotations

from html import escape

from ..checkins import CHECKIN_DAYS
from ..i18n import _
from ..models import Content
from ..scoring import CLAIM_STEPS, item_step
from .worksheets import BOX, _bar, _lines, _section

#: Rows of the paper time log.
LOG_ROWS = 14


def time_audit(content: Content) -> str:
    """A paper time log: activity, hours and one tick per tag; the rule of the split;
    the measured share, where the learner wants to be and 05's estimate, marked on one
    bar, with the gaps that matter; the bands of the situations."""
    tags = [_("Leadership"), _("Management"), _("Both"), _("Neither")]
    head = "".join(f'<th scope="col">{escape(t)}</th>' for t in tags)
    row = (
        "<tr><td>&nbsp;</td><td>&nbsp;</td>"
        + "".join(f"<td class='tick'>{BOX}</td>" for _t in tags)
        + "</tr>"
    )
    bands = "".join(
        "<li>"
        + _("{situation}: {low}-{high}% leadership").format(
            situation=escape(s.name), low=s.leadership_band[0], high=s.leadership_band[1]
        )
        + "</li>"
        for s in content.situations
    )
    body = (
        _(
            "<p>Write down what filled last week: one line per activity (group repeats: "
            "all stand-ups on one line), its hours, and one tick: leadership (direction, "
            "alignment, motivation), management (planning, organizing, control), both, or "
            "neither (travel, your own expert work).</p>"
        )
        + '<table><thead><tr><th scope="col">'
        + escape(_("Activity"))
        + '</th><th scope="col">'
        + escape(_("Hours"))
        + f"</th>{head}</tr></thead><tbody>{row * LOG_ROWS}</tbody></table>"
        + "<p>"
        + escape(
            _(
                "Totals: L = leadership hours, M = management hours, B = both. Your measured "
                "share = (L + B/2) / (L + M + B) x 100. 'Both' counts half to each side; "
                "'neither' stays out of the share."
            )
        )
        + f"</p>{_lines(1)}"
        + "<h4>"
        + escape(_("Three numbers, three marks"))
        + "</h4><ul class='plain'><li>"
        + escape(_("My measured share (from the log): ________ % leadership: mark it ▼"))
        + "</li><li>"
        + escape(_("Where I want to be: ________ % leadership: mark it ○"))
        + "</li><li>"
        + escape(
            _(
                "My estimate in notebook 05 (how I guessed I split a week), if I made "
                "one: ________ %: mark it □"
            )
        )
        + f"</li></ul>{_bar()}"
        + "<p>"
        + escape(
            _(
                "The gaps that matter: measured against where I want to be ________ points; "
                "measured against my situation's band ________ points. The estimate only "
                "shows how far the guess was off."
            )
        )
        + "</p>"
        + "<h4>"
        + escape(_("The bands of the situations"))
        + f"</h4><ul>{bands}</ul>"
    )
    return _section("time-audit", _("Where your week goes"), body)


def progress(content: Content) -> str:
    """Then and now on paper: each trait's score in two rounds, and the check-ins."""
    step = item_step(content)
    rows = "".join(
        f"<tr><td>{escape(t.name)}</td><td>&nbsp;</td><td>&nbsp;</td>"
        f"<td class='tick'>{BOX}</td></tr>"
        for t in content.traits
    )
    days = "".join(
        "<li>"
        + _("After {days} days: date ____________ with ____________").format(days=d)
        + "</li>"
        for d in CHECKIN_DAYS
    )
    body = (
        "<p>"
        + escape(
            _(
                "Copy each trait's score from your first self-assessment (then) and from the "
                "retake (now). Tick 'changed' only when the two differ by {gap:g} points or "
                "more ({steps} steps: one step on one answer moves a score by {step:g} "
                "points); smaller differences are within the questionnaire's precision."
            ).format(gap=CLAIM_STEPS * step, steps=CLAIM_STEPS, step=step)
        )
        + "</p>"
        + '<table><thead><tr><th scope="col">'
        + escape(_("Trait"))
        + '</th><th scope="col">'
        + escape(_("Then"))
        + '</th><th scope="col">'
        + escape(_("Now"))
        + '</th><th scope="col">'
        + escape(_("Changed"))
        + f"</th></tr></thead><tbody>{rows}</tbody></table>"
        + "<h4>"
        + escape(_("Check-ins on your plan"))
        + f"</h4><ul class='plain'>{days}</ul>"
        + "<h4>"
        + escape(_("What changed, and why"))
        + f"</h4>{_lines(3)}"
    )
    return _section("progress", _("Coming back: progress over time"), body)


def my_results(content: Content) -> str:
    """What the results page holds, part by part, and where it is made (the page itself
    is the learner's, so the handout only describes it)."""
    from ..results import PARTS

    items = "".join(
        f"<li><strong>{escape(_(title))}</strong>: {escape(_(holds))}</li>"
        for _key, title, holds in PARTS
    )
    body = (
        "<p>"
        + escape(
            _(
                "In JupyterLab, the button of this exercise writes your results on one "
                "printable page, my-results.html, and its PDF (A4 or Letter, usually two "
                "sheets; one when little is done) into your exports folder. It holds:"
            )
        )
        + f"</p><ul>{items}</ul><p>"
        + escape(
            _(
                "A part you have not done yet says in one line where to do it. The others' "
                "view appears only as the course last showed it, under the same privacy "
                "rules. From a terminal: leadlib my-results."
            )
        )
        + "</p>"
    )
    return _section("my-results", _("My results"), body)
