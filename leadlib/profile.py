"""What a learner's profile says, in words: the sentences shown under the self-assessment,
in the profile view and wherever the profile is summed up, written once.

Pure functions over ``Content`` and a ``Profile``; must not import ipywidgets,
matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

from .i18n import N_, _, ngettext
from .models import Content, Family
from .scoring import (
    CLAIM_STEPS,
    GRID_NAME,
    STRONG_THRESHOLD,
    Profile,
    claim_gap,
    item_step,
    strongest_and_weakest,
)

#: Shown wherever the learner's own profile is needed but not there yet (translated
#: where shown: ``_(NO_PROFILE_NOTE)``).
NO_PROFILE_NOTE = N_(
    "Answer the self-assessment in notebooks 02 and 03 to see your own profile here."
)
#: Said in every view of the self-assessment and the profile (``_(REFLECTION_NOTE)``).
REFLECTION_NOTE = N_(
    "This self-assessment is for reflection, not a validated measurement: use it to start "
    "a conversation with yourself and others, not to label anyone."
)


def strengths_line(content: Content, profile: Profile, family: Family | None = None) -> str:
    """The strongest and weakest traits (of ``family``, or of all), as far as the scores'
    precision allows (``scoring.strongest_and_weakest``); empty when none of them has a
    score yet."""
    top, bottom = strongest_and_weakest(content, profile, family)
    ids = {t.id for t in (content.traits_in(family) if family else content.traits)}
    if not ids & profile.scored().keys():
        return ""
    names = {t.id: t.name for t in content.traits}
    if not top:
        gap = claim_gap(content, family)
        if family is None:
            return _(
                "Your traits are less than {steps} answer steps ({gap:g} points) apart: "
                "none stands out as strongest or weakest."
            ).format(steps=CLAIM_STEPS, gap=gap)
        return _(
            "{family}: your traits are less than {steps} answer steps ({gap:g} points) "
            "apart: none stands out as strongest or weakest."
        ).format(family=family.label, steps=CLAIM_STEPS, gap=gap)
    strongest = ", ".join(names[i] for i in top)
    weakest = ", ".join(names[i] for i in bottom)
    if family is None:
        return _("Strongest {strongest}; weakest {weakest}.").format(
            strongest=strongest, weakest=weakest
        )
    return _("{family}: strongest {strongest}; weakest {weakest}.").format(
        family=family.label, strongest=strongest, weakest=weakest
    )


def indices_line(profile: Profile) -> str:
    """Both indices in one sentence; empty unless both are known."""
    if profile.leadership is None or profile.management is None:
        return ""
    return _(
        "Leadership index {leadership:.0f}, management index {management:.0f} (of 100)."
    ).format(leadership=profile.leadership, management=profile.management)


def precision_line(content: Content) -> str:
    """How precise the scores are: what one answer step changes."""
    step = item_step(content)
    per_family = len(content.traits_in(Family.LEADERSHIP)) or 1
    return _(
        "Precision: one step on one answer moves a trait by {step:g} points and an index "
        "by about {index:.1f}; the course names a trait strongest or weakest only from "
        "{steps} steps ({gap:g} points) apart."
    ).format(step=step, index=step / per_family, steps=CLAIM_STEPS, gap=CLAIM_STEPS * step)


def kotter_line(profile: Profile) -> str:
    """Where the profile sits on the grid (``scoring.GRID_NAME``) and what that means; empty unless
    both indices are known. An index less than one item step from the strong line is said to be near
    the line, with no quadrant claimed."""
    quadrant = profile.quadrant
    if quadrant is None:
        return ""
    near = [family for family in Family if profile.near_line(family)]
    if not near:
        return _("{grid}: {quadrant}. {meaning}").format(
            grid=_(GRID_NAME), quadrant=quadrant.label, meaning=quadrant.meaning
        )
    indices = "; ".join(
        _("{family} index {value:.0f}").format(family=f.label, value=profile.index(f)) for f in near
    )
    return _(
        "{grid}: near the line ({indices}). Less than one answer step "
        "({step:g} points) from the line at {threshold:.0f} is too close to call strong "
        "or weaker: the profile falls in '{label}' by less than the scores can tell apart."
    ).format(
        grid=_(GRID_NAME),
        indices=indices,
        step=profile.step,
        threshold=STRONG_THRESHOLD,
        label=quadrant.label,
    )


def summary_lines(content: Content, profile: Profile, answered: int) -> list[str]:
    """The whole profile in a few sentences: progress while answers are missing, both
    indices, the place on the grid, and the strongest and weakest traits of each
    family. ``answered`` is the number of valid answers the profile was scored from."""
    total = len(content.statements)
    if profile.leadership is None or profile.management is None:
        return [
            ngettext(
                "{note} ({answered} of {total} statement answered so far.)",
                "{note} ({answered} of {total} statements answered so far.)",
                total,
            ).format(note=_(NO_PROFILE_NOTE), answered=answered, total=total)
        ]
    lines = []
    if not profile.complete:
        lines.append(
            ngettext(
                "{answered} of {total} statement answered: the picture is provisional "
                "until you answer them all.",
                "{answered} of {total} statements answered: the picture is provisional "
                "until you answer them all.",
                total,
            ).format(answered=answered, total=total)
        )
    lines += [indices_line(profile), precision_line(content), kotter_line(profile)]
    lines += [strengths_line(content, profile, family) for family in Family]
    return [line for line in lines if line]
