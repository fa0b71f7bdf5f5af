"""The Dagster assets of the report audit: ``findings`` in DuckDB with its check, ``audit_report`` in out/.

The claims are given to the asset ready made (``read_claims`` is replaced), so this tests the asset's own
work: the table the nightly summary and the alerts read, the check's verdict and metadata, the three files
in ``out/``, and that an acknowledgement stops the check failing. Extraction has its own tests.
"""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import pytest
from adoption_audit.checks.audit import run as audit_run
from adoption_audit.nlp.report_model import Claim, ClaimExtraction, ReportDocument
from adoption_audit.pipelines.assets import audit as audit_assets
from adoption_audit.pipelines.resources import resources_for

from adoption_audit.settings import RunSettings

QUOTES = ("The agency approved 27 adopter households this year.",
          "In total 29 adopter households were approved during the year.")


@pytest.fixture
def extraction(monkeypatch):
    document = ReportDocument(id="doc1", path="eastvale_2019_20.txt", period_start="2019-04-01",
                              period_end="2020-03-31", published="2020-06", authorities=["Eastvale"])
    claims = [Claim("doc1", None, 10 + 60 * i, quote, f"{v} adopter households", v, "count", "adopters_approved",
                    "2019-20", None, "stated", id=f"C000{i + 1}") for i, (quote, v) in enumerate(zip(QUOTES, (27, 29)))]
    made = ClaimExtraction([document], claims, numbers_read=4)
    seen = []

    def read_claims(files):
        seen.append(files)
        return made
    monkeypatch.setattr(audit_run, "read_claims", read_claims)
    return seen


def _materialise(tmp_path, acknowledgements=None):
    reports = tmp_path / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "eastvale_2019_20.txt").write_text("fictional report\n", encoding="utf-8")
    settings = RunSettings(sources=tmp_path / "sources", reports=reports, cprs=tmp_path / "cprs",
                           out=tmp_path / "out", acknowledgements=acknowledgements)
    defs = dg.Definitions(assets=[audit_assets.findings, audit_assets.audit_report],
                          asset_checks=[audit_assets.no_unacknowledged_errors], resources=resources_for(settings))
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(raise_on_error=False)
    return result, settings


def test_findings_table_check_and_outputs(tmp_path, extraction):
    result, settings = _materialise(tmp_path)
    assert result.success
    assert [p.name for p, _ in extraction[0]] == ["eastvale_2019_20.txt"]
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rows = con.execute("select id, rule, severity, stated, expected, acknowledged, fingerprint from findings"
                           ).fetchall()
    assert rows == [("F0001", "conflicting_values", "error", 27.0, 29.0, None, rows[0][6])]
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == "no_unacknowledged_errors" and not evaluation.passed
    assert evaluation.metadata["errors"].value == 1
    out = settings.out
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert document["findings"][0]["fingerprint"] == rows[0][6] and document["run"]["inputs"]
    assert (out / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "F0001" in (out / "audit-report.html").read_text(encoding="utf-8")
    metadata = result.asset_materializations_for_node("findings")[0].metadata
    assert metadata["error_findings"].value == 1 and metadata["claims_checked"].value == 2
    assert not any(q in json.dumps({k: str(v.value) for k, v in metadata.items()}) for q in QUOTES)


def test_acknowledged_error_passes_the_check_and_stays_marked(tmp_path, extraction):
    _materialise(tmp_path)
    settings = RunSettings(sources=tmp_path, reports=tmp_path, cprs=tmp_path, out=tmp_path / "out")
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        fingerprint = con.execute("select fingerprint from findings").fetchone()[0]
    acks = tmp_path / "acks.yaml"
    acks.write_text(f"acknowledgements:\n  {fingerprint}:\n    by: A. Auditor\n    reason: Explained in the minutes.\n",
                    encoding="utf-8")
    result, settings = _materialise(tmp_path, acknowledgements=acks)
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.passed and evaluation.metadata["acknowledged"].value == 1
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from findings where acknowledged is null").fetchone()[0] == 0
        assert con.execute("select acknowledged_by from findings").fetchone()[0] == "A. Auditor"
