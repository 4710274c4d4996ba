"""The charts: alt text with the numbers, deterministic PNG, palette colours, projector-
sized text, no pyplot state, and matplotlib loaded only when a chart is made."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leadlib import palette, plots
from leadlib.errors import AnswerError
from leadlib.models import Content, Family
from leadlib.scoring import Profile, score

ROOT = Path(__file__).resolve().parents[1]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def answers_for(content: Content, lead: int, manage: int) -> dict[str, int]:
    """Answers that give every leadership statement ``lead`` and every management one
    ``manage`` (keyed, so reverse statements get the mirrored answer)."""
    answers = {}
    for statement in content.statements:
        family = content.trait(statement.trait).family
        wanted = lead if family is Family.LEADERSHIP else manage
        answers[statement.id] = (
            content.scale.reversed_value(wanted) if statement.reverse else wanted
        )
    return answers


def radii(line: object) -> list[float]:
    """The scores of a radar line: each point's distance from the centre."""
    xs, ys = line.get_xdata(), line.get_ydata()  # type: ignore[attr-defined]
    return [round(math.hypot(x, y), 9) for x, y in zip(xs, ys, strict=True)]


@pytest.fixture
def profile(content: Content) -> Profile:
    # Leadership answers of 4 (score 75), management answers of 2 (score 25).
    return score(content, answers_for(content, 4, 2))


def all_charts(content: Content, profile: Profile) -> dict[str, Callable[[], plots.Chart]]:
    return {
        "radar": lambda: plots.profile_radar(content, profile),
        "kotter": lambda: plots.kotter_grid(profile),
        # The mark on the label of its quadrant: the mark must be drawn over it.
        "kotter_on_label": lambda: plots.kotter_grid(score(content, answers_for(content, 4, 4))),
        "balance": lambda: plots.balance_band(content, "startup", 45, profile_share=62),
        "delegation": lambda: plots.delegation_distribution(
            content, {"angry_key_customer": [1], "report_layout": [5], "dev_tools": [3]}
        ),
        "delegation_team": lambda: plots.delegation_distribution(
            content, {"team_offsite": [6, 6, 7, 2], "holiday_rota": [4, 1]}
        ),
    }


CHART_NAMES = ["radar", "kotter", "kotter_on_label", "balance", "delegation", "delegation_team"]


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_is_a_png_that_comes_out_the_same_twice(
    content: Content, profile: Profile, name: str
) -> None:
    make = all_charts(content, profile)[name]
    first, second = make(), make()
    png = first.png()
    assert png.startswith(PNG_SIGNATURE)
    assert png == first.png() == second.png()
    assert b"Software" not in png and b"matplotlib" not in png
    assert first.alt.strip()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_text_is_large_enough_for_a_projector(
    content: Content, profile: Profile, name: str
) -> None:
    chart = all_charts(content, profile)[name]()
    chart.figure.canvas.draw()
    from matplotlib.text import Text

    texts = [t for t in chart.figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 5
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 14]
    assert small == []


@pytest.mark.parametrize("name", CHART_NAMES)
def test_data_is_drawn_only_in_palette_colours(
    content: Content, profile: Profile, name: str
) -> None:
    from matplotlib.colors import to_hex

    allowed = {
        c.lower()
        for c in (
            palette.LEADERSHIP,
            palette.MANAGEMENT,
            palette.BAND,
            palette.LEARNER,
            palette.NEUTRAL,
            palette.HIGHLIGHT,
            *palette.SEQUENCE,
            plots.WHITE,
        )
    }
    chart = all_charts(content, profile)[name]()
    used: list[str] = []
    for ax in chart.figure.axes:
        for line in ax.lines:
            if line.get_gid() == plots.GUIDE:  # grid lines: light grey, not data
                continue
            used += [to_hex(line.get_color()), to_hex(line.get_markerfacecolor())]
            used.append(to_hex(line.get_markeredgecolor()))
        for patch in ax.patches:
            used.append(to_hex(patch.get_facecolor()))
        for collection in ax.collections:
            used += [to_hex(c) for c in collection.get_facecolor()]
        assert ax.lines or ax.patches or ax.collections
    strangers = sorted(set(used) - allowed)
    assert strangers == []


def test_no_chart_leaves_a_pyplot_figure_open(content: Content, profile: Profile) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for make in all_charts(content, profile).values():
        make().png()
    assert plt.get_fignums() == before == []


def test_importing_plots_loads_no_matplotlib_until_a_chart_is_made() -> None:
    code = (
        "import sys\n"
        "import leadlib, leadlib.plots as plots\n"
        "print('before', 'matplotlib' in sys.modules)\n"
        "chart = plots.kotter_grid(leadlib.score(leadlib.load_content(), {}))\n"
        "chart.png()\n"
        "print('after', 'matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["before False", "after True False"]


def test_radar_alt_states_every_trait_score_and_the_indices(
    content: Content, profile: Profile
) -> None:
    chart = plots.profile_radar(content, profile)
    assert chart.alt.startswith("Radar chart of your eight trait scores (0-100).")
    assert "Vision casting 75" in chart.alt
    assert "Performance management 25" in chart.alt
    for trait in content.traits:
        assert trait.name in chart.alt
    assert "Leadership index 75, management index 25." in chart.alt


def test_radar_tells_the_families_apart_by_colour_line_and_marker(
    content: Content, profile: Profile
) -> None:
    chart = plots.profile_radar(content, profile)
    (ax,) = chart.figure.axes
    styled = {line.get_label(): line for line in ax.lines}
    lead = styled[plots.FAMILY_LEGEND[Family.LEADERSHIP]]
    manage = styled[plots.FAMILY_LEGEND[Family.MANAGEMENT]]
    assert (lead.get_color(), lead.get_linestyle(), lead.get_marker()) == (
        palette.LEADERSHIP,
        "-",
        "o",
    )
    assert (manage.get_color(), manage.get_linestyle(), manage.get_marker()) == (
        palette.MANAGEMENT,
        "--",
        "s",
    )
    # Plain axes: a score is the distance of its point from the centre.
    assert radii(lead) == [75.0] * 4
    assert radii(manage) == [25.0] * 4


def test_radar_of_an_unfinished_questionnaire_leaves_gaps_marked_not_answered(
    content: Content,
) -> None:
    answers = {
        sid: value
        for sid, value in answers_for(content, 4, 4).items()
        if content.statement(sid).trait not in ("empowerment", "process_management")
    }
    chart = plots.profile_radar(content, score(content, answers))
    assert "Empowerment not answered" in chart.alt
    assert "Process management not answered" in chart.alt
    (ax,) = chart.figure.axes
    labels = [t.get_text() for t in ax.texts if t.get_gid() == plots.TRAIT_LABEL]
    assert len(labels) == len(content.traits)
    assert sum(label.endswith("\nnot answered") for label in labels) == 2
    names = [t.get_text() for t in ax.texts if t.get_gid() == plots.TRAIT_NAME]
    assert "Empowerment" in names and "Process\nmanagement" in names
    lead = next(line for line in ax.lines if line.get_label().startswith("Leadership"))
    ys = radii(lead)
    assert ys[1] != ys[1]  # NaN: the line breaks at Empowerment
    assert ys[0] == 75.0


def test_radar_with_no_answers_says_so(content: Content) -> None:
    chart = plots.profile_radar(content, score(content, {}), title="Before you start")
    assert chart.alt.startswith("Radar chart of your eight trait scores: none answered yet.")
    assert "index" not in chart.alt
    assert chart.figure.axes[0].get_title() == "Before you start"


def test_kotter_grid_places_the_learner_and_names_the_quadrant(profile: Profile) -> None:
    chart = plots.kotter_grid(profile)
    assert "Your leadership index is 75 and your management index is 25" in chart.alt
    assert "strong leadership, weaker management" in chart.alt
    assert "strong from 60" in chart.alt
    (ax,) = chart.figure.axes
    you = next(line for line in ax.lines if line.get_label() == "You")
    assert (list(you.get_xdata()), list(you.get_ydata())) == ([25.0], [75.0])


def test_kotter_grid_without_both_families_shows_no_position(content: Content) -> None:
    half = {
        sid: v
        for sid, v in answers_for(content, 5, 5).items()
        if content.trait(content.statement(sid).trait).family is Family.LEADERSHIP
    }
    chart = plots.kotter_grid(score(content, half))
    assert "No position yet" in chart.alt
    assert "So far: leadership index 100." in chart.alt
    assert not any(line.get_label() == "You" for line in chart.figure.axes[0].lines)


def test_balance_band_states_the_band_the_split_and_the_gap(content: Content) -> None:
    chart = plots.balance_band(content, "startup", 45, profile_share=62)
    assert "The band that suits Start-up is 60-80%." in chart.alt
    assert "Your split is 45% leadership: 15 points below the band." in chart.alt
    assert "Your profile leans 62% towards leadership." in chart.alt
    inside = plots.balance_band(content, content.situation("mature"), 30)
    assert "within the band" in inside.alt and "profile" not in inside.alt
    above = plots.balance_band(content, "mature", 100)
    assert "55 points above the band." in above.alt


def test_balance_band_refuses_an_unknown_situation_or_share_with_a_clear_message(
    content: Content,
) -> None:
    with pytest.raises(AnswerError, match="Unknown situation 'moonbase': choose one of startup"):
        plots.balance_band(content, "moonbase", 50)
    with pytest.raises(AnswerError, match="between 0 and 100 percent, found 150"):
        plots.balance_band(content, "startup", 150)
    with pytest.raises(AnswerError, match="between 0 and 100 percent, found -5"):
        plots.balance_band(content, "startup", 50, profile_share=-5)


def _band_text(content: Content, scenario_id: str) -> str:
    low, high = content.scenario(scenario_id).recommended_band
    return f"{low}" if low == high else f"{low}-{high}"


def test_delegation_chart_for_one_learner_names_each_choice_and_fit(content: Content) -> None:
    # one choice inside, one above and one below the band the rules give
    inside = content.scenario("angry_key_customer").recommended_band[0]
    above = content.scenario("report_layout").recommended_band[1] + 1
    below = content.scenario("dev_tools").recommended_band[0] - 1
    chart = plots.delegation_distribution(
        content, {"angry_key_customer": [inside], "report_layout": [above], "dev_tools": [below]}
    )
    alt = chart.alt
    unanswered = len(content.scenarios) - 3
    assert alt.startswith(
        f"Chart of your delegation choices for {len(content.scenarios)} scenarios"
    )
    assert (
        f"1 of 3 choices inside the recommended band; {unanswered} scenarios not answered." in alt
    )
    name = {lv.number: lv.name for lv in content.levels}
    assert (
        f"An angry key customer: chose {inside} ({name[inside]}), recommended "
        f"{_band_text(content, 'angry_key_customer')}, inside." in alt
    )
    assert (
        f"Layout of the monthly report: chose {above} ({name[above]}), recommended "
        f"{_band_text(content, 'report_layout')}, more hands-off" in alt
    )
    assert (
        f"Choosing development tools: chose {below} ({name[below]}), recommended "
        f"{_band_text(content, 'dev_tools')}, more control" in alt
    )
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert "First supplier call (not answered)" in labels
    assert "An angry key customer" in labels


def test_delegation_chart_for_a_group_counts_the_choices(content: Content) -> None:
    choices = {"team_offsite": [6, 6, 7, 2], "holiday_rota": [4, 1]}
    chart = plots.delegation_distribution(content, choices)
    inside = {
        sid: sum(
            low <= level <= high
            for level in levels
            for low, high in [content.scenario(sid).recommended_band]
        )
        for sid, levels in choices.items()
    }
    assert inside["team_offsite"] == 3, "the offsite's band holds 6 and 7, not 2"
    assert chart.alt.startswith("Chart of the group's delegation choices")
    assert f"{sum(inside.values())} of 6 choices inside the recommended band" in chart.alt
    assert (
        "The team offsite: level 2 x1, level 6 x2, level 7 x1; recommended "
        f"{_band_text(content, 'team_offsite')}; 3 of 4" in chart.alt
    )
    counts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert sorted(counts) == ["1", "1", "1", "1", "2"]


def test_delegation_chart_with_nothing_answered_says_so(content: Content) -> None:
    chart = plots.delegation_distribution(content, {})
    assert chart.alt.endswith("No scenario answered yet.")


def test_delegation_chart_refuses_unknown_scenarios_and_levels(content: Content) -> None:
    with pytest.raises(AnswerError, match="Unknown delegation scenario 'picnic'"):
        plots.delegation_distribution(content, {"picnic": [3]})
    with pytest.raises(AnswerError, match="'dev_tools': .* from 1 to 7, found 8"):
        plots.delegation_distribution(content, {"dev_tools": [8]})
    with pytest.raises(AnswerError, match="found True"):
        plots.delegation_distribution(content, {"dev_tools": [True]})


def test_img_html_is_self_contained_and_carries_the_alt_text(content: Content) -> None:
    chart = plots.balance_band(content, "startup", 70)
    tag = chart.img_html(width=600)
    assert tag.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert 'alt="Band chart of the share of attention on leadership' in tag
    assert "width: 600px" in tag
    assert chart.data_uri() in tag
    assert "http" not in tag
    assert chart._repr_html_() == chart.img_html()
    assert repr(chart) == f"Chart: {chart.alt}"


def test_alt_text_with_quotes_cannot_break_the_img_tag(content: Content) -> None:
    profile = score(content, answers_for(content, 3, 3))
    chart = plots.profile_radar(content, profile)
    quoted = plots.Chart(chart.figure, 'A "quoted" <b>alt</b>')
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in quoted.img_html()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_no_text_is_cut_off_at_the_edge_of_a_chart(
    content: Content, profile: Profile, name: str
) -> None:
    chart = all_charts(content, profile)[name]()
    figure = chart.figure
    renderer = figure.canvas.get_renderer()
    from matplotlib.text import Text

    width, height = figure.bbox.width, figure.bbox.height
    outside = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
            outside.append((text.get_text(), [round(v) for v in box.extents]))
    assert outside == [], f"text beyond the {round(width)}x{round(height)} px figure"


@pytest.mark.parametrize("lead,manage", [(1, 5), (5, 1), (3, 3), (5, 5), (1, 1)])
def test_kotter_label_of_the_learner_stays_inside_the_grid_wherever_they_stand(
    content: Content, lead: int, manage: int
) -> None:
    chart = plots.kotter_grid(score(content, answers_for(content, lead, manage)))
    (ax,) = chart.figure.axes
    (you,) = [t for t in ax.texts if t.get_text().startswith("You:")]
    box = you.get_window_extent(chart.figure.canvas.get_renderer())
    assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1, you.get_text()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_a_chart_png_is_the_pixels_of_a_full_draw_and_savefig_agrees(
    content: Content, profile: Profile, name: str
) -> None:
    """The marks drawn over the cached static layer give exactly the picture a full draw
    of the whole figure gives: nothing static that belongs on top ends up under a mark."""
    import io

    chart = all_charts(content, profile)[name]()
    width, height, layered = chart.pixels
    figure = chart.figure  # built and drawn in full on first use
    assert figure.canvas.get_width_height(physical=True) == (width, height)
    assert bytes(figure.canvas.buffer_rgba()) == layered
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=palette.FIGURE_DPI,
        facecolor=plots.WHITE,
        metadata={"Software": None},
    )
    assert chart.png() == buffer.getvalue()


def _digests(charts: dict[str, Callable[[], plots.Chart]]) -> dict[str, tuple[str, str]]:
    import hashlib

    out = {}
    for name, make in charts.items():
        chart = make()
        out[name] = (
            hashlib.sha256(chart.png()).hexdigest(),
            hashlib.sha256(chart.screen_png()).hexdigest(),
        )
    return out


def test_a_fresh_process_first_chart_and_a_cached_update_give_the_same_png(
    content: Content, profile: Profile
) -> None:
    code = (
        "import json, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import leadlib\n"
        "from leadlib import plots\n"
        "from test_plots import _digests, all_charts, answers_for\n"
        "content = leadlib.load_content()\n"
        "profile = leadlib.score(content, answers_for(content, 4, 2))\n"
        "print(json.dumps(_digests(all_charts(content, profile))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": ""}
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tests")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    import json

    fresh = {name: tuple(pair) for name, pair in json.loads(result.stdout).items()}
    # Here: other answers first, so every chart below is drawn over a cached layer that
    # last carried different marks.
    other = score(content, answers_for(content, 2, 5))
    for make in all_charts(content, other).values():
        make().png()
    plots.balance_band(content, "startup", 90)
    cached = _digests(all_charts(content, profile))
    assert cached == fresh


def test_charts_drawn_from_several_threads_at_once_are_the_same_as_one_by_one(
    content: Content,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    profiles = [score(content, answers_for(content, lead, 6 - lead)) for lead in (1, 2, 3, 4, 5)]
    jobs: list[Callable[[], plots.Chart]] = []
    for i, p in enumerate(profiles):
        jobs += [
            lambda p=p: plots.profile_radar(content, p),
            lambda p=p: plots.kotter_grid(p),
            lambda i=i: plots.balance_band(content, "startup", 10 + 20 * i),
            lambda i=i: plots.delegation_distribution(content, {"dev_tools": [1 + i]}),
        ]
    one_by_one = [job().png() for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda job: job().png(), jobs * 2))
    assert together == one_by_one * 2


def test_the_cache_of_static_layers_stays_small(content: Content) -> None:
    layers = plots.LAYERS
    layers.clear()
    assert len(layers) == 0 and layers.size == 0 and layers.newest() is None
    for situation in content.situations:
        for share in (20, 70):
            plots.balance_band(content, situation, share)
    ids = [s.id for s in content.scenarios]
    for n in range(len(ids)):  # a new set of answered scenarios each time
        plots.delegation_distribution(content, {sid: [3] for sid in ids[: n + 1]})
    assert 0 < len(layers) <= layers.max_count == plots.LAYER_COUNT
    assert 0 < layers.size <= layers.max_bytes == plots.LAYER_BYTES
    # The most recent chart's layer is kept.
    newest = layers.newest()
    assert newest is not None
    assert newest.figure.axes[0].get_yticklabels()[-1].get_text() == (
        "A safety procedure after an\nincident"
    )


def test_a_small_layer_cache_drops_the_least_recently_used_layer(content: Content) -> None:
    """The cache's bounds, in a cache of its own: the oldest layer goes first, a layer
    used again becomes the newest, and the byte count follows what is kept."""
    from leadlib.plots.layers import LayerCache
    from leadlib.plots.style import figure_px

    def static(name: str, width: float) -> tuple[object, str]:
        return figure_px(width, 100), name

    cache = LayerCache(max_count=2, max_bytes=10**9)
    a, b = cache.get(static, ("a", 100)), cache.get(static, ("b", 200))
    assert cache.get(static, ("a", 100)) is a  # cached, and now the newest
    c = cache.get(static, ("c", 300))  # drops b, the least recently used
    assert len(cache) == 2 and cache.newest() is c
    assert cache.size == a.size + c.size == 2 * (100 * 100 + 300 * 100) * 4
    assert cache.get(static, ("b", 200)) is not b  # drawn again
    small = LayerCache(max_count=5, max_bytes=a.size + 1)
    small.get(static, ("a", 100))
    big = small.get(static, ("c", 300))  # over the bytes: keeps only the newest
    assert len(small) == 1 and small.newest() is big and small.size == big.size
    small.clear()
    assert len(small) == 0 and small.size == 0


@pytest.mark.parametrize("answered", [(0,), (13,), (0, 2, 4, 6, 8, 10, 12), (1, 4, 5, 13)])
def test_delegation_labels_of_any_answered_set_match_a_full_draw(
    content: Content, answered: tuple[int, ...]
) -> None:
    """Each row's "not answered" label comes from its own cached layer: whatever rows
    are answered, the picture is the one a full draw gives."""
    ids = [s.id for s in content.scenarios]
    chart = plots.delegation_distribution(content, {ids[i]: [1 + i % 7] for i in answered})
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert sum(label.endswith("(not answered)") for label in labels) == len(
        content.scenarios
    ) - len(answered)
    assert bytes(chart.figure.canvas.buffer_rgba()) == chart.pixels[2]


@pytest.mark.parametrize(
    "lead,manage",
    [(62, 58), (62.5, 97), (58, 62), (80, 62), (59, 61), (100, 100), (0, 0), (61, 2), (2, 99)],
)
def test_kotter_label_of_the_learner_sits_in_the_learners_own_quadrant(
    lead: float, manage: float
) -> None:
    """The 'You' label sat over the neighbouring quadrant when the learner stood near a
    strong line (below the mark, it crossed the line under it)."""
    from leadlib.scoring import STRONG_THRESHOLD, Profile

    chart = plots.kotter_grid(Profile(traits={}, leadership=lead, management=manage, missing=()))
    (ax,) = chart.figure.axes
    (you,) = [t for t in ax.texts if t.get_text().startswith("You:")]
    box = you.get_bbox_patch().get_window_extent(chart.figure.canvas.get_renderer())
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
    strong_lead, strong_manage = lead >= STRONG_THRESHOLD, manage >= STRONG_THRESHOLD
    cell_x = (STRONG_THRESHOLD, 100) if strong_manage else (0, STRONG_THRESHOLD)
    cell_y = (STRONG_THRESHOLD, 100) if strong_lead else (0, STRONG_THRESHOLD)
    assert cell_x[0] <= x0 and x1 <= cell_x[1], (you.get_text(), (x0, x1), cell_x)
    assert cell_y[0] <= y0 and y1 <= cell_y[1], (you.get_text(), (y0, y1), cell_y)


def test_every_situations_band_drawn_over_the_shared_layer_matches_a_full_draw(
    content: Content,
) -> None:
    """Picking another situation draws only its band, label and title over a layer all
    situations share (plus the spine and tick marks, which a full draw paints over the
    band): the picture is still exactly a full draw's, whatever chart came before, for
    one-line and two-line titles."""
    import dataclasses

    plots.LAYERS.clear()
    long_name = dataclasses.replace(
        content.situations[0],
        name="A team that merges with another one while its market changes every quarter",
    )
    situations = [*content.situations, long_name, *reversed(content.situations)]
    figures = set()
    for i, situation in enumerate(situations):
        share = None if i % 3 == 0 else 5.0 * i
        chart = plots.balance_band(content, situation, share, profile_share=40 if i % 2 else None)
        figures.add(id(plots.LAYERS.newest().figure))  # type: ignore[union-attr]
        layered = chart.pixels
        assert bytes(chart.figure.canvas.buffer_rgba()) == layered[2], situation.name
    # One shared figure per title height, not one per situation.
    assert len(figures) == 2


def _label_and_names(ax: object, renderer: object) -> tuple[object, list[object]]:
    """The learner's label box and the boxes of the quadrants' names (and of the strong
    lines' label), as the renderer draws them."""
    from leadlib.plots.kotter import CELL_GID, STRONG_GID

    (you,) = [t for t in ax.texts if t.get_text().startswith("You:")]  # type: ignore[attr-defined]
    you.draw(renderer)  # places the label's box around its text
    label = you.get_bbox_patch().get_window_extent(renderer)
    names = [
        t.get_window_extent(renderer)
        for t in ax.texts  # type: ignore[attr-defined]
        if t.get_gid() in (CELL_GID, STRONG_GID)
    ]
    return label, names


def test_kotter_label_at_print_size_covers_no_quadrant_name_the_reported_case() -> None:
    """At 38 leadership, 56 management the label sat over "Weaker leadership, weaker
    management" (a printed handout showed it); the whole chart, drawn as printed."""
    chart = plots.kotter_grid(Profile(traits={}, leadership=38, management=56, missing=()))
    (ax,) = chart.figure.axes
    label, names = _label_and_names(ax, chart.figure.canvas.get_renderer())
    assert len(names) == 5
    assert not [n for n in names if label.overlaps(n)], (label, names)
    assert "leadership index is 38 and your management index is 56" in chart.alt


@pytest.mark.parametrize("lead_strong", [False, True], ids=["weak-lead", "strong-lead"])
@pytest.mark.parametrize("manage_strong", [False, True], ids=["weak-manage", "strong-manage"])
def test_kotter_label_never_covers_a_quadrant_name_anywhere_on_the_grid(
    lead_strong: bool, manage_strong: bool
) -> None:
    """Every position of one quadrant on a grid of steps of 4, with the edges and both
    sides of the strong lines: the learner's label box (renderer extents) does not meet
    any quadrant's name or the strong lines' label, nor the mark's centre, and stays
    inside the learner's quadrant."""
    import matplotlib.pyplot as plt

    from leadlib.plots.kotter import _kotter_mark, _kotter_static
    from leadlib.scoring import STRONG_THRESHOLD, Quadrant

    t = STRONG_THRESHOLD
    values = sorted({*range(0, 101, 4), 100, t - 1, t})
    leads = [v for v in values if (v >= t) == lead_strong]
    manages = [v for v in values if (v >= t) == manage_strong]
    quadrant = {
        (False, False): Quadrant.WEAK_BOTH,
        (False, True): Quadrant.MANAGEMENT_ONLY,
        (True, False): Quadrant.LEADERSHIP_ONLY,
        (True, True): Quadrant.STRONG_BOTH,
    }[(lead_strong, manage_strong)]
    cell_x = (t, 100) if manage_strong else (0, t)
    cell_y = (t, 100) if lead_strong else (0, t)
    figure, context = _kotter_static(quadrant, t)
    ax = context[0]
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    problems = []
    for lead in leads:
        for manage in manages:
            marks = _kotter_mark(context, float(lead), float(manage))
            label, names = _label_and_names(ax, renderer)
            assert len(names) == 5
            (x0, y0), (x1, y1) = to_data.transform([(label.x0, label.y0), (label.x1, label.y1)])
            if any(label.overlaps(name) for name in names):
                problems.append((lead, manage, "covers a name"))
            if not (cell_x[0] <= x0 <= x1 <= cell_x[1] and cell_y[0] <= y0 <= y1 <= cell_y[1]):
                problems.append((lead, manage, "leaves its cell"))
            if x0 <= manage <= x1 and y0 <= lead <= y1:
                problems.append((lead, manage, "covers the mark"))
            for mark in marks:
                mark.remove()
    plt.close(figure)
    assert problems == [], problems


@pytest.mark.parametrize("lead,manage", [(41, 36), (45, 20), (20, 40), (35, 45), (75, 30)])
def test_kotter_label_of_the_learner_leaves_the_quadrants_name_readable(
    lead: float, manage: float
) -> None:
    """The 'You' box covered the learner's own quadrant name (bold, at the cell's
    centre) when the learner stood a little above or beside it, as on the results page
    at leadership 41, management 36."""
    from leadlib.scoring import Profile

    profile = Profile(traits={}, leadership=lead, management=manage, missing=())
    chart = plots.kotter_grid(profile)
    (ax,) = chart.figure.axes
    renderer = chart.figure.canvas.get_renderer()
    (you,) = [t for t in ax.texts if t.get_text().startswith("You:")]
    (name,) = [t for t in ax.texts if t.get_fontweight() == "bold"]
    assert name.get_text().replace("\n", " ") == profile.quadrant.label  # type: ignore[union-attr]
    label = you.get_bbox_patch().get_window_extent(renderer)
    words = name.get_window_extent(renderer)
    assert not label.overlaps(words), (you.get_text(), label.extents, words.extents)
