"""My results: the learner's course on one printable page (notebook 08, ``ex.my_results()`` and
``leadlib my-results``): the profile with its precision, the others' view as last published, the
leadership and management grid, the own delegation board in short, the measured week against the
situation's band and the wanted split, the vision and the plan. A part not done yet says in one line
where to do it.

Two steps, kept apart: here ``gather`` reads every part from the journal's answers (one
place; a stored answer that no longer reads counts as not done) into ``Results``;
``leadlib.results_page`` renders a ``Results`` as a self-contained page (no script, no
link, no font or image from elsewhere; charts passed in as inline images with alt text).

Only what the others' view has already shown reaches the page: the last release it
recorded (``leadlib.raters.Release``), compared by ``rater_callouts.compare``; never the raters'
files, never a view the course has not shown yet.

Pure functions; must not import matplotlib, ipywidgets, nbconvert, plots or the journal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from .balance import check_share
from .errors import AnswerError
from .i18n import N_
from .models import Content, Situation
from .my_board import Decision, check_board
from .profile import NO_PROFILE_NOTE
from .progress import rounds_from
from .rater_callouts import Comparison, compare
from .raters import Release
from .scoring import Profile, score
from .time_audit import Activity, parse_activities
from .vision import VISION_REWRITE, VISION_STATEMENT

#: Where each missing part is done, one line each (translated where shown).
MISSING = {
    "profile": NO_PROFILE_NOTE,
    "others": N_(
        "Not shown yet: make a rater pack and import your raters' files in notebook 08, "
        "'How others see you'."
    ),
    "board": N_(
        "No delegation board yet: list your decisions in notebook 08, 'Your own delegation board'."
    ),
    "time": N_(
        "No time audit yet: list last week's activities in notebook 08, 'Where your week goes'."
    ),
    "wanted": N_("No 'where I want to be' yet: set it in notebook 08, 'Where your week goes'."),
    "vision": N_("No vision yet: write it in notebook 06, 'A vision for your team'."),
    "plan": N_("No development plan yet: build it in notebook 06, 'Your development plan'."),
}

#: The page's parts in order: the title, and what the part shows when it is done
#: (translated where shown; the static form lists them).
PARTS = (
    (
        "profile",
        N_("Your profile"),
        N_(
            "your self-assessment: both indices, each trait's score with its precision, "
            "your strongest and weakest traits and your place on the leadership and management "
            "grid (after Kotter; a chart)"
        ),
    ),
    (
        "others",
        N_("How others see you"),
        N_(
            "your raters' mean beside your own score per trait, with blind spots and hidden "
            "strengths, exactly as the others' view last showed it (only once it has)"
        ),
    ),
    (
        "time",
        N_("Where your week goes"),
        N_(
            "your measured week from the time audit against your situation's band and "
            "where you want to be, with your estimate from notebook 05 beside it, in words "
            "and as a chart"
        ),
    ),
    (
        "board",
        N_("Your delegation board"),
        N_("your own decisions in short: with whom, the level today and wanted, the review date"),
    ),
    ("vision", N_("Your vision for the team"), N_("your vision statement from notebook 06")),
    (
        "plan",
        N_("Your development plan"),
        N_("your focus traits, actions, target date and measure of success from notebook 06"),
    ),
)
TITLES = {key: title for key, title, _holds in PARTS}

#: The journal's exercises and items read here (the names of ``leadlib.journal.answers``,
#: repeated because the core must not import the journal; a test compares them).
SELF_ASSESSMENT = "self_assessment"
ROUNDS = "self_assessment_rounds"
MY_BOARD, BOARD_ITEM = "my_board", "decisions"
BALANCE = "balance"
TIME_AUDIT = "time_audit"
VISION = "vision"
PLAN = "plan"


class ChartImage(Protocol):
    """An inline image with its alt text (``leadlib.plots.Chart`` is one)."""

    alt: str

    def data_uri(self) -> str: ...


@dataclass(frozen=True)
class Results:
    """Everything the page shows, read from the journal. None (or empty) marks a part
    not done yet."""

    profile: Profile | None = None
    answered: int = 0
    round_date: date | None = None  # the kept round the profile comes from, if not current
    others: tuple[Comparison, ...] | None = None
    others_raters: int = 0
    others_date: str = ""
    board: tuple[Decision, ...] = ()
    situation: Situation | None = None
    wanted: float | None = None  # where I want to be: the time audit's slider
    estimate: float | None = None  # notebook 05's slider: the guessed split
    activities: tuple[Activity, ...] = ()
    week: str = ""
    vision: str = ""
    plan: Mapping[str, Any] = field(default_factory=dict)

    @property
    def audit_done(self) -> bool:
        return bool(self.activities)

    @property
    def plan_done(self) -> bool:
        return any(self.plan.get(k) for k in ("focus", "actions", "target_date", "measure"))

    def missing(self) -> list[str]:
        """The parts not done yet (keys of ``MISSING``), in page order."""
        done = {
            "profile": self.profile is not None,
            "others": self.others is not None,
            "board": bool(self.board),
            "time": self.audit_done,
            "wanted": self.wanted is not None,
            "vision": bool(self.vision),
            "plan": self.plan_done,
        }
        return [key for key, ok in done.items() if not ok]


def gather(
    content: Content,
    answers: Callable[[str], Mapping[str, Any]],
    release: Release | None,
    today: date,
) -> Results:
    """The results from the journal's saved ``answers`` (exercise -> item -> value) and
    the others' view's last recorded ``release`` (None: nothing published)."""
    rounds = rounds_from(content, answers(ROUNDS), answers(SELF_ASSESSMENT), today)
    profile, answered, round_date = None, 0, None
    if rounds:
        last = rounds[-1]
        found = score(content, last.answers)
        if found.leadership is not None or found.management is not None:
            profile, answered = found, len(last.answers)
            round_date = last.taken_on if last.number else None
    others = None
    if release is not None:
        own = profile.traits if profile is not None else {}
        others = tuple(compare(content, own, release))
    board: list[Decision] = []
    with contextlib.suppress(AnswerError):
        board = [d for d in check_board(answers(MY_BOARD).get(BOARD_ITEM) or []) if not d.blank]
    balance = answers(BALANCE)
    situations = {s.id: s for s in content.situations}
    situation = situations.get(str(balance.get("situation")))
    estimate = None
    with contextlib.suppress(AnswerError):
        estimate = check_share(balance["share"]) if "share" in balance else None
    audit = answers(TIME_AUDIT)
    wanted = None
    with contextlib.suppress(AnswerError):
        wanted = check_share(audit["wanted"]) if "wanted" in audit else None
    activities: list[Activity] = []
    with contextlib.suppress(AnswerError):
        activities = parse_activities(audit.get("activities") or [])
    if activities and situation is None:
        situation = content.situations[0]  # what the time audit shows until one is chosen
    vision_saved = answers(VISION)
    vision = next(
        (
            str(vision_saved[k]).strip()
            for k in (VISION_REWRITE, VISION_STATEMENT)
            if isinstance(vision_saved.get(k), str) and vision_saved[k].strip()
        ),
        "",
    )
    return Results(
        profile=profile,
        answered=answered,
        round_date=round_date,
        others=others,
        others_raters=len(release.raters) if release is not None else 0,
        others_date=release.date if release is not None else "",
        board=tuple(board),
        situation=situation,
        wanted=wanted,
        estimate=estimate,
        activities=tuple(activities),
        week=str(audit.get("week") or ""),
        vision=vision,
        plan=dict(answers(PLAN)),
    )


__all__ = [
    "MISSING",
    "PARTS",
    "TITLES",
    "ChartImage",
    "Results",
    "gather",
]
