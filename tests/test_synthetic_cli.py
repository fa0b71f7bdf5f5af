"""``adoption-audit fixtures generate`` from the command line: the files, the manifest, XLSX, bad options."""

import json
import subprocess
import sys

from adoption_audit.checks.extracts import EXTRACT_KINDS
from openpyxl import load_workbook


def cli(*args):
    return subprocess.run([sys.executable, "-m", "adoption_audit", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_generate_writes_the_layout_and_the_manifest(tmp_path):
    out = tmp_path / "sources"
    result = cli("fixtures", "generate", "--out", str(out), "--authorities", "2", "--years", "2023-24..2024-25",
                 "--seed", "5", "--size", "0.15", "--defects")
    assert result.returncode == 0, result.stderr
    assert "planted faults" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["eastvale", "manifest.json", "northshire"]
    assert sorted(p.name for p in (out / "northshire").iterdir()) == ["2024-03-31", "2025-03-31"]
    names = sorted(p.name for p in (out / "northshire" / "2025-03-31").iterdir())
    assert names == sorted(k.default_file for k in EXTRACT_KINDS.values()
                           if k.kind not in ("ssda903_previous_permanence", "ssda903_uasc"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"]["command"].startswith("adoption-audit fixtures generate --out DIR --authorities 2")
    assert manifest["faults"] and all(f["file"].startswith(("northshire/", "eastvale/")) for f in manifest["faults"])
    assert str(tmp_path) not in (out / "manifest.json").read_text(encoding="utf-8")  # no machine paths


def test_xlsx_files_carry_the_same_columns(tmp_path):
    out = tmp_path / "xlsx"
    result = cli("fixtures", "generate", "--out", str(out), "--authorities", "1", "--years", "2024-25",
                 "--size", "0.1", "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["extracts"]) == 9
    for extract in manifest["extracts"]:
        assert extract["path"].endswith(".xlsx")
        sheet = load_workbook(out / extract["path"], read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(EXTRACT_KINDS[extract["kind"]].column_names)
        assert len(rows) - 1 == extract["rows"]


def test_bad_options_are_one_line_and_exit_2(tmp_path):
    for args in (["--years", "2019-18"], ["--years", "2020-21..2019-20"], ["--format", "pdf"], ["--size", "0"]):
        result = cli("fixtures", "generate", "--out", str(tmp_path / "x"), *args)
        assert result.returncode == 2, (args, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()
