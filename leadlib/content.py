"""Load the course data (``leadlib/data/*.toml``) and validate it into ``Content``.

A facilitator can adapt the course without editing the package: ``LEADLIB_CONTENT``
names another folder with the same files, and ``LEADLIB_LANG`` (or ``lang=``) picks a
language subfolder of it (``data/<lang>/``) when one exists.

Every problem is reported as a ``ContentError`` naming the file, the entry and what is
wrong. This module chooses the folder and puts the course together; each file's
validator is in ``leadlib.content_checks``. Must not import matplotlib, ipywidgets,
nbconvert or the journal.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .content_checks import (
    CHECKS_PER_NOTEBOOK,
    LEVEL_COUNT,
    QUIZ_ANSWERS,
    RETIRED_RECOMMENDED,
    VISION_KINDS,
    WRONG_OPTIONS_AT_LEAST,
    load_course,
    load_delegation,
    load_quiz,
    load_situations,
    load_statements,
    load_traits,
    load_vision,
)
from .errors import ContentError
from .i18n import _
from .models import Content

__all__ = [
    "CHECKS_PER_NOTEBOOK",
    "CONTENT_ENV",
    "DATA_DIR",
    "FILES",
    "LANG_ENV",
    "LANGUAGE_CODE",
    "LEVEL_COUNT",
    "QUIZ_ANSWERS",
    "RETIRED_RECOMMENDED",
    "VISION_KINDS",
    "WRONG_OPTIONS_AT_LEAST",
    "ContentError",
    "content_dir",
    "load_content",
]

DATA_DIR = Path(__file__).with_name("data")
#: Names a folder of course data to use instead of ``DATA_DIR`` (same files).
CONTENT_ENV = "LEADLIB_CONTENT"
#: Picks a language: the ``<lang>`` subfolder of the content folder, when it exists.
LANG_ENV = "LEADLIB_LANG"
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
FILES = (
    "traits.toml",
    "statements.toml",
    "situations.toml",
    "delegation.toml",
    "quiz.toml",
    "vision.toml",
    "course.toml",
)


def content_dir(directory: str | os.PathLike[str] | None = None, lang: str | None = None) -> Path:
    """The folder the course data is read from.

    The base folder is ``directory`` when given, else the folder named by the
    ``LEADLIB_CONTENT`` environment variable, else the package's own ``data`` folder.
    The language is ``lang`` when given, else ``LEADLIB_LANG``; when the base folder has
    a subfolder of that name (``data/de/``, with the same files), it is used instead,
    otherwise the base folder itself (the default language). Raises ContentError when
    ``LEADLIB_CONTENT`` names no folder or the language is not a language code.
    """
    if directory is not None:
        base = Path(directory)
    else:
        named = os.environ.get(CONTENT_ENV, "").strip()
        base = Path(named).expanduser() if named else DATA_DIR
        if named and not base.is_dir():
            raise ContentError(
                CONTENT_ENV,
                "",
                _(
                    "the environment variable names the folder {folder}, which does not exist "
                    "(or is not a folder). Point it at a copy of leadlib/data with the same "
                    "files ({files}), or unset it to use the course as shipped"
                ).format(folder=base, files=", ".join(FILES)),
            )
    chosen = lang if lang is not None else os.environ.get(LANG_ENV, "")
    chosen = chosen.strip()
    if not chosen:
        return base
    if not LANGUAGE_CODE.fullmatch(chosen):
        source = _("the language") if lang is not None else LANG_ENV
        raise ContentError(
            source,
            "",
            _(
                "{chosen!r} is not a language code; use a short code such as 'en', 'de' or "
                "'pt-BR', the name of a subfolder of the content folder"
            ).format(chosen=chosen),
        )
    localized = base / chosen
    return localized if localized.is_dir() else base


def load_content(
    directory: str | os.PathLike[str] | None = None, lang: str | None = None
) -> Content:
    """Load and validate the course data.

    The folder is chosen by ``content_dir``: ``directory``, else ``LEADLIB_CONTENT``,
    else the package's ``data`` folder; then its ``<lang>`` subfolder when it exists
    (``lang``, else ``LEADLIB_LANG``). Without ``directory`` the content is loaded once
    per folder and process and cached; with it, the folder is read and validated again
    on every call (for example to check a facilitator's edited copy).
    """
    folder = content_dir(directory, lang)
    if directory is None:
        return _cached_content(str(folder.resolve()))
    return _load(folder)


@lru_cache(maxsize=8)
def _cached_content(folder: str) -> Content:
    return _load(Path(folder))


def _load(directory: Path) -> Content:
    processes, traits = load_traits(directory)
    scale, statements = load_statements(directory, traits)
    situations = load_situations(directory)
    levels, scenarios = load_delegation(directory)
    quiz = load_quiz(directory)
    vision = load_vision(directory)
    title, notebooks = load_course(directory)
    return Content(
        kotter_processes=processes,
        traits=traits,
        scale=scale,
        statements=statements,
        situations=situations,
        levels=levels,
        scenarios=scenarios,
        quiz=quiz,
        course_title=title,
        notebooks=notebooks,
        vision=vision,
    )
