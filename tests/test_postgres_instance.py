"""The nightly job against a Dagster instance stored in a real local PostgreSQL server.

`.ci/run` installs PostgreSQL from the distribution's packages when it is missing; elsewhere the test
skips with the reason. The server is a throw-away cluster in a temporary folder on a free loopback port.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from adoption_audit.paths import FIXTURES, PROJECT_ROOT

pytestmark = pytest.mark.postgres


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    pytest.importorskip("dagster_postgres", reason="dagster-postgres not installed")
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as an unprivileged user")
        as_user = ["runuser", "-u", "postgres", "--"]
    # Not under pytest's tmp_path: that is private to root, and the server runs as the postgres user.
    root = Path(tempfile.mkdtemp(prefix="adoption-audit-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if as_user:
        subprocess.run(["chown", "-R", "postgres", str(root)], check=True)
        os.chmod(root, 0o777)
    port = _free_port()
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"), "-o",
                    f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    try:
        subprocess.run([*as_user, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dagster",
                        "dagster"], check=True, capture_output=True)
        yield {"DAGSTER_PG_URL": f"postgresql+psycopg2://dagster@127.0.0.1:{port}/dagster", "port": port}
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_nightly_run_recorded_in_postgres(postgres, tmp_path):
    import psycopg2

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROJECT_ROOT / "deploy" / "dagster-postgres.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_PG_URL": postgres["DAGSTER_PG_URL"], "DAGSTER_HOME": str(home)}
    out = tmp_path / "out"
    config = tmp_path / "run.yaml"  # two authorities, one year: every stage, with partitions, in less time
    config.write_text(f"sources: {FIXTURES / 'sources'}\nauthorities: [eastvale, westmoor]\nyears: [2024-25]\n",
                      encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "adoption_audit", "run", "--out", str(out), "--config", str(config)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "assets materialised" in result.stdout
    with (psycopg2.connect(host="127.0.0.1", port=postgres["port"], user="dagster", dbname="dagster") as conn,
          conn.cursor() as cur):
        cur.execute("select pipeline_name, count(*) from runs group by 1")
        runs = dict(cur.fetchall())
    # One run per source partition (2 authorities x 1 year), one per authority, then one.
    assert runs == {"nightly_sources": 2, "nightly_figures": 2, "nightly_documents": 1}
    assert not list(home.rglob("*.db")), "run storage fell back to SQLite"
