"""`adoption-audit run` on the embedded default: a Dagster run in process, SQLite storage, DuckDB warehouse."""

import subprocess
import sys

import duckdb

from adoption_audit.paths import FIXTURES

# One authority's latest year of the bundled fixtures: every stage runs (sources, figures, documents) in a
# quarter of the time of all nine partitions; tests/test_privacy.py and tests/test_reruns.py run them all.
SMALL = "authorities: [eastvale]\nyears: [2024-25]\n"


def small_config(tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text(f"sources: {FIXTURES / 'sources'}\n" + SMALL, encoding="utf-8")
    return config


def run_cli(tmp_path, out):
    env_home = tmp_path / "dagster_home"
    return subprocess.run(
        [sys.executable, "-m", "adoption_audit", "run", "--out", str(out), "--config", str(small_config(tmp_path))],
        capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "DAGSTER_HOME": str(env_home)},
    )


def test_run_twice_writes_out_and_summary(tmp_path):
    out = tmp_path / "out"
    first = run_cli(tmp_path, out)
    assert first.returncode in (0, 1), first.stderr[-2000:]
    assert "assets materialised" in first.stdout
    assert (out / "warehouse.duckdb").exists()
    assert (tmp_path / "dagster_home" / "dagster.yaml").exists()
    second = run_cli(tmp_path, out)
    assert second.returncode == first.returncode, second.stderr[-2000:]
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute("select count(*) from input_inventory").fetchone()[0]
    assert files > 0
    # The run history is in the SQLite instance under DAGSTER_HOME: two runs recorded.
    storage = tmp_path / "dagster_home"
    assert any(storage.rglob("*.db"))


def test_progress_reports_every_step_once(tmp_path, monkeypatch):
    from adoption_audit.pipelines.definitions import build_definitions
    from adoption_audit.pipelines.nightly import nightly_plan, run_nightly

    from adoption_audit.settings import RunSettings

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    settings = RunSettings.load(small_config(tmp_path), out=tmp_path / "out")
    defs = build_definitions(settings)
    expected_steps = sum(len(defs.resolve_job_def(run.job).graph.nodes) for stage in nightly_plan(defs)
                         for run in stage)
    seen: list[tuple[str, int, int]] = []
    summary = run_nightly(settings, on_step=lambda step, done, total: seen.append((step, done, total)))
    assert summary.success
    assert [done for _, done, _ in seen] == list(range(1, expected_steps + 1))
    assert len({step for step, _, _ in seen}) == expected_steps
    assert all(total == expected_steps for _, _, total in seen)
