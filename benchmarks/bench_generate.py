"""Generating a synthetic world: national size (150 authorities x 10 years, about 3M SSDA903 episode rows)
must take minutes, not hours. Smoke: 2 authorities x 10 years."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from adoption_audit.synthetic import GenerateOptions, generate

SCALES = {"smoke": 2, "full": 150}


def run(scale: str) -> dict:
    authorities = SCALES[scale]
    folder = Path(tempfile.mkdtemp(prefix="bench_generate_"))
    try:
        started = time.perf_counter()
        result = generate(GenerateOptions(out=folder / "sources", authorities=authorities, first_year=2015,
                                          last_year=2024, seed=1, defects=True))
        seconds = time.perf_counter() - started
        written = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = sum(e["rows"] for e in result.extracts)
    episodes = result.rows_by_kind["ssda903_episodes"]
    return {
        "authorities": authorities, "years": 10, "files": len(result.extracts), "rows": rows,
        "episode_rows": episodes, "faults": len(result.faults), "generate_s": round(seconds, 2),
        "rows_per_s": round(rows / seconds), "episode_rows_per_s": round(episodes / seconds),
        "written_mb": round(written / 2**20, 1),
    }
