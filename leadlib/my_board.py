"""The learner's own delegation board: three to seven of their own recurring decisions,
each with whom it is shared, the level today and the level wanted, the learner's ratings
of the four factors, the rules' suggestion with its reasons, and a plan for the
conversation that agrees the level (the decision, the level, the limits, the check-in,
the review date). Also the board as a printable one-page HTML poster for the team's wall.

The board is stored as one JSON value (a list of decision objects, see ``check_board``);
the suggestion comes from ``leadlib.delegation``'s rules, the factor scales from
``leadlib.judging``: nothing of either is copied here.

Two kinds of checks: ``check_board`` (what the journal and the export accept: the shape,
the lengths, levels 1-7, at most seven decisions, dates written YYYY-MM-DD; a draft may
be incomplete) and ``board_problems`` (what is still missing before the board is ready to
agree and print: fewer than three decisions, empty fields, a review date in the past).

Pure functions; must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from .delegation import (
    HIGHEST,
    LOWEST,
    Fit,
    Recommendation,
    Verdict,
    advice_text,
    assess,
    recommend,
)
from .errors import AnswerError
from .i18n import N_, _, ngettext
from .judging import FACTOR_QUESTIONS, FACTORS, parse_ratings, rated_context
from .models import Content

#: Fewest and most decisions a board holds.
FEWEST, MOST = 3, 7
#: The fields of one decision, in the order a learner fills them.
TEXT_FIELDS = ("what", "with_whom", "limits", "check_in")
LEVEL_FIELDS = ("today", "wanted")
FIELDS = ("what", "with_whom", "today", "wanted", "ratings", "limits", "check_in", "review")
#: Longest text each field keeps: a board of seven decisions filled to these lengths
#: still prints on one page (tests/test_my_board.py prints it).
TEXT_LIMITS = {"what": 100, "with_whom": 40, "limits": 200, "check_in": 100}
#: How a message names each field (translated where shown).
FIELD_NAMES = {
    "what": N_("the decision"),
    "with_whom": N_("with whom"),
    "today": N_("the level today"),
    "wanted": N_("the level you want"),
    "ratings": N_("the four factors"),
    "limits": N_("the limits"),
    "check_in": N_("the check-in"),
    "review": N_("the review date"),
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Decision:
    """One recurring decision of the learner's board (a draft may leave parts empty)."""

    what: str = ""
    with_whom: str = ""
    today: int | None = None
    wanted: int | None = None
    ratings: Mapping[str, str] = field(default_factory=dict)
    limits: str = ""
    check_in: str = ""
    review: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "with_whom": self.with_whom,
            "today": self.today,
            "wanted": self.wanted,
            "ratings": dict(self.ratings),
            "limits": self.limits,
            "check_in": self.check_in,
            "review": self.review,
        }

    @property
    def blank(self) -> bool:
        """True when nothing of the decision is filled in."""
        return self == Decision()


def _where(number: int) -> str:
    return _("Decision {number}").format(number=number)


def _check_text(where: str, name: str, value: object) -> str:
    if not isinstance(value, str):
        raise AnswerError(
            _("{where}, {field}: expected a text, found {value!r}.").format(
                where=where, field=_(FIELD_NAMES[name]), value=value
            )
        )
    most = TEXT_LIMITS[name]
    if len(value) > most:
        raise AnswerError(
            _(
                "{where}, {field}: {length} characters, at most {most} are kept. Shorten it "
                "and save again."
            ).format(where=where, field=_(FIELD_NAMES[name]), length=len(value), most=most)
        )
    return value


def _check_level(where: str, name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
        raise AnswerError(
            _(
                "{where}, {field}: choose a delegation level from {low} to {high}, found {value!r}."
            ).format(where=where, field=_(FIELD_NAMES[name]), low=LOWEST, high=HIGHEST, value=value)
        )
    return value


def _check_date(where: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE_RE.match(value):
        with contextlib.suppress(ValueError):
            date.fromisoformat(value)
            return value
    raise AnswerError(
        _(
            "{where}, {field}: expected a date written YYYY-MM-DD, such as 2027-03-31, "
            "found {value!r}."
        ).format(where=where, field=_(FIELD_NAMES["review"]), value=value)
    )


def check_decision(value: object, number: int) -> Decision:
    """One stored decision (``number`` counts from 1, for the messages) as a Decision;
    AnswerError naming the decision and the field for anything the board cannot keep."""
    where = _where(number)
    if not isinstance(value, Mapping):
        raise AnswerError(
            _("{where}: expected an object with the decision's fields, found {value!r}.").format(
                where=where, value=value
            )
        )
    unknown = sorted(str(k) for k in value if k not in FIELDS)
    if unknown:
        raise AnswerError(
            _("{where}: unknown field {name!r}; a decision has {known}.").format(
                where=where, name=unknown[0], known=", ".join(FIELDS)
            )
        )
    texts = {name: _check_text(where, name, value.get(name, "")) for name in TEXT_FIELDS}
    levels = {name: _check_level(where, name, value.get(name)) for name in LEVEL_FIELDS}
    raw_ratings = value.get("ratings")
    ratings: dict[str, str] = {}
    if raw_ratings is not None and raw_ratings != {}:
        try:
            ratings = {k: v.value for k, v in parse_ratings(raw_ratings).items()}
        except AnswerError as exc:
            raise AnswerError(
                _("{where}, {field}: {problem}").format(
                    where=where, field=_(FIELD_NAMES["ratings"]), problem=exc
                )
            ) from None
    return Decision(
        what=texts["what"],
        with_whom=texts["with_whom"],
        today=levels["today"],
        wanted=levels["wanted"],
        ratings=ratings,
        limits=texts["limits"],
        check_in=texts["check_in"],
        review=_check_date(where, value.get("review")),
    )


def check_board(value: object) -> list[Decision]:
    """A stored board (a list of decision objects) as Decisions; AnswerError when it is
    not a list, holds more than ``MOST`` decisions, or a decision is malformed. A draft
    with empty fields or fewer than ``FEWEST`` decisions is accepted (see
    ``board_problems``)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise AnswerError(
            _("Your delegation board: expected a list of decisions, found {value!r}.").format(
                value=value
            )
        )
    if len(value) > MOST:
        raise AnswerError(
            _(
                "Your delegation board holds {count} decisions; it keeps at most {most}. "
                "Keep the ones you decide most often, or that matter most."
            ).format(count=len(value), most=MOST)
        )
    return [check_decision(item, n) for n, item in enumerate(value, start=1)]


def board_to_json(decisions: Sequence[Decision]) -> list[dict[str, Any]]:
    return [d.to_json() for d in decisions]


def board_problems(
    decisions: Sequence[Decision], today: date, numbers: Sequence[int] | None = None
) -> list[str]:
    """What is still missing before the board is ready to agree and print, one message
    per problem, naming the decision: too few or too many decisions, an empty field,
    a factor not rated, a review date in the past. Empty when the board is ready.
    ``numbers`` are the decisions' numbers as the learner sees them (default 1, 2, ...)."""
    problems = []
    if len(decisions) < FEWEST:
        problems.append(
            ngettext(
                "Your board has {count} decision; list at least {fewest} that recur in your week.",
                "Your board has {count} decisions; list at least {fewest} that recur in your week.",
                len(decisions),
            ).format(count=len(decisions), fewest=FEWEST)
        )
    if len(decisions) > MOST:
        problems.append(
            _("Your board has {count} decisions; keep at most {most}.").format(
                count=len(decisions), most=MOST
            )
        )
    shown = list(numbers) if numbers is not None else list(range(1, len(decisions) + 1))
    for number, decision in zip(shown, decisions, strict=True):
        where = _where(number)
        empty = [
            _(FIELD_NAMES[name])
            for name in FIELDS
            if name != "ratings" and _empty(getattr(decision, name))
        ]
        if empty:
            problems.append(
                _("{where}: fill in {fields}.").format(where=where, fields=", ".join(empty))
            )
        missing = [_(FACTOR_QUESTIONS[f]).lower() for f in FACTORS if f not in decision.ratings]
        if missing:
            problems.append(
                _("{where}: rate {factors}.").format(where=where, factors=", ".join(missing))
            )
        if decision.review is not None and date.fromisoformat(decision.review) < today:
            problems.append(
                _(
                    "{where}: the review date {review} is in the past; choose a date from today on."
                ).format(where=where, review=decision.review)
            )
    return problems


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Suggestion:
    """The rules' reading of one decision: the band with its reasons, and the verdict on
    the level wanted (None until a level is wanted)."""

    recommendation: Recommendation
    verdict: Verdict | None

    @property
    def band_text(self) -> str:
        low, high = self.recommendation.band
        return f"{low}" if low == high else f"{low}-{high}"


def suggest(content: Content, decision: Decision) -> Suggestion | None:
    """The rules' suggestion for ``decision`` from the learner's four ratings (None until
    all four are rated): ``delegation.recommend`` and, once a level is wanted,
    ``delegation.assess``."""
    context = rated_context(parse_ratings(decision.ratings)) if decision.ratings else None
    if context is None:
        return None
    verdict = assess(content, context, decision.wanted) if decision.wanted is not None else None
    return Suggestion(recommend(context), verdict)


def suggestion_text(content: Content, decision: Decision) -> str:
    """The suggestion in sentences, for the screen and the poster."""
    found = suggest(content, decision)
    if found is None:
        return _("Rate the four factors to see which levels the rules suggest.")
    rec = found.recommendation
    low, high = rec.band
    text = _("The rules suggest levels {band} ({low_name} to {high_name}).").format(
        band=found.band_text, low_name=content.level(low).name, high_name=content.level(high).name
    )
    why = _("Why: {reasons}").format(reasons=" ".join(rec.reasons))
    if found.verdict is None:
        return text + " " + why
    # The band is named once, above; the advice refers to it rather than repeat it.
    advice = advice_text(content, found.verdict.level, found.verdict.fit)
    return " ".join([text, advice, why])


def move_text(content: Content, decision: Decision) -> str:
    """The move from the level today to the level wanted, in one sentence."""
    if decision.today is None or decision.wanted is None:
        return ""
    today, wanted = content.level(decision.today), content.level(decision.wanted)
    if decision.wanted == decision.today:
        return _("Keep it at {level}, and say so openly.").format(level=today.name)
    steps = abs(decision.wanted - decision.today)
    if decision.wanted > decision.today:
        return ngettext(
            "From {today} to {wanted}: you let go {steps} level.",
            "From {today} to {wanted}: you let go {steps} levels.",
            steps,
        ).format(today=today.name, wanted=wanted.name, steps=steps)
    return ngettext(
        "From {today} to {wanted}: you take back {steps} level.",
        "From {today} to {wanted}: you take back {steps} levels.",
        steps,
    ).format(today=today.name, wanted=wanted.name, steps=steps)


#: The verdict in the poster's words: the poster hangs on the team's wall, where the
#: exercise's judgement ("Too controlling") would read as a verdict on the manager.
RANGE_WORDS = {
    Fit.TOO_CONTROLLING: N_("Tighter than the suggested range"),
    Fit.GOOD_FIT: N_("Within the suggested range"),
    Fit.TOO_HANDS_OFF: N_("Looser than the suggested range"),
}


def range_words(content: Content, decision: Decision) -> str:
    """Where the level wanted lies against the rules' suggestion, in neutral words for
    the poster ("Tighter than the suggested range"), or empty."""
    found = suggest(content, decision)
    if found is None or found.verdict is None:
        return ""
    return _(RANGE_WORDS[found.verdict.fit])


# --------------------------------------------------------------------------- poster

#: The poster's print rules: one page on A4 or Letter, in portrait; small but readable.
POSTER_CSS = """
@page { size: landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111;
       margin: 0 auto; max-width: 277mm; font-size: 8.5pt; line-height: 1.2; }
h1 { font-size: 14pt; margin: 0 0 1.5mm; }
p.lead { margin: 0 0 2.5mm; color: #333; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.6pt solid #555; padding: 1mm 1.5mm; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #e8eef4; text-align: left; font-size: 8.5pt; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.level { text-align: center; }
.small { font-size: 7.5pt; color: #333; }
.legend { margin-top: 2mm; font-size: 8pt; color: #333; }
.legend span { display: inline-block; margin-right: 3mm; }
@media print { body { max-width: none; } }
"""


def _level_cell(content: Content, number: int | None) -> str:
    if number is None:
        return "&ndash;"
    name = escape(content.level(number).name)
    return f"<strong>{number}</strong><br><span class='small'>{name}</span>"


def poster_body_html(content: Content, decisions: Sequence[Decision], owner: str = "") -> str:
    """The board as an HTML fragment (a heading and one table, no script)."""
    title = _("Our delegation board")
    if owner.strip():
        title = _("Delegation board of {name}").format(name=owner.strip())
    heads = (
        _("Decision"),
        _("With whom"),
        _("Today"),
        _("Agreed"),
        _("Rules suggest"),
        _("Limits"),
        _("Check-in"),
        _("Review"),
    )
    widths = ("19%", "9%", "6%", "6%", "8%", "29%", "15%", "8%")
    head = "".join(
        f"<th style='width:{w}' scope='col'>{escape(h)}</th>"
        for h, w in zip(heads, widths, strict=True)
    )
    rows = []
    for decision in decisions:
        found = suggest(content, decision)
        band = found.band_text if found else "&ndash;"
        verdict = range_words(content, decision)
        rows.append(
            "<tr>"
            f"<td><strong>{escape(decision.what)}</strong></td>"
            f"<td>{escape(decision.with_whom)}</td>"
            f"<td class='level'>{_level_cell(content, decision.today)}</td>"
            f"<td class='level'>{_level_cell(content, decision.wanted)}</td>"
            f"<td class='level'>{escape(band) if found else band}"
            f"<br><span class='small'>{escape(verdict)}</span></td>"
            f"<td>{escape(decision.limits)}</td>"
            f"<td>{escape(decision.check_in)}</td>"
            f"<td class='level'>{escape(decision.review or '')}</td>"
            "</tr>"
        )
    legend = "".join(
        f"<span>{level.number} {escape(level.name)}</span>" for level in content.levels
    )
    levels_word = escape(_("Levels:"))
    lead = _(
        "What we decide, who decides it and how: the level agreed for each decision, the "
        "limits it holds within, when we check in and when we look at it again."
    )
    return (
        f"<h1>{escape(title)}</h1><p class='lead'>{escape(lead)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p class='legend'><strong>{levels_word}</strong> {legend}</p>"
    )


def poster_html(content: Content, decisions: Sequence[Decision], owner: str = "") -> str:
    """The board as a self-contained, printable page (no script, no link, no font or
    image from elsewhere), one page on A4 or Letter turned sideways (landscape)."""
    title = escape(_("Delegation board"))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{POSTER_CSS}</style></head>"
        f"<body>{poster_body_html(content, decisions, owner)}</body></html>"
    )


__all__ = [
    "FEWEST",
    "FIELDS",
    "MOST",
    "RANGE_WORDS",
    "TEXT_LIMITS",
    "Decision",
    "Suggestion",
    "board_problems",
    "board_to_json",
    "check_board",
    "check_decision",
    "move_text",
    "poster_body_html",
    "poster_html",
    "range_words",
    "suggest",
    "suggestion_text",
]
