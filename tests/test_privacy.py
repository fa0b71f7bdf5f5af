"""Children's data is sensitive: the nightly run on the fixtures must not leak the fixtures' names.

Collects every child, parent and family name the fixtures hold (case-management extracts, the CPR log,
the CPR fixtures' profiles), runs the whole nightly job at INFO, and searches everything it printed and
wrote: stdout/stderr, the Dagster event log and compute logs under DAGSTER_HOME, quarantine CSVs,
findings, Data Docs and summaries.

Two outputs are exempt by design, and only those: the per-CPR QA pages and JSON (`out/cpr-qa*` except the
counts-only summary, `out/cpr-qa/`), which are the team manager's annotated view of the CPR itself, and
the DuckDB warehouse, which is the validated source data.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from adoption_audit.paths import FIXTURES

EXEMPT = ("warehouse.duckdb", "cpr-qa.json", "cpr-qa.html")
EXEMPT_DIRS = ("cpr-qa",)


def fixture_names() -> set[str]:
    names: set[str] = set()
    for path in (FIXTURES / "sources").rglob("*.csv"):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if not _is_cp1252(raw) else raw.decode("cp1252")
        for row in csv.DictReader(text.splitlines()):
            for column in ("first_name", "surname", "child_name"):
                value = (row.get(column) or "").strip()
                names.update(part for part in value.split() if len(part) >= 4)
    spec = importlib.util.spec_from_file_location("cpr_fixture_build", FIXTURES / "cprs" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for profile in build.PROFILES:
        for key, value in profile.items():
            if isinstance(value, str) and (key in ("name", "surname", "full_name") or key.endswith("_name")):
                names.update(part for part in value.split() if len(part) >= 4)
    return names


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def scanned_files(out: Path, home: Path) -> list[Path]:
    files = [p for p in home.rglob("*") if p.is_file()]
    for p in out.rglob("*"):
        if not p.is_file() or p.name in EXEMPT:
            continue
        if any(part in EXEMPT_DIRS for part in p.relative_to(out).parts[:-1]):
            continue
        files.append(p)
    return files


@pytest.fixture(scope="module")
def nightly_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    out, home = root / "out", root / "dagster_home"
    env = {**os.environ, "DAGSTER_HOME": str(home), "ADOPTION_AUDIT_LOG_LEVEL": "INFO"}
    result = subprocess.run([sys.executable, "-m", "adoption_audit", "run", "--out", str(out)],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return result, out, home


def test_fixtures_do_hold_names():
    names = fixture_names()
    assert len(names) >= 20, "the privacy test needs names to look for"


def find_leaks(names: set[str], texts: dict[str, str], files: list[Path]) -> list[str]:
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    leaks = [f"{label}: {m.group(0)}" for label, text in texts.items() for m in pattern.finditer(text)]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        leaks += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
    return leaks


def test_the_scan_finds_a_planted_name(tmp_path):
    names = fixture_names()
    planted = min(names)
    (tmp_path / "home" / "storage").mkdir(parents=True)
    (tmp_path / "out" / "cpr-qa").mkdir(parents=True)
    (tmp_path / "home" / "storage" / "events.log").write_text(f"step ok for {planted} (42 rows)")
    (tmp_path / "out" / "cpr-qa" / "exempt.html").write_text(planted)  # the team manager's page: exempt
    files = scanned_files(tmp_path / "out", tmp_path / "home")
    assert find_leaks(names, {"stderr": "counts only"}, files) == [f"events.log: {planted}"]


def test_no_fixture_name_in_logs_or_outputs(nightly_run):
    result, out, home = nightly_run
    files = scanned_files(out, home)
    assert files, "the run wrote nothing to scan"
    leaks = find_leaks(fixture_names(), {"stdout": result.stdout, "stderr": result.stderr}, files)
    assert not leaks, f"{len(leaks)} name(s) found, e.g. {leaks[:10]}"
