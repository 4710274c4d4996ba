"""The team report's HTML pieces: the style sheet, tables, notes and the way a hidden
or withheld number is written. Shared by ``report`` and ``glance``.

Must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..i18n import _, ngettext
from .privacy import ProtectedDistribution
from .summary import Figure

CSS = """
.ll-team { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; line-height: 1.45; max-width: 64rem; font-size: 1.125rem; }
.ll-team h1 { font-size: 2rem; margin: 0 0 .4rem; }
.ll-team h2 { font-size: 1.5rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #0072B2;
  padding-bottom: .2rem; }
.ll-team h3 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; }
.ll-team table { border-collapse: collapse; margin: .6rem 0 1rem; min-width: 50%; }
.ll-team caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.ll-team th, .ll-team td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left;
  vertical-align: top; }
.ll-team td.num, .ll-team th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ll-team thead th { background: #eef4f9; }
.ll-team figure { margin: 1rem 0; }
.ll-team figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
.ll-team figcaption { font-size: 1rem; color: #333; }
.ll-team .note { background: #fff8e6; border-left: 4px solid #E69F00; padding: .5rem .8rem;
  margin: .6rem 0; }
.ll-team .held { background: #fdecea; border-left: 6px solid #D55E00; padding: .6rem .9rem;
  margin: .6rem 0; font-size: 1.2rem; }
.ll-team .privacy { background: #eef7f2; border-left: 4px solid #009E73;
  padding: .5rem .8rem; margin: .8rem 0; font-size: 1rem; }
.ll-team .hidden { color: #555; font-style: italic; }
.ll-team .glance { font-size: 1.3rem; border: 2px solid #0072B2; border-radius: 6px;
  padding: .4rem 1.2rem .6rem; margin: .6rem 0 1rem; }
.ll-team .glance h2 { margin-top: .4rem; border: none; }
.ll-team .glance ul { margin: .2rem 0; padding-left: 1.3rem; }
.ll-team .glance li { margin: .3rem 0; }
.ll-team ol.questions li { margin-bottom: .5rem; }
.ll-team footer { margin-top: 2rem; font-size: .95rem; color: #444; }
@media print {
  @page { margin: 18mm 15mm; }
  .ll-team { max-width: none; font-size: 11pt; }
  .ll-team .glance { font-size: 12pt; }
  .ll-team figure, .ll-team table, .ll-team .note, .ll-team .privacy, .ll-team .glance {
    break-inside: avoid; page-break-inside: avoid; }
  .ll-team h2, .ll-team h3 { break-after: avoid; page-break-after: avoid; }
  .ll-team figure img { border: none; }
}
"""

#: The most divided scenarios named in the summary at the top.
GLANCE_SCENARIOS = 3


def hidden() -> str:
    return '<span class="hidden">' + escape(_("hidden")) + "</span>"


def not_shown() -> str:
    return '<span class="hidden">' + escape(_("not shown")) + "</span>"


def num(value: float | None, digits: int = 0) -> str:
    return not_shown() if value is None else f"{value:.{digits}f}"


def people(n: int) -> str:
    return ngettext("{n} person", "{n} people", n).format(n=n)


def note(text: str, kind: str = "note") -> str:
    return f'<p class="{kind}">{escape(text)}</p>' if text else ""


def table(caption: str, head: Iterable[tuple[str, bool]], rows: Iterable[Iterable[str]]) -> str:
    """A table; ``head`` is (title, numeric); cells in ``rows`` are already HTML."""
    heads = list(head)
    out = [f"<table><caption>{escape(caption)}</caption><thead><tr>"]
    out += [
        f'<th scope="col"{" class=num" if numeric else ""}>{escape(title)}</th>'
        for title, numeric in heads
    ]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = list(row)
        out.append("<tr>")
        for position, (cell, (_title, numeric)) in enumerate(zip(cells, heads, strict=True)):
            if position == 0:
                out.append(f'<th scope="row">{cell}</th>')
            else:
                out.append(f"<td{' class=num' if numeric else ''}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def figure_html(chart_html: str, caption: str) -> str:
    return f"<figure>{chart_html}<figcaption>{escape(caption)}</figcaption></figure>"


def distribution_rows(dist: ProtectedDistribution) -> list[list[str]]:
    return [
        [escape(label), hidden() if count is None else str(count)]
        for label, count in zip(dist.labels, dist.counts, strict=True)
    ]


def figure_cells(figure: Figure, digits: int = 0) -> list[str]:
    return [str(figure.n), num(figure.mean, digits), num(figure.sd, digits)]


def counts_text(dist: ProtectedDistribution, separator: str = "; ") -> str:
    """ "Manager decides (1-3): 4; ..." with hidden counts marked (HTML)."""
    if not dist.shown:
        return hidden()
    return separator.join(
        f"{escape(label)}: {hidden() if count is None else count}"
        for label, count in zip(dist.labels, dist.counts, strict=True)
    )
