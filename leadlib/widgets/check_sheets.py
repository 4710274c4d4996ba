"""The printed worksheets of the course's checks: the self-check questions of a notebook
(options in the printed form's fixed mix, the answer key with the reason for every
option) and the vision rubric (examples, the rating table, lines for the draft and the
rewrite). ``leadlib.widgets.worksheets`` hands these out under its usual names.

Must not import ipywidgets.
"""

from __future__ import annotations

from html import escape

from ..i18n import _
from ..models import Content
from ..quiz import printed_orders
from ..vision import RATINGS, rating_label
from .worksheets import BOX, _answer_key, _lines, _section


def self_check(content: Content, notebook_id: str) -> str:
    """The notebook's self-check questions, to tick on paper, and their answer key."""
    checks = content.notebook(notebook_id).self_checks
    orders = printed_orders(content)
    questions = []
    key = []
    for number, check in enumerate(checks, start=1):
        options = "".join(
            f"<li>{BOX} {escape(check.options[i].text)}</li>" for i in orders[check.id]
        )
        questions.append(
            f"<p><strong>{number}.</strong> {escape(check.question)}</p>"
            f"<ul class='plain options'>{options}</ul>"
        )
        right = check.options[check.answer]
        wrong = "".join(
            "<li>"
            + _("Not \u201c{option}\u201d: {why}").format(
                option=escape(o.text), why=escape(o.feedback)
            )
            + "</li>"
            for o in check.options
            if not o.right
        )
        key.append(
            f"<p><strong>{number}. {escape(right.text)}</strong>. {escape(right.feedback)}</p>"
            f"<ul>{wrong}</ul>"
        )
    intro = _(
        "<p>Tick one answer per question before you open the answer key. The key says why "
        "the right answer is right and what each other option gets wrong.</p>"
    )
    body = intro + "".join(questions) + _answer_key(_("self-check"), "".join(key))
    return _section("self-check", _("Check yourself"), body)


def vision(content: Content) -> str:
    """The vision rubric on paper: the examples, lines for a draft, the rating table and
    lines for the rewrite. It has no answer key: the learner is the judge."""
    useful, weak = _("Useful"), _("Weak")
    examples = "".join(
        f"<li><strong>{escape(useful if x.good else weak)}:</strong> "
        f"\u201c{escape(x.text)}\u201d<br><em>{escape(x.comment)}</em></li>"
        for x in content.vision.examples
    )
    head = "".join(f'<th scope="col">{escape(rating_label(r))}</th>' for r in RATINGS)
    rows = "".join(
        f"<tr><td><strong>{escape(c.label)}</strong></td><td>{escape(c.question)}</td>"
        + "".join(f'<td class="tick">{BOX}</td>' for _r in RATINGS)
        + "</tr>"
        for c in content.vision.criteria
    )
    body = (
        _(
            "<p>A useful vision says whom the team serves, what will be different for them, "
            "and by when, in words the team would use. Read the examples first: why is each "
            "one useful or weak?</p>"
        )
        + f"<ul>{examples}</ul>"
        + "<h4>"
        + _("1. My draft")
        + f"</h4>{_lines(4)}"
        + "<h4>"
        + _("2. Rate my draft on each criterion")
        + "</h4>"
        + '<table><thead><tr><th scope="col">'
        + _("Criterion")
        + '</th><th scope="col">'
        + _("Ask yourself")
        + f"</th>{head}</tr></thead><tbody>{rows}</tbody></table>"
        + "<h4>"
        + _("3. My rewrite, better where I rated it lower")
        + f"</h4>{_lines(4)}"
        + _(
            "<p>Then read it to a colleague: could they say what your team will do differently?</p>"
        )
    )
    return _section("vision", _("A vision statement for your team"), body)
