"""Precision and recall of (metric, value, period, kind) against the hand-checked gold of each fixture report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from adoption_audit.nlp.claims import extract_claims

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
GOLDS = sorted(REPORTS.glob("*.gold.json"))


def _key(claim: dict) -> tuple:
    value = claim["value"]
    return (claim["metric"], round(float(value), 4) if value is not None else None, claim["period"], claim["kind"])


def _scores(pairs) -> tuple[float, float]:
    found, gold = Counter(), Counter()
    for extracted, expected in pairs:
        found.update(extracted)
        gold.update(expected)
    hits = sum((found & gold).values())
    return hits / max(1, sum(found.values())), hits / max(1, sum(gold.values()))


@pytest.fixture(scope="module")
def results():
    out = {}
    for gold_path in GOLDS:
        gold = json.loads(gold_path.read_text())
        document = REPORTS / gold["document"]
        extraction = extract_claims([(document, document.name)])
        out[document.name] = ([_key(c.to_json()) for c in extraction.claims], [_key(c) for c in gold["claims"]])
    return out


def test_every_fixture_style_has_gold():
    suffixes = {json.loads(p.read_text())["document"].rsplit(".", 1)[1] for p in GOLDS}
    assert {"txt", "docx", "pdf"} <= suffixes and len(GOLDS) >= 5


def test_overall_precision_and_recall(results):
    precision, recall = _scores(results.values())
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_stated_catalogued_claims(results):
    def stated(keys):
        return [k for k in keys if k[3] == "stated" and k[0] is not None]
    precision, recall = _scores((stated(a), stated(b)) for a, b in results.values())
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


@pytest.mark.parametrize("name", ["three_rivers_annual_2018_19.docx", "three_rivers_annual_2018_19.pdf"])
def test_docx_and_pdf_read_like_the_text(results, name):
    text_keys = Counter(results["three_rivers_annual_2018_19.txt"][0])
    other = Counter(results[name][0])
    assert sum((text_keys & other).values()) >= 0.9 * sum(text_keys.values())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="reference documents are not beside the project")
def test_real_reports_yield_many_plausible_claims():
    files = [(p, p.name) for p in sorted(SEEDS.glob("*.txt"))]
    extraction = extract_claims(files)
    stated = [c for c in extraction.claims if c.kind == "stated" and c.metric]
    assert len(stated) >= 40
    metrics = Counter(c.metric for c in stated)
    assert {"adoption_orders", "adopters_approved", "children_placed", "a1_days"} <= set(metrics)
    assert extraction.numbers_read > len(extraction.claims) and extraction.numbers_skipped["date"] > 0
