"""Benchmark of the exercises' Python-side update time: change a control, and time until
the feedback, the journal row and (where there is one) the redrawn chart are ready.

Run alone with ``python -m benchmarks.bench_exercises [--quick]`` (add ``situation`` for
05's situation picker alone, now and before side by side); the benchmarks runner calls
``run(quick)``. It prints figures; it is not a timed test (pytest never collects it).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.common import row
from leadlib.notebooks import private_home

TARGET_MS = 100.0


def _forget_charts(exercise: Any) -> None:
    """Empty the exercise's chart memory, so every step really draws a new chart."""
    for name in ("chart", "radar", "grid"):
        view = getattr(exercise, name, None)
        if view is not None and hasattr(view, "_cache"):
            view._cache.clear()


_STARTS: list[float] = []


def _watch_feedback(exercise: Any) -> list[float]:
    """Record when each update starts drawing its chart: by then the feedback is shown."""
    moments: list[float] = []
    for name in ("chart", "radar"):
        view = getattr(exercise, name, None)
        if view is None:
            continue
        original = view.show

        def show(*args: Any, _original: Any = original, **kwargs: Any) -> None:
            moments.append(time.perf_counter())
            _original(*args, **kwargs)

        view.show = show
        break
    return moments


_CPU: list[float] = []


def _times(step: Callable[[int], None], repeats: int, before: Callable[[], None]) -> list[float]:
    """Milliseconds for each call of ``step(i)``; i changes the input every time. The
    CPU time of each call (this process) goes to ``_CPU``: steadier than wall time on a
    shared machine."""
    out = []
    for i in range(repeats):
        before()
        cpu = time.process_time()
        start = time.perf_counter()
        _STARTS.append(start)
        step(i)
        out.append((time.perf_counter() - start) * 1000.0)
        _CPU.append((time.process_time() - cpu) * 1000.0)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _scenarios() -> dict[str, tuple[Callable[[], Any], Callable[[Any, int], None], str]]:
    """name -> (build the exercise, change one control for step i, what is redrawn)."""
    from leadlib import widgets as ex

    def quiz_step(q: Any, i: int) -> None:
        item = q.items[i % len(q.items)]
        q.choices[item.id].value = ("leadership", "management", "both")[i % 3]

    def self_assessment_build() -> Any:
        sa = ex.self_assessment("leadership")
        for toggle in sa.scales.values():
            toggle.value = 3
        return sa

    def self_assessment_step(sa: Any, i: int) -> None:
        sid = list(sa.scales)[i % len(sa.scales)]
        current = sa.scales[sid].value
        sa.scales[sid].value = 4 if current != 4 else 2

    def delegation_step(d: Any, i: int) -> None:
        if d.levels.disabled:  # judge first: the levels open once the four are rated
            for toggle in d.rating_buttons.values():
                toggle.value = "medium"
        d.levels.value = (i % 7) + 1

    def board_build() -> Any:
        d = ex.delegation()
        d.show_board()
        return d

    def balance_step(b: Any, i: int) -> None:
        b.share.value = (i * 5 + 5) % 100

    def plan_step(p: Any, i: int) -> None:
        box = p.focus_boxes[p.content.traits[i % 2].id]
        box.value = not box.value

    def vision_step(v: Any, i: int) -> None:
        v.text.value = f"By the end of next year our customers get an answer within {i + 1} hours."
        v.check_button.click()

    def profile_build() -> Any:
        self_assessment_build()
        ex.self_assessment("management")
        sa = ex.self_assessment("management")
        for toggle in sa.scales.values():
            toggle.value = 3
        return ex.profile()

    def profile_step(view: Any, i: int) -> None:
        from leadlib.journal import open_journal

        sid = view.content.statements[i % len(view.content.statements)].id
        open_journal().record("self_assessment", sid, 1 + (i % 5))
        view.refresh_button.click()

    return {
        "quiz: answer a behaviour": (ex.quiz, quiz_step, "feedback and score"),
        "self-assessment: change an answer (complete part)": (
            self_assessment_build,
            self_assessment_step,
            "progress, scores and radar chart",
        ),
        "delegation: choose a level": (ex.delegation, delegation_step, "verdict"),
        "delegation: choose a level with the board shown": (
            board_build,
            delegation_step,
            "verdict, board and distribution chart",
        ),
        "balance: move the slider": (ex.balance, balance_step, "feedback and band chart"),
        "plan: tick a focus trait": (ex.plan, plan_step, "saved focus and action list"),
        "vision: save and check": (ex.vision, vision_step, "feedback list"),
        "profile: refresh after a changed answer": (
            profile_build,
            profile_step,
            "summary, radar and leadership and management grid",
        ),
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    repeats = 5 if quick else 40
    rows: list[dict[str, Any]] = []
    with private_home():
        # The very first chart pays for importing matplotlib: reported, not judged.
        start = time.perf_counter()
        from leadlib import widgets as ex

        bal = ex.balance()
        first = (time.perf_counter() - start) * 1000.0
        rows.append(
            row(
                "exercises",
                "first exercise with a chart (cold: imports ipywidgets and matplotlib)",
                first,
                "ms",
                note="once per kernel; "
                + ("already imported in this process" if bal.chart.draws == 0 else ""),
            )
        )
        for name, (build, step, redrawn) in _scenarios().items():
            exercise = build()
            step(exercise, repeats)  # warm up this exercise's code paths once
            feedback_at = _watch_feedback(exercise)
            times = _times(
                lambda i, e=exercise, s=step: s(e, i), repeats, lambda e=exercise: _forget_charts(e)
            )
            starts = _STARTS[-repeats:]
            cpu = _CPU[-repeats:]
            feedback = [(at - t0) * 1000.0 for t0, at in zip(starts, feedback_at, strict=False)]
            med, p95 = statistics.median(times), _p95(times)
            verdict = "info" if quick else "pass" if med < TARGET_MS else "fail"
            note = f"{repeats} updates; redraws {redrawn}"
            if getattr(exercise, "message_kind", "") == "problem":
                note += f"; message: {exercise.message_text}"
            rows.append(
                row(
                    "exercises",
                    f"{name}: median",
                    med,
                    "ms",
                    f"< {TARGET_MS:.0f} ms",
                    verdict,
                    note,
                )
            )
            rows.append(row("exercises", f"{name}: p95", p95, "ms", note=note))
            rows.append(
                row(
                    "exercises",
                    f"{name}: CPU time: median",
                    statistics.median(cpu),
                    "ms",
                    note="this process's CPU time per update (steadier than wall time)",
                )
            )
            if len(feedback) == repeats:
                rows.append(
                    row(
                        "exercises",
                        f"{name}: feedback text ready (before the chart): median",
                        statistics.median(feedback),
                        "ms",
                        note="the text reaches the browser while the chart is drawn",
                    )
                )
        # Going back to a recent choice reuses the chart drawn for it.
        bal = ex.balance()
        for share in range(0, 101, 5):
            bal.share.value = share
        times = _times(lambda i: setattr(bal.share, "value", (i * 35) % 100), repeats, lambda: None)
        rows.append(
            row(
                "exercises",
                "balance: slider back to a recent position: median",
                statistics.median(times),
                "ms",
                f"< {TARGET_MS:.0f} ms",
                "info" if quick else ("pass" if statistics.median(times) < TARGET_MS else "fail"),
                "the chart for a recent position is kept in memory",
            )
        )
        rows += situation_rows(repeats, quick)
    return rows


def situation_rows(repeats: int, quick: bool = False) -> list[dict[str, Any]]:
    """05's situation picker, each pick a situation not drawn yet in this kernel (its
    static layer is not cached; the exercise's first chart is): now, the situation's
    band drawn over the base layer that all situations share
    (``leadlib.plots.balance._balance_layer``), against before, a full draw of the
    situation's static figure. Both in the same run, alternating, on the same exercise;
    the PNG shown for each situation is compared between the two."""
    from unittest import mock

    from leadlib import plots
    from leadlib import widgets as ex
    from leadlib.plots import balance as band_chart

    ways = ("now", "before")
    times: dict[str, list[float]] = {way: [] for way in ways}
    cpu: dict[str, list[float]] = {way: [] for way in ways}
    shown: dict[tuple[str, str], bytes] = {}
    with private_home():
        bal = ex.balance()
        bal.set_share(60)
        situations = bal.content.situations

        def before() -> None:
            # A kernel that has shown the first situation's chart only.
            plots.LAYERS.clear()
            with mock.patch.object(bal.chart, "_cache", {}):
                bal.situation_choice.value = situations[0].id
            _forget_charts(bal)

        for i in range(2 * (repeats + 1)):
            way = ways[i % 2]
            target = situations[1 + (i // 2) % (len(situations) - 1)]
            compose = band_chart._balance_layer if way == "now" else None
            with mock.patch.object(band_chart, "_balance_layer", compose):
                (ms,) = _times(
                    lambda _i, t=target.id: setattr(bal.situation_choice, "value", t), 1, before
                )
            if i >= 2:  # the first of each way warms its code paths
                times[way].append(ms)
                cpu[way].append(_CPU[-1])
                shown[(way, target.id)] = bal.chart.png
    same = all(shown[("now", s)] == png for (way, s), png in shown.items() if way == "before")
    rows = []
    for way, label in (("before", "before: full draw"), ("now", "now: band over shared layer")):
        med = statistics.median(times[way])
        note = (
            f"{repeats} picks; CPU median {statistics.median(cpu[way]):.0f} ms; "
            f"same PNG bytes as the other way: {'yes' if same else 'NO'}"
        )
        judged = not quick and way == "now"
        verdict = ("pass" if med < TARGET_MS and same else "fail") if judged else "info"
        name = f"balance: pick a situation not drawn yet ({label})"
        rows.append(
            row("exercises", f"{name}: median", med, "ms", f"< {TARGET_MS:.0f} ms", verdict, note)
        )
        rows.append(row("exercises", f"{name}: p95", _p95(times[way]), "ms", note=note))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "situation" in args:  # only 05's situation picker, now and before side by side
        rows = situation_rows(5 if "--quick" in args else 30, "--quick" in args)
    else:
        rows = run(quick="--quick" in args)
    width = max(len(r["measure"]) for r in rows)
    for r in rows:
        value = f"{r['value']:>9} {r['unit']:<3}"
        print(f"{r['measure']:<{width}}  {value} {r['target']:<9} {r['verdict']}")
        if "situation" in args:
            print(f"    {r['note']}")
    return 1 if any(r["verdict"] == "fail" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
