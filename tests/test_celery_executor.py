"""The nightly job on dagster-celery with a real Redis broker and a real Celery worker, on loopback.

`.ci/run` installs Redis from the distribution's packages when missing; elsewhere the test skips with
the reason. Steps run in the worker process, not in the test: the worker's hostname is checked in the
run's event log
(the executor records which steps a worker executed).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adoption_audit.paths import FIXTURES

pytestmark = pytest.mark.redis


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    pytest.importorskip("dagster_celery", reason="dagster-celery not installed")
    port = _free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


LAUNCH = """
import dagster as dg
from adoption_audit.pipelines.nightly import launch_nightly
with dg.DagsterInstance.get() as instance:
    runs = launch_nightly(instance)
    print("runs", len(runs), "success", all(run.success for run in runs))
    for run in runs:
        print(" ".join(e.message or "" for e in instance.all_logs(run.run_id)))
"""


def test_nightly_job_steps_run_on_a_celery_worker(redis_url, tmp_path):
    home, out = tmp_path / "dagster_home", tmp_path / "out"
    home.mkdir()
    venv_bin = str(Path(sys.executable).parent)  # the worker launcher runs `celery` from PATH
    # One authority and one year keep the three stages to three launched runs.
    run_config = tmp_path / "run.yaml"
    run_config.write_text(f"sources: {FIXTURES / 'sources'}\nauthorities: [eastvale]\nyears: [2024-25]\n",
                          encoding="utf-8")
    env = {**os.environ, "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
           "DAGSTER_HOME": str(home), "ADOPTION_AUDIT_OUT": str(out), "ADOPTION_AUDIT_CONFIG": str(run_config),
           "ADOPTION_AUDIT_EXECUTOR": "celery", "ADOPTION_AUDIT_CELERY_BROKER": redis_url}
    config = tmp_path / "celery.yaml"
    config.write_text(f"execution:\n  config:\n    broker: {redis_url}\n    backend: {redis_url}\n")
    worker_bin = Path(sys.executable).parent / "dagster-celery"
    worker = subprocess.Popen([str(worker_bin), "worker", "start", "-A", "dagster_celery.app", "-y", str(config),
                               "-n", "adoption-audit-test", "--", "--pool", "solo"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # The run is launched from its own process, as a scheduler would: Dagster caches the job it loads
        # through a reconstructable pointer for the life of a process, so launching it here would leave
        # the Celery executor in place for every later test.
        result = subprocess.run([sys.executable, "-c", LAUNCH], env=env, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "runs 3 success True" in result.stdout
        for step in ("validated_sources", "metrics", "input_inventory"):
            assert f"Executing steps {step} in celery worker" in result.stdout
        assert (out / "warehouse.duckdb").exists()
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
