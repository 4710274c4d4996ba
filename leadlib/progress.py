"""Progress over time: rounds of the self-assessment and what changed between two.

A round is a dated set of self-assessment answers. The journal keeps the current
answers under the self-assessment as before (notebook 03 and the profile in 03 and 06
read them), and each finished round under ``self_assessment_rounds``: item the round's
number ("1", "2", ...), value ``{"date": "YYYY-MM-DD", "answers": {statement: 1-5}}``.
Starting a new round keeps the current answers as the next numbered round and then
clears them, so the questionnaire is answered afresh, not nudged by last time's ticks.

What counts as change: a trait's score moves in steps of 100 / (statements answered x
(scale points - 1)), 6.25 points with four statements on a 1-5 scale: one answer one
step up or down. Each round is only that precise, and a difference of two rounds
carries the error of both, so a change is claimed only from ``scoring.CLAIM_STEPS``
steps on (two: 12.5 points with four statements), the same rule as the profile's
strongest and weakest traits and the others' view; smaller moves read "about the same".

Pure functions over ``Content`` and ``leadlib.scoring``; must not import matplotlib,
ipywidgets, nbconvert, sqlite3 or the journal.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .balance import share_text
from .errors import AnswerError
from .i18n import _, ngettext
from .models import Content, Family
from .scoring import CLAIM_STEPS, check_answer, item_score, trait_score

#: Most rounds kept (a retake every month for eight years).
MAX_ROUNDS = 100
_ROUND_ITEM = re.compile(r"^[1-9][0-9]{0,2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPSILON = 1e-9


@dataclass(frozen=True)
class Round:
    """One round: its number (0 for the current answers, not yet kept as a round),
    the day it was answered and the answers (statement id -> 1-5)."""

    number: int
    taken_on: date
    answers: Mapping[str, int]

    @property
    def current(self) -> bool:
        return self.number == 0

    def label(self) -> str:
        if self.current:
            return _("Now ({day})").format(day=self.taken_on.isoformat())
        return _("Round {number} ({day})").format(number=self.number, day=self.taken_on.isoformat())


def check_date(value: object, where: str) -> date:
    """A date written YYYY-MM-DD, else AnswerError naming ``where``."""
    if isinstance(value, str) and _DATE.match(value):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    raise AnswerError(
        _(
            "{where}: expected a date written YYYY-MM-DD, such as 2026-03-31, found {value!r}."
        ).format(where=where, value=value)
    )


def check_round(content: Content, item: object, value: object) -> dict[str, Any]:
    """A round as the journal stores it; AnswerError naming the round and the problem."""
    if not isinstance(item, str) or not _ROUND_ITEM.match(item) or int(item) > MAX_ROUNDS:
        raise AnswerError(
            _("Self-assessment rounds are numbered 1 to {most}, found {item!r}.").format(
                most=MAX_ROUNDS, item=item
            )
        )
    where = _("Self-assessment round {number}").format(number=item)
    if not isinstance(value, Mapping) or set(value) != {"date", "answers"}:
        raise AnswerError(
            _("{where}: expected a date and the answers, found {value!r}.").format(
                where=where, value=value if not isinstance(value, Mapping) else sorted(value)
            )
        )
    day = check_date(value["date"], where)
    answers = value["answers"]
    if not isinstance(answers, Mapping) or not answers:
        raise AnswerError(
            _("{where}: a round holds at least one answer, found {value!r}.").format(
                where=where, value=answers
            )
        )
    checked = {}
    for statement, answer in answers.items():
        try:
            checked[statement] = check_answer(content, statement, answer)
        except AnswerError as exc:
            raise AnswerError(_("{where}: {problem}").format(where=where, problem=exc)) from None
    return {"date": day.isoformat(), "answers": checked}


def rounds_from(
    content: Content,
    kept: Mapping[str, Any],
    current: Mapping[str, Any],
    current_date: date,
) -> list[Round]:
    """Every round in order: the kept ones (``self_assessment_rounds`` answers; an
    invalid one is skipped) and, when there are current answers, the current round
    dated ``current_date`` (the day of its latest answer)."""
    rounds = []
    for item, value in kept.items():
        try:
            checked = check_round(content, item, value)
        except AnswerError:
            continue
        rounds.append(
            Round(int(item), date.fromisoformat(checked["date"]), dict(checked["answers"]))
        )
    rounds.sort(key=lambda r: r.number)
    now = _valid_answers(content, current)
    if now:
        rounds.append(Round(0, current_date, now))
    return rounds


def _valid_answers(content: Content, answers: Mapping[str, Any]) -> dict[str, int]:
    valid = {}
    for statement, answer in answers.items():
        with contextlib.suppress(AnswerError):
            valid[statement] = check_answer(content, statement, answer)
    return valid


def next_round(
    content: Content, kept: Mapping[str, Any], current: Mapping[str, Any], taken_on: date
) -> tuple[str, dict[str, Any]]:
    """The journal item and value that keep ``current`` as the next round, dated
    ``taken_on``; AnswerError when there is nothing to keep or no room."""
    answers = _valid_answers(content, current)
    if not answers:
        raise AnswerError(
            _(
                "There are no self-assessment answers to keep as a round yet: answer the "
                "self-assessment (notebook 03) first."
            )
        )
    numbers = [int(i) for i in kept if isinstance(i, str) and _ROUND_ITEM.match(i)]
    number = max(numbers, default=0) + 1
    if number > MAX_ROUNDS:
        raise AnswerError(_("The journal keeps at most {most} rounds.").format(most=MAX_ROUNDS))
    value = {"date": taken_on.isoformat(), "answers": answers}
    return str(number), check_round(content, str(number), value)


@dataclass(frozen=True)
class TraitChange:
    """One trait between two rounds: the scores (None when not answered in a round),
    the step (precision) of the comparison and the change when it exceeds it."""

    trait_id: str
    name: str
    family: Family
    then: float | None
    now: float | None
    step: float

    @property
    def difference(self) -> float | None:
        if self.then is None or self.now is None:
            return None
        return self.now - self.then

    @property
    def changed(self) -> bool:
        """True when the difference reaches ``CLAIM_STEPS`` steps (see the module
        docstring)."""
        diff = self.difference
        return diff is not None and abs(diff) >= CLAIM_STEPS * self.step - _EPSILON

    def words(self) -> str:
        diff = self.difference
        if diff is None:
            return _("{trait}: not answered in both rounds").format(trait=self.name)
        if not self.changed:
            return _("{trait}: about the same ({then} then, {now} now)").format(
                trait=self.name, then=share_text(self.then or 0), now=share_text(self.now or 0)
            )
        return _("{trait}: {direction} {points} points ({then} then, {now} now)").format(
            trait=self.name,
            direction=_("up") if diff > 0 else _("down"),
            points=share_text(abs(diff)),
            then=share_text(self.then or 0),
            now=share_text(self.now or 0),
        )


def _keyed(content: Content, trait_id: str, answers: Mapping[str, int]) -> list[int]:
    return [
        item_score(content, s.id, answers[s.id])
        for s in content.statements_for(trait_id)
        if s.id in answers
    ]


def compare_rounds(content: Content, then: Round, now: Round) -> list[TraitChange]:
    """Each trait's score in both rounds, in course order, with the comparison's step:
    100 / (fewest statements answered in either round x (scale points - 1))."""
    span = content.scale.max - content.scale.min
    changes = []
    for trait in content.traits:
        before = _keyed(content, trait.id, then.answers)
        after = _keyed(content, trait.id, now.answers)
        answered = min(len(before), len(after))
        step = 100.0 / (answered * span) if answered else 100.0
        changes.append(
            TraitChange(
                trait.id,
                trait.name,
                trait.family,
                trait_score(content, before),
                trait_score(content, after),
                step,
            )
        )
    return changes


def progress_message(then: Round, now: Round, changes: list[TraitChange]) -> str:
    """What changed between two rounds, in one paragraph."""
    moved = [c for c in changes if c.changed]
    steps = sorted({round(c.step, 2) for c in changes if c.difference is not None})
    gap = f"{CLAIM_STEPS * steps[0]:g}" if steps else f"{CLAIM_STEPS * 6.25:g}"
    head = _("From {then} to {now}:").format(then=then.label(), now=now.label())
    if not moved:
        return (
            head
            + " "
            + _(
                "no trait moved by {steps} answer steps ({gap} points) or more, the "
                "smallest change the course claims: about the same everywhere."
            ).format(steps=CLAIM_STEPS, gap=gap)
        )
    listed = "; ".join(c.words() for c in moved)
    return (
        head
        + " "
        + ngettext(
            "{count} trait moved by {steps} answer steps ({gap} points) or more: {list}.",
            "{count} traits moved by {steps} answer steps ({gap} points) or more: {list}.",
            len(moved),
        ).format(count=len(moved), steps=CLAIM_STEPS, gap=gap, list=listed)
        + " "
        + _("The others are within the questionnaire's precision: about the same.")
    )


__all__ = [
    "MAX_ROUNDS",
    "Round",
    "TraitChange",
    "check_date",
    "check_round",
    "compare_rounds",
    "next_round",
    "progress_message",
    "rounds_from",
]
