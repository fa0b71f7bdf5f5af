"""The audit's outputs: contract JSON with provenance, CSV for Excel, self-contained HTML, acknowledgements."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from adoption_audit.checks.audit import audit
from adoption_audit.checks.audit.acknowledgements import load_acknowledgements
from adoption_audit.nlp.report_model import Claim, ClaimExtraction, ReportDocument

from adoption_audit.errors import ConfigError
from adoption_audit.outputs.audit_csv import COLUMNS, render_csv
from adoption_audit.outputs.audit_html import highlight, render_html
from adoption_audit.outputs.audit_json import audit_document
from adoption_audit.provenance import run_block

DOC = ReportDocument(id="doc1", path="reports/eastvale_2019_20.txt", title="Eastvale annual adoption report",
                     period_start="2019-04-01", period_end="2020-03-31", published="2020-06",
                     authorities=["eastvale"])
FIRST = "The agency approved 27 adopter households this year."
SECOND = "In total 29 adopter households were approved during the year."
INJECTION = "=HYPERLINK(\"http://example.invalid\") 12 children were placed <script>alert(1)</script>."


def _claims(extra_unchecked: int = 0) -> list[Claim]:
    claims = [
        Claim("doc1", 2, 14, FIRST, "27 adopter households", 27, "count", "adopters_approved", "2019-20", None,
              "stated", id="C0001", char_start=20, char_end=41),
        Claim("doc1", 5, 80, SECOND, "29 adopter households", 29, "count", "adopters_approved", "2019-20", None,
              "stated", id="C0002"),
        Claim("doc1", 6, 90, INJECTION, "12 children", 12, "count", "children_placed", "2019-20", None, "stated",
              id="C0003"),
    ]
    for n in range(extra_unchecked):
        claims.append(Claim("doc1", 7, 100 + n, f"Sentence {n} with {n + 3} visits.", f"{n + 3}", n + 3, "count",
                            None, None, None, "stated", id=f"C{n + 10:04d}"))
    return claims


def _document(tmp_path, claims=None, acknowledgements=None):
    report = tmp_path / "eastvale_2019_20.txt"
    report.write_text("fictional\n", encoding="utf-8")
    extraction = ClaimExtraction([DOC], claims or _claims(), numbers_read=9, numbers_skipped={"dates": 3})
    result = audit(extraction, acknowledgements=acknowledgements, today=date(2026, 11, 24))
    return result, audit_document(result, run_block([(report, "reports/eastvale_2019_20.txt")]))


def test_json_follows_the_contract_with_provenance(tmp_path):
    result, document = _document(tmp_path)
    assert document["run"]["tool"] == "adoption-audit" and document["run"]["rules_version"]
    (item,) = document["run"]["inputs"]
    assert item["path"] == "reports/eastvale_2019_20.txt" and len(item["sha256"]) == 64 and item["bytes"] == 10
    assert document["documents"][0]["period"] == {"start": "2019-04-01", "end": "2020-03-31"}
    (finding,) = document["findings"]
    for name in ("id", "rule", "severity", "metric", "period", "entity", "message", "stated", "expected", "evidence"):
        assert name in finding
    assert finding["id"] == "F0001" and finding["rule"] == "conflicting_values"
    assert [e["quote"] for e in finding["evidence"]] == [FIRST, SECOND]
    assert {"document", "page", "line", "quote"} <= set(finding["evidence"][0])
    assert document["coverage"]["claims"] == 3 and document["coverage"]["claims_checked"] == 2
    assert document["summary"]["exit_code"] == 1 == result.exit_code
    assert {c["id"]: c["skipped"] for c in document["claims"]}["C0003"]


def test_csv_has_one_header_row_one_row_per_finding_and_is_excel_safe(tmp_path):
    _, document = _document(tmp_path, claims=_claims() + [
        Claim("doc1", 6, 95, INJECTION, "14 children", 14, "count", "children_placed", "2019-20", None, "stated",
              id="C0004")])
    path = tmp_path / "findings.csv"
    text = render_csv(document, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(document["findings"]) == 3
    assert not any(r == list(COLUMNS) for r in rows[1:])
    quotes = [dict(zip(rows[0], r))["quotes"] for r in rows[1:]]
    assert any(q.startswith("'=HYPERLINK") for q in quotes), "formula-looking cell not neutralised"
    assert text.count("\r\n") >= 3


def test_html_is_self_contained_escaped_and_highlights_the_figures(tmp_path):
    _, document = _document(tmp_path)
    page = render_html(document)
    assert "F0001" in page and "conflicting_values" in page
    assert "<mark>27 adopter households</mark>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the page must not load anything"
    assert "eastvale_2019_20.txt" in page and "2019-04-01 to 2020-03-31" in page
    assert page.count('<tr') > len(document["claims"])  # every claim has its row


def test_low_coverage_looks_different_from_high_coverage(tmp_path):
    _, checked = _document(tmp_path)
    _, barely = _document(tmp_path, claims=_claims(extra_unchecked=30))
    assert 'class="coverage low"' in render_html(barely)
    assert 'class="coverage"' in render_html(checked) and "Low coverage" not in render_html(checked)
    assert "Low coverage" in render_html(barely)


def test_highlight_marks_the_figure_and_the_other_numbers():
    html = str(highlight("Up from 37 to 41 households.", "41 households"))
    assert html == 'Up from <span class="num">37</span> to <mark>41 households</mark>.'


def test_acknowledged_findings_stay_marked_and_stop_failing(tmp_path):
    result, _ = _document(tmp_path)
    fingerprint = result.findings[0].fingerprint
    acks = tmp_path / "acks.yaml"
    acks.write_text(f"acknowledgements:\n  {fingerprint}:\n    by: A. Auditor\n    reason: Revised figure.\n"
                    "    until: 2027-03-31\n", encoding="utf-8")
    acked, document = _document(tmp_path, acknowledgements=load_acknowledgements(acks))
    assert acked.findings[0].acknowledged == {"by": "A. Auditor", "reason": "Revised figure.", "until": "2027-03-31"}
    assert acked.exit_code == 0 and document["summary"]["acknowledged"]["error"] == 1
    assert "acknowledged" in render_html(document) and "A. Auditor" in render_csv(document)

    acks.write_text(f"acknowledgements:\n  {fingerprint}:\n    by: A. Auditor\n    reason: Old.\n"
                    "    until: 2020-01-01\n", encoding="utf-8")
    expired, _ = _document(tmp_path, acknowledgements=load_acknowledgements(acks))
    assert expired.exit_code == 1 and "expired" in expired.findings[0].message


@pytest.mark.parametrize("content", ["acknowledgements:\n  abc:\n    by: someone\n", "- [unclosed\n",
                                     "acknowledgements:\n  abc: {by: x, reason: y, until: soon}\n"])
def test_bad_acknowledgements_file_is_one_clear_error(tmp_path, content):
    path = tmp_path / "acks.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_acknowledgements(path)
    assert "acks.yaml" in str(error.value) and "\n" not in str(error.value)


def test_bundled_example_acknowledgements_file_loads():
    from adoption_audit.paths import FIXTURES

    acks = load_acknowledgements(FIXTURES / "acknowledgements.yaml")
    assert acks and all(a.by and a.reason for a in acks.values())


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs Debian's chromium package)")
def test_html_renders_in_headless_chromium(tmp_path):
    _, document = _document(tmp_path)
    page = tmp_path / "audit-report.html"
    page.write_text(render_html(document), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
    shot = tmp_path / "shot.png"
    taken = subprocess.run([CHROMIUM, *flags, f"--user-data-dir={tmp_path / 'profile-a'}", f"--screenshot={shot}",
                            "--window-size=1200,1600", page.as_uri()], check=False, capture_output=True, text=True, timeout=120)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    dom = subprocess.run([CHROMIUM, *flags, f"--user-data-dir={tmp_path / 'profile-b'}", "--dump-dom", page.as_uri()],
                         check=False, capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'id="F0001"' in dom.stdout and "<mark>27 adopter households</mark>" in dom.stdout
    assert "given as 27 adopter households" in dom.stdout


def test_evidence_from_one_sentence_is_quoted_once_with_every_figure_marked():
    from adoption_audit.outputs.audit_html import evidence_groups

    quote = "Enquiries fell to 412 this year, compared with 388 in 2022-23."
    groups = evidence_groups([{"document": "doc1", "page": None, "line": 14, "quote": quote, "text": "412",
                               "role": "current"},
                              {"document": "doc1", "page": None, "line": 14, "quote": quote, "text": "388",
                               "role": "baseline"}])
    (group,) = groups
    html = str(highlight(group["quote"], spans=group["spans"]))
    assert html.count("<mark>") == 2 and group["roles"] == ["current", "baseline"]
