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
from ..my_board import board_to_json, check_board
from ..progress import check_date, check_round
from ..quiz import check_quiz_answer, check_self_check_answer
from ..rater_callouts import check_robust
from ..raters import PACK_RE, RESPONSE_RE, check_first_name, counted_traits
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
#: The learner's own delegation board (notebook 08): one item, BOARD_ITEM, whose value
#: is the list of the learner's decisions (see ``leadlib.my_board.check_board``).
MY_BOARD = "my_board"
BOARD_ITEM = "decisions"
#: The others' view (notebook 08): the learner's rater pack (item 'pack': its random id
#: and the optional first name shown to raters), the raters' imported answers (item: the
#: file's random response id; value: date, answers and the release that first counted
#: them), and what the view published (item 'release-001'...: the raters counted, the
#: date, k and the per-trait means). None of them is exported.
RATER_PACK = "rater_pack"
RATER_ANSWERS = "rater_answers"
OTHERS_VIEW = "others_view"
#: The time audit (notebook 08): item "activities" (a list of {"title", "hours", "tag",
#: "count"}, see leadlib.time_audit), "week" (the Monday, YYYY-MM-DD) and "wanted" (where
#: the learner wants to be, a leadership share 0-100). Titles and
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
    MY_BOARD,
    RATER_PACK,
    RATER_ANSWERS,
    OTHERS_VIEW,
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
    if exercise == MY_BOARD:
        return _validate_my_board(item, value)
    if exercise == RATER_PACK:
        return _validate_rater_pack(item, value)
    if exercise == RATER_ANSWERS:
        return _validate_rater_answers(content, item, value)
    if exercise == OTHERS_VIEW:
        return _validate_release(content, item, value)
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


def _validate_my_board(item: str, value: object) -> list[dict[str, Any]]:
    """The learner's board: one item, the list of decisions (a draft may be incomplete)."""
    if item != BOARD_ITEM:
        raise AnswerError(
            _("Your delegation board saves '{expected}', not {item!r}.").format(
                expected=BOARD_ITEM, item=item
            )
        )
    return board_to_json(check_board(value))


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
    """The time audit: the week's activities (checked by leadlib.time_audit), the
    week's Monday and where the learner wants to be (a leadership share, 0-100)."""
    if item == "wanted":
        return check_share(value)
    if item == "activities":
        return [a.as_json() for a in parse_activities(value)]
    if item == "week":
        return check_date(value, _("Time audit week")).isoformat()
    raise AnswerError(
        _("The time audit saves 'activities', 'week' and 'wanted', not {item!r}.").format(item=item)
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


def _fields(where: str, value: object, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise AnswerError(
            _("{where}: expected an object, found {value!r}.").format(where=where, value=value)
        )
    missing = sorted(required - set(value))
    unknown = sorted(set(value) - required - optional)
    if missing or unknown:
        raise AnswerError(
            _("{where}: expected the fields {fields}, found {found}.").format(
                where=where, fields=", ".join(sorted(required)), found=", ".join(sorted(value))
            )
        )
    return value


def _validate_rater_pack(item: str, value: object) -> dict[str, Any]:
    if item != "pack":
        raise AnswerError(_("The rater pack saves 'pack', not {item!r}.").format(item=item))
    where = _("Rater pack")
    fields = _fields(where, value, {"id"}, {"first_name"})
    if not isinstance(fields["id"], str) or not PACK_RE.match(fields["id"]):
        raise AnswerError(
            _("{where}: the id {value!r} is not a pack id such as R-7K3Q9XW2MD.").format(
                where=where, value=fields["id"]
            )
        )
    return {"id": fields["id"], "first_name": check_first_name(fields.get("first_name"))}


def _validate_rater_answers(content: Content, item: str, value: object) -> dict[str, Any]:
    if not RESPONSE_RE.match(item):
        raise AnswerError(
            _("Rater answers: {item!r} is not a rater file's response id.").format(item=item)
        )
    where = _("Rater answers {item}").format(item=item)
    fields = _fields(where, value, {"pack", "date", "answers"}, {"release", "counted"})
    if not isinstance(fields["pack"], str) or not PACK_RE.match(fields["pack"]):
        raise AnswerError(_("{where}: 'pack' must be a pack id.").format(where=where))
    day = fields["date"]
    if not (isinstance(day, str) and _DATE_RE.match(day)):
        raise AnswerError(_("{where}: the date must be YYYY-MM-DD.").format(where=where))
    answers = fields["answers"]
    if not isinstance(answers, dict):
        raise AnswerError(
            _("{where}: 'answers' must be an object of statement id -> answer.").format(where=where)
        )
    checked = {sid: check_answer(content, sid, answer) for sid, answer in answers.items()}
    if not counted_traits(content, checked):
        raise AnswerError(
            _(
                "{where}: the answers count for no trait (a rater counts for a trait after "
                "answering all but one of its statements)."
            ).format(where=where)
        )
    out: dict[str, Any] = {"pack": fields["pack"], "date": day, "answers": checked}
    if fields.get("release") is not None or fields.get("counted") is not None:
        # The release that first counted this rater, and how many raters it counted.
        out["release"] = _whole(where, fields.get("release"), 1, 999, _("the release"))
        out["counted"] = _whole(where, fields.get("counted"), 1, 10_000, _("the count"))
    return out


def _validate_release(content: Content, item: str, value: object) -> dict[str, Any]:
    if not re.fullmatch(r"release-\d{3}", item):
        raise AnswerError(
            _("The others' view saves releases named like 'release-001', not {item!r}.").format(
                item=item
            )
        )
    where = _("Others' view {item}").format(item=item)
    fields = _fields(where, value, {"pack", "raters", "date", "k", "traits"}, {"robust"})
    if not isinstance(fields["pack"], str) or not PACK_RE.match(fields["pack"]):
        raise AnswerError(_("{where}: 'pack' must be a pack id.").format(where=where))
    raters = fields["raters"]
    if (
        not isinstance(raters, list)
        or not all(isinstance(r, str) and RESPONSE_RE.match(r) for r in raters)
        or len(set(raters)) != len(raters)
    ):
        raise AnswerError(
            _("{where}: 'raters' must list distinct response ids.").format(where=where)
        )
    k = _whole(where, fields["k"], 1, max(len(raters), 1), _("k"))
    if not (isinstance(fields["date"], str) and _DATE_RE.match(fields["date"])):
        raise AnswerError(_("{where}: the date must be YYYY-MM-DD.").format(where=where))
    traits = fields["traits"]
    if not isinstance(traits, dict) or set(traits) != {t.id for t in content.traits}:
        raise AnswerError(_("{where}: 'traits' must name every trait.").format(where=where))
    for trait, mean in traits.items():
        number = isinstance(mean, (int, float)) and not isinstance(mean, bool)
        if mean is not None and not (number and 0 <= mean <= 100):
            raise AnswerError(
                _("{where}: the mean of '{trait}' must be 0-100 or null.").format(
                    where=where, trait=trait
                )
            )
    out = {
        "pack": fields["pack"],
        "raters": list(raters),
        "date": fields["date"],
        "k": k,
        "traits": dict(traits),
    }
    if fields.get("robust") is not None:
        out["robust"] = check_robust(where, traits, fields["robust"])
    return out


__all__ = [
    "BALANCE",
    "BOARD_ITEM",
    "CHECKINS",
    "DELEGATION",
    "DELEGATION_RATINGS",
    "EXERCISES",
    "FOCUS_RANGE",
    "MAX_ACTIONS",
    "MAX_TEXT",
    "MY_BOARD",
    "OTHERS_VIEW",
    "PLAN",
    "QUIZ",
    "RATER_ANSWERS",
    "RATER_PACK",
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
