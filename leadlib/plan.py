"""The development plan's rules and its printable forms: which traits to suggest as a
focus (the biggest gaps in the profile), and the plan as Markdown and as an HTML page.

Pure functions over ``Content`` and a plan mapping (focus, actions, target_date,
measure, and the vision statement when there is one); must not import ipywidgets,
matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .i18n import _
from .models import Content
from .scoring import CLAIM_STEPS, Profile, claim_gap

#: How many traits the plan suggests from the profile.
SUGGESTED = 3


def suggest_focus(content: Content, profile: Profile, count: int = SUGGESTED) -> list[str]:
    """Up to ``count`` traits with the lowest scores (the biggest gaps), lowest first,
    ties in the order of the course; only traits at least ``scoring.claim_gap`` (two item
    steps) below the highest score, the profile's rule for naming a weakest trait, so that
    nothing is suggested from a difference the course does not claim. Empty when no trait
    qualifies."""
    scored = profile.scored()
    if not scored:
        return []
    order = {t.id: n for n, t in enumerate(content.traits)}
    ceiling = max(scored.values()) - claim_gap(content) + 1e-9
    ranked = sorted(
        (tid for tid, value in scored.items() if value <= ceiling),
        key=lambda tid: (scored[tid], order[tid]),
    )
    return ranked[:count]


def suggestion_text(
    content: Content, suggested: Sequence[str], profile: Profile | None = None
) -> str:
    """The sentence that introduces the suggested focus traits. Without any: a sentence
    saying the scores are too close to suggest one when ``profile`` has scores, else
    empty."""
    if not suggested:
        if profile is not None and profile.scored():
            return _(
                "Your trait scores are all less than {steps} answer steps ({gap:g} points) "
                "below your highest, so the profile suggests no focus. Pick two or three "
                "traits you want to grow."
            ).format(steps=CLAIM_STEPS, gap=claim_gap(content))
        return ""
    names = ", ".join(content.trait(t).name for t in suggested)
    return _(
        "Suggested from your profile (your lowest scores): {names}. Pick two or "
        "three traits; you may choose others."
    ).format(names=names)


def plan_markdown(content: Content, plan: Mapping[str, Any]) -> str:
    """The plan as Markdown, for a file or a printout."""
    focus: Sequence[str] = plan.get("focus") or []
    actions: Sequence[str] = plan.get("actions") or []
    not_set = _("(not set)")
    lines = ["# " + _("My development plan"), ""]
    vision = str(plan.get("vision") or "").strip()
    if vision:
        lines += ["## " + _("My vision for the team"), ""]
        lines += ["> " + line if line.strip() else ">" for line in vision.splitlines()]
        lines += [""]
    lines += ["## " + _("Focus"), ""]
    lines += [f"- **{content.trait(t).name}**: {content.trait(t).definition}" for t in focus] or [
        "- " + _("(not chosen yet)")
    ]
    lines += ["", "## " + _("Actions"), ""]
    lines += [f"- [ ] {a}" for a in actions] or ["- " + _("(none yet)")]
    lines += ["", "## " + _("Target date"), "", str(plan.get("target_date") or not_set)]
    lines += ["", "## " + _("How I will know it worked"), "", str(plan.get("measure") or not_set)]
    return "\n".join(lines) + "\n"


def plan_html(content: Content, plan: Mapping[str, Any]) -> str:
    """The plan as a standalone, printable HTML page (no script)."""
    title = escape(_("My development plan"))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>"
        f'<body style="font-family:sans-serif;max-width:45rem;margin:2rem auto;'
        f'line-height:1.5">{plan_body_html(content, plan)}</body></html>'
    )


def plan_body_html(content: Content, plan: Mapping[str, Any], level: int = 1) -> str:
    """The plan as an HTML fragment (no script, no style element): its title at heading
    ``level`` and each part one level below; for the page and for the screen."""
    focus: Sequence[str] = plan.get("focus") or []
    actions: Sequence[str] = plan.get("actions") or []
    focus_html = (
        "".join(
            f"<li><strong>{escape(content.trait(t).name)}</strong>: "
            f"{escape(content.trait(t).definition)}</li>"
            for t in focus
        )
        or "<li>" + escape(_("(not chosen yet)")) + "</li>"
    )
    actions_html = "".join(f"<li>\u2610 {escape(a)}</li>" for a in actions) or (
        "<li>" + escape(_("(none yet)")) + "</li>"
    )
    not_set = _("(not set)")
    title = escape(_("My development plan"))
    target = escape(str(plan.get("target_date") or not_set))
    measure = escape(str(plan.get("measure") or not_set))
    focus_title, actions_title = escape(_("Focus")), escape(_("Actions"))
    date_title, measure_title = escape(_("Target date")), escape(_("How I will know it worked"))
    top, part = f"h{level}", f"h{level + 1}"
    vision = str(plan.get("vision") or "").strip()
    vision_title = escape(_("My vision for the team"))
    vision_html = (
        f"<{part}>{vision_title}</{part}>"
        f"<blockquote style='white-space:pre-wrap;margin-left:1em'>{escape(vision)}</blockquote>"
        if vision
        else ""
    )
    return (
        f"<{top}>{title}</{top}>"
        f"{vision_html}"
        f"<{part}>{focus_title}</{part}><ul>{focus_html}</ul>"
        f"<{part}>{actions_title}</{part}>"
        f"<ul style='list-style:none;padding-left:1em'>{actions_html}</ul>"
        f"<{part}>{date_title}</{part}><p>{target}</p>"
        f"<{part}>{measure_title}</{part}>"
        f"<p>{measure}</p>"
    )
