"""CPR QA against the gold files of the fixture CPRs (fixtures/cprs/*.gold.json).

Reports per-section accuracy of present/thin/missing and issue recall, and holds the issue's bars:
recall of missing required sections 100%, no complete CPR judged not ready, overall section-status
accuracy >= 0.95. The fixtures are composed from a paragraph bank that the section classifier never saw
(see test_cpr_classifier_is_held_out), so these figures are not measured on training data.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from adoption_audit.nlp.cpr.check import check_cpr
from adoption_audit.nlp.cpr.model import REQUIRED, SECTION_IDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cprs"


def fixture_pairs():
    pairs = []
    for gold_path in sorted(FIXTURES.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        document = next(p for p in FIXTURES.iterdir() if p.stem == name and p.suffix in (".txt", ".md", ".docx", ".pdf"))
        pairs.append((document, json.loads(gold_path.read_text(encoding="utf-8"))))
    return pairs


@pytest.fixture(scope="module")
def checked():
    return [(document, gold, check_cpr(document, document.name)) for document, gold in fixture_pairs()]


def test_there_are_enough_fixtures_in_both_formats():
    pairs = fixture_pairs()
    assert len(pairs) >= 30
    assert {".docx", ".txt"} <= {document.suffix for document, _ in pairs}
    assert sum(gold["ready_for_adm"] for _, gold in pairs) >= 8, "too few complete CPRs to test precision"


def test_section_status_accuracy(checked, capsys):
    right, total = Counter(), Counter()
    confusion = Counter()
    for _, gold, result in checked:
        for section in result.sections:
            expected = gold["sections"][section.id]
            total[section.id] += 1
            right[section.id] += section.status == expected
            confusion[(expected, section.status)] += 1
    overall = sum(right.values()) / sum(total.values())
    with capsys.disabled():
        print("\nCPR section-status accuracy per section:")
        for sid in SECTION_IDS:
            print(f"  {sid:22} {right[sid] / total[sid]:.3f} ({right[sid]}/{total[sid]})")
        print(f"  overall {overall:.4f}; (gold, found) counts: {dict(confusion)}")
    assert overall >= 0.95


def test_every_missing_required_section_is_found(checked):
    misses = [(document.name, section.id, section.status) for document, gold, result in checked
              for section in result.sections
              if gold["sections"][section.id] == "missing" and section.id in REQUIRED and section.status != "missing"]
    assert not misses


def test_no_complete_cpr_is_judged_not_ready(checked):
    wrongly_blocked = [(document.name, [(i.code, i.section, i.quote) for i in result.issues if i.severity == "error"])
                       for document, gold, result in checked if gold["ready_for_adm"] and not result.ready_for_adm]
    assert not wrongly_blocked


def test_issue_recall_and_readiness(checked, capsys):
    found, expected = Counter(), Counter()
    extra = defaultdict(list)
    for document, gold, result in checked:
        codes = {i.code for i in result.issues}
        for code in gold["issues"]:
            expected[code] += 1
            found[code] += code in codes
        for code in codes - set(gold["issues"]) - {"chronology_order"}:
            extra[code].append(document.name)
        assert result.ready_for_adm == gold["ready_for_adm"], document.name
    recall = sum(found.values()) / sum(expected.values())
    with capsys.disabled():
        print("\nCPR issue recall per code:")
        for code in sorted(expected):
            print(f"  {code:22} {found[code]}/{expected[code]}")
        print(f"  overall {recall:.3f}; unexpected codes: {dict(extra)}")
    assert recall >= 0.95
    assert sum(len(v) for v in extra.values()) <= 2


def test_issues_carry_a_line_and_at_most_one_sentence(checked):
    for _, _, result in checked:
        for issue in result.issues:
            if issue.quote:
                assert issue.line is not None
                assert len(issue.quote) <= 240
                assert issue.quote.count(". ") <= 1, issue.quote
