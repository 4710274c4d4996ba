"""Grade the classify-the-behaviour quiz.

Pure functions; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .content import QUIZ_ANSWERS
from .errors import AnswerError
from .models import Content, QuizItem


@dataclass(frozen=True)
class QuizFeedback:
    item: QuizItem
    given: str
    correct: bool

    @property
    def message(self) -> str:
        head = "Right." if self.correct else f"Not quite: this one is {self.item.answer}."
        return f"{head} {self.item.reason}"


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
            f"Unknown quiz item {item_id!r}: it is not one of the {len(items)} quiz items "
            "in quiz.toml."
        )
    if given not in QUIZ_ANSWERS:
        raise AnswerError(
            f"Quiz item '{item_id}': the answer must be one of "
            f"{', '.join(QUIZ_ANSWERS)}, found {given!r}."
        )
    item = items[str(item_id)]
    return QuizFeedback(item, str(given), item.answer == given)


def grade(content: Content, answers: Mapping[str, str]) -> QuizScore:
    """Score a set of answers (item id -> 'leadership' | 'management' | 'both')."""
    feedback = [check(content, i, a) for i, a in answers.items()]
    return QuizScore(sum(f.correct for f in feedback), len(feedback), len(content.quiz))
