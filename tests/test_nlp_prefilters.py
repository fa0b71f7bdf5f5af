"""The reader's shortcuts find exactly what the slow path finds.

Speed work put cheap tests in front of the regular expressions (``Folded``'s ``needs``/``heads``/``tails``, the
period gates of a block, the clause-break literals of a sentence) and moved the components' state out of
``Doc._``. Each shortcut is compared here with the work it skips, on windows of the fixture reports and on text
built from the patterns' own words (mixed case, and the characters ``IGNORECASE`` folds oddly).
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from adoption_audit.nlp import claims as claims_module
from adoption_audit.nlp import numbers, periods
from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import STATE_KEY, block_state, units
from adoption_audit.nlp.components import claims as claims_component
from adoption_audit.nlp.components import numbers as numbers_component
from adoption_audit.nlp.lexicon import load_lexicon
from adoption_audit.nlp.numbers import NUMBER_RE
from adoption_audit.nlp.pipelines import claims_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("reports/*.txt")) + sorted(
    FIXTURES.glob("reports/*.md")) + sorted(FIXTURES.glob("audit/*.txt"))]


def _pre_tested() -> list[tuple[str, Folded]]:
    """Every ``Folded`` pattern of the reader that has a pre-test, by name."""
    found: dict[int, tuple[str, Folded]] = {}
    for module in (claims_component, numbers_component, units, numbers, periods, claims_module):
        for name, value in vars(module).items():
            candidates = [value] + (list(value) if isinstance(value, list) else [])
            for item in candidates:
                for pattern in (item if isinstance(item, tuple) else (item,)):
                    if isinstance(pattern, Folded) and (pattern.needs or pattern.heads or pattern.tails):
                        found.setdefault(id(pattern), (f"{module.__name__.rsplit('.', 1)[-1]}.{name}", pattern))
    comparators = claims_pipeline().get_pipe("report_entities").comparator_re
    found[id(comparators)] = ("entities.comparator_re", comparators)
    found[id(numbers.number_word_re())] = ("numbers.number_word_re", numbers.number_word_re())
    return sorted(found.values(), key=lambda named: named[0])


PRE_TESTED = _pre_tested()


def _shape(match):
    """A match as offsets only (the folded path's groups are lower-cased text: compare where they are)."""
    if match is None:
        return None
    return match.span(), [match.span(g) for g in range(1, (match.re.groups or 0) + 1)], match.lastgroup


def _same(pattern: Folded, text: str, pos: int = 0, endpos: int | None = None) -> None:
    end = len(text) if endpos is None else endpos
    reference = pattern.ignorecase
    assert _shape(pattern.search(text, pos, end)) == _shape(reference.search(text, pos, end)), (pattern.pattern, text)
    assert _shape(pattern.match(text, pos, end)) == _shape(reference.match(text, pos, end)), (pattern.pattern, text)
    assert [_shape(m) for m in pattern.finditer(text, pos, end)] == [
        _shape(m) for m in reference.finditer(text, pos, end)], (pattern.pattern, text)
    # With the block's lower-cased text passed in, as the components do.
    assert _shape(pattern.search(text, pos, end, lower=text.lower())) == _shape(reference.search(text, pos, end))


def test_every_pre_tested_pattern_is_found():
    names = {name for name, _ in PRE_TESTED}
    assert {"numbers.BOUND_ANY", "claims.DIFFERENCE_BEFORE", "claims.TARGET_AFTER", "units.UNIT_AFTER",
            "entities.comparator_re", "periods.PATTERNS", "numbers.number_word_re"} <= names


def test_one_sentence_test_serves_both_target_patterns():
    # ``_sentence`` tests TARGET_BEFORE's words once a sentence and then skips TARGET_AFTER too.
    assert set(claims_component.TARGET_AFTER.needs) <= set(claims_component.TARGET_BEFORE.needs)


def _windows():
    """The windows the rules read: before and after every number, and sliding windows of several sizes."""
    for text in TEXTS:
        for match in NUMBER_RE.finditer(text):
            start, end = match.span()
            yield text[max(0, start - 60):start]
            yield text[max(0, start - 24):start]
            yield text[end:end + 20]
            yield text[end:end + 60]
        for size in (20, 40, 60, 120):
            for at in range(0, len(text), 11):
                yield text[at:at + size]


def test_pre_tests_keep_every_match_on_the_fixture_reports():
    windows = list(dict.fromkeys(_windows()))
    assert len(windows) > 5000
    for _, pattern in PRE_TESTED:
        reference = pattern.ignorecase
        for window in windows:
            assert _shape(pattern.search(window)) == _shape(reference.search(window)), (pattern.pattern, window)
            assert _shape(pattern.match(window)) == _shape(reference.match(window)), (pattern.pattern, window)


FILLERS = ["5", "12", "2019", "31", "%", "+", "-", "–", ",", ".", ";", ":", "(", ")", "'s", "£4", "the", "of", "\n",
           "İ", "ı", "ſ", "\u212a", "Zoë", "ΟΣ"]
SEPARATORS = st.sampled_from([" ", "", "  ", "\n", " - "])
CASES = st.sampled_from([str, str.upper, str.title])


def _words_of(pattern: Folded) -> list[str]:
    """The pattern's pre-test literals and the words written in it, then fillers."""
    words = set(pattern.needs or ()) | set(pattern.heads or ()) | set(pattern.tails or ())
    words.update(re.findall(r"[a-z]{2,}-?", re.sub(r"\\[a-zA-Z]", " ", pattern.pattern.lower())))
    return sorted(words) + FILLERS


def _text_of(pattern: Folded):
    word = st.tuples(st.sampled_from(_words_of(pattern)), CASES, SEPARATORS).map(lambda t: t[1](t[0]) + t[2])
    return st.tuples(st.sampled_from(["", " ", "  "]), st.lists(word, max_size=12)).map(
        lambda t: t[0] + "".join(t[1]))


@pytest.mark.parametrize("name,pattern", PRE_TESTED, ids=[name for name, _ in PRE_TESTED])
def test_pre_tests_keep_every_match_on_each_pair_of_the_patterns_words(name, pattern):
    words = _words_of(pattern)[:-len(FILLERS)] + ["5", "-", ".", ",", "the", "of"]
    for first in words:
        for second in [""] + words:
            for text in (f"{first} {second}", f"{first}{second} ", f"{first.upper()} {second}\n"):
                reference = pattern.ignorecase
                assert _shape(pattern.search(text)) == _shape(reference.search(text)), (name, text)
                assert _shape(pattern.match(text)) == _shape(reference.match(text)), (name, text)


@pytest.mark.parametrize("name,pattern", PRE_TESTED, ids=[name for name, _ in PRE_TESTED])
@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_pre_tests_keep_every_match_on_text_made_of_the_patterns_words(name, pattern, data):
    text = data.draw(_text_of(pattern))
    _same(pattern, text)
    cut_start, cut_end = data.draw(st.integers(0, 6)), data.draw(st.integers(0, 6))
    if len(text) > cut_start + cut_end:
        _same(pattern, text, cut_start, len(text) - cut_end)  # a window of a block, as pos/endpos
    if pattern.ignorecase.search(text) or pattern.ignorecase.search(" ".join(text.split())):
        assert pattern.may_occur_in(text)


def test_period_gates_skip_only_scans_that_find_nothing(monkeypatch):
    texts = [block for text in TEXTS for block in text.split("\n\n")] + [
        "Between 1 April 2018 and 31 March 2019", "in 2015/16 and 16/17", "year end 2017 34", "5 approvals",
        "the three-year average", "over the last year", "İn 2019–2020 ſept", "at 31 March 2019 (2018-19)"]
    gated = [periods.find_periods(text) for text in texts]
    monkeypatch.setattr(periods, "block_gates", lambda text, lower: (True, (True,) * len(periods.GATES)))
    assert [periods.find_periods(text) for text in texts] == gated
    assert sum(map(len, gated)) > 50


@settings(max_examples=300, deadline=None)
@given(_text_of(periods.DATE_ANY) | _text_of(periods.PATTERNS[3][1]) | st.text(alphabet="0123/- –Aprilyea", max_size=30))
def test_period_gates_on_made_up_text(text):
    gated = periods.find_periods(text)
    every = periods.block_gates
    try:
        periods.block_gates = lambda t, lower: (True, (True,) * len(periods.GATES))
        assert periods.find_periods(text) == gated
    finally:
        periods.block_gates = every


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\n", ",", ";", "-", "–", "—", "and", "but", "so", "while", "whereas",
                                 "although", "though", "x"]), max_size=12).map("".join))
def test_a_clause_break_always_holds_one_of_its_literals(text):
    if claims_component.CLAUSE_BREAK.search(text):
        assert any(literal in text for literal in claims_component.CLAUSE_BREAK_LITERALS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" a\n\tb\u00a0", max_size=30), st.integers(0, 8))
def test_at_most_words_is_a_word_count(text, limit):
    assert claims_module.at_most_words(text, limit) == (len(text.split()) <= limit)


def test_doc_attributes_read_and_write_the_block_state():
    nlp = claims_pipeline()
    doc = nlp("In 2018/19, 41 adopter households were approved.")
    state = block_state(doc)
    assert doc.user_data[STATE_KEY] is state and doc._.plain_text == state.text == doc.text
    assert doc._.numbers is state.numbers and [n.text for n in doc._.numbers] == ["41"]
    assert doc._.draft_claims is state.draft_claims and doc._.draft_claims[0].metric == "adopters_approved"
    fresh = nlp.make_doc("No figures here.")
    assert fresh._.block_kind == "paragraph" and fresh._.numbers is None
    fresh._.numbers = []
    assert block_state(fresh).numbers == [] and state.lower == state.text.lower()


def test_the_default_pipeline_and_lexicon_are_built_once():
    assert claims_pipeline() is claims_pipeline(None)
    assert load_lexicon() is load_lexicon(None)


@pytest.mark.parametrize("enabled", [True, False])
def test_extraction_leaves_the_garbage_collector_as_it_found_it(enabled, tmp_path):
    from adoption_audit.documents import read_document

    path = tmp_path / "report.txt"
    path.write_text("Annual report 2018-19\n\nWe approved 41 adopter households in 2018/19.\n", encoding="utf-8")
    document = read_document(path, "report.txt")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        result = claims_module.claims_of_document(document, "doc1")
        assert gc.isenabled() is enabled and [c.value for c in result.claims] == [41]
    finally:
        gc.enable() if was else gc.disable()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789٣१", min_size=1, max_size=25), st.booleans())
def test_whole_numbers_parse_as_the_general_path_parses_them(digits, gbp):
    assert numbers.parse_digits(digits, gbp=gbp) == numbers._parse_any_digits(digits, gbp, None, False)
