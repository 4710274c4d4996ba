"""Short notes the exercises and their worksheets share, written once.

Plain text constants, marked for translation: show them with ``_(NO_PROFILE_NOTE)``.
Must not import ipywidgets.
"""

from __future__ import annotations

from ..i18n import N_

#: Shown wherever the learner's own profile is needed but not there yet.
NO_PROFILE_NOTE = N_(
    "Answer the self-assessment in notebooks 02 and 03 to see your own profile here."
)
#: Said in every view of the self-assessment and the profile.
REFLECTION_NOTE = N_(
    "This self-assessment is for reflection, not a validated measurement: use it to start "
    "a conversation with yourself and others, not to label anyone."
)
