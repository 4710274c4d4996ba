"""The groupings the team report may show a distribution in: the balance index in bins
or three bands, and the seven delegation levels, merged in ways that never straddle a
band of who decides (docs/privacy.md, Rule 3). Labels only; no counting.

Must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from ..i18n import N_, _
from ..models import Content
from .privacy import Grouping

BALANCE_EDGES = (-100, -50, -30, -10, 10, 30, 50, 100)
BALANCE_BANDS = (
    (N_("Leans to management (below -10)"), (0, 1, 2)),
    (N_("About even (-10 to +10)"), (3,)),
    (N_("Leans to leadership (above +10)"), (4, 5, 6)),
)
WHO_DECIDES = {
    "manager": N_("Manager decides"),
    "together": N_("Decide together"),
    "team": N_("Team decides"),
}


def balance_bin(index: float) -> int:
    for position, edge in enumerate(BALANCE_EDGES[1:-1]):
        if index < edge:
            return position
    return len(BALANCE_EDGES) - 2


def balance_labels() -> tuple[str, ...]:
    edges = BALANCE_EDGES
    return tuple(f"{edges[i]:+d} to {edges[i + 1]:+d}" for i in range(len(edges) - 1))


def balance_groupings() -> tuple[Grouping, Grouping]:
    return (
        Grouping.identity(balance_labels(), _("bins of the balance index")),
        Grouping(
            _("three bands"),
            tuple(_(label) for label, _members in BALANCE_BANDS),
            tuple(members for _label, members in BALANCE_BANDS),
        ),
    )


def _block_label(content: Content, members: tuple[int, ...], whole: str | None) -> str:
    """ "Manager decides (1-3)" for a whole band of who decides, "Sell, Consult (2-3)"
    for part of one: the levels always in brackets at the end."""
    first, last = members[0] + 1, members[-1] + 1
    span = str(first) if first == last else f"{first}-{last}"
    name = whole or ", ".join(content.levels[i].name for i in members)
    return _("{name} ({levels})").format(name=name, levels=span)


def _splits(members: list[int]) -> list[list[tuple[int, ...]]]:
    """Every way of cutting a run of levels into consecutive blocks, finest first."""
    ways: list[list[tuple[int, ...]]] = []
    for cuts in range(2 ** (len(members) - 1)):
        blocks, current = [], [members[0]]
        for position, level in enumerate(members[1:]):
            if cuts >> position & 1:
                current.append(level)
            else:
                blocks.append(tuple(current))
                current = [level]
        blocks.append(tuple(current))
        ways.append(blocks)
    return sorted(ways, key=lambda blocks: (-len(blocks), [len(b) for b in blocks]))


def _union(names: dict[str, str], half: list[tuple[str, list[int]]]) -> str:
    """ "Manager decides", or "Decide together or Team decides" for several bands."""
    label = names[half[0][0]]
    for who, _members in half[1:]:
        label = _("{first} or {second}").format(first=label, second=names[who])
    return label


def level_groupings(content: Content) -> tuple[list[Grouping], Grouping]:
    """The groupings of the seven levels a scenario may be shown in, finest first, and
    the one whose categories are hidden when none can be shown (who decides).

    Every grouping refines or coarsens the bands of who decides (manager, together,
    team): no category straddles a band, so a shown count never bounds a hidden band
    away from zero. First the seven levels, then neighbouring levels merged inside a
    band, then the three bands, then two halves (manager | together or team, manager
    or together | team)."""
    bands: dict[str, list[int]] = {}
    for position, lv in enumerate(content.levels):
        bands.setdefault(lv.who_decides, []).append(position)
    names = {who: _(WHO_DECIDES[who]) if who in WHO_DECIDES else who for who in bands}
    identity = Grouping.identity([f"{lv.number} {lv.name}" for lv in content.levels], _("levels"))
    refinements: list[list[tuple[str, tuple[int, ...]]]] = [[]]
    for who, members in bands.items():
        refinements = [
            done
            + [
                (_block_label(content, b, names[who] if len(b) == len(members) else None), b)
                for b in blocks
            ]
            for done in refinements
            for blocks in _splits(members)
        ]
    refinements.sort(key=lambda blocks: -len(blocks))  # stable: finest first
    who_name = _("who decides")
    groupings = [identity]
    for blocks in refinements:
        if len(blocks) == len(content.levels):
            continue  # the seven levels, already first
        name = who_name if len(blocks) == len(bands) else _("neighbouring levels together")
        groupings.append(Grouping(name, tuple(b[0] for b in blocks), tuple(b[1] for b in blocks)))
    fallback = next(g for g in groupings if g.name == who_name)
    ordered = list(bands.items())
    for cut in range(1, len(ordered)):
        halves = (ordered[:cut], ordered[cut:])
        labels = tuple(
            _block_label(content, tuple(i for _who, m in half for i in m), _union(names, half))
            for half in halves
        )
        parts = tuple(tuple(i for _who, m in half for i in m) for half in halves)
        groupings.append(Grouping(_("two halves"), labels, parts))
    return groupings, fallback
