"""Benchmarks: ``python -m benchmarks [CASE ...]`` (or ``make bench``).

Each case is a module ``benchmarks/bench_<case>.py`` with a ``run(scale: str) -> dict`` function that
returns its figures (``rows_per_s``, ``words_per_s``, ``ratio_vs_…`` …). The runner runs every case in its
own process so that peak memory (max RSS) is that case's alone, and prints wall time, peak memory and
the case's figures. Speed goals are met here, never in timed tests.
"""
