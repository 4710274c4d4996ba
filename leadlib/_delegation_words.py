"""The words of the delegation rules' verdicts (``leadlib.delegation``): each verdict's
name, and the advice on a chosen level, keyed by the verdict's value ("too_controlling").
Marked for translation here, translated where shown.

Data only; imports nothing but ``leadlib.i18n`` (never ``leadlib.delegation``, which
imports this).
"""

from __future__ import annotations

from .i18n import N_

#: The verdicts' names (translated where shown, by ``Fit.label``).
FIT_LABELS = {
    "too_controlling": N_("Too controlling"),
    "good_fit": N_("A good fit"),
    "too_hands_off": N_("Too hands-off"),
}

#: The advice on a chosen level, by verdict: naming the levels to try ({fitting}), and
#: referring to them after a text that has just named them (the learner's own board).
ADVICE = {
    "too_controlling": (
        N_(
            "{level} keeps more control than this task needs. Try {fitting}: "
            "letting go further builds the person's ownership and frees your time."
        ),
        N_(
            "{level} keeps more control than this task needs: letting go further builds "
            "the person's ownership and frees your time."
        ),
    ),
    "good_fit": (
        N_("{level} sits within {fitting}. Agree it openly with the person."),
        N_("{level} is one of the suggested levels. Agree it openly with the person."),
    ),
    "too_hands_off": (
        N_(
            "{level} hands over more than is safe here. Try {fitting}: stay "
            "closer until competence, commitment or the stakes allow more autonomy."
        ),
        N_(
            "{level} hands over more than is safe here: stay closer until competence, "
            "commitment or the stakes allow more autonomy."
        ),
    ),
}
