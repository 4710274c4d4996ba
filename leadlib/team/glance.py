"""The top of the team report, for a debrief on a projector: the note when a rebuild
shows an earlier release (Rule 7 of docs/privacy.md), the one-screen summary, the
privacy box and the debrief questions. Everything comes from figures that are shown.

Must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from html import escape

from ..i18n import _, ngettext
from .markup import counts_text, note, people
from .summary import TeamSummary

#: The most divided scenarios named in the summary at the top.
GLANCE_SCENARIOS = 3


def held_back(summary: TeamSummary) -> str:
    """Rule 7: the rebuild shows an earlier release; say so, and what would change it."""
    held = summary.held_back
    if held is None:
        return ""
    if held.changed:
        text = (
            ngettext(
                "This is the report released on {date}, shown again unchanged: {n} export "
                "has arrived or changed since it was made.",
                "This is the report released on {date}, shown again unchanged: {n} exports "
                "have arrived or changed since it was made.",
                held.changed,
            ).format(date=summary.released_at, n=held.changed)
            + " "
            + ngettext(
                "{m} more export is needed before it can change, so that nobody's answers "
                "can be read off by comparing the two reports.",
                "{m} more exports are needed before it can change, so that nobody's "
                "answers can be read off by comparing the two reports.",
                held.needed,
            ).format(m=held.needed)
        )
    else:
        text = _(
            "This is the report released on {date} with a minimum group of {old}, shown "
            "again: the exports have not changed since. To use a minimum group of {new}, "
            "start over (leadlib team-report --start-over), knowing that the two reports "
            "could then be compared."
        ).format(date=summary.released_at, old=summary.min_group, new=held.asked_min_group)
    return note(text, "held")


def privacy_box(k: int) -> str:
    text = _(
        "This report shows no names, no one's individual answers and no free-text "
        "reflections. A group of fewer than {k} people (the minimum group) is never shown, "
        "and neither is a group where everyone, or nearly everyone, answered alike. Where "
        "a hidden number could be worked out from the others, more are hidden with it; "
        "averages appear only beside counts that are shown in full. A rebuild with only a "
        "few more exports shows the earlier report again."
    ).format(k=k)
    title = escape(_("Privacy."))
    return f'<div class="privacy"><p><strong>{title}</strong> {escape(text)}</p></div>'


def glance(summary: TeamSummary) -> list[str]:
    """The one-screen summary: who counted, then what stands out, from shown figures."""
    items = []
    skipped, older = len(summary.skipped), len(summary.superseded)
    counted = _("<strong>{people}</strong> counted from {files}. Minimum group: {k}.").format(
        people=escape(people(summary.participants)),
        files=escape(
            ngettext("{n} file", "{n} files", summary.files_found).format(n=summary.files_found)
        ),
        k=summary.min_group,
    )
    if skipped:
        counted += " " + escape(
            ngettext(
                "{n} file skipped (see Files at the end).",
                "{n} files skipped (see Files at the end).",
                skipped,
            ).format(n=skipped)
        )
    if older:
        counted += " " + escape(
            ngettext(
                "{n} older duplicate set aside.", "{n} older duplicates set aside.", older
            ).format(n=older)
        )
    items.append(counted)
    if summary.enough_people:
        balance = summary.balance.mean
        if balance is not None:
            items.append(escape(balance_words(balance)))
        if summary.quadrants.complete:
            items.append(
                escape(_("Grid quadrants (after Kotter):"))
                + " "
                + counts_text(summary.quadrants, " · ")
            )
        divided = [s for s in summary.scenarios if s.largest_share is not None]
        for item in divided[:GLANCE_SCENARIOS]:
            items.append(
                escape(_("Divided: \u201c{title}\u201d").format(title=item.title))
                + " \u2014 "
                + counts_text(item.distribution, " · ")
            )
        shown = len(divided)
        items.append(
            escape(
                ngettext(
                    "{shown} delegation scenario of {total} shows how the team's choices "
                    "spread; the others are hidden to protect individual answers.",
                    "{shown} delegation scenarios of {total} show how the team's choices "
                    "spread; the others are hidden to protect individual answers.",
                    shown,
                ).format(shown=shown, total=len(summary.scenarios))
            )
        )
    title = escape(_("At a glance"))
    return [
        f'<section class="glance"><h2>{title}</h2><ul>'
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ul></section>"
    ]


def balance_words(mean: float) -> str:
    if mean < -10:
        return _("On average the team leans to management (balance {value}).").format(
            value=f"{mean:+.0f}"
        )
    if mean > 10:
        return _("On average the team leans to leadership (balance {value}).").format(
            value=f"{mean:+.0f}"
        )
    return _("On average the team is close to even (balance {value}).").format(value=f"{mean:+.0f}")


def questions_section(summary: TeamSummary) -> list[str]:
    out = ["<h2>" + escape(_("Questions for the debrief")) + "</h2>"]
    if not summary.questions:
        out.append(
            "<p>"
            + escape(_("No strong disagreement stands out: ask which scenario felt hardest."))
            + "</p>"
        )
        return out
    out.append(
        "<p>"
        + escape(
            _(
                "Drawn from where the team's answers differ most. Let people speak for "
                "themselves: nobody has to say which answer was theirs."
            )
        )
        + "</p>"
    )
    out.append('<ol class="questions">')
    out += [f"<li>{escape(q)}</li>" for q in summary.questions]
    out.append("</ol>")
    return out
