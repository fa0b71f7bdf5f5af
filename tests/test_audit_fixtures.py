"""Acceptance: the audit on the fixture reports of ``fixtures/audit`` through the real claims reader.

``expected.json`` names every planted inconsistency (its rule and a marker from its sentence) and as
many consistent, checkable figures. Every planted one must be found by its rule, every error must be a
planted one, and no consistent figure may be cited by an error.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from adoption_audit.paths import FIXTURES

AUDIT_FIXTURES = FIXTURES / "audit"
EXPECTED = json.loads((AUDIT_FIXTURES / "expected.json").read_text(encoding="utf-8"))
READER_MISSING = importlib.util.find_spec("adoption_audit.nlp.claims") is None
pytestmark = pytest.mark.xfail(READER_MISSING, reason="the claims reader (nlp/claims.py, issue 5) is not built yet",
                               strict=True)


@pytest.fixture(scope="module")
def audited():
    from adoption_audit.checks.audit.run import audit_reports

    files = [(p, str(AUDIT_FIXTURES)) for p in sorted(AUDIT_FIXTURES.glob("*.txt"))]
    result, _run = audit_reports(files, today=date(2026, 11, 24))
    paths = {d.id: Path(d.path).name for d in result.extraction.documents}
    return result, paths


def _cites(finding, paths, document, marker) -> bool:
    return any(paths.get(e.get("document")) == document and marker in (e.get("quote") or "")
               for e in finding.evidence)


def test_fixtures_plant_as_many_consistent_figures_as_inconsistencies():
    assert len(EXPECTED["consistent"]) >= len(EXPECTED["planted"])
    assert {p["rule"] for p in EXPECTED["planted"]} >= {
        "conflicting_values", "breakdown_sum", "direction_word", "stated_difference", "percent_change",
        "weighted_average", "period_label", "future_date"}


# Planted inconsistencies the claims reader cannot yet turn into the claims the rule needs. Strict: when the
# reader learns them the test passes, xfail(strict) fails, and the entry must be removed from here.
KNOWN_READER_GAPS: dict[str, str] = {}


def _planted_cases():
    for planted in EXPECTED["planted"]:
        gap = next((why for marker, why in KNOWN_READER_GAPS.items() if planted["marker"].startswith(marker)), None)
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        yield pytest.param(planted, marks=marks, id=f"{planted['rule']}:{planted['marker'][:30]}")


@pytest.mark.parametrize("planted", _planted_cases())
def test_every_planted_inconsistency_is_found_by_its_rule(audited, planted):
    result, paths = audited
    found = [f for f in result.findings if f.rule == planted["rule"]
             and _cites(f, paths, planted["document"], planted["marker"])]
    assert found, (f"{planted['rule']} not found for '{planted['marker']}' ({planted['why']}); findings: "
                   + "; ".join(f"{f.rule}: {f.message}" for f in result.findings))
    assert any(f.severity == "error" for f in found)


def test_every_error_is_a_planted_inconsistency(audited):
    result, paths = audited
    unexplained = [f.message for f in result.findings if f.severity == "error" and not any(
        f.rule == p["rule"] and _cites(f, paths, p["document"], p["marker"]) for p in EXPECTED["planted"])]
    assert unexplained == []


@pytest.mark.parametrize("consistent", EXPECTED["consistent"], ids=lambda c: c["marker"][:30])
def test_no_consistent_figure_gets_an_error(audited, consistent):
    result, paths = audited
    cited = [f.message for f in result.findings if f.severity == "error"
             and _cites(f, paths, consistent["document"], consistent["marker"])
             and not any(f.rule == p["rule"] and _cites(f, paths, p["document"], p["marker"])
                         for p in EXPECTED["planted"])]
    assert cited == []


def test_cli_exit_codes_and_formats(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "adoption_audit", "reports", "audit", *args],
                              check=False, capture_output=True, text=True, timeout=300)

    report = cli(str(AUDIT_FIXTURES), "--format", "html", "--out", str(tmp_path / "audit.html"))
    assert report.returncode == 1, report.stderr
    assert "F0001" in (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert report.stderr == "", "nothing (and no document text) is logged at the default level"

    clean = tmp_path / "clean.txt"
    clean.write_text("Westmoor Adoption Service annual report, 1 April 2020 to 31 March 2021.\n\n"
                     "During the year 12 adopter households were approved.\n", encoding="utf-8")
    ok = cli(str(clean), "--format", "csv", "--out", str(tmp_path / "clean.csv"))
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "clean.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    unreadable = cli(str(broken))
    assert unreadable.returncode == 2 and "broken.pdf" in unreadable.stderr.strip().splitlines()[-1]
    assert "Traceback" not in unreadable.stderr

    bad_acks = tmp_path / "acks.yaml"
    bad_acks.write_text("acknowledgements:\n  abc: {by: someone}\n", encoding="utf-8")
    refused = cli(str(clean), "--acknowledgements", str(bad_acks))
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "acks.yaml" in refused.stderr and "Traceback" not in refused.stderr


def test_acknowledging_every_error_makes_the_run_pass(tmp_path, audited):
    result, _ = audited
    acks = tmp_path / "acks.yaml"
    acks.write_text("acknowledgements:\n" + "".join(
        f"  {f.fingerprint}:\n    by: Fixture auditor\n    reason: Planted for the tests.\n"
        for f in result.findings if f.severity == "error"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "adoption_audit", "reports", "audit", str(AUDIT_FIXTURES),
                          "--acknowledgements", str(acks)], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["summary"]["acknowledged"]["error"] == result.count("error") > 0
    assert all(f["acknowledged"]["by"] == "Fixture auditor" for f in document["findings"] if f["severity"] == "error")


def test_source_mismatch_against_the_bundled_source_extracts(tmp_path):
    """A report figure that differs from every source system is an error; one that matches is not."""
    from adoption_audit.checks.audit.source_mismatch import metrics_from_sources

    sources = FIXTURES / "sources"
    rows = metrics_from_sources(sources) if sources.is_dir() else []
    figures = {(r.metric, r.period): r.value for r in rows
               if r.authority.lower() == "northshire" and r.breakdown is None and r.metric in (
                   "adopters_approved", "panels_held") and len(r.period) == 7}
    years = sorted({p for (_, p) in figures if ("adopters_approved", p) in figures and ("panels_held", p) in figures})
    if not years:
        pytest.skip("the bundled sources hold no Northshire approvals and panels for one year")
    year = years[-1]
    wrong = max(v for (m, p), v in figures.items() if m == "adopters_approved" and p == year) + 3
    panels = figures[("panels_held", year)]
    start = int(year[:4])
    report = tmp_path / "northshire.txt"
    report.write_text(f"Northshire County Council Adoption Service\n\nAnnual Adoption Report\n"
                      f"1st April {start} - 31st March {start + 1}\n\nReport date: June {start + 1}\n\n"
                      f"1. During the year {wrong} adopter households were approved by Northshire County Council.\n\n"
                      f"2. {panels} adoption panels were held during the year.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "adoption_audit", "reports", "audit", str(report), "--sources",
                          str(sources)], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    document = json.loads(run.stdout)
    mismatches = [f for f in document["findings"] if f["rule"] == "source_mismatch"]
    assert [(f["severity"], f["metric"], f["stated"]) for f in mismatches] == [("error", "adopters_approved", wrong)]
    assert all(e["rows"] >= 0 and e["query"].startswith("select") for e in mismatches[0]["evidence"] if "source" in e)
    assert not [f for f in document["findings"] if f["metric"] == "panels_held"]
    assert any(i["path"].startswith("northshire/") for i in document["run"]["inputs"])


def test_fingerprints_survive_edits_elsewhere_in_the_documents(tmp_path, audited):
    """A paragraph added at the top moves every line; the findings and their fingerprints stay."""
    import shutil

    from adoption_audit.checks.audit.run import audit_reports

    result, _ = audited
    copy = tmp_path / "reports"
    shutil.copytree(AUDIT_FIXTURES, copy)
    edited = copy / "northshire_annual_2023_24.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("1. Summary of the year\n", "1. Summary of the year\n\nThis year the agency "
                                   "moved to new offices and welcomed two new team managers.\n\n", 1), encoding="utf-8")
    again, _ = audit_reports([(p, str(copy)) for p in sorted(copy.glob("*.txt"))], today=date(2026, 11, 24))
    assert {f.fingerprint for f in again.findings} == {f.fingerprint for f in result.findings}
    assert [f.evidence[0]["line"] for f in again.findings] != [f.evidence[0]["line"] for f in result.findings]


def test_logs_carry_counts_never_document_text(tmp_path):
    run = subprocess.run([sys.executable, "-m", "adoption_audit", "--log-level", "INFO",
                          "reports", "audit", str(AUDIT_FIXTURES), "--out", str(tmp_path / "a.json")],
                         check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "audit:" in run.stderr or "audited" in run.stderr
    for marker in [p["marker"] for p in EXPECTED["planted"]] + ["Rowan Fairlie", "White British"]:
        assert marker not in run.stderr
