"""``report_numbers``: every number in a block, its value and interval, and why it is not a claim if it is not.

Reads the Doc's text (regular expressions over the text are far faster than token loops and keep "£1,622,481.01"
and "8.3%" whole) and ``Doc._.block_kind``. Sets ``Doc._.numbers``. Numbers that are not claims are kept with a
``skip`` reason (regulation and paragraph numbers, phone numbers, page numbers, ages, years): the extraction
counts them, so coverage can be reported. Dates and periods are skipped later by ``report_periods``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import block_state
from adoption_audit.nlp.mentions import NumberMention
from adoption_audit.nlp.numbers import (
    NUMBER_RE,
    PrintedNumber,
    apply_bound,
    number_word_re,
    number_words,
    parse_digits,
    with_bound,
    word_value,
)
from spacy.language import Language
from spacy.tokens import Doc

REFERENCE_BEFORE = Folded(
    r"(?:\b(?:regulations?|regs?\.?|section|s\.|paragraph|para\.?|standards?|act|article|schedule|part|annex|"
    r"appendix|appendices|chart|table|figure|fig\.?|indicator|page|p\.|level|no\.|number|version|phase|tier|"
    r"priority|step|objective|outcome|recommendation|item|key stage|ks|question|q)\s*$)", first="acfiklnopqrstv",
    tails=("regulation", "regulations", "reg", "regs", "reg.", "regs.", "section", "s.", "paragraph", "para", "para.",
           "standard", "standards", "act", "article", "schedule", "part", "annex", "appendix", "appendices", "chart",
           "table", "figure", "fig", "fig.", "indicator", "page", "p.", "level", "no.", "number", "version", "phase",
           "tier", "priority", "step", "objective", "outcome", "recommendation", "item", "stage", "ks", "question",
           "q"))
PHONE_RE = re.compile(r"(?=[+0])(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)")
PARAGRAPH_START = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)(?=\s)")
HEADING_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\s+(?=[A-Z][A-Z]|(?:The|This|These|A|An|In|Our|We|It|There|All|Under|"
                            r"As|For|To|Of|At|On|During|Where|When|If|Further|Following|Each|Every)\b)")
PAGE_ONLY = Folded(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$")
AGE_BEFORE = Folded(r"(?:\baged?|\bages|\bage of|\bages of|\bunder the age of|\bover the age of|\bbetween the ages of|"
                    r"\bolder than|\byounger than|\bunder-|\bover-)\s*(?:\d+\s*(?:and|to|-|–)\s*)?$", first="abouy",
                    needs=("age", "older", "younger", "under-", "over-"),
                    tails=("age", "aged", "ages", "of", "than", "-", "–", "and", "to"))
AGE_AFTER = Folded(r"^\s*(?:\+|-?\s*years?[- ]olds?|years? of age|yrs)\b|^\+", heads=("+", "-", "year", "yrs"))
AGE_BAND = re.compile(r"(?<![\d.,£])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\d.,%])(?!\s*(?:days|months|weeks|%))")
TIME_AFTER = Folded(r"^(?::\d{2}|\s?(?:am|pm|a\.m\.|p\.m\.)\b)", heads=(":", "am", "pm", "a.m.", "p.m."))
YEAR_RANGE = (1950, 2099)
GROUP_SIZE_BEFORE = Folded(r"\b(?:groups?|sets?|famil(?:y|ies)|siblings?)\s+of\s+$", first="fgs", tails=("of",))
WORD_DURATION_AFTER = Folded(r"^[\s-]*(?:years?|months?|weeks?|days?|hours?)\b")
COUNT_NOUNS = Folded(r"^\s+(?:children|adopters|households|families|enquiries|orders|placements|people|calls|"
                     r"cases|carers|applications|visits)\b",
                     heads=("children", "adopters", "households", "families", "enquiries", "orders", "placements",
                            "people", "calls", "cases", "carers", "applications", "visits"))


class ReportNumbers:
    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        text = state.text
        block_kind = state.block_kind
        found: list[NumberMention] = []
        phones = [m.span() for m in PHONE_RE.finditer(text)] if len(text) > 10 else []
        page_only = bool(PAGE_ONLY.match(text))  # the whole block is "Page 3 of 40": once a block, not a number
        for match in NUMBER_RE.finditer(text):
            start, end = match.span()
            gbp, num, mult, pct = match.group("gbp", "num", "mult", "pct")
            parsed = parse_digits(num, gbp=bool(gbp), mult=mult, percent=bool(pct))
            parsed = apply_bound(parsed, text[max(0, start - 24):start])
            mention = _mention(start, end, match.group(0), parsed)
            mention.skip = None if gbp or pct else self._skip_reason(text, match, block_kind, phones, page_only)
            if mention.skip is None and GROUP_SIZE_BEFORE.search(text[max(0, start - 30):start]):
                mention.skip = "group_size"
            found.append(mention)
        if any(c.isalpha() for c in text):
            found += self._words(text, block_kind, state.lower)
        state.numbers = sorted(found, key=lambda m: m.start)
        return doc

    @staticmethod
    def _skip_reason(text: str, match: re.Match, block_kind: str, phones: list[tuple[int, int]],
                     page_only: bool) -> str | None:
        start, end = match.span()
        num = match.group("num")
        if match.group("gbp") or match.group("pct"):
            return None
        before, after = text[max(0, start - 40):start], text[end:end + 20]
        if phones and any(s <= start < e for s, e in phones):
            return "phone"
        if start < 8 and ((label := PARAGRAPH_START.match(text)) and label.end() >= end
                          or (heading := HEADING_NUMBER.match(text)) and heading.end() >= end
                          or block_kind == "heading" and start == 0):
            return "paragraph_number"
        if page_only:
            return "page_number"
        if REFERENCE_BEFORE.search(before):
            return "reference"
        if AGE_BEFORE.search(before) or AGE_AFTER.match(after):
            return "age"
        near = text[max(0, start - 4):end + 4]
        for band in AGE_BAND.finditer(near) if "-" in near or "–" in near else ():  # a band needs its dash
            lo, hi = int(band.group(1)), int(band.group(2))
            if lo < hi <= 25:
                return "age"
        if TIME_AFTER.match(after):
            return "time"
        if "," not in num and "." not in num and YEAR_RANGE[0] <= int(num) <= YEAR_RANGE[1] \
                and not COUNT_NOUNS.match(after):
            return "year"
        return None

    @staticmethod
    def _words(text: str, block_kind: str, lower: str | None = None) -> list[NumberMention]:
        out = []
        not_before = _one_not_before()
        for match in number_word_re().finditer(text, lower=lower):
            word = text[match.start():match.end()]  # as printed (the match is of the lower-cased text)
            after = text[match.end():match.end() + 24].lower().split()
            if word.lower() in ("one", "a half", "half") and (not after or after[0].strip(",.;:") in not_before):
                continue
            if match.group("fraction") and not (after and after[0] == "of"):
                continue
            value = word_value(match)
            fraction = bool(match.group("fraction"))
            parsed = PrintedNumber(value, float(value), float(value))
            if fraction:
                parsed = with_bound(PrintedNumber(value, value - 0.01, value + 0.01), "about")
            mention = _mention(match.start(), match.end(), word, parsed, word=True)
            if fraction:
                mention.unit = "ratio"
            before = text[max(0, match.start() - 40):match.start()]
            if AGE_BEFORE.search(before) or AGE_AFTER.match(text[match.end():match.end() + 20]):
                mention.skip = "age"
            elif GROUP_SIZE_BEFORE.search(before):
                mention.skip = "group_size"
            elif WORD_DURATION_AFTER.match(text[match.end():match.end() + 20]):
                mention.skip = "duration"
            out.append(mention)
        return out


@lru_cache(maxsize=1)
def _one_not_before() -> frozenset[str]:
    return frozenset(number_words()["one_not_before"])


def _mention(start: int, end: int, text: str, parsed: PrintedNumber, word: bool = False) -> NumberMention:
    unit = "gbp" if parsed.gbp else "percent" if parsed.percent else "count"
    return NumberMention(start, end, text, parsed.value, parsed.low, parsed.high, parsed.bound, unit, word,
                         decimals=parsed.decimals)


@Language.factory("report_numbers", assigns=["doc._.numbers"])
def make_report_numbers(nlp: Language, name: str) -> ReportNumbers:
    return ReportNumbers()
