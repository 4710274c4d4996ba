"""Benchmarks of what learners and facilitators wait for: importing leadlib, opening a
notebook, nbval over the course, exercises, handouts and the team report.

Every ``benchmarks/bench_*.py`` exposes ``run(quick: bool = False) -> list[dict]``
returning rows with the keys benchmark, measure, value, unit, target, verdict and note
(see ``benchmarks.common.row``). ``python -m benchmarks [--quick] [NAME ...]`` runs them
and, unless ``--quick``, writes ``benchmarks/RESULTS.md``. They are measurements, not
timed tests: pytest does not collect them. Must not import leadlib at package import.
"""
