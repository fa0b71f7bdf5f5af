"""Run the DfE's own 903 validator (csc-validator-be-903) on a folder of CSVs and print its flags.

This file runs under the DfE tool's separate virtual environment, never the project's (the tool pins
pandas < 2): ``/tmp/dfe-venv/bin/python benchmarks/dfe903_tool_runner.py DIR FILES YEAR RULES OUT.csv``.
It writes one CSV row per flag (rule, kind, row, CHILD; row as a spreadsheet shows it) and prints one JSON
line: seconds reading and validating, peak memory, rules that failed to run or were skipped.
"""

import csv
import importlib
import json
import logging
import resource
import sys
import time

KINDS = {"Header": "ssda903_header", "Episodes": "ssda903_episodes", "AD1": "ssda903_ad1",
         "PlacedAdoption": "ssda903_placed_for_adoption", "UASC": "ssda903_uasc"}


def peak_rss_mb() -> float:
    """Own peak memory (VmHWM): ru_maxrss would include the parent's, carried across fork and exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ruleset(end_year: int) -> str:
    """The DfE rule pack for a collection year; packs start at 2022-23 and stop at 2026-27."""
    end_year = min(max(end_year, 2023), 2027)
    return f"lac{end_year - 1}_{end_year % 100:02d}"


def main(folder: str, files: str, year: str, rules: str, out: str) -> None:
    logging.disable(logging.CRITICAL)
    started = time.perf_counter()
    import pandas as pd
    from lac_validator import lac_validator
    from lac_validator.ingress import read_from_text
    from lac_validator.utils import process_uploaded_files

    end_year = int(year[:4]) + 1
    registry = importlib.import_module(f"lac_validator.rules.{ruleset(end_year)}").registry
    paths = [f"{folder}/{name}" for name in files.split(",")]
    imported = time.perf_counter()
    read_from_text(process_uploaded_files({"This year": paths}))  # timed alone: the tool's own reading
    read = time.perf_counter()
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": str(end_year), "localAuthority": "E09000027"},
        files=process_uploaded_files({"This year": paths}), registry=registry, selected_rules=rules.split(","))
    validated = time.perf_counter()
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rule", "kind", "row", "CHILD"])
        for table, frame in validator.ds_results.items():
            if table == "metadata" or table not in KINDS:
                continue
            for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
                hit = frame.index[frame[column].fillna(False).astype(bool)]
                for index in hit:
                    child = frame.at[index, "CHILD"]
                    writer.writerow([column[4:], KINDS[table], int(index) + 2, "" if pd.isna(child) else child])
    print(json.dumps({
        "ruleset": ruleset(end_year), "import_s": round(imported - started, 3),
        "read_s": round(read - imported, 3), "validate_s": round(validated - read, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "cpu_s": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime
                       + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 3),
        "failed": validator.fails, "skipped": validator.skips,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:6])
