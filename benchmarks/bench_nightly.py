"""The nightly job end to end, in process, as `adoption-audit run` executes it.

smoke: the bundled fixtures (BENCHMARKS.md target: under 60 s including start-up).
full: a generated region of 5 authorities x 10 financial years with planted defects, plus the bundled
reports and CPR inbox (issue 8's benchmark). Wall time includes Dagster start-up; peak memory is this
process's (the runner reads it).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def run(scale: str) -> dict:
    from adoption_audit.paths import FIXTURES
    from adoption_audit.settings import RunSettings

    work = Path(tempfile.mkdtemp(prefix="bench-nightly-"))
    os.environ["DAGSTER_HOME"] = str(work / "dagster_home")
    figures: dict = {}
    sources = FIXTURES / "sources"
    if scale == "full":
        from adoption_audit.synthetic import GenerateOptions, generate

        started = time.perf_counter()
        generate(GenerateOptions(out=work / "sources", authorities=5, first_year=2015, last_year=2024, seed=8,
                                 defects=True))
        figures["generate_s"] = round(time.perf_counter() - started, 2)
        sources = work / "sources"
    settings = RunSettings(sources=sources, reports=FIXTURES / "reports", cprs=FIXTURES / "cprs", out=work / "out")
    rows = sum(sum(1 for _ in p.open("rb")) - 1 for p in sources.rglob("*.csv"))

    from adoption_audit.pipelines.nightly import run_nightly

    started = time.perf_counter()
    summary = run_nightly(settings)
    elapsed = time.perf_counter() - started
    figures.update({
        "source_rows": rows, "nightly_s": round(elapsed, 2), "rows_per_s": round(rows / elapsed),
        "succeeded": summary.success, "assets": summary.assets_materialised,
        "checks_failed": len(summary.checks_failed), "quarantined": summary.quarantined_rows,
    })
    return figures
