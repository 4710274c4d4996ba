"""Feedback on a draft vision statement: its length, and whether it says when, for whom
and what will be different. The wording (remarks, words and patterns) is course data
(``vision.toml``, loaded into ``Content.vision``); this module holds the rules only.

Pure functions; must not import ipywidgets, matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .models import Content, VisionCheck

_WORD = re.compile(r"[\w'-]+")


@lru_cache(maxsize=64)
def _matcher(check: VisionCheck) -> re.Pattern[str]:
    """One case-insensitive expression for a check: each word or phrase as whole words
    (any spacing inside a phrase), and each pattern as it is written."""
    phrases = [r"\s+".join(re.escape(part) for part in word.split()) for word in check.words]
    alternatives = [*phrases, *(f"(?:{p})" for p in check.patterns)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def word_count(text: str) -> int:
    """The number of words in ``text`` (letters, digits, apostrophes and hyphens)."""
    return len(_WORD.findall(text))


def says(check: VisionCheck, text: str) -> bool:
    """True when ``text`` contains one of the check's words or patterns."""
    return _matcher(check).search(text) is not None


def vision_feedback(content: Content, text: str) -> list[tuple[bool, str]]:
    """What a draft vision has and lacks: a list of (good, remark) pairs, in plain words;
    the length first, then one remark per check of ``content.vision``."""
    rules = content.vision
    count = word_count(text)
    if count == 0:
        return [(False, rules.empty)]
    if count < rules.min_words:
        remarks = [(False, rules.short.format(count=count))]
    elif count > rules.max_words:
        remarks = [(False, rules.long.format(count=count))]
    else:
        remarks = [(True, rules.good.format(count=count))]
    for check in rules.checks:
        found = says(check, text)
        remarks.append((found, check.has if found else check.lacks))
    return remarks
