"""The nightly job end to end, as `adoption-audit run` executes it: in process, then with parallel partitions.

smoke: the bundled fixtures (BENCHMARKS.md target: under 60 s including start-up).
full: a generated region of 5 authorities x 10 financial years with planted defects, plus the bundled
reports and CPR inbox (issue 8's benchmark).

Both modes run in the same benchmark, each into a fresh ``out/`` and Dagster instance: ``workers=1`` (every
partition's run one after another in this process) and ``workers=2`` (each stage's partition runs in two
processes at once, this machine's cores). The warehouse tables of the two are compared, so the parallel
figure is for the same result. Wall time includes Dagster start-up; peak memory is this process's (the
runner reads it) and, for the parallel mode, the largest worker process's (``children_peak_mb``).
Then the nights after, in process: nothing changed, and a new collection year for every authority.
"""

from __future__ import annotations

import hashlib
import os
import resource
import tempfile
import time
from pathlib import Path


def run(scale: str) -> dict:
    from adoption_audit.paths import FIXTURES
    from adoption_audit.settings import RunSettings

    work = Path(tempfile.mkdtemp(prefix="bench-nightly-"))
    figures: dict = {}
    sources = FIXTURES / "sources"
    if scale == "full":
        from adoption_audit.synthetic import GenerateOptions, generate

        started = time.perf_counter()
        generate(GenerateOptions(out=work / "sources", authorities=5, first_year=2015, last_year=2024, seed=8,
                                 defects=True))
        figures["generate_s"] = round(time.perf_counter() - started, 2)
        sources = work / "sources"
    rows = sum(sum(1 for _ in p.open("rb")) - 1 for p in sources.rglob("*.csv"))

    from adoption_audit.pipelines.nightly import run_nightly

    figures["source_rows"] = rows
    digests = {}
    for workers in (1, 2):
        mode = "in_process" if workers == 1 else f"parallel_{workers}"
        os.environ["DAGSTER_HOME"] = str(work / f"dagster_home_{mode}")
        Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
        settings = RunSettings(sources=sources, reports=FIXTURES / "reports", cprs=FIXTURES / "cprs",
                               out=work / f"out_{mode}")
        started = time.perf_counter()
        summary = run_nightly(settings, workers=workers)
        elapsed = time.perf_counter() - started
        digests[mode] = _table_digests(settings.warehouse)
        figures.update({
            f"{mode}_s": round(elapsed, 2), f"{mode}_rows_per_s": round(rows / elapsed),
            f"{mode}_succeeded": summary.success, f"{mode}_runs": len(summary.run_ids),
            f"{mode}_assets": summary.assets_materialised, f"{mode}_checks_failed": len(summary.checks_failed),
            f"{mode}_quarantined": summary.quarantined_rows,
        })
    # The nights after: nothing changed (the documents only), then a new year for every authority
    # (simulated by forgetting each authority's latest partition's fingerprint).
    import duckdb

    os.environ["DAGSTER_HOME"] = str(work / "dagster_home_in_process")
    settings = RunSettings(sources=sources, reports=FIXTURES / "reports", cprs=FIXTURES / "cprs", out=work / "out_in_process")
    for night in ("unchanged_night", "new_year_night"):
        if night == "new_year_night":
            with duckdb.connect(str(settings.warehouse)) as con:
                con.execute("delete from source_partitions where (authority, year) in "
                            "(select authority, max(year) from source_partitions group by 1)")
        started = time.perf_counter()
        summary = run_nightly(settings)
        figures[f"{night}_s"] = round(time.perf_counter() - started, 2)
        figures[f"{night}_runs"] = len(summary.run_ids)
    figures["children_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    figures["speed_up"] = round(figures["in_process_s"] / figures["parallel_2_s"], 2)
    figures["same_tables"] = digests["in_process"] == digests["parallel_2"]
    return figures


# Tables whose rows record the clock of the run that wrote them.
RUN_TIME = {"cpr_results": "checked_at", "audit_document": None}


def _table_digests(warehouse: Path) -> dict[str, str]:
    """Every warehouse table's content (less run times), order-independent, as a digest."""
    import duckdb

    digests = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for (table,) in con.execute("select table_name from information_schema.tables "
                                    "where table_schema = 'main'").fetchall():
            if table in RUN_TIME and RUN_TIME[table] is None:
                continue
            exclude = f" exclude ({RUN_TIME[table]})" if table in RUN_TIME else ""
            rows = sorted(map(repr, con.execute(f'select *{exclude} from "{table}"').fetchall()))
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests
