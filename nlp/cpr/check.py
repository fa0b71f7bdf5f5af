"""Check one CPR or many: ``check_cpr(path, shown_as) -> CprResult`` and ``check_cprs(files)``.

The flow: read the document (``adoption_audit.documents``), cut it at its headings (:mod:`.sections`),
credit every paragraph to a section by its heading or, where the heading names no section, by its
content (:mod:`.classifier`), judge each section present / thin / missing (:mod:`.content_checks`), then
run the whole-document checks: placeholders, another child's name, pronouns, dates and the sign-off.
Each stage only reads what the one before produced.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from adoption_audit.nlp.cpr import dates as dt
from adoption_audit.nlp.cpr.classifier import Vote, best_of, classify, keyword_sections, section_rules
from adoption_audit.nlp.cpr.content_checks import CONTENT_CHECKS, NOTHING_BUT, check_chronology, signoff_gaps
from adoption_audit.nlp.cpr.model import (
    REQUIRED,
    SECTION_IDS,
    SECTION_LABELS,
    CprIssue,
    CprResult,
    SectionStatus,
    UnknownHeading,
    severity_for,
)
from adoption_audit.nlp.cpr.names import CHILD_SECTIONS, find_name_slips, find_subject, known_people
from adoption_audit.nlp.cpr.placeholders import empty_cells, find_placeholders, strip_placeholders
from adoption_audit.nlp.cpr.pronouns import find_pronoun_slips, subject_sex
from adoption_audit.nlp.cpr.sections import Segment, segment
from adoption_audit.nlp.cpr.text import sentence_at, words

from adoption_audit.documents import Block, ExtractedDocument, read_document
from adoption_audit.errors import AdoptionAuditError
from adoption_audit.logs import get_logger

log = get_logger("cpr")

ELSEWHERE_SURE = 0.75  # a paragraph under another section's heading counts only when the model is sure


@dataclass
class SectionContent:
    """Everything found for one section id."""

    id: str
    heading: str | None = None
    heading_line: int | None = None
    own: list[Block] = field(default_factory=list)  # under its own heading
    loose: list[Block] = field(default_factory=list)  # classified, under no heading or an unknown one
    elsewhere: list[Block] = field(default_factory=list)  # classified, under another section's heading

    def blocks(self, with_elsewhere: bool = False) -> list[Block]:
        return self.own + self.loose + (self.elsewhere if with_elsewhere else [])


def check_cpr(path: str | Path, shown_as: str | None = None) -> CprResult:
    """Read and check one CPR. Raises an ``AdoptionAuditError`` subclass when it cannot be read."""
    started = time.perf_counter()
    document = read_document(Path(path), shown_as)
    result = check_document(document)
    log.info("checked CPR %s: %d sections missing, %d thin, %d errors, %d warnings in %.3f s",
             result.path, sum(s.status == "missing" for s in result.sections),
             sum(s.status == "thin" for s in result.sections), result.errors, result.warnings,
             time.perf_counter() - started)
    return result


def check_cprs(files: Iterable[tuple[Path, str]], unreadable: list[dict] | None = None) -> list[CprResult]:
    """Check each ``(path, shown_as)``; one unreadable file never stops the others.

    Files that cannot be read are left out of the results; pass a list as ``unreadable`` to receive a
    ``{"path", "reason"}`` record for each.
    """
    results = []
    for path, shown in files:
        try:
            results.append(check_cpr(path, shown))
        except AdoptionAuditError as error:
            log.info("could not read CPR %s: %s", shown, error.problem)
            if unreadable is not None:
                unreadable.append({"path": shown, "reason": error.problem})
    return results


def check_document(document: ExtractedDocument) -> CprResult:
    early = "\n".join(b.text for b in document.blocks[:60])
    segments = segment(document.blocks, find_subject(early, early).names)
    contents, unknown = _credit(segments)
    sections, issues = _judge_sections(contents)
    lines = document.text.splitlines()
    issues += _placeholder_issues(contents, segments, lines)
    issues += _people_issues(contents, document, lines)
    issues += _date_issues(contents, lines, find_subject(
        "\n".join(b.text for b in contents["child_details"].blocks()),
        "\n".join(b.text for b in document.blocks)).names)
    issues.sort(key=lambda i: (i.line is None, i.line or 0, SECTION_IDS.index(i.section)
                               if i.section in SECTION_IDS else 99))
    return CprResult(
        path=document.shown_as, sections=sections, issues=issues, unknown_headings=unknown,
        format=document.format, words=document.words, text_lines=lines,
        boundaries=[(s.heading.line, ",".join(s.sections) or ("unknown" if not s.match.known else ""))
                    for s in segments if s.heading is not None],
    )


# --- crediting paragraphs to sections ---

def _credit(segments: list[Segment]) -> tuple[dict[str, SectionContent], list[UnknownHeading]]:
    contents = {sid: SectionContent(sid) for sid in SECTION_IDS}
    unknown: list[UnknownHeading] = []
    blocks, needed = [], []
    for seg in segments:
        ids = set(seg.sections)
        for block in seg.blocks:
            blocks.append(block)
            needed.append(_worth_classifying(block, ids))
    votes = dict(zip(map(id, blocks), classify([b.text for b in blocks], needed)))
    previous: tuple[str, ...] = ()
    for seg in segments:
        ids = seg.sections
        if seg.heading is not None and not seg.match.known:
            unknown.append(UnknownHeading(seg.heading_text or seg.heading.text, seg.heading.line))
        for sid in ids if seg.heading is not None else ():
            if contents[sid].heading is None:
                contents[sid].heading, contents[sid].heading_line = seg.heading_text, seg.heading.line
        for block in seg.blocks:
            vote = votes[id(block)]
            if ids:
                contents[best_of(block.text, vote, ids)].own.append(block)
                if _belongs_elsewhere(block, vote, ids):
                    contents[vote.section].elsewhere.append(block)
            elif vote.section:
                contents[vote.section].loose.append(block)
            elif previous and vote.label in previous and vote.label in keyword_sections(block.text):
                # Under a sub-heading of the section above ("Birth history" inside Health), with the
                # model's leaning and a keyword agreeing: content, not the heading, decides.
                contents[vote.label].loose.append(block)
        if ids:
            previous = ids
    return contents, unknown


def _worth_classifying(block: Block, ids: set[str]) -> bool:
    """Whether the model's vote can change where a block goes: always under no heading, an unknown heading
    or a combined one; under a section's own heading only when its words point to another section and not
    to this one (the only case :func:`_belongs_elsewhere` can credit)."""
    if len(ids) != 1:
        return True
    keywords = keyword_sections(block.text)
    return bool(keywords - ids) and not (keywords & ids)


def _belongs_elsewhere(block: Block, vote: Vote, ids: tuple[str, ...]) -> bool:
    if not vote.section or vote.section in ids or vote.score < ELSEWHERE_SURE:
        return False
    keywords = keyword_sections(block.text)
    return vote.section in keywords and not (set(ids) & keywords)


# --- present / thin / missing ---

def _clean(blocks: list[Block]) -> str:
    return "\n".join(t for t in (strip_placeholders(b.text).strip() for b in blocks) if t)


def _status_of(content: SectionContent, blocks: list[Block]) -> tuple[str, str | None, int]:
    text = _clean(blocks)
    n = words(text)
    rule = section_rules()[content.id]
    if n == 0:
        return "missing", None, 0
    if NOTHING_BUT.match(text):
        return "thin", f"It says only \"{' '.join(text.split())[:40]}\".", n
    if content.id == "chronology":
        entries = [text for b in blocks for _, text in _entries(b)]
        reason = check_chronology(entries)
        if reason:
            return "thin", reason, n
    if n < rule.get("min_words", 20):
        return "thin", f"It has {n} words; it should hold {SECTION_LABELS[content.id]}.", n
    check = CONTENT_CHECKS.get(content.id)
    reason = check(text) if check else None
    return ("thin", reason, n) if reason else ("present", None, n)


_NEXT_ENTRY = re.compile(
    r"(?<=[.;!?])\s+(?=(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})\b)")


def _entries(block: Block) -> list[tuple[int, str]]:
    """Chronology entries with their offset in the block: one per table row, or one per dated line of a
    paragraph (a text file's entries on consecutive lines are read as one paragraph)."""
    if block.kind == "table_row" and block.cells:
        return [(0, " ".join(c for c in block.cells if c.strip()))]
    starts = [0] + [m.end() for m in _NEXT_ENTRY.finditer(block.text)]
    ends = starts[1:] + [len(block.text)]
    return [(a, block.text[a:b].strip().lstrip("-*•· ")) for a, b in zip(starts, ends)]


def _judge_sections(contents: dict[str, SectionContent]) -> tuple[list[SectionStatus], list[CprIssue]]:
    sections, issues = [], []
    for sid in SECTION_IDS:
        content = contents[sid]
        blocks = content.blocks()
        status, reason, n = _status_of(content, blocks)
        found_by = "+".join(k for k, v in (("heading", content.own), ("content", content.loose)) if v) or "none"
        if status != "present" and content.elsewhere:
            status2, reason2, n2 = _status_of(content, content.blocks(with_elsewhere=True))
            if status2 == "present":
                status, reason, n = status2, reason2, n2
                found_by = "content" if found_by == "none" else found_by + "+content"
        first = (content.heading_line if content.heading_line is not None
                 else min((b.line for b in content.blocks(with_elsewhere=True)), default=None))
        section = SectionStatus(sid, status, heading=content.heading, line=first if status != "missing" or
                                content.heading else None, words=n, found_by=found_by, reason=reason)
        sections.append(section)
        if sid == "signoff":
            issues += _signoff_issues(content, section)
        elif status != "present":
            issues.append(_section_issue(section))
    return sections, issues


def _section_issue(section: SectionStatus) -> CprIssue:
    label = SECTION_LABELS[section.id]
    if section.status == "missing":
        code = "missing_section"
        if section.heading:
            message = (f"The heading \"{section.heading}\" is followed by no content: nothing in the report holds "
                       f"{label}.")
        else:
            message = f"No section holds {label}."
        if section.id in REQUIRED:
            message += " The regulations require it."
    else:
        code = "thin_section"
        where = f"\"{section.heading}\"" if section.heading else "The content found for this section"
        message = f"{where} is thin: {section.reason or 'it is too short.'}"
    return CprIssue(code, severity_for(code, section.id), section.id, message, section.line, None)


def _signoff_issues(content: SectionContent, section: SectionStatus) -> list[CprIssue]:
    lines = [b.text for b in content.blocks()]
    if section.status == "missing" or not lines:
        section.status = "missing"
        return [CprIssue("missing_signoff", "error", "signoff",
                         "There is no sign-off: the report needs the author's name, the manager who quality-assured "
                         "it, and the dates.", None, None)]
    gaps = signoff_gaps(lines)
    if not gaps:
        section.status = "present"
        return []
    section.status, section.reason = "thin", f"It has no {', no '.join(gaps)}."
    return [CprIssue("missing_signoff", "error", "signoff",
                     f"The sign-off has no {' and no '.join(gaps)}: the report needs the author, the manager who "
                     "quality-assured it, and the dates.", section.line, None)]


# --- placeholders ---

def _placeholder_issues(contents: dict[str, SectionContent], segments: list[Segment],
                        lines: list[str]) -> list[CprIssue]:
    section_of = {id(b): sid for sid, c in contents.items() for b in c.blocks()}
    issues = []
    for block in (b for s in segments for b in ([s.heading] if s.heading else []) + s.blocks):
        hits = find_placeholders(block.text)
        if hits:
            hit = hits[0]
            what = "template guidance left in" if hit.kind == "guidance" else \
                f"a placeholder (\"{block.text[hit.start:hit.end]}\")"
            issues.append(CprIssue("placeholder_text", "error", section_of.get(id(block)),
                                   f"The text has {what}: replace it with the child's information.",
                                   line_of(lines, block, hit.start), sentence_at(block.text, hit.start)))
    for block in contents["chronology"].blocks():
        if block.kind == "table_row" and block.row not in (0, None) and empty_cells(block.cells):
            issues.append(CprIssue("placeholder_text", "error", "chronology",
                                   "A chronology entry has an empty cell: every entry needs its date and event.",
                                   block.line, sentence_at(block.text, 0)))
    return issues


# --- names and pronouns ---

def _section_texts(contents: dict[str, SectionContent]) -> dict[str, str]:
    return {sid: "\n".join(b.text for b in c.blocks()) for sid, c in contents.items()}


def _people_issues(contents: dict[str, SectionContent], document: ExtractedDocument,
                   lines: list[str]) -> list[CprIssue]:
    texts = _section_texts(contents)
    whole = "\n".join(b.text for b in document.blocks)
    subject = find_subject(texts["child_details"], whole)
    if not subject.first:
        return []
    known = known_people(texts, whole, subject)
    sex = subject_sex(texts["child_details"], whole, subject)
    issues, seen = [], set()
    for sid in sorted(CHILD_SECTIONS, key=SECTION_IDS.index):
        for block in contents[sid].blocks():
            for slip in find_name_slips(block.text, subject, known):
                if (slip.name, block.line) in seen:
                    continue
                seen.add((slip.name, block.line))
                issues.append(CprIssue(
                    "name_inconsistency", "error", sid,
                    "The child is called by another first name here: check this sentence was not copied from "
                    "another child's report.", line_of(lines, block, slip.start), sentence_at(block.text, slip.start)))
            for slip in find_pronoun_slips(block.text, subject, sex)[:1]:
                issues.append(CprIssue(
                    "pronoun_inconsistency", "error", sid,
                    f"The child is referred to elsewhere as {'she' if slip.expected == 'female' else 'he'}; this "
                    "sentence uses a different pronoun.", line_of(lines, block, slip.start),
                    sentence_at(block.text, slip.start)))
    return issues


# --- dates ---

def _date_issues(contents: dict[str, SectionContent], lines: list[str], subject: frozenset[str]) -> list[CprIssue]:
    details = contents["child_details"].blocks()
    details_text = "\n".join(b.text for b in details)
    dob = dt.date_after(dt._DOB, details_text)
    signoff_dates = [d for b in contents["signoff"].blocks() for d in dt.find_dates(b.text)]
    stated_report = dt.date_after(dt._REPORT_DATE, "\n".join(b.text for c in contents.values() for b in c.blocks()))
    report = stated_report.latest if stated_report else (max(d.latest for d in signoff_dates)
                                                         if signoff_dates else None)
    issues: list[CprIssue] = []
    if dob and report:
        issues += _age_issues(details, dob.earliest, report, lines)
    issues += _chronology_date_issues(contents["chronology"].blocks(), dob.earliest if dob else None, report,
                                      subject, lines)
    return issues


def _age_issues(details: list[Block], dob, report, lines: list[str]) -> list[CprIssue]:
    actual = dt.months_between(dob, report)
    for block in details:
        stated = dt.stated_age_months(block.text)
        if not stated:
            continue
        low, high, said = stated
        if actual < low - 1 or actual > high + 3:  # a report signed a few weeks after it was written
            return [CprIssue("date_inconsistency", "error", "child_details",
                             f"The stated age (\"{said}\") does not fit the date of birth and the report date "
                             f"(the child was {actual // 12} years {actual % 12} months old).",
                             line_of(lines, block, 0), sentence_at(block.text, block.text.find(said)))]
    return []


def _chronology_date_issues(blocks: list[Block], dob, report, subject: frozenset[str],
                            lines: list[str]) -> list[CprIssue]:
    entries = [(block, offset, text) for block in blocks for offset, text in _entries(block)]
    issues, previous = [], None
    ascending = descending = 0
    out_of_order: Block | None = None
    for block, offset, text in entries:
        when = dt.leading_date(text)
        if when is None:
            continue
        if dob and when.latest < dob and not dt.PREGNANCY.search(text) and _about_child(text, subject):
            issues.append(CprIssue("date_inconsistency", "error", "chronology",
                                   "This chronology entry is dated before the child's date of birth.",
                                   line_of(lines, block, offset), sentence_at(text, 0)))
        elif dob and when.precision == "day" and re.search(r"\bborn\b", text, re.IGNORECASE) and not dt.PREGNANCY.search(text) \
                and when.earliest != dob and _about_child(text, subject):
            issues.append(CprIssue("date_inconsistency", "error", "chronology",
                                   "The chronology gives a different date of birth from the child's details.",
                                   line_of(lines, block, offset), sentence_at(text, 0)))
        if report and when.earliest > report and not dt.FUTURE.search(text):
            issues.append(CprIssue("date_inconsistency", "error", "chronology",
                                   "This chronology entry is dated after the report and is written as done.",
                                   line_of(lines, block, offset), sentence_at(text, 0)))
        if previous is not None:
            if when.earliest > previous.latest:
                ascending += 1
            elif when.latest < previous.earliest:
                descending += 1
                out_of_order = out_of_order or (block, offset, text)
        previous = when
    if out_of_order is not None and ascending > descending:
        block, offset, text = out_of_order
        issues.append(CprIssue("chronology_order", "warning", "chronology",
                               "The chronology is not in date order here.", line_of(lines, block, offset),
                               sentence_at(text, 0)))
    return issues


_CHILD_EVENT = re.compile(r"\b(?:born|birth of|placed|moved to|started|attended|admitted|discharged|"
                          r"first steps|walked|immunis|health visitor|nursery|school)\b", re.IGNORECASE)


def _about_child(text: str, subject: frozenset[str]) -> bool:
    """A pre-birth entry is impossible only when it records the child's own life ("Ellie placed with
    carers", "Ellie born"); parents' history, older siblings and the pregnancy come before birth in every
    chronology, and "Ellie's mother ..." is about the mother."""
    names = any(re.search(rf"\b{re.escape(n)}\b(?!['’]s)", text) for n in subject)
    return names and bool(_CHILD_EVENT.search(text))


# --- where things are ---

def line_of(lines: list[str], block: Block, offset: int) -> int:
    """The line in the document text holding character ``offset`` of ``block.text``.

    Blocks fold whitespace and join hard-wrapped lines, so the offset is mapped by counting words from
    the block's first line.
    """
    if offset <= 0 or not lines:
        return block.line
    target = len(block.text[:offset].split())
    seen, index = 0, block.line - 1
    while index < len(lines):
        seen += len(lines[index].split())
        if seen > target:
            return index + 1
        index += 1
    return block.line
