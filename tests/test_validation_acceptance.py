"""Acceptance on a generated world with planted defects (issue 3).

Every fault the manifest assigns to validation must be quarantined (or flagged) in its file and row with
its rule (recall 100%), and no row the manifest leaves clean may be quarantined. Computed here from the
generator's manifest, for the world the issue names (2 authorities, 2017-18..2019-20, seed 7).
"""

from __future__ import annotations

import pytest
from adoption_audit.checks.validation import validate_sources

synthetic = pytest.importorskip("adoption_audit.synthetic")


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def world(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"world_{request.param}")
    synthetic.generate(synthetic.GenerateOptions(out=out, authorities=2, first_year=2017, last_year=2019, seed=7,
                                                 defects=True, format=request.param))
    return out, synthetic.read_manifest(out), validate_sources(out)


def test_every_planted_validation_fault_is_caught_with_its_rule(world):
    _, manifest, result = world
    planted = [f for f in manifest["faults"] if f["stage"] == "validation"]
    assert planted, "the generator planted no validation faults"
    caught = {(q.path, q.row, q.rule) for q in result.quarantine}
    missed = [(f["file"], f["row"], f["rule"]) for f in planted if (f["file"], f["row"], f["rule"]) not in caught]
    assert missed == []
    keys = {(q.path, q.row): q.key for q in result.quarantine}
    assert all(keys[(f["file"], f["row"])] == f["key"] for f in planted)


def test_no_clean_row_is_quarantined(world):
    _, manifest, result = world
    planted = {(f["file"], f["row"]) for f in manifest["faults"] if f["stage"] == "validation"}
    wrongly = sorted({(q.path, q.row, q.rule) for q in result.quarantine
                      if q.severity == "error" and (q.path, q.row) not in planted})
    assert wrongly == []


def test_every_extract_is_read_and_adds_up(world):
    _, manifest, result = world
    assert result.rejected == []
    assert sorted(e.path for e in result.extracts) == sorted(x["path"] for x in manifest["extracts"])
    rows = {x["path"]: x["rows"] for x in manifest["extracts"]}
    for report in result.extracts:
        assert report.rows == rows[report.path] == report.valid + report.quarantined
