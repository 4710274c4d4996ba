"""The vision rubric's rules: the rating scale a learner uses on their own statement,
the check of saved ratings, and what to work on in the rewrite. The criteria and the
good and weak examples are course data (``vision.toml``, loaded into ``Content.vision``).

Nothing here judges a statement's text: a program that looks for words ticks an empty
sentence ("We will be the best team in the company, and every member will be proud of it
next year") as readily as a useful one. The learner rates; the course only reports the
word count, a fact.

Pure functions; must not import ipywidgets, matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import AnswerError
from .i18n import N_, _, ngettext
from .models import Content, VisionCriterion

_WORD = re.compile(r"[\w'-]+")

#: The items the vision exercise saves: the draft, the learner's ratings of it, the rewrite.
VISION_STATEMENT, VISION_RATINGS, VISION_REWRITE = "statement", "ratings", "rewrite"
#: The rating scale, best first, with its labels (translated where shown).
RATINGS = ("yes", "partly", "not_yet")
RATING_LABELS = {"yes": N_("Yes"), "partly": N_("Partly"), "not_yet": N_("Not yet")}


def rating_label(rating: str) -> str:
    """A rating as a label in the current language."""
    return _(RATING_LABELS[rating]) if rating in RATING_LABELS else rating


def word_count(text: str) -> int:
    """The number of words in ``text`` (letters, digits, apostrophes and hyphens)."""
    return len(_WORD.findall(text))


def draft_note(text: str) -> str:
    """What the course says about a draft by itself: its length in words, no verdict."""
    count = word_count(text)
    return ngettext("Your draft has {count} word.", "Your draft has {count} words.", count).format(
        count=count
    )


def check_ratings(content: Content, value: object) -> dict[str, str]:
    """The learner's ratings as the journal stores them (criterion id -> rating); raises
    AnswerError naming the problem."""
    if not isinstance(value, Mapping):
        raise AnswerError(
            _("Vision ratings: expected criterion -> rating pairs, found {value!r}.").format(
                value=value
            )
        )
    ratings: dict[str, str] = {}
    for key, rating in value.items():
        if content.vision.criterion(key) is None:
            known = ", ".join(c.id for c in content.vision.criteria)
            raise AnswerError(
                _("Vision ratings: unknown criterion {key!r}; the rubric has {known}.").format(
                    key=key, known=known
                )
            )
        if rating not in RATINGS:
            raise AnswerError(
                _("Vision ratings: '{key}' is rated {rating!r}; use one of {ratings}.").format(
                    key=key, rating=rating, ratings=", ".join(RATINGS)
                )
            )
        ratings[str(key)] = str(rating)
    return ratings


def to_work_on(content: Content, ratings: Mapping[str, str]) -> list[VisionCriterion]:
    """The criteria the learner rated below "yes", those rated "not yet" first, in the
    rubric's order within each."""
    order = {"not_yet": 0, "partly": 1}
    below = [c for c in content.vision.criteria if ratings.get(c.id) in order]
    return sorted(below, key=lambda c: order[ratings[c.id]])


def rating_summary(content: Content, ratings: Mapping[str, str]) -> str:
    """The learner's own ratings read back in plain words, pointing the rewrite at the
    criteria rated lowest. It repeats the learner's judgement; it adds none."""
    total = len(content.vision.criteria)
    rated = sum(1 for c in content.vision.criteria if c.id in ratings)
    if rated < total:
        return _(
            "Rate your draft on every criterion, then rewrite it ({left} of {total} still to rate)."
        ).format(left=total - rated, total=total)
    weak = to_work_on(content, ratings)
    if not weak:
        return _(
            "You rated your draft 'yes' on every criterion. Test that: read it to a colleague "
            "from another team and ask what your team will do differently. Rewrite whatever "
            "they could not tell."
        )
    return _("In your rewrite, work first on: {criteria}.").format(
        criteria="; ".join(c.label for c in weak)
    )
