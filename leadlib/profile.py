"""What a learner's profile says, in words: the sentences shown under the self-assessment,
in the profile view and wherever the profile is summed up, written once.

Pure functions over ``Content`` and a ``Profile``; must not import ipywidgets,
matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

from .models import Content, Family
from .scoring import Profile, strongest_and_weakest

#: Shown wherever the learner's own profile is needed but not there yet.
NO_PROFILE_NOTE = "Answer the self-assessment in notebooks 02 and 03 to see your own profile here."
#: Said in every view of the self-assessment and the profile.
REFLECTION_NOTE = (
    "This self-assessment is for reflection, not a validated measurement: use it to start "
    "a conversation with yourself and others, not to label anyone."
)


def strengths_line(content: Content, profile: Profile, family: Family | None = None) -> str:
    """The strongest and weakest traits (of ``family``, or of all), ties included; empty
    when none of them has a score yet."""
    top, bottom = strongest_and_weakest(content, profile, family)
    if not top:
        return ""
    names = {t.id: t.name for t in content.traits}
    if top == bottom:
        text = "your traits all scored the same."
    else:
        text = (
            f"strongest {', '.join(names[i] for i in top)}; "
            f"weakest {', '.join(names[i] for i in bottom)}."
        )
    return f"{family.label}: {text}" if family is not None else text[0].upper() + text[1:]


def indices_line(profile: Profile) -> str:
    """Both indices in one sentence; empty unless both are known."""
    if profile.leadership is None or profile.management is None:
        return ""
    return (
        f"Leadership index {profile.leadership:.0f}, management index "
        f"{profile.management:.0f} (of 100)."
    )


def kotter_line(profile: Profile) -> str:
    """Where the profile sits on Kotter's grid and what that means; empty unless both
    indices are known."""
    quadrant = profile.quadrant
    if quadrant is None:
        return ""
    return f"On Kotter's grid: {quadrant.label}. {quadrant.meaning}"


def summary_lines(content: Content, profile: Profile, answered: int) -> list[str]:
    """The whole profile in a few sentences: progress while answers are missing, both
    indices, the place on Kotter's grid, and the strongest and weakest traits of each
    family. ``answered`` is the number of valid answers the profile was scored from."""
    total = len(content.statements)
    if profile.leadership is None or profile.management is None:
        return [f"{NO_PROFILE_NOTE} ({answered} of {total} statements answered so far.)"]
    lines = []
    if not profile.complete:
        lines.append(
            f"{answered} of {total} statements answered: the picture is provisional "
            "until you answer them all."
        )
    lines += [indices_line(profile), kotter_line(profile)]
    lines += [strengths_line(content, profile, family) for family in Family]
    return [line for line in lines if line]
