"""Run benchmark cases, each in its own process, and print their figures."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import resource
import subprocess
import sys
import time
from pathlib import Path

import benchmarks


def case_names() -> list[str]:
    return sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules(benchmarks.__path__)
                  if m.name.startswith("bench_"))


def run_case_here(name: str, scale: str) -> dict:
    """Run one case in this process (the child side of the runner)."""
    module = importlib.import_module(f"benchmarks.bench_{name}")
    started = time.perf_counter()
    figures = module.run(scale)
    figures["wall_s"] = round(time.perf_counter() - started, 3)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default all): {', '.join(case_names())}")
    parser.add_argument("--scale", default="full", choices=["smoke", "full"],
                        help="smoke: tiny inputs to check a case runs; full: the sizes the targets are set for")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_case_here(args.child, args.scale)))
        return 0

    results = {}
    for name in args.cases or case_names():
        if name not in case_names():
            print(f"unknown benchmark case: {name}", file=sys.stderr)
            return 2
        proc = subprocess.run([sys.executable, "-m", "benchmarks", "--child", name, "--scale", args.scale],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: FAILED\n{proc.stderr[-3000:]}", file=sys.stderr)
            results[name] = {"failed": True}
            continue
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        results[name] = figures
        print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 1 if any(r.get("failed") for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
