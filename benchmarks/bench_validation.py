"""Source validation at national size: a 903 episodes extract of >= 1M rows, pandera vs Great Expectations.

The extract is generated here with numpy (about 0.5% of rows carry a planted fault: an impossible date,
an episode ending before it starts, a duplicate key, a blank required field), written as CSV, then:

- pandera path, end to end as the CLI runs it: read as text -> strict typing -> pandera (lazy, every
  failing row) -> DfE 903 rules when installed -> quarantine records -> quarantine CSV written; timed
  first without the DfE rules (``schemas_only``: what this stage itself costs) and then with them;
  then the valid rows and the quarantine loaded into DuckDB (``warehouse_write_s``);
- Great Expectations 1.x on the valid rows (all of them, no sample), result format SUMMARY: what the
  pipeline runs;
- Great Expectations doing pandera's job: the same suite on every row, bad ones included, with result
  format COMPLETE (the only one that lists every failing row), for the like-for-like ratio.

Wall time and CPU time (all threads) are both reported: on a shared machine the wall time moves with
the load, CPU time much less. Rows per CPU-second is the "on one core" figure of the issue.

Targets (BENCHMARKS.md): pandera path >= 500k rows/s with peak memory under 1 GB; the issue's floor is
200k rows/s. GX is reported beside it with the ratio.
"""

import multiprocessing
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROWS = {"smoke": 20_000, "full": 1_000_000}


def make_episodes(rows: int, seed: int = 3) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start = rng.integers(0, 2500, rows)  # days after 2010-04-01
    length = rng.integers(1, 900, rows)
    base = np.datetime64("2010-04-01")
    decom = base + start.astype("timedelta64[D]")
    dec = decom + length.astype("timedelta64[D]")
    child = np.arange(rows) // 2 + 100000  # two episodes per child
    frame = pl.DataFrame({
        "CHILD": child.astype(str), "DECOM": decom, "RNE": rng.choice(["S", "P", "T"], rows),
        "LS": "C2", "CIN": rng.choice(["N1", "N2", "N3", "N4"], rows),
        "PLACE": rng.choice(["U1", "U4"], rows), "PLACE_PROVIDER": "PR1", "DEC": dec,
        "REC": rng.choice(["X1", "E4A"], rows), "REASON_PLACE_CHANGE": "", "HOME_POST": "",
        "PL_POST": "", "URN": "SC000001",
    }).with_columns(pl.col("DECOM").dt.strftime("%d/%m/%Y"), pl.col("DEC").dt.strftime("%d/%m/%Y"))
    # Planted faults, about 0.5% of rows.
    faults = rng.integers(0, rows, rows // 200)
    kinds = rng.integers(0, 4, faults.size)
    decom_text, dec_text, child_text = frame["DECOM"].to_list(), frame["DEC"].to_list(), frame["CHILD"].to_list()
    rne = frame["RNE"].to_list()
    for index, kind in zip(faults.tolist(), kinds.tolist()):
        if kind == 0:
            decom_text[index] = "31/02/2015"
        elif kind == 1:
            dec_text[index] = "01/01/2009"
        elif kind == 2 and index > 0:
            child_text[index], decom_text[index] = child_text[index - 1], decom_text[index - 1]
        else:
            rne[index] = ""
    return frame.with_columns(pl.Series("DECOM", decom_text), pl.Series("DEC", dec_text),
                              pl.Series("CHILD", child_text), pl.Series("RNE", rne))


def write_episodes(rows: int, target: str) -> None:
    make_episodes(rows).write_csv(target)


def run(scale: str) -> dict:
    from adoption_audit.checks.validation import validate_sources, write_quarantine_csvs

    rows = ROWS[scale]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "sources"
        target = root / "nationwide" / date(2020, 3, 31).isoformat() / "episodes.csv"
        target.parent.mkdir(parents=True)
        # Generated in a child process, so this process's peak memory is the validation's alone.
        child = multiprocessing.get_context("spawn").Process(target=write_episodes, args=(rows, str(target)))
        child.start()
        child.join()
        megabytes = target.stat().st_size / 1e6

        started, cpu = time.perf_counter(), time.process_time()
        schemas_only = validate_sources(root, dfe_rules=False)
        write_quarantine_csvs(schemas_only, Path(folder) / "quarantine")
        schemas_s, schemas_cpu = time.perf_counter() - started, time.process_time() - cpu
        peak_after_schemas_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        del schemas_only

        started, cpu = time.perf_counter(), time.process_time()
        result = validate_sources(root)
        write_quarantine_csvs(result, Path(folder) / "quarantine")
        pandera_s, pandera_cpu = time.perf_counter() - started, time.process_time() - cpu
        peak_after_pandera_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report = result.extracts[0]
        assert report.rows == rows == report.valid + report.quarantined

        import duckdb
        from adoption_audit.checks.validation import write_warehouse

        with duckdb.connect(str(Path(folder) / "warehouse.duckdb")) as con:
            started = time.perf_counter()
            write_warehouse(result, con)
            warehouse_s = time.perf_counter() - started

        from adoption_audit.checks.expectations import run_expectations  # imported late: GX is large

        started, cpu = time.perf_counter(), time.process_time()
        (expectations,) = run_expectations(result, sample_rows=rows)
        gx_s, gx_cpu = time.perf_counter() - started, time.process_time() - cpu

        # GX doing pandera's job: every row (bad ones included), every failing row listed (COMPLETE).
        everything = _all_rows_typed(target, report)
        started, cpu = time.perf_counter(), time.process_time()
        (complete,) = run_expectations(everything, sample_rows=rows, result_format="COMPLETE")
        gx_complete_s, gx_complete_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "rows": rows, "csv_mb": round(megabytes, 1), "quarantined_rows": report.quarantined,
        "quarantine_items": len(result.quarantine),
        "schemas_only_s": round(schemas_s, 3), "schemas_only_rows_per_s": round(rows / schemas_s),
        "schemas_only_cpu_s": round(schemas_cpu, 3), "schemas_only_rows_per_cpu_s": round(rows / schemas_cpu),
        "peak_rss_after_schemas_mb": round(peak_after_schemas_mb, 1),
        "pandera_end_to_end_s": round(pandera_s, 3), "pandera_rows_per_s": round(rows / pandera_s),
        "pandera_cpu_s": round(pandera_cpu, 3), "pandera_rows_per_cpu_s": round(rows / pandera_cpu),
        "peak_rss_after_pandera_mb": round(peak_after_pandera_mb, 1),
        "warehouse_write_s": round(warehouse_s, 3),
        "gx_s": round(gx_s, 3), "gx_cpu_s": round(gx_cpu, 3), "gx_rows_per_s": round(expectations.checked_rows / gx_s),
        "gx_checked_rows": expectations.checked_rows, "gx_over_pandera_time": round(gx_s / pandera_s, 2),
        "gx_complete_all_rows_s": round(gx_complete_s, 3), "gx_complete_cpu_s": round(gx_complete_cpu, 3),
        "gx_complete_rows_per_s": round(rows / gx_complete_s),
        "gx_complete_failed_expectations": len(complete.failed),
        "gx_complete_over_schemas_only_cpu": round(gx_complete_cpu / schemas_cpu, 2),
    }


def _all_rows_typed(target: Path, report):
    """Every row of the file typed as the schemas see it, bad rows included, as a one-extract run."""
    from adoption_audit.checks.extracts import EXTRACT_KINDS
    from adoption_audit.checks.validation import ExtractReport, SourcesValidation
    from adoption_audit.checks.validation.parsing import ROW, prepare
    from adoption_audit.checks.validation.reading import read_extract

    raw = read_extract(target)
    kind = EXTRACT_KINDS[report.kind]
    typed = prepare(raw.frame, kind, report.extract_date).select(*kind.column_names, pl.col(ROW).alias("source_row"))
    every = ExtractReport(path=report.path, kind=report.kind, authority=report.authority,
                          extract_date=report.extract_date, rows=typed.height, valid=typed.height, quarantined=0,
                          encoding=report.encoding, valid_frame=typed)
    return SourcesValidation(root=target.parent, extracts=[every])
