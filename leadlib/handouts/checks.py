"""Plain-text checks on handout pages: widget leftovers, online resources, alt text.

Pure standard library (no nbconvert, no ipywidgets), so tests and the builder share them;
the problems found are described in the current language (``leadlib.i18n``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from ..i18n import _

#: Names of the ipywidgets classes whose ``repr`` could leak into a page as text/plain
#: (``IntSlider(value=3)``, ``VBox(children=(...))``). Kept here as data so the check
#: needs no ipywidgets import; ``widget_class_names()`` adds the installed ones.
KNOWN_WIDGET_NAMES = frozenset(
    {
        "Accordion",
        "AppLayout",
        "BoundedFloatText",
        "BoundedIntText",
        "Box",
        "Button",
        "Checkbox",
        "ColorPicker",
        "Combobox",
        "DatePicker",
        "Dropdown",
        "FileUpload",
        "FloatProgress",
        "FloatRangeSlider",
        "FloatSlider",
        "FloatText",
        "GridBox",
        "GridspecLayout",
        "HBox",
        "HTML",
        "HTMLMath",
        "Image",
        "IntProgress",
        "IntRangeSlider",
        "IntSlider",
        "IntText",
        "Label",
        "Output",
        "Password",
        "RadioButtons",
        "Select",
        "SelectMultiple",
        "SelectionRangeSlider",
        "SelectionSlider",
        "Stack",
        "Tab",
        "Text",
        "Textarea",
        "ToggleButton",
        "ToggleButtons",
        "TwoByTwoLayout",
        "VBox",
        "Valid",
        "interactive",
    }
)

WIDGET_MIME_PREFIX = "application/vnd.jupyter.widget-"

#: Text the classic / lab widget managers print where a widget could not be rendered.
LOADING_WIDGETS = "Loading widgets"

_REPR = re.compile(r"\A\s*(?P<name>[A-Za-z_][\w.]*)\((?P<args>.*)\)\s*\Z", re.DOTALL)
_ANY_WIDGET_REPR = re.compile(
    r"\b(?:" + "|".join(sorted(KNOWN_WIDGET_NAMES, key=len, reverse=True)) + r")\("
    r"(?:children|value|description|layout|options|outputs|style)="
)
_EXERCISE_REPR = re.compile(r"\(run this notebook in JupyterLab to use it\)")


def looks_like_widget_repr(text: str) -> bool:
    """True when ``text`` is the plain-text repr of a widget, not content for a reader.

    >>> looks_like_widget_repr("IntSlider(value=3)")
    True
    >>> looks_like_widget_repr("Profile(leadership=3.5)")
    False
    """
    if LOADING_WIDGETS in text or _EXERCISE_REPR.search(text):
        return True
    match = _REPR.match(text)
    if match is None:
        return False
    name = match.group("name").rsplit(".", 1)[-1]
    return name in KNOWN_WIDGET_NAMES


_OBJECT_REPR = re.compile(
    r"\A\s*<(?:[\w.]+ object at 0x[0-9a-fA-F]+|Figure size [^>]*|[\w.]+ at 0x[0-9a-fA-F]+)>\s*\Z"
)


def looks_like_object_repr(text: str) -> bool:
    """True for Python's default reprs (``<Figure size 640x480 with 1 Axes>``,
    ``<foo.Bar object at 0x7f...>``), which mean nothing to a reader."""
    return bool(_OBJECT_REPR.match(text))


def widget_traces(html: str) -> list[str]:
    """Every sign of a live widget in a finished page, each described in one line."""
    found: list[str] = []
    if WIDGET_MIME_PREFIX in html:
        found.append(
            _("widget data ({prefix}...) is embedded in the page").format(prefix=WIDGET_MIME_PREFIX)
        )
    if LOADING_WIDGETS in html:
        found.append(_("the page says '{text}'").format(text=LOADING_WIDGETS))
    match = _ANY_WIDGET_REPR.search(html)
    if match:
        found.append(
            _("widget repr text '{text}...' appears in the page").format(text=match.group(0))
        )
    if _EXERCISE_REPR.search(html):
        found.append(_("an exercise's live-widget text appears instead of its worksheet"))
    return found


class _Scanner(HTMLParser):
    """Collects the tags that would make a browser load something or run a script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            kind = values.get("type") or "text/javascript"
            self.problems.append(
                _("a {tag} tag (type {kind}) is in the page").format(tag="<script>", kind=kind)
            )
        elif tag in ("iframe", "embed", "object", "base"):
            self.problems.append(_("an {tag} tag is in the page").format(tag=f"<{tag}>"))
        elif tag == "link" and (values.get("href") or "").strip():
            self.problems.append(
                _("a {tag} loads {url}").format(tag="<link>", url=values.get("href"))
            )
        elif tag == "style":
            self._in_style = True
        if tag == "img":
            self.images.append(values)
        for name in ("src", "srcset", "poster", "data"):
            value = (values.get(name) or "").strip()
            if value and not value.startswith("data:"):
                self.problems.append(
                    _("{tag} points outside the page").format(tag=f"<{tag} {name}='{value[:80]}'>")
                )
        style = values.get("style") or ""
        self._check_css(style, _("the style of a {tag}").format(tag=f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._check_css(data, _("a {tag} block").format(tag="<style>"))

    def _check_css(self, css: str, where: str) -> None:
        if "@import" in css:
            self.problems.append(_("{where} imports another stylesheet").format(where=where))
        for match in re.finditer(r"url\(([^)]*)\)", css):
            target = match.group(1).strip().strip("'\"").strip()
            if target and not target.startswith(("data:", "#")):
                self.problems.append(
                    _("{where} loads {url!r}").format(where=where, url=target[:80])
                )


def offline_problems(html: str) -> list[str]:
    """Why this page would load something from outside itself or need a script.

    An empty list means the page is self-contained: images are ``data:`` URIs, CSS is
    inline, and there is no script at all.
    """
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def images_without_alt(html: str) -> list[str]:
    """The images of a page that carry no alt text, each named by the start of its src."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    missing: list[str] = []
    for image in scanner.images:
        if not (image.get("alt") or "").strip():
            missing.append((image.get("src") or "")[:40])
    return missing


def first_line(text: str | Iterable[str], limit: int = 70) -> str:
    """The first non-empty line of a cell's source, shortened for a report."""
    if not isinstance(text, str):
        text = "".join(text)
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""
