"""The DfE 903 adoption rules at national size, ours against the DfE tool's same rules, same run.

A generated return (benchmarks/dfe903_synth.py, planted faults on) of about a million episode rows with
its header, AD1 and placed-for-adoption files. Ours runs in a fresh process (so its peak memory is its
own): read the CSVs as text, run every rule of the year, build the quarantine items. The DfE tool
(csc-validator-be-903, in its own virtual environment, installed if missing) runs the same rule codes on
the same files in another process. rows/s are episode rows per second, end to end (reading included)
and for the rules alone. ``DFE903_BENCH_TOOL_ROWS`` runs the DfE tool on a smaller return and the
figures say so (its rows/s is then measured at that size, not extrapolated silently).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from adoption_audit.checks.dfe903 import RULES, CollectionYear

YEAR = CollectionYear.parse("2022-23")
EPISODES_PER_CHILD = 2.5  # what the generator gives on average
SIZES = {"smoke": 5_000, "full": 1_000_000}


def _ours(folder: str) -> dict:
    """Child side: our rules end to end on ``folder`` (prints JSON)."""
    from adoption_audit.checks.dfe903 import run_rules, to_quarantine
    from adoption_audit.checks.dfe903.reading import read_return

    started = time.perf_counter()
    tables, paths = read_return(Path(folder))
    read = time.perf_counter()
    flagged = run_rules(tables, YEAR)
    ruled = time.perf_counter()
    items = to_quarantine(flagged, YEAR, paths)
    done = time.perf_counter()
    return {"episode_rows": tables["ssda903_episodes"].height, "flags": len(items), "read_s": read - started,
            "rules_s": ruled - read, "quarantine_items_s": done - ruled, "total_s": done - started,
            "peak_rss_mb": peak_rss_mb(),
            "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime}


def peak_rss_mb() -> float:
    """This process's own peak resident memory. ``ru_maxrss`` will not do in a child process: Linux carries
    the parent's high-water mark across fork and exec, so a child started by a process that had just
    generated a gigabyte of test data would report that gigabyte. ``VmHWM`` belongs to the process's own
    address space."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(folder: Path, episode_rows: int) -> list[str]:
    from benchmarks.dfe903_synth import write_return

    return write_return(folder, children=max(50, int(episode_rows / EPISODES_PER_CHILD)), year=YEAR, seed=903)


def run(scale: str) -> dict:
    from benchmarks.dfe903_compare import DEFAULT_VENV, ensure_dfe_tool, run_dfe_tool

    rows = SIZES[scale]
    tool_rows = int(os.environ.get("DFE903_BENCH_TOOL_ROWS", rows))
    figures: dict = {"target_rows": rows}
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir = Path(tmp) / "ours"
        files = _write(ours_dir, rows)
        proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_dfe903", "--ours", str(ours_dir)],
                              capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
        ours = json.loads(proc.stdout.strip().splitlines()[-1])
        n = ours["episode_rows"]
        figures.update(episode_rows=n, flags=ours["flags"], ours_total_s=round(ours["total_s"], 3),
                       ours_rules_s=round(ours["rules_s"], 3), ours_read_s=round(ours["read_s"], 3),
                       ours_rows_per_s=round(n / ours["total_s"]), ours_rules_rows_per_s=round(n / ours["rules_s"]),
                       ours_peak_rss_mb=round(ours["peak_rss_mb"], 1), ours_cpu_s=round(ours["cpu_s"], 2))
        tool_dir = ours_dir
        if tool_rows != rows:
            tool_dir = Path(tmp) / "tool"
            files = _write(tool_dir, tool_rows)
        try:
            python = ensure_dfe_tool(DEFAULT_VENV)
        except (OSError, subprocess.CalledProcessError) as exc:  # no registry here: ours alone, said aloud
            figures["dfe_tool"] = f"not available ({exc})"
            return figures
        _, tool = run_dfe_tool(python, tool_dir, files, YEAR, sorted(RULES))
        tool_n = _episode_rows(tool_dir)
        figures.update(dfe_episode_rows=tool_n, dfe_total_s=tool["validate_s"], dfe_read_s=tool["read_s"],
                       dfe_rows_per_s=round(tool_n / tool["validate_s"]),
                       dfe_rules_rows_per_s=round(tool_n / max(tool["validate_s"] - tool["read_s"], 1e-9)),
                       dfe_peak_rss_mb=tool["peak_rss_mb"], dfe_cpu_s=tool["cpu_s"],
                       dfe_failed_rules=",".join(tool["failed"]) or "none")
    figures["speedup_end_to_end"] = round(figures["ours_rows_per_s"] / figures["dfe_rows_per_s"], 1)
    figures["speedup_rules"] = round(figures["ours_rules_rows_per_s"] / figures["dfe_rules_rows_per_s"], 1)
    # CPU seconds per row, whole process each (start-up included for both): steadier than wall time on a
    # shared machine
    figures["speedup_cpu"] = round((figures["dfe_cpu_s"] / tool_n) / (figures["ours_cpu_s"] / n), 1)
    figures["targets_met"] = figures["speedup_end_to_end"] >= 10 and figures["ours_peak_rss_mb"] < 1024
    return figures


def _episode_rows(folder: Path) -> int:
    with open(folder / "episodes.csv", "rb") as handle:
        return sum(1 for _ in handle) - 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--ours":
        print(json.dumps(_ours(sys.argv[2])))
