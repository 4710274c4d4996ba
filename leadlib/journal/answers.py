"""What the journal accepts: the exercise ids and the checks every answer passes before
it is saved (or imported from an export file).

The quiz and the self-checks save the list of tries (the first try is what counts);
an older journal's single answer stays readable (``leadlib.quiz.attempts``).

Pure functions over ``Content``, usable and tested without a database. Must not import
sqlite3, matplotlib, ipywidgets, nbconvert, the widgets or the journal's store.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from .. import export as export_format
from ..balance import check_share
from ..checkins import check_supporter
from ..errors import AnswerError
from ..i18n import _
from ..judging import parse_ratings
from ..models import Content
from ..progress import check_date, check_round
from ..quiz import check_quiz_answer, check_self_check_answer
from ..scoring import check_answer
from ..time_audit import parse_activities
from ..vision import VISION_RATINGS, VISION_REWRITE, VISION_STATEMENT, check_ratings

# Exercise ids: what the widgets record under.
QUIZ = "quiz"
SELF_ASSESSMENT = "self_assessment"
DELEGATION = "delegation"
#: The learner's own ratings of a scenario's four factors, judged before choosing a level
#: (item: scenario id; value: {"competence": "low", ...}, some or all of the four). Kept
#: apart from DELEGATION so that a delegation answer stays a plain level 1-7, as older
#: journals and the export file hold it.
DELEGATION_RATINGS = "delegation_ratings"
BALANCE = "balance"
PLAN = "plan"
VISION = "vision"
REFLECTION = "reflection"
SELF_CHECK = "self_check"
#: The time audit (notebook 08): item "activities" (a list of {"title", "hours", "tag",
#: "count"}, see leadlib.time_audit) and "week" (the Monday, YYYY-MM-DD). Titles and
#: hours only: a calendar file is never stored.
TIME_AUDIT = "time_audit"
#: Earlier rounds of the self-assessment (notebook 08): item the round's number ("1",
#: "2", ...), value {"date": "YYYY-MM-DD", "answers": {statement: 1-5}}; the current
#: round stays under SELF_ASSESSMENT (see leadlib.progress).
SELF_ASSESSMENT_ROUNDS = "self_assessment_rounds"
#: The plan's check-ins (notebook 08): items "supporter" (a name) and "start" (the
#: date the 30/60/90 days count from, YYYY-MM-DD).
CHECKINS = "checkins"
EXERCISES = (
    QUIZ,
    SELF_ASSESSMENT,
    DELEGATION,
    DELEGATION_RATINGS,
    BALANCE,
    PLAN,
    VISION,
    REFLECTION,
    SELF_CHECK,
    TIME_AUDIT,
    SELF_ASSESSMENT_ROUNDS,
    CHECKINS,
)

#: Longest free text the journal keeps (a reflection, the vision, a plan action).
MAX_TEXT = export_format.MAX_TEXT
#: Most actions a development plan holds.
MAX_ACTIONS = 10
#: Fewest and most traits a development plan focuses on.
FOCUS_RANGE = (1, 3)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_exercise(exercise: object) -> None:
    """AnswerError unless ``exercise`` is one of EXERCISES."""
    if exercise not in EXERCISES:
        raise AnswerError(
            _("Unknown exercise {exercise!r}: the journal keeps answers for {known}.").format(
                exercise=exercise, known=", ".join(EXERCISES)
            )
        )


def validate_answer(content: Content, exercise: object, item: object, value: object) -> Any:
    """Return ``value`` in the form the journal stores (JSON-ready) if it is a valid answer
    for ``exercise`` and ``item``; raise AnswerError with a learner-readable message."""
    check_exercise(exercise)
    if not isinstance(item, str) or not item:
        raise AnswerError(
            _("Exercise '{exercise}': the item must be a non-empty id, found {item!r}.").format(
                exercise=exercise, item=item
            )
        )
    if exercise == QUIZ:
        return check_quiz_answer(content, item, value)
    if exercise == SELF_ASSESSMENT:
        return check_answer(content, item, value)
    if exercise == DELEGATION:
        return _validate_delegation(content, item, value)
    if exercise == DELEGATION_RATINGS:
        return _validate_ratings(content, item, value)
    if exercise == BALANCE:
        return _validate_balance(content, item, value)
    if exercise == PLAN:
        return _validate_plan(content, item, value)
    if exercise == VISION:
        return _validate_vision(content, item, value)
    if exercise == SELF_CHECK:
        return check_self_check_answer(content, item, value)
    if exercise == TIME_AUDIT:
        return _validate_time_audit(item, value)
    if exercise == SELF_ASSESSMENT_ROUNDS:
        return check_round(content, item, value)
    if exercise == CHECKINS:
        return _validate_checkins(item, value)
    return _validate_reflection(content, item, value)


def _text(where: str, value: object) -> str:
    if not isinstance(value, str):
        raise AnswerError(
            _("{where}: expected a text, found {kind} {value!r}.").format(
                where=where, kind=type(value).__name__, value=value
            )
        )
    if len(value) > MAX_TEXT:
        raise AnswerError(
            _(
                "{where}: the text is {length} characters long; the journal keeps at "
                "most {most}. Shorten it and save again."
            ).format(where=where, length=len(value), most=MAX_TEXT)
        )
    return value


def _whole(where: str, value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerError(
            _(
                "{where}: {what} must be a whole number from {low} to {high}, found {value!r}."
            ).format(where=where, what=what, low=low, high=high, value=value)
        )
    return value


def _validate_delegation(content: Content, item: str, value: object) -> int:
    if item not in {s.id for s in content.scenarios}:
        raise AnswerError(_("Unknown delegation scenario {item!r}.").format(item=item))
    return _whole(
        _("Scenario '{item}'").format(item=item),
        value,
        1,
        len(content.levels),
        _("the delegation level"),
    )


def _validate_ratings(content: Content, item: str, value: object) -> dict[str, str]:
    if item not in {s.id for s in content.scenarios}:
        raise AnswerError(_("Unknown delegation scenario {item!r}.").format(item=item))
    try:
        ratings = parse_ratings(value)
    except AnswerError as exc:
        raise AnswerError(
            _("Scenario '{item}': {problem}").format(item=item, problem=exc)
        ) from None
    return {name: rating.value for name, rating in ratings.items()}


def _validate_balance(content: Content, item: str, value: object) -> Any:
    if item == "situation":
        if value not in {s.id for s in content.situations}:
            known = ", ".join(s.id for s in content.situations)
            raise AnswerError(
                _("Unknown situation {value!r}; the course has: {known}.").format(
                    value=value, known=known
                )
            )
        return value
    if item == "share":
        check_share(value)
        return value
    raise AnswerError(
        _("The balance exercise saves 'situation' and 'share', not {item!r}.").format(item=item)
    )


def _validate_time_audit(item: str, value: object) -> Any:
    """The time audit: the week's activities (checked by leadlib.time_audit) and the
    week's Monday."""
    if item == "activities":
        return [a.as_json() for a in parse_activities(value)]
    if item == "week":
        return check_date(value, _("Time audit week")).isoformat()
    raise AnswerError(
        _("The time audit saves 'activities' and 'week', not {item!r}.").format(item=item)
    )


def _validate_checkins(item: str, value: object) -> Any:
    """The plan's check-ins: the supporter's name and the start date."""
    if item == "supporter":
        return check_supporter(value)
    if item == "start":
        return check_date(value, _("Check-ins start date")).isoformat()
    raise AnswerError(
        _("The check-ins save 'supporter' and 'start', not {item!r}.").format(item=item)
    )


def _validate_reflection(content: Content, item: str, value: object) -> str:
    """A reflection: a text, saved per notebook."""
    notebook_ids = {n.id for n in content.notebooks}
    if item not in notebook_ids:
        raise AnswerError(
            _("Unknown notebook {item!r}: expected one of {known}.").format(
                item=item, known=", ".join(notebook_ids)
            )
        )
    return _text(_("Reflection for {notebook}").format(notebook=item), value)


def _validate_vision(content: Content, item: str, value: object) -> Any:
    """The vision exercise: the draft ('statement'), the learner's own ratings of it
    ('ratings') and the rewrite ('rewrite')."""
    if item == VISION_STATEMENT:
        return _text(_("Vision statement"), value)
    if item == VISION_REWRITE:
        return _text(_("Rewritten vision statement"), value)
    if item == VISION_RATINGS:
        return check_ratings(content, value)
    raise AnswerError(
        _("The vision exercise saves 'statement', 'ratings' and 'rewrite', not {item!r}.").format(
            item=item
        )
    )


def _validate_plan(content: Content, item: str, value: object) -> Any:
    if item == "focus":
        return _validate_focus(content, value)
    if item == "actions":
        return _validate_actions(value)
    if item == "target_date":
        return _validate_target_date(value)
    if item == "measure":
        return _text(_("Plan measure of success"), value)
    raise AnswerError(
        _("The plan saves 'focus', 'actions', 'target_date' and 'measure', not {item!r}.").format(
            item=item
        )
    )


def _validate_focus(content: Content, value: object) -> list[str]:
    low, high = FOCUS_RANGE
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise AnswerError(
            _("Plan focus: expected a list of trait ids, found {value!r}.").format(value=value)
        )
    traits = {t.id for t in content.traits}
    unknown = [t for t in value if not isinstance(t, str) or t not in traits]
    if unknown:
        known = ", ".join(sorted(traits))
        raise AnswerError(
            _("Plan focus: unknown trait {trait!r}; choose from {known}.").format(
                trait=unknown[0], known=known
            )
        )
    if len(set(value)) != len(value):
        raise AnswerError(_("Plan focus: a trait is chosen twice; choose each trait once."))
    if not low <= len(value) <= high:
        raise AnswerError(
            _("Plan focus: choose {low} to {high} traits to develop, found {count}.").format(
                low=low, high=high, count=len(value)
            )
        )
    return list(value)


def _validate_actions(value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise AnswerError(
            _("Plan actions: expected a list of texts, found {value!r}.").format(value=value)
        )
    if len(value) > MAX_ACTIONS:
        raise AnswerError(
            _(
                "Plan actions: {count} actions; a plan keeps at most {most}. "
                "Keep the ones that matter most."
            ).format(count=len(value), most=MAX_ACTIONS)
        )
    return [
        _text(_("Plan action {number}").format(number=i), a) for i, a in enumerate(value, start=1)
    ]


def _validate_target_date(value: object) -> str:
    if isinstance(value, str) and _DATE_RE.match(value):
        with contextlib.suppress(ValueError):
            date.fromisoformat(value)
            return value
    raise AnswerError(
        _(
            "Plan target date: expected a date written YYYY-MM-DD, such as "
            "2026-03-31, found {value!r}."
        ).format(value=value)
    )


__all__ = [
    "BALANCE",
    "CHECKINS",
    "DELEGATION",
    "DELEGATION_RATINGS",
    "EXERCISES",
    "FOCUS_RANGE",
    "MAX_ACTIONS",
    "MAX_TEXT",
    "PLAN",
    "QUIZ",
    "REFLECTION",
    "SELF_ASSESSMENT",
    "SELF_ASSESSMENT_ROUNDS",
    "SELF_CHECK",
    "TIME_AUDIT",
    "VISION",
    "VISION_RATINGS",
    "VISION_REWRITE",
    "VISION_STATEMENT",
    "check_exercise",
    "validate_answer",
]
