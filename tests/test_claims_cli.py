"""``adoption-audit reports claims``: the contract's JSON and CSV, provenance, and unreadable documents."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
CONTRACT = ("document", "page", "line", "quote", "text", "value", "unit", "metric", "period", "entity", "kind")


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "adoption_audit", "reports", "claims", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=180, check=False)


def test_json_follows_the_contract(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "northshire_scrutiny_2019.txt", folder)
    shutil.copy(FIXTURES / "three_rivers_annual_2018_19.docx", folder)
    result = cli("reports", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["id"] for d in data["documents"]] == ["doc1", "doc2"]
    assert data["documents"][0]["path"] == "northshire_scrutiny_2019.txt"
    assert data["documents"][0]["period"] == {"start": "2018-04-01", "end": "2019-03-31"}
    assert data["run"]["tool"] == "adoption-audit" and len(data["run"]["inputs"]) == 2
    assert not any(Path(i["path"]).is_absolute() for i in data["run"]["inputs"])
    claim = next(c for c in data["claims"] if c["metric"] == "adopters_approved" and c["document"] == "doc1")
    assert set(CONTRACT) <= set(claim) and claim["value"] == 41 and claim["period"] == "2018-19"
    assert "41 adopter households" in claim["quote"] and claim["quote"][claim["char_start"]:].startswith("41")
    assert data["coverage"]["numbers_read"] > len(data["claims"])


def test_csv_for_excel_and_one_line_per_unreadable_document(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"this is not a pdf")
    out = tmp_path / "claims.csv"
    result = cli(str(broken), str(FIXTURES / "eastvale_strategy_2019_2022.txt"), "--format", "csv", "--out", str(out))
    assert result.returncode == 0
    assert result.stderr.strip().count("\n") == 0 and "broken.pdf" in result.stderr
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"id", "metric", "value", "period", "kind", "quote"} <= set(rows[0])
    assert any(r["metric"] == "a1_days" and r["value"] == "388.2" for r in rows)


def test_nothing_readable_is_exit_2(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"nope")
    result = cli(str(broken))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the document's reason, then why nothing was written
