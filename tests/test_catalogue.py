"""The metric catalogue and DfE thresholds: the contract's ids, and the SQL agrees with the YAML."""

import re
from pathlib import Path

import pytest
from adoption_audit.checks.catalogue import catalogue_by_id, load_catalogue, load_thresholds, threshold_for
from adoption_audit.checks.metrics.compute import all_event_queries

from adoption_audit.errors import ConfigError

CONTRACT = Path("/work/shared/contracts/metrics.md")
CORE_IDS = [
    "adm_adoption_decisions", "placement_orders", "children_matched", "children_placed",
    "children_placed_inter_agency", "adoption_orders", "sibling_groups_placed", "ffa_placements", "disruptions",
    "plans_changed", "children_waiting", "children_waiting_with_link", "adopter_enquiries", "initial_visits",
    "stage_one_starts", "stage_two_starts", "adopters_approved", "adopters_approved_child_specific",
    "adopters_approved_second_time", "adopters_waiting", "panels_held", "panel_cases", "cprs_considered",
    "asf_amount", "asf_families", "a1_days", "a2_days", "a3_percent", "a10_days", "a20_days",
    "a1_threshold_days", "a2_threshold_days",
]


def test_every_core_id_is_catalogued_with_its_contract_kind():
    catalogue = catalogue_by_id()
    assert set(CORE_IDS) <= set(catalogue)
    if CONTRACT.exists():  # the shared contract lives beside the project, not in it
        for metric_id, kind, unit in re.findall(r"^\| `(\w+)` \| (\w+) \| (\w+) \|", CONTRACT.read_text(), re.MULTILINE):
            assert (catalogue[metric_id].kind, catalogue[metric_id].unit) == (kind, unit), metric_id


def test_every_metric_has_the_fields_claims_and_docs_need():
    for metric in load_catalogue():
        assert metric.phrases and all(p == p.lower() for p in metric.phrases), metric.id
        assert metric.definition and metric.family and metric.sources, metric.id


def test_every_declared_source_has_a_definition_and_every_definition_is_declared():
    computed = {(q.metric, q.source) for q in all_event_queries()}
    declared = {(m.id, s) for m in load_catalogue() for s in m.sources if s != "dfe"}
    assert computed == declared
    stocks = {q.metric for q in all_event_queries() if q.stock}
    assert stocks == {m.id for m in load_catalogue() if m.kind == "stock"}


def test_thresholds_with_the_years_they_apply_to():
    assert threshold_for("a1_days", "2009-10..2011-12").value == 639
    assert threshold_for("a2_days", "2009-10..2011-12").value == 213
    assert threshold_for("a1_threshold_days", "2013-14..2015-16").value == 426
    assert threshold_for("a2_threshold_days", "2012-13..2014-15").value == 121
    assert threshold_for("a1_days", "2016-17..2018-19").value == 426  # still applies
    assert threshold_for("a1_days", "2005-06..2007-08") is None  # before the scorecards
    steps = [s for s in load_thresholds() if s.metric == "a1_threshold_days"]
    assert [s.value for s in steps] == sorted((s.value for s in steps), reverse=True)  # only ever tightened


def test_a_malformed_catalogue_is_a_config_error(tmp_path):
    bad = tmp_path / "metrics.yaml"
    bad.write_text("metrics:\n  - id: x\n    label: X\n    kind: sometimes\n    unit: count\n    family: f\n"
                   "    definition: d\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kind 'sometimes'"):
        load_catalogue(bad)
    missing = tmp_path / "short.yaml"
    missing.write_text("metrics:\n  - id: y\n    label: Y\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no 'kind'"):
        load_catalogue(missing)


def test_docs_give_every_metric_its_definition():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "metrics.md").read_text(encoding="utf-8")
    for metric in load_catalogue():
        assert f"| `{metric.id}` |" in docs, metric.id
