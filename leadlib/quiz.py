"""The course's checks: the classify-the-behaviour quiz (notebook 01) and the self-check
questions that end each notebook. Both teach the same way: a wrong first answer gets
feedback on that very answer and one more try; the answer shows only after the second
wrong try; the score counts first tries only. Also the per-learner order of a
self-check's options, stable for that learner.

Pure functions; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .content import QUIZ_ANSWERS
from .errors import AnswerError
from .i18n import N_, _
from .models import Content, QuizItem, SelfCheck

#: Tries per question: the first, and one retry before the answer shows.
MAX_ATTEMPTS = 2
#: How each answer reads in a sentence ("this one is management") and as a label.
ANSWER_WORDS = {
    "leadership": N_("leadership"),
    "management": N_("management"),
    "both": N_("both"),
}
ANSWER_LABELS = {
    "leadership": N_("Leadership"),
    "management": N_("Management"),
    "both": N_("Both"),
}
#: What a wrong first answer in the quiz gets: the question that answer should raise.
RETRY_HINTS = {
    "leadership": N_(
        "Leadership is direction, alignment and motivation: coping with change. Is that "
        "what this behaviour is mainly for?"
    ),
    "management": N_(
        "Management is plans, roles, processes and control: order in a complex operation. "
        "Is that what this behaviour is mainly for?"
    ),
    "both": N_(
        "'Both' fits when a behaviour plainly does both jobs at once. Does this one, or is "
        "one of them the point?"
    ),
}
#: The kinds of response to a try.
RIGHT, RETRY, REVEALED = "right", "retry", "revealed"

T = TypeVar("T")


def answer_word(answer: str) -> str:
    """A quiz answer as a word in the current language ("management")."""
    return _(ANSWER_WORDS[answer]) if answer in ANSWER_WORDS else answer


def answer_label(answer: str) -> str:
    """A quiz answer as a label in the current language ("Management")."""
    return _(ANSWER_LABELS[answer]) if answer in ANSWER_LABELS else answer.capitalize()


# --------------------------------------------------------------------------- attempts


def attempts(stored: object) -> tuple[Any, ...]:
    """A saved answer as its tries, first first. Answers are saved as the list of tries;
    an older journal saved one value (the last click), read here as a single try."""
    if stored is None:
        return ()
    if isinstance(stored, (list, tuple)):
        return tuple(stored)
    return (stored,)


def first_attempt(stored: object) -> Any:
    """The first try of a saved answer, or None."""
    tries = attempts(stored)
    return tries[0] if tries else None


def settled(tries: Sequence[object], right: object) -> bool:
    """True once the question is over: answered right, or the last try used up."""
    return bool(tries) and (tries[-1] == right or len(tries) >= MAX_ATTEMPTS)


def add_attempt(tries: Sequence[T], given: T, right: T) -> tuple[T, ...] | None:
    """The tries after choosing ``given``, or None when nothing changes: the question is
    settled already (a later choice is for reading feedback and counts for nothing), or
    ``given`` is the try just made."""
    if settled(tries, right) or (tries and tries[-1] == given):
        return None
    return (*tries, given)


def check_attempts(where: str, tries: Sequence[object], right: object) -> None:
    """AnswerError unless ``tries`` is a possible sequence of tries: one to MAX_ATTEMPTS,
    none repeated, none after the right answer."""
    if not 1 <= len(tries) <= MAX_ATTEMPTS:
        raise AnswerError(
            _("{where}: expected 1 to {most} tries, found {count}.").format(
                where=where, most=MAX_ATTEMPTS, count=len(tries)
            )
        )
    if len(set(map(repr, tries))) != len(tries):
        raise AnswerError(
            _("{where}: the same answer is given twice ({tries!r}).").format(
                where=where, tries=list(tries)
            )
        )
    if right in tries[:-1]:
        raise AnswerError(
            _("{where}: a try after the right answer ({tries!r}); the question ends there.").format(
                where=where, tries=list(tries)
            )
        )


@dataclass(frozen=True)
class Score:
    """First tries right, out of the questions answered and of all questions."""

    correct: int
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


#: The quiz's score (the name other modules import).
QuizScore = Score


@dataclass(frozen=True)
class Response:
    """What a try gets: ``kind`` (RIGHT, RETRY or REVEALED) and the message to show."""

    kind: str
    message: str

    @property
    def correct(self) -> bool:
        return self.kind == RIGHT


# --------------------------------------------------------------------------- the quiz


@dataclass(frozen=True)
class QuizFeedback:
    item: QuizItem
    given: str
    correct: bool

    @property
    def message(self) -> str:
        """The feedback once the item is settled: right, or the answer and its reason."""
        if self.correct:
            return _("Right. {reason}").format(reason=self.item.reason)
        return _("Not quite: this one is {answer}. {reason}").format(
            answer=answer_word(self.item.answer), reason=self.item.reason
        )


def check(content: Content, item_id: object, given: object) -> QuizFeedback:
    """Feedback on one answer; raises AnswerError for an unknown item or answer."""
    items = {q.id: q for q in content.quiz}
    if not isinstance(item_id, str) or item_id not in items:
        raise AnswerError(
            _(
                "Unknown quiz item {id!r}: it is not one of the {count} quiz items in quiz.toml."
            ).format(id=item_id, count=len(items))
        )
    if given not in QUIZ_ANSWERS:
        raise AnswerError(
            _("Quiz item '{id}': the answer must be one of {answers}, found {given!r}.").format(
                id=item_id, answers=", ".join(QUIZ_ANSWERS), given=given
            )
        )
    item = items[str(item_id)]
    return QuizFeedback(item, str(given), item.answer == given)


def check_quiz_answer(content: Content, item_id: object, stored: object) -> str | list[str]:
    """A quiz answer as the journal stores it: one answer (an older journal's form) or
    the list of tries. Raises AnswerError when it is not valid."""
    if not isinstance(stored, (list, tuple)):
        return check(content, item_id, stored).given
    tries = [check(content, item_id, given).given for given in stored]
    item = next(q for q in content.quiz if q.id == item_id)
    check_attempts(_("Quiz item '{id}'").format(id=item_id), tries, item.answer)
    return tries


def respond(content: Content, item_id: object, tries: Sequence[object]) -> Response:
    """The feedback on the last of ``tries`` at a quiz item: right; wrong with a question
    to think about and one more try; or, after the last try, the answer and its reason."""
    if not tries:
        raise AnswerError(_("Quiz item {id!r}: no answer given yet.").format(id=item_id))
    result = check(content, item_id, tries[-1])
    if result.correct:
        if len(tries) == 1:
            return Response(RIGHT, result.message)
        return Response(
            RIGHT, _("Right, on the second try. {reason}").format(reason=result.item.reason)
        )
    if len(tries) < MAX_ATTEMPTS:
        return Response(
            RETRY,
            _("Not quite. {hint} Try once more.").format(hint=_(RETRY_HINTS[result.given])),
        )
    return Response(REVEALED, result.message)


def grade(content: Content, answers: Mapping[str, object]) -> Score:
    """Score the quiz on first tries. ``answers`` maps item ids to saved answers: the
    list of tries, or a single answer (read as the first try)."""
    feedback = [check(content, i, first_attempt(a)) for i, a in answers.items()]
    return Score(sum(f.correct for f in feedback), len(feedback), len(content.quiz))


# --------------------------------------------------------------------------- self-checks


def option_order(check: SelfCheck, seed: str = "") -> tuple[int, ...]:
    """The order in which a learner sees ``check``'s options, as positions in
    ``check.options``. The same ``seed`` (made from something stable in the learner's
    journal) always gives the same order, and so does the same text on any machine and
    Python version; another seed usually another order. The printed form, the same for
    everyone, has its own order: ``printed_order``."""

    def key(position: int) -> bytes:
        return _digest(seed, check.id, position)

    return tuple(sorted(range(len(check.options)), key=key))


def _digest(seed: str, check_id: str, position: int) -> bytes:
    return hashlib.sha256(f"{seed}\x1f{check_id}\x1f{position}".encode()).digest()


def printed_order(content: Content, check: SelfCheck) -> tuple[int, ...]:
    """The order of ``check``'s options on paper and in the static form: the same for
    everyone, on any machine. Across the course's questions (in course order) the right
    answer stands in each place about equally often: each question puts it in a place
    used least so far (ties broken by a digest of the question's id, so it follows no
    visible cycle); the wrong options fill the other places in a mixed order. Adding or
    moving a question can change the places of the questions after it."""
    return printed_orders(content)[check.id]


def printed_orders(content: Content) -> dict[str, tuple[int, ...]]:
    """``printed_order`` of every self-check question of the course, by question id."""
    used: dict[int, int] = {}
    orders: dict[str, tuple[int, ...]] = {}
    for notebook in content.notebooks:
        for check in notebook.self_checks:
            places = range(len(check.options))
            least = min(used.get(p, 0) for p in places)
            place = min(
                (p for p in places if used.get(p, 0) == least),
                key=lambda p: _digest("printed", check.id, p),
            )
            used[place] = used.get(place, 0) + 1
            wrong = [i for i in option_order(check) if i != check.answer]
            orders[check.id] = (*wrong[:place], check.answer, *wrong[place:])
    return orders


def learner_seed(participant_code: str) -> str:
    """The seed of a learner's option order, from their journal's participant code (a
    digest: the order does not reveal the code)."""
    return hashlib.sha256(f"leadlib-option-order\x1f{participant_code}".encode()).hexdigest()


def check_self_check_answer(content: Content, check_id: object, stored: object) -> list[int]:
    """A self-check answer as the journal stores it: the list of tries, each the position
    of the chosen option in the question's options. Raises AnswerError when not valid."""
    check = content.self_check(check_id)
    if check is None:
        known = ", ".join(c.id for n in content.notebooks for c in n.self_checks)
        raise AnswerError(
            _("Unknown self-check question {id!r}; the course has: {known}.").format(
                id=check_id, known=known
            )
        )
    where = _("Self-check '{id}'").format(id=check.id)
    if isinstance(stored, (str, bytes)) or not isinstance(stored, (list, tuple)):
        raise AnswerError(
            _("{where}: expected the list of tries (option positions), found {value!r}.").format(
                where=where, value=stored
            )
        )
    last = len(check.options) - 1
    for position in stored:
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= last:
            raise AnswerError(
                _(
                    "{where}: each try must be an option's position from 0 to {last}, "
                    "found {value!r}."
                ).format(where=where, last=last, value=position)
            )
    check_attempts(where, stored, check.answer)
    return list(stored)


def respond_check(check: SelfCheck, tries: Sequence[int]) -> Response:
    """The feedback on the last of ``tries`` at a self-check question: right, with why;
    wrong, with why that option does not hold and one more try; or, after the last
    try, that option's feedback and the answer with its explanation."""
    if not tries:
        raise AnswerError(_("Self-check '{id}': no answer given yet.").format(id=check.id))
    chosen = check.options[tries[-1]]
    if chosen.right:
        if len(tries) == 1:
            return Response(RIGHT, _("Right. {why}").format(why=chosen.feedback))
        return Response(RIGHT, _("Right, on the second try. {why}").format(why=chosen.feedback))
    if len(tries) < MAX_ATTEMPTS:
        return Response(RETRY, _("Not quite. {why} Try once more.").format(why=chosen.feedback))
    right = check.options[check.answer]
    return Response(
        REVEALED,
        _("Not quite. {why} The answer is \u201c{answer}\u201d: {explanation}").format(
            why=chosen.feedback, answer=right.text, explanation=right.feedback
        ),
    )


def review_option(check: SelfCheck, position: int) -> str:
    """What an option says once the question is settled (choosing it changes nothing)."""
    option = check.options[position]
    if option.right:
        return _("This is the answer. {why}").format(why=option.feedback)
    return _("Not this one: {why}").format(why=option.feedback)


def grade_checks(checks: Sequence[SelfCheck], saved: Mapping[str, object]) -> Score:
    """Score self-check questions on first tries; ``saved`` maps question ids to the
    saved tries (anything else, such as an older journal's answer, counts as not
    answered)."""
    correct = answered = 0
    for check in checks:
        first = first_attempt(saved.get(check.id))
        if isinstance(first, int) and not isinstance(first, bool):
            answered += 1
            correct += first == check.answer
    return Score(correct, answered, len(checks))
