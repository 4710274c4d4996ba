"""Grade the classify-the-behaviour quiz.

Pure functions; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .content import QUIZ_ANSWERS
from .errors import AnswerError
from .i18n import N_, _
from .models import Content, QuizItem

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


def answer_word(answer: str) -> str:
    """A quiz answer as a word in the current language ("management")."""
    return _(ANSWER_WORDS[answer]) if answer in ANSWER_WORDS else answer


def answer_label(answer: str) -> str:
    """A quiz answer as a label in the current language ("Management")."""
    return _(ANSWER_LABELS[answer]) if answer in ANSWER_LABELS else answer.capitalize()


@dataclass(frozen=True)
class QuizFeedback:
    item: QuizItem
    given: str
    correct: bool

    @property
    def message(self) -> str:
        if self.correct:
            return _("Right. {reason}").format(reason=self.item.reason)
        return _("Not quite: this one is {answer}. {reason}").format(
            answer=answer_word(self.item.answer), reason=self.item.reason
        )


@dataclass(frozen=True)
class QuizScore:
    correct: int
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


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


def grade(content: Content, answers: Mapping[str, str]) -> QuizScore:
    """Score a set of answers (item id -> 'leadership' | 'management' | 'both')."""
    feedback = [check(content, i, a) for i, a in answers.items()]
    return QuizScore(sum(f.correct for f in feedback), len(feedback), len(content.quiz))
