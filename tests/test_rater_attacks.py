"""Attacks on the others' view (notebook 08), as a learner would try them with nothing but
what the course shows, their own import order and their journal: import raters one by
one, remove and re-add one, delete the record of what was shown. Each test states a
promise of docs/privacy.md ("The others' view") and tries to break it.

The attacker is stronger than a real one: it reads the exact means (the course shows
them rounded) and knows exactly which raters each view counted. Its solver asks, per
trait, whether one rater's score is fixed by the views seen: by linear algebra (is the
rater's own score a combination of the figures shown?) and by exhibiting a second world,
consistent with every figure shown, in which that rater's score differs. The solver is
shown to work on a naive view that changes with every import.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from leadlib.journal import open_journal
from leadlib.journal.answers import OTHERS_VIEW, RATER_ANSWERS
from leadlib.journal.others import import_raters, others_view, pack
from leadlib.models import Content
from leadlib.raters import OthersView, Release, publish, rater_scores
from leadlib.team.privacy import DEFAULT_MIN_GROUP, PrivacyError

K = DEFAULT_MIN_GROUP


# --------------------------------------------------------------------------- the solver


def in_row_space(rows: Sequence[Sequence[int]], target: Sequence[int]) -> bool:
    """Is ``target`` a linear combination of ``rows`` (exact, over the rationals)?"""
    basis: list[list[Fraction]] = []
    pivots: list[int] = []

    def reduce(vector: Sequence[int | Fraction]) -> list[Fraction]:
        v = [Fraction(x) for x in vector]
        for row, col in zip(basis, pivots, strict=True):
            if v[col]:
                factor = v[col] / row[col]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    for row in rows:
        v = reduce(row)
        col = next((i for i, x in enumerate(v) if x), None)
        if col is not None:
            basis.append(v)
            pivots.append(col)
    return not any(reduce(target))


def recoverable(
    shown: Sequence[Release], scores: Mapping[str, Mapping[str, float]], trait: str
) -> list[str]:
    """The raters whose score on ``trait`` the shown releases fix. A rater counts as safe
    only if the linear test fails AND a second world exists: another rater counted in
    exactly the same shown figures, with a different score (swapping the two leaves
    every figure as it was). A figure of a trait counts only the raters of the release
    who count for that trait (they answered enough of its statements); the attacker
    knows exactly who they are."""
    raters = sorted(rid for rid in scores if trait in scores[rid])
    figures = [r for r in shown if r.traits.get(trait) is not None]
    rows = [[1 if rid in r.raters else 0 for rid in raters] for r in figures]
    fixed = []
    for index, rid in enumerate(raters):
        unit = [1 if i == index else 0 for i in range(len(raters))]
        seen_in = {r.number for r in figures if rid in r.raters}
        if not seen_in:
            continue  # in no figure: nothing about this rater was shown
        twin = any(
            other != rid
            and {r.number for r in figures if other in r.raters} == seen_in
            and scores[other][trait] != scores[rid][trait]
            for other in raters
        )
        if in_row_space(rows, unit) or not twin:
            fixed.append(rid)
    return fixed


def attack(content: Content, views: Sequence[OthersView], answers: Mapping[str, Any]) -> dict:
    """Per trait, the raters whose score the sequence of views gives away."""
    shown: dict[tuple[str, ...], Release] = {}
    for view in views:
        if view.shown is not None:
            shown.setdefault(view.shown.raters, view.shown)
    releases = list(shown.values())
    scores = {rid: rater_scores(content, a) for rid, a in answers.items()}
    # Sanity: the figures shown are the true means of the raters they count: on each
    # trait, those of the release who count for it, never fewer than the release's k.
    for release in releases:
        for trait, mean in release.traits.items():
            if mean is not None:
                counting = [r for r in release.raters if trait in scores[r]]
                assert len(counting) >= release.k
                true = sum(scores[r][trait] for r in counting) / len(counting)
                assert mean == pytest.approx(true)
    found = {t.id: recoverable(releases, scores, t.id) for t in content.traits}
    return {trait: raters for trait, raters in found.items() if raters}


# --------------------------------------------------------------------------- raters


def rater(
    content: Content, seed: int, pack_id: str, skip: float | Sequence[str] = ()
) -> dict[str, Any]:
    """A rater file; ``skip`` leaves statements out ("can't judge", a version 2 file):
    the ids given, or each statement with that probability (keeping at least one trait
    the rater counts for, as the pack does)."""
    rng = random.Random(seed)
    answers = {s.id: rng.randint(1, 5) for s in content.statements}
    response = "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(16))
    if isinstance(skip, float):
        skipped = [s.id for s in content.statements if rng.random() < skip]
        keep = content.statements_for(content.traits[seed % len(content.traits)].id)
        skipped = [sid for sid in skipped if sid not in {s.id for s in keep}]
    else:
        skipped = list(skip)
    for sid in skipped:
        del answers[sid]
    return {
        "schema": "leadlib-rater",
        "version": 2 if skipped else 1,
        "pack": pack_id,
        "response": response,
        "date": "2026-12-02",
        "answers": answers,
    }


class Learner:
    """A learner with a journal and rater files on disk, looking after each step."""

    def __init__(
        self,
        content: Content,
        folder: Path,
        seeds: Sequence[int],
        skips: Mapping[int, float | Sequence[str]] | None = None,
    ) -> None:
        self.content = content
        self.journal = open_journal(folder / "journal.sqlite", content=content)
        self.pack = pack(self.journal)["id"]
        self.files = {}
        self.answers = {}
        folder.mkdir(exist_ok=True)
        for seed in seeds:
            doc = rater(content, seed, self.pack, (skips or {}).get(seed, ()))
            path = folder / f"rater-{seed}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            self.files[seed] = path
            self.answers[doc["response"]] = doc["answers"]
        self.views: list[OthersView] = []

    def response(self, seed: int) -> str:
        return json.loads(self.files[seed].read_text())["response"]

    def add(self, seed: int) -> OthersView:
        [result] = import_raters(self.journal, [self.files[seed]])
        assert result.status in ("added", "same"), result.message
        return self.look()

    def look(self) -> OthersView:
        view = others_view(self.journal)
        self.views.append(view)
        return view

    def delete(self, exercise: str, item: str | None = None) -> None:
        """A journal edit outside the course: rows deleted straight from the file."""
        with sqlite3.connect(self.journal.path) as con:
            if item is None:
                con.execute("DELETE FROM answers WHERE exercise = ?", (exercise,))
            else:
                con.execute("DELETE FROM answers WHERE exercise = ? AND item = ?", (exercise, item))
        self.journal.close()


# --------------------------------------------------------------------------- the attacks


def test_with_fewer_than_k_raters_nothing_shows(content: Content, tmp_path: Path) -> None:
    learner = Learner(content, tmp_path, range(K))
    for seed in range(K - 1):
        view = learner.add(seed)
        assert view.shown is None and view.new is None
        assert view.needed == K - (seed + 1)
    assert learner.journal.answers(OTHERS_VIEW) == {}
    view = learner.add(K - 1)
    assert view.shown is not None and view.shown.raters == tuple(sorted(learner.answers))


def test_one_more_rater_after_k_does_not_change_the_view(content: Content, tmp_path: Path) -> None:
    learner = Learner(content, tmp_path, range(K + 1))
    for seed in range(K):
        first = learner.add(seed)
    after = learner.add(K)
    assert after.new is None and after.shown == first.shown
    assert (after.counted, after.waiting, after.needed) == (K, 1, K - 1)
    assert attack(content, learner.views, learner.answers) == {}


def test_the_solver_recovers_a_rater_from_a_naive_view(content: Content) -> None:
    """The control: a view recomputed at every import (no releases) gives away the
    fourth rater's scores at once, and the solver finds them."""
    docs = [rater(content, s, "R-ABCDEFGH23") for s in range(K + 1)]
    answers = {d["response"]: d["answers"] for d in docs}
    views = []
    for count in (K, K + 1):
        present = {d["response"]: d["answers"] for d in docs[:count]}
        views.append(publish(content, present, [], K))  # no memory of what was shown
    found = attack(content, views, answers)
    assert found and all(raters == [docs[K]["response"]] for raters in found.values())


def test_importing_one_by_one_then_replacing_one_gives_nobody_away(
    content: Content, tmp_path: Path
) -> None:
    """The issue's test: raters imported 1, 2, 3, 4, then one replaced (removed from the
    journal, a new one added), then the removed one re-added, then more."""
    learner = Learner(content, tmp_path, range(8))
    for seed in range(4):
        learner.add(seed)
    first = learner.views[2].shown
    assert first is not None and learner.views[3].shown == first
    # Replace rater 1: remove it from the journal, add rater 4.
    learner.delete(RATER_ANSWERS, learner.response(1))
    frozen = learner.add(4)
    assert frozen.shown == first and frozen.missing == 1 and frozen.new is None
    assert "no longer in your journal" in frozen.notes[0]
    # Re-add rater 1: raters 3 and 4 are new since the view, one fewer than k.
    back = learner.add(1)
    assert back.shown == first and back.needed == 1
    # A third newcomer: now the view may change, by a block of k raters.
    moved = learner.add(5)
    assert moved.new is not None and len(moved.new.raters) == len(first.raters) + K
    learner.add(6)
    learner.add(7)
    assert attack(content, learner.views, learner.answers) == {}


def test_re_importing_the_same_files_changes_nothing(content: Content, tmp_path: Path) -> None:
    learner = Learner(content, tmp_path, range(K))
    for seed in range(K):
        learner.add(seed)
    shown = learner.views[-1].shown
    for seed in range(K):
        assert learner.add(seed).shown == shown
    assert len(learner.journal.answers(OTHERS_VIEW)) == 1


def test_deleting_the_record_of_what_was_shown_does_not_reset_it(
    content: Content, tmp_path: Path
) -> None:
    learner = Learner(content, tmp_path, range(K + 1))
    for seed in range(K):
        learner.add(seed)
    shown = learner.views[-1].shown
    assert shown is not None
    learner.delete(OTHERS_VIEW)
    again = learner.add(K)  # one newcomer: a fresh start would now show all K + 1
    assert again.shown is not None and again.shown.raters == shown.raters
    assert again.shown.traits == shown.traits and again.new is None
    assert attack(content, learner.views, learner.answers) == {}


def test_deleting_the_record_and_a_counted_rater_shows_nothing(
    content: Content, tmp_path: Path
) -> None:
    learner = Learner(content, tmp_path, range(K + 1))
    for seed in range(K):
        learner.add(seed)
    learner.delete(OTHERS_VIEW)
    learner.delete(RATER_ANSWERS, learner.response(0))
    view = learner.add(K)
    assert view.shown is None and view.new is None
    assert "was changed" in view.notes[0]
    assert attack(content, learner.views, learner.answers) == {}


def test_a_trait_all_new_raters_scored_alike_is_left_out(content: Content) -> None:
    docs = [rater(content, s, "R-ABCDEFGH23") for s in range(K)]
    same = dict(docs[0]["answers"])
    raters = {d["response"]: same for d in docs}
    view = publish(content, raters, [], K, today="2026-12-02")
    assert view.shown is not None
    assert all(mean is None for mean in view.shown.traits.values())
    # With different answers the traits show; where the k newcomers agree they do not.
    varied = {d["response"]: d["answers"] for d in docs}
    trait = content.traits[0].id
    mine = [s.id for s in content.statements_for(trait)]
    for answers in varied.values():
        answers.update({sid: 3 for sid in mine})
    view = publish(content, varied, [], K)
    assert view.shown is not None and view.shown.traits[trait] is None
    assert sum(m is not None for m in view.shown.traits.values()) >= len(content.traits) - 2


def test_the_minimum_group_never_drops_below_three(content: Content) -> None:
    with pytest.raises(PrivacyError):
        publish(content, {}, [], 2)
    docs = [rater(content, s, "R-ABCDEFGH23") for s in range(4)]
    raters = {d["response"]: d["answers"] for d in docs}
    three = {k: raters[k] for k in list(raters)[:3]}
    assert publish(content, three, [], 4).shown is None
    assert publish(content, raters, [], 4).shown is not None
    # An earlier release's larger k holds for later ones.
    first = publish(content, raters, [], 4).new
    assert first is not None
    more = raters | {
        d["response"]: d["answers"] for d in (rater(content, s, "R-ABCDEFGH23") for s in (7, 8, 9))
    }
    assert publish(content, more, [first], 3).new is None


def test_a_counted_rater_removed_and_re_added_keeps_the_record_whole(
    content: Content, tmp_path: Path
) -> None:
    learner = Learner(content, tmp_path, range(K + 1))
    for seed in range(K):
        learner.add(seed)
    shown = learner.views[-1].shown
    learner.delete(RATER_ANSWERS, learner.response(1))
    learner.add(1)
    learner.delete(OTHERS_VIEW)
    view = learner.add(K)
    assert view.shown is not None and view.shown.raters == shown.raters and view.new is None
    assert attack(content, learner.views, learner.answers) == {}


# --------------------------------------------------------------------------- raters who skip


def _skip_trait(content: Content, trait: str, how_many: int = 2) -> list[str]:
    """Statement ids of ``trait`` a rater answers "can't judge" to."""
    return [s.id for s in content.statements_for(trait)[:how_many]]


def test_a_trait_shows_only_when_k_raters_count_for_it(content: Content, tmp_path: Path) -> None:
    """K raters, one of whom skips two of a trait's statements: the view shows, but not
    that trait (only K - 1 raters count for it)."""
    trait = content.traits[2].id
    learner = Learner(content, tmp_path, range(K), {0: _skip_trait(content, trait)})
    for seed in range(K):
        view = learner.add(seed)
    assert view.shown is not None
    assert view.shown.traits[trait] is None
    others = [t.id for t in content.traits if t.id != trait]
    assert sum(view.shown.traits[t] is not None for t in others) >= len(others) - 1
    # One skip only (3 of 4 answered) still counts.
    one = rater(content, 50, "R-ABCDEFGH23", _skip_trait(content, trait, 1))
    assert trait in rater_scores(content, one["answers"])


def test_a_new_block_with_fewer_than_k_raters_on_a_trait_does_not_move_it(
    content: Content, tmp_path: Path
) -> None:
    """The attack skipping makes possible: K full raters, then K more of whom only one
    answers a trait. The view moves (K new raters), but a trait's figure over K + 1
    raters beside the first over K would give that one rater's score away: the trait
    keeps no figure in the new view, and the solver finds nothing."""
    trait = content.traits[4].id
    skips = {seed: _skip_trait(content, trait) for seed in (K + 1, K + 2)}
    learner = Learner(content, tmp_path, range(2 * K), skips)
    for seed in range(K):
        first = learner.add(seed)
    assert first.shown is not None and first.shown.traits[trait] is not None
    for seed in range(K, 2 * K):
        moved = learner.add(seed)
    assert moved.new is not None and len(moved.new.raters) == 2 * K
    assert moved.new.traits[trait] is None
    assert attack(content, learner.views, learner.answers) == {}
    # The control: the same imports with the per-trait rule off (each trait's mean over
    # whoever counts for it) give that rater away, and the solver says so.
    present = sorted(learner.answers)
    scores = {rid: rater_scores(content, learner.answers[rid]) for rid in present}
    means = {}
    for t in content.traits:
        values = [scores[rid][t.id] for rid in present if t.id in scores[rid]]
        means[t.id] = sum(values) / len(values)
    naive = Release(2, tuple(present), "2026-12-02", K, means)
    naive_view = OthersView(naive, naive, len(present), 0, K, K)
    found = attack(content, [first, naive_view], learner.answers)
    assert found.get(trait) == [learner.response(K)]


@pytest.mark.parametrize("seed", range(4))
def test_raters_who_skip_at_random_give_nobody_away(
    content: Content, tmp_path: Path, seed: int
) -> None:
    """Raters who answer "can't judge" at random, imported one by one, some removed and
    re-added: on no trait does any rater's score follow from what was shown."""
    rng = random.Random(100 + seed)
    learner = Learner(content, tmp_path, range(12), {s: 0.3 for s in range(12)})
    order = list(range(12))
    rng.shuffle(order)
    for step, rater_seed in enumerate(order):
        learner.add(rater_seed)
        if step in (5, 8):
            out = order[rng.randrange(step)]
            learner.delete(RATER_ANSWERS, learner.response(out))
            learner.look()
            learner.add(out)
    assert any(view.shown is not None for view in learner.views)
    shown = [v.shown for v in learner.views if v.shown is not None]
    assert any(mean is None for r in shown for mean in r.traits.values())  # skips bite
    assert attack(content, learner.views, learner.answers) == {}


@pytest.mark.parametrize("seed", range(6))
def test_random_imports_removals_and_record_deletions_give_nobody_away(
    content: Content, tmp_path: Path, seed: int
) -> None:
    """A learner trying everything in a random order: new raters, removing one from the
    journal, re-adding it, deleting the record of the views. Whatever the course shows
    along the way, no rater's score on any trait follows from it."""
    rng = random.Random(seed)
    learner = Learner(content, tmp_path, range(12))
    waiting = list(range(12))
    rng.shuffle(waiting)
    imported: list[int] = []
    removed: list[int] = []
    for _step in range(30):
        move = rng.random()
        if move < 0.55 and waiting:
            seed_in = waiting.pop()
            imported.append(seed_in)
            learner.add(seed_in)
        elif move < 0.7 and imported:
            out = imported.pop(rng.randrange(len(imported)))
            removed.append(out)
            learner.delete(RATER_ANSWERS, learner.response(out))
            learner.look()
        elif move < 0.9 and removed:
            back = removed.pop(rng.randrange(len(removed)))
            imported.append(back)
            learner.add(back)
        else:
            learner.delete(OTHERS_VIEW)
            learner.look()
    assert any(view.shown is not None for view in learner.views)
    assert attack(content, learner.views, learner.answers) == {}
