"""``extract_claims``: published reports in, numeric claims with exact provenance out (``reports claims``).

Documents are read by :func:`adoption_audit.documents.read_document` (this module never opens files);
each block goes through the claim pipeline (:mod:`adoption_audit.nlp.pipelines`) and this module does
what needs more than one sentence:

- a figure with no wording of its own borrows one from the sentence before it, in the same block or
  the block before: "The average for 2016-17 to 2018-19 was 374.1 days" after a sentence naming A1;
  a comparison ("an improvement of 37 days", "(£209,763) the previous year") borrows the metric of the
  figure it compares with, and records that figure's id in ``compared_to``;
- a breakdown in the sentence after its total ("52 adoption orders ... 44 Eastvale children; 8 Westmoor
  children") is linked to the total by ``total_of``;
- periods are resolved against the document's own period (see :func:`resolve_period`);
- flattened and real tables are read as rows under their header (:mod:`adoption_audit.nlp.tables`).

Every number read is counted, and every number that is not a claim is counted under the reason why.
"""

from __future__ import annotations

import gc
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import STATE_KEY, BlockState, block_state
from adoption_audit.nlp.components.claims import NAMED_SPLITS, OF_TOTAL_OPENER
from adoption_audit.nlp.components.sentences import sentence_spans
from adoption_audit.nlp.document_meta import DocumentMeta, describe
from adoption_audit.nlp.lexicon import Lexicon, load_lexicon, normalise
from adoption_audit.nlp.mentions import DraftClaim
from adoption_audit.nlp.numbers import has_digit, number_word_re
from adoption_audit.nlp.periods import find_periods, fy, fy_of_date, shift_fy
from adoption_audit.nlp.pipelines import claims_pipeline
from adoption_audit.nlp.report_model import Claim, ClaimExtraction, DateMention, ReportDocument, YearRange
from adoption_audit.nlp.tables import Table, assign_columns, make_row, split_flat_row, year_end_table

from adoption_audit.documents import read_document
from adoption_audit.documents.shapes import is_table_like
from adoption_audit.errors import AdoptionAuditError
from adoption_audit.logs import get_logger

log = get_logger("claims")

DURATION_UNITS = {"weeks", "years", "hours", "days", "months"}
AGENCY_WIDE = Folded(r"\b(?:the agency|agency-wide|across the|partnership|regional|region|all three|the three "
                     r"councils)\b", needs=("agency", "across", "partnership", "region", "three"))
YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s?[-–/]\s?(?:19|20)\d{2}")
# A lead-in that introduces what follows without a colon: "Adoption activity in 2017-18 is summarised below".
LEAD_IN_END = Folded(r"\b(?:below|as follows|the following|overleaf)\W*$", needs=("below", "follow", "overleaf"))
# "3. Panels", "4.2 Adoption Support": a numbered section title the reader may have taken for a list item.
NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][A-Za-z&,' -]{0,60}")
AVERAGE_WORD = re.compile(r"average", re.IGNORECASE)
ENGLAND_WORD = re.compile(r"england|national", re.IGNORECASE)
INHERIT_BLOCKS = 3  # how far back (in blocks) a figure without wording looks for the metric it continues
FUTURE = Folded(r"\b(?:will|shall|is to be|are to be|to be (?:booked|held|launched|introduced)|planned|plans? to|"
                r"is due|are due|scheduled|expected|intend(?:s|ed)? to|aim(?:s)? to)\b")
PAST = Folded(r"\b(?:was|were|had|has been|have been|did|took place|commenced|completed|made|agreed|held|"
              r"launched|introduced|set up|started|granted|approved)\b")


@dataclass(frozen=True, slots=True)
class PeriodWords:
    """What a claim's own words (or its row, column, section) say about its period, before resolution."""

    kind: str | None = None  # fy | range | date | event_date | month | previous | current | three_year …
    value: str | None = None


@dataclass
class DocumentClaims:
    """One document's share of an extraction."""

    document: ReportDocument
    claims: list[Claim]
    numbers_read: int = 0
    numbers_skipped: Counter = field(default_factory=Counter)
    dates: list[DateMention] = field(default_factory=list)
    year_ranges: list[YearRange] = field(default_factory=list)
    next_id: int = 1  # the first claim id the next document may use: ids are unique across an extraction


def extract_claims(files: list[tuple[Path, str]], catalogue: str | None = None) -> ClaimExtraction:
    """Claims of every readable document in ``files`` (``(path, shown_as)`` pairs), numbered doc1, doc2 ….

    A document that cannot be read is listed in ``unreadable`` with its reason and the others go on.
    """
    started = time.perf_counter()
    documents, claims, unreadable, dates, ranges = [], [], [], [], []
    read, skipped, next_id = 0, Counter(), 1
    for path, shown in files:
        try:
            extracted = read_document(path, shown)
        except AdoptionAuditError as error:
            unreadable.append({"path": shown, "reason": error.problem})
            log.info("unreadable document skipped (%d so far)", len(unreadable))
            continue
        # Numbered on from the last id the previous document used (not from the claims it kept: a number
        # read and then dropped as a duration has used its id), so ids never repeat across documents.
        result = claims_of_document(extracted, f"doc{len(documents) + 1}", catalogue, first_id=next_id)
        next_id = result.next_id
        documents.append(result.document)
        claims += result.claims
        dates += result.dates
        ranges += result.year_ranges
        read += result.numbers_read
        skipped.update(result.numbers_skipped)
    log.info("claims: %d documents, %d unreadable, %d numbers read, %d claims in %.2f s", len(documents),
             len(unreadable), read, len(claims), time.perf_counter() - started)
    return ClaimExtraction(documents, claims, unreadable, read, dict(sorted(skipped.items())), dates=dates,
                           year_ranges=ranges)


@contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector paused, and restored as it was.

    Reading a 100-page report makes ~100,000 short-lived container objects (mentions, drafts, claims, spaCy
    Docs), all freed by reference counting as they go; every 700 of them the collector runs anyway, and its
    older generations walk the pipeline's long-lived objects (the vocabulary, ~1,000 compiled phrase patterns):
    8-10% of the extraction's time in a fresh process, nothing found. Paused for one document at a time (and
    left as it was if the caller had paused it), so whatever cycles a document leaves go to the collector's
    next pass after it. Process-wide: a thread extracting meanwhile is simply not collected for that time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def claims_of_document(extracted, doc_id: str, catalogue: str | None = None, first_id: int = 1) -> DocumentClaims:
    """Claims of one :class:`~adoption_audit.documents.ExtractedDocument`."""
    with _cyclic_gc_paused():
        return _claims_of_document(extracted, doc_id, catalogue, first_id)


def _claims_of_document(extracted, doc_id: str, catalogue: str | None, first_id: int) -> DocumentClaims:
    nlp = claims_pipeline(catalogue)
    lexicon = load_lexicon(catalogue)
    blocks = extracted.blocks
    meta = describe(blocks, extracted.title, extracted.created, lexicon.authorities)
    document = ReportDocument(id=doc_id, path=extracted.shown_as, title=meta.title, period_start=meta.period_start,
                              period_end=meta.period_end, published=meta.published, authorities=meta.authorities,
                              format=extracted.format, pages=extracted.pages, words=extracted.words)
    out = DocumentClaims(document, [])
    tables, table_blocks = find_tables(blocks)
    known = {**lexicon.authorities, **meta.known_names}
    prose = [i for i in range(len(blocks)) if i not in table_blocks]
    texts = _join_broken_sentences(blocks, prose)
    # A block with no digit and no number word holds no figure, no year and no date: it only matters as a
    # heading (ending a section's period) or as the first half of a broken lead-in, so it skips the pipeline.
    words = number_word_re()
    prose = [i for i, text in texts.items() if has_digit(text) or words.search(text)]
    docs = []
    for i in prose:
        doc = nlp.make_doc(texts[i])
        # The tokenizer keeps the text exactly: the state holds it, so nothing rebuilds it from the tokens.
        doc.user_data[STATE_KEY] = BlockState(texts[i], blocks[i].kind, known)
        docs.append(doc)
    linker = _Linker(doc_id, meta, lexicon, out, first_id)
    parsed = dict(zip(prose, nlp.pipe(docs, batch_size=256)))
    table_at = {t.rows[0].block_index: t for t in tables}
    for i, block in enumerate(blocks):
        if i in parsed:
            linker.block(i, block, parsed[i])
        elif i in texts:
            linker.figureless_block(block)
        elif i in table_at:
            table = table_at[i]
            _columns(table, nlp, lexicon, known)
            linker.table(table, blocks)
    out.claims.sort(key=lambda c: int(c.id[1:]))
    out.next_id = linker.next_id
    return out


def at_most_words(text: str, limit: int) -> bool:
    """``len(text.split()) <= limit``, splitting no further than it must (blocks can be a whole PDF page)."""
    return len(text.split(None, limit)) <= limit


UNFINISHED_WORDS = ("the", "and", "of", "to", "a", "an", "for", "with", "between", "in", "on", "by", "from", "that",
                    "which", "is", "are", "was", "were", "its", "their", "our", "his", "her", "at", "as", "or")
UNFINISHED = Folded(rf"\b(?:{'|'.join(UNFINISHED_WORDS)})$", tails=UNFINISHED_WORDS)


def _unfinished(text: str) -> bool:
    """``UNFINISHED.search(text.rstrip())`` on the last 20 characters only (its longest word has 7): a
    search over a whole page-long block was one of the reader's slowest lines."""
    tail = text.rstrip()
    if len(tail) <= 20:
        return bool(UNFINISHED.search(tail))
    match = UNFINISHED.search(tail, len(tail) - 20)
    return bool(match) and match.start() > len(tail) - 20


def _join_broken_sentences(blocks, prose: list[int]) -> dict[int, str]:
    """Text to read for each prose block, with a block that stops on "the"/"and"/"of" … joined to the next.

    PDF exports break sentences over blank lines ("A2, from the placement order to the" / "match decision,
    was 171 days."); read apart, the figure loses its measure. The claim keeps the first block's page and
    line.
    """
    texts: dict[int, str] = {}
    skip: set[int] = set()
    prose_set = set(prose)
    for i in prose:
        if i in skip:
            continue
        text = blocks[i].text
        j = i
        while (blocks[j].kind in ("paragraph", "list_item") and _unfinished(text)
               and j + 1 in prose_set and blocks[j + 1].kind == "paragraph" and len(text) < 2000):
            j += 1
            skip.add(j)
            text = f"{text} {blocks[j].text}"
        texts[i] = text
    return texts


# -- tables -------------------------------------------------------------------------------------------------
def find_tables(blocks) -> tuple[list[Table], set[int]]:
    """Tables among the blocks: reader table rows grouped by table, and runs of flattened rows."""
    tables: list[Table] = []
    used: set[int] = set()
    by_table: dict[int, list[int]] = {}
    for i, block in enumerate(blocks):
        if block.kind == "table_row" and block.cells:
            by_table.setdefault(block.table if block.table is not None else -1, []).append(i)
    for indexes in by_table.values():
        first = blocks[indexes[0]]
        header_cells = first.cells if (first.row or 0) == 0 and not _mostly_figures(first.cells[1:]) else None
        rows = []
        for i in indexes:
            block = blocks[i]
            used.add(i)
            if header_cells is not None and i == indexes[0]:
                continue
            cells = [(c, 0) for c in block.cells[1:] if c.strip()]
            rows.append(make_row(i, block.text, block.cells[0], cells))
        caption = _caption(blocks, indexes[0])
        if rows:
            tables.append(Table(rows, " ".join(header_cells[1:]) if header_cells else None, caption))
    run: list[tuple[int, tuple]] = []
    for i, block in enumerate(blocks + [None]):
        split = None
        if block is not None and i not in used and block.kind in ("paragraph", "list_item", "table_row") and (
                at_most_words(block.text, 6) or is_table_like(block.text)):
            split = split_flat_row(block.text)
        if split:
            run.append((i, split))
            continue
        if len(run) >= 2:
            start = run[0][0]
            header = blocks[start - 1].text if start >= 1 and _header_like(blocks[start - 1].text) else None
            caption = _caption(blocks, start - 1 if header else start)
            rows = [make_row(j, blocks[j].text, label, cells) for j, (label, cells) in run]
            tables.append(year_end_table(Table(rows, header, caption)))
            used.update(j for j, _ in run)
        run = []
    return tables, used


def _mostly_figures(cells) -> bool:
    return sum(bool(re.fullmatch(r"[£<]?[\d,.]+%?|x|c", c.strip())) for c in cells) * 2 > len(cells)


def _header_like(text: str) -> bool:
    return len(text.split()) <= 16 and not text.rstrip().endswith(".") and not re.search(r"\d{2,}", text.replace(
        "2016", "").replace("201", "")) or bool(re.fullmatch(r"[A-Za-z%()/&£ -]+", text))


def _caption(blocks, before: int) -> str | None:
    for j in range(before - 1, max(-1, before - 3), -1):
        if blocks[j].kind != "table_row" and at_most_words(blocks[j].text, 45):
            return blocks[j].text
    return None


def _columns(table: Table, nlp, lexicon: Lexicon, known) -> None:
    units = {m.id: m.unit for m in lexicon.metrics.values()}
    spans = []
    if table.header:
        spans = [(m.start, m.end, m.metric) for m in _metric_mentions(nlp, table.header)]
    caption_metrics = []
    if table.caption:
        caption_metrics = [m.metric for m in _metric_mentions(nlp, table.caption)]
        claims_pipeline_metric = _cue_metric(nlp, table.caption)
        if claims_pipeline_metric and claims_pipeline_metric not in caption_metrics:
            caption_metrics.append(claims_pipeline_metric)
    assign_columns(table, spans, caption_metrics, units)
    if table.columns and table.columns[0].period_value:
        for row in table.rows:
            named = [m.metric for m in _metric_mentions(nlp, row.label)]
            row.metric = named[0] if named else _cue_metric(nlp, row.label)
            if row.metric:
                row.breakdown = None  # the label names the measure, not a group of a total


def _metric_mentions(nlp, text: str) -> list:
    """Metric wordings in a header or caption: the phrase component alone, not the whole pipeline."""
    doc = nlp.make_doc(text)
    state = doc.user_data[STATE_KEY] = BlockState(text)
    state.numbers = []
    nlp.get_pipe("report_metric_phrases")(doc)
    return state.metric_mentions or []


def _cue_metric(nlp, text: str) -> str | None:
    """The metric a caption names by co-occurrence cues (as a sentence's clause would be matched)."""
    component = nlp.get_pipe("report_claims")
    lower = normalise(text)
    best, groups_best = None, 0
    for metric_id, groups, _ in component.cues:
        if len(groups) > groups_best and all(any(p in lower for p in g) for g in groups):
            best, groups_best = metric_id, len(groups)
    return best


# -- linking and resolution -------------------------------------------------------------------------------
class _Linker:
    """Turns drafts into Claims in document order, with the links that need earlier sentences."""

    def __init__(self, doc_id: str, meta: DocumentMeta, lexicon: Lexicon, out: DocumentClaims, first_id: int):
        self.doc_id, self.meta, self.lexicon, self.out = doc_id, meta, lexicon, out
        self.next_id = first_id
        self.history: list[tuple[int, int, Claim]] = []  # (block index, sentence start, claim)
        self.section: tuple[str, str, str] | None = None  # (kind, value, raw) a heading or lead-in gives
        self.section_entity: str | None = None  # the one council a lead-in names ("key points for Westmoor:")
        self._block_of: dict[str, int] = {}  # claim id -> block index
        self._unfinished = ""  # the previous block, when it stopped mid-sentence
        self.words: dict[str, PeriodWords] = {}  # claim id -> its period words
        self._text = ""  # the text of the block being read
        self._sentence_total: dict[tuple[int, int], Claim] = {}  # (block, sentence) -> the total its parts split

    def figureless_block(self, block) -> None:
        """A block without figures still ends a section (a heading) or starts a broken lead-in."""
        self._section_period(block, None)

    def _section_period(self, block, ext) -> None:
        """A heading or a lead-in ("Summary of adoption activity for 2017-18 is provided below:") naming one
        year sets the period of the figures under it, until the next heading."""
        text = block.text.strip()
        # A lead-in a PDF export broke over two blocks ("... to 31st March" / "2015 are:") is read whole.
        whole = f"{self._unfinished} {text}" if self._unfinished else text
        heading = block.kind == "heading" or bool(NUMBERED_HEADING.fullmatch(text))
        self._unfinished = text if not heading and not text.endswith((".", ":", "!", "?")) \
            and at_most_words(text, 30) else ""
        lead_in = (text.endswith(":") or bool(LEAD_IN_END.search(text))) and at_most_words(whole, 40)
        if heading or lead_in:
            # "The key points to note for Westmoor from this report are:" speaks of one council until the
            # next heading; a heading or a lead-in naming none (or several) ends that.
            named = {e.entity for e in (ext.entity_mentions or ()) if not e.comparator} if ext is not None else set()
            self.section_entity = named.pop() if lead_in and len(named) == 1 and not AGENCY_WIDE.search(whole) \
                else None
            periods = find_periods(whole) if whole != text or ext is None else ext.periods or ()
            found = {(p.kind, p.value, p.raw) for p in periods if p.kind in ("fy", "range") and p.value}
            if heading or found:
                self.section = next(iter(found)) if len(found) == 1 else None

    def _default_entity(self, quote: str) -> str | None:
        """A council's own report speaks of the council, unless the sentence says it is the agency's figure."""
        own = self.meta.own_authority
        return own if own and not AGENCY_WIDE.search(quote) else None

    def _section_entity(self, quote: str) -> str | None:
        return self.section_entity if self.section_entity and not AGENCY_WIDE.search(quote) else None

    def _new_id(self) -> str:
        value = f"C{self.next_id:04d}"
        self.next_id += 1
        return value

    def block(self, index: int, block, doc) -> None:
        ext = block_state(doc)
        self._section_period(block, ext)
        numbers = ext.numbers or []
        self.out.numbers_read += len(numbers)
        for number in numbers:
            if number.skip:
                self.out.numbers_skipped[number.skip] += 1
        drafts = ext.draft_claims or []
        claimed = {id(d.number) for d in drafts}
        for number in numbers:
            if not number.skip and id(number) not in claimed:
                self.out.numbers_skipped["word_not_a_figure" if number.word else "not_a_figure"] += 1
        text = self._text = ext.text
        made: dict[int, Claim] = {}
        by_sentence: dict[int, list[DraftClaim]] = {}
        for draft in drafts:
            by_sentence.setdefault(draft.sent_start, []).append(draft)
        quotes: dict[int, str] = {}  # sentence start -> the sentence with its whitespace made single spaces
        for draft in drafts:
            siblings = by_sentence[draft.sent_start]
            quote = quotes.get(draft.sent_start)
            if quote is None:
                quote = quotes[draft.sent_start] = " ".join(text[draft.sent_start:draft.sent_end].split())
            claim = self._claim(index, block, text, draft, quote)
            anchor = siblings[draft.anchor] if draft.anchor is not None and draft.anchor < len(siblings) else None
            anchor_claim = made.get(id(anchor)) if anchor is not None else None
            self._link(index, draft, claim, anchor_claim)
            if claim.unit in DURATION_UNITS and claim.metric is None:
                self.out.numbers_skipped["duration"] += 1
                continue
            if claim.unit in ("weeks", "years", "hours"):
                claim.unit = "count"
            _printed_precision(claim)
            made[id(draft)] = claim
            self._block_of[claim.id] = index
            self.out.claims.append(claim)
            self.history.append((index, draft.sent_start, claim))
        self._dates(block, doc, ext)

    def _claim(self, index: int, block, text: str, draft: DraftClaim, quote: str) -> Claim:
        prefix = " ".join(text[draft.sent_start:draft.number.start].split())
        char_start = len(prefix) + (1 if prefix else 0)
        number = draft.number
        claim = Claim(document=self.doc_id, page=block.page, line=block.line, quote=quote, text=draft.text,
                      value=number.value, unit=number.unit, metric=draft.metric, period=None, entity=draft.entity,
                      kind=draft.kind, id=self._new_id(), low=number.low, high=number.high, bound=number.bound,
                      direction=draft.direction, breakdown=draft.breakdown, char_start=char_start,
                      char_end=char_start + len(draft.text))
        claim.period_text = draft.period_text
        self.words[claim.id] = PeriodWords(draft.period_kind, draft.period_value)
        claim.entity = claim.entity or self._section_entity(quote) or self._default_entity(quote)
        if draft.period_kind in (None, "current") and self.section and draft.kind != "previous":
            kind, value, claim.period_text = self.section
            self.words[claim.id] = PeriodWords(kind, value)
        return claim

    def _recent(self, index: int, sent_start: int, want=lambda c: True) -> Claim | None:
        for block_index, start, claim in reversed(self.history):
            if index - block_index > INHERIT_BLOCKS:
                return None
            if (block_index, start) != (index, sent_start) and want(claim):
                return claim
        return None

    def _link(self, index: int, draft: DraftClaim, claim: Claim, anchor: Claim | None) -> None:
        metrics = self.lexicon.metrics
        if claim.kind in ("previous", "difference", "change_percent"):
            if anchor is None:
                anchor = self._recent(index, draft.sent_start, lambda c: c.metric is not None and c.kind == "stated"
                                      and c.entity == claim.entity and (claim.metric is None or c.metric == claim.metric)
                                      and (c.unit == claim.unit or claim.kind == "change_percent"
                                           or claim.unit == "count" and claim.kind == "previous"))
                if anchor is not None and claim.metric is None:
                    claim.metric = anchor.metric
            if anchor is not None:
                claim.compared_to = anchor.id
                if claim.kind == "previous" and claim.unit == "count" and anchor.unit != "count":
                    claim.unit = anchor.unit
                if claim.kind == "previous" and claim.entity is None:
                    claim.entity = anchor.entity
        elif claim.kind == "part":
            if anchor is not None:
                claim.total_of = anchor.id
                if claim.metric is None and anchor.metric and claim.unit == anchor.unit:
                    claim.metric = anchor.metric  # the total's metric, borrowed after the parts were read
        elif draft.part_of_previous:
            # The parts of one sentence break down one total: the latest stated figure before it that each
            # part fits inside ("34 adopters were approved ... 2 of these were child specific. 28 were White
            # British, 4 Asian and 1 mixed" breaks down the 34, not the 2).
            key = (index, draft.sent_start)
            total = self._sentence_total.get(key)
            if total is None:
                total = self._recent(index, draft.sent_start, lambda c: c.kind == "stated" and c.unit == claim.unit
                                     and (c.value is None or claim.value is None or c.value >= claim.value))
                if total is not None:
                    self._sentence_total[key] = total
            named_split = bool(claim.breakdown and set(claim.breakdown) & NAMED_SPLITS)
            if total is not None and (claim.metric is None or claim.metric == total.metric or named_split):
                claim.kind, claim.total_of, claim.metric = "part", total.id, total.metric
                own, theirs = self.words[claim.id], self.words[total.id]
                self.words[claim.id] = PeriodWords(own.kind or theirs.kind, own.value or theirs.value)
        elif claim.metric is None and claim.kind == "stated" and OF_TOTAL_OPENER.match(
                self._sentence_before(draft)) and self._restated(index, draft, claim):
            pass  # "Of those 40 children, ..." names the total of the sentence before: its metric and period
        elif claim.metric is None and claim.kind in ("stated", "target"):
            # "The average for 2016-17 to 2018-19 was 374.1 days." continuing a sentence that named A1.
            def fits(c: Claim) -> bool:
                if c.metric is None or c.kind != "stated":
                    return False
                unit = metrics[c.metric].unit
                return unit == claim.unit and unit in ("days", "percent", "months") or (
                    claim.unit == "count" and unit in ("days",) and claim.entity is not None)
            source = self._recent(index, draft.sent_start, fits)
            # Days carry over a couple of blocks ("Our in year figure ... is 442 days." under an A1 item); a
            # percentage two paragraphs on is rarely the same measure, so it must share the block.
            if source is not None and (claim.unit == "days" or self._block_of.get(source.id) == index):
                claim.metric = source.metric
                if self.words[claim.id].kind in (None, "current"):
                    self.words[claim.id] = self.words[source.id]
        if claim.metric and claim.unit == "count" and metrics[claim.metric].unit in ("days", "percent", "months") \
                and not draft.number.word:
            claim.unit = metrics[claim.metric].unit
        claim.period = resolve_period(claim, self.words[claim.id], self.meta, metrics)
        if claim.kind in ("difference", "change_percent") and anchor is not None and anchor.period:
            claim.period = anchor.period  # the change is the stated figure's, against the one before it

    def _sentence_before(self, draft: DraftClaim) -> str:
        return self._text[draft.sent_start:draft.number.start]

    def _restated(self, index: int, draft: DraftClaim, claim: Claim) -> bool:
        """Give ``claim`` the metric and period of the recent stated figure it restates (same value and unit)."""
        source = self._recent(index, draft.sent_start, lambda c: c.kind == "stated" and c.metric is not None
                              and c.value == claim.value and c.unit == claim.unit)
        if source is None:
            return False
        claim.metric = source.metric
        if self.words[claim.id].kind in (None, "current"):
            self.words[claim.id] = self.words[source.id]
        return True

    def table(self, table: Table, blocks) -> None:
        totals: dict[int, Claim] = {}
        for row in table.rows:
            self.out.numbers_read += len(row.cells) + row.label_numbers
            if row.label_numbers:
                self.out.numbers_skipped["period" if row.period_value else "table_label"] += row.label_numbers
        ordered = sorted(table.rows, key=lambda r: not r.total)  # totals first, so parts can link to them
        caption_periods = [p for p in find_periods(table.caption or "") if p.value and p.kind in ("fy", "range", "date")]
        made: list[tuple[int, Claim]] = []
        has_total = any(r.total for r in table.rows)
        for row in ordered:
            block = blocks[row.block_index]
            # What the row says is the same for each of its cells: read once a row.
            # A short row ("Average for 2016-2018 413.4" under "Adoptions  Average days") fills the
            # right-hand columns: the average has no count of its own.
            shift = max(0, len(table.columns) - len(row.cells)) if AVERAGE_WORD.search(row.label) else 0
            kind = "part" if row.breakdown and has_total else "stated"
            quote = " ".join(block.text.split())
            entity = "England" if ENGLAND_WORD.search(row.label) else self._table_entity(row.label, table.caption)
            for cell in row.cells:
                position = cell.column + shift
                column = table.columns[position] if position < len(table.columns) else None
                metric = (column.metric if column else None) or row.metric
                unit = cell.unit if cell.unit != "count" else (column.unit if column and column.unit else "count")
                start = quote.find(cell.text, len(row.label))
                claim = Claim(document=self.doc_id, page=block.page, line=block.line, quote=quote, text=cell.text,
                              value=cell.number.value, unit=unit, metric=metric, period=None, entity=entity,
                              kind=kind, id=self._new_id(), low=cell.number.low, high=cell.number.high,
                              bound=cell.number.bound, breakdown=row.breakdown, char_start=start if start >= 0 else None,
                              char_end=start + len(cell.text) if start >= 0 else None)
                claim.period_text = row.period_text
                self.words[claim.id] = PeriodWords(row.period_kind, row.period_value)
                if column is not None and column.period_value:
                    self.words[claim.id] = PeriodWords(column.period_kind, column.period_value)
                    claim.period_text = column.period_text
                elif row.period_kind is None and caption_periods:
                    # The caption's period: its date for a stock ("at 31 March 2019"), its year for a flow.
                    stock = metric in self.lexicon.metrics and self.lexicon.metrics[metric].kind == "stock"
                    chosen = next((p for p in caption_periods if (p.kind == "date") == stock), caption_periods[0])
                    self.words[claim.id] = PeriodWords(chosen.kind, chosen.value)
                    claim.period_text = chosen.raw
                if row.total:
                    totals[cell.column] = claim
                elif kind == "part" and cell.column in totals:
                    claim.total_of = totals[cell.column].id
                claim.period = resolve_period(claim, self.words[claim.id], self.meta, self.lexicon.metrics)
                _printed_precision(claim)
                made.append((row.block_index, claim))
        for block_index, claim in sorted(made, key=lambda m: (m[0], int(m[1].id[1:]))):
            self.out.claims.append(claim)
            self.history.append((block_index, 0, claim))

    def _table_entity(self, label: str, caption: str | None) -> str | None:
        """The authority a row label or the caption names ("Westmoor households approved", "Table 1: Eastvale")."""
        names = {**self.lexicon.authorities, **self.meta.known_names}
        for text in (label, caption or ""):
            named = {entity for written, entity in names.items()
                     if written in text and re.search(rf"(?<![\w-]){re.escape(written)}(?![\w-])", text)}
            if len(named) == 1:
                return named.pop()
        return self._default_entity(caption or label)

    def _year_ranges(self, block, doc, ext) -> None:
        """Every printed span of years ("2018-2021", a reversed "2024-2021"), with its sentence."""
        ranges = [p for p in ext.periods or () if p.kind in ("range", "invalid") and YEAR_SPAN.fullmatch(p.raw)]
        if not ranges:
            return
        spans, text = sentence_spans(doc), ext.text
        for period in ranges:
            start, end = next(((s, e) for s, e in spans if s <= period.start < e), (0, len(text)))
            prefix = " ".join(text[start:period.start].split())
            at = len(prefix) + (1 if prefix else 0)
            self.out.year_ranges.append(YearRange(self.doc_id, block.page, block.line, " ".join(text[start:end].split()),
                                                  period.raw, at, at + len(period.raw)))

    def _dates(self, block, doc, ext) -> None:
        self._year_ranges(block, doc, ext)
        dated = [p for p in ext.periods or () if p.kind in ("event_date", "month", "date") and p.value]
        spans = sentence_spans(doc) if dated else []
        text = ext.text if dated else ""
        for period in dated:
            start, end = next(((s, e) for s, e in spans if s <= period.start < e), (0, len(text)))
            quote = " ".join(text[start:end].split())
            tense = "future" if FUTURE.search(quote) else "past" if PAST.search(quote) else None
            start = quote.find(period.raw.split()[0]) if period.raw else -1
            self.out.dates.append(DateMention(self.doc_id, block.page, block.line, quote, period.raw, period.value,
                                              tense, start if start >= 0 else None,
                                              start + len(period.raw) if start >= 0 else None))


def _printed_precision(claim: Claim) -> None:
    """A whole number of days, months or a rate stands for its rounding ("413 days" is 412.5 to 413.5): only
    whole counts and whole pounds are exact. The number was parsed before its unit was known."""
    if claim.unit in ("days", "months", "ratio") and claim.bound is None and claim.low is not None \
            and claim.low == claim.high and float(claim.low).is_integer():
        claim.low, claim.high = claim.low - 0.5, claim.high + 0.5


def resolve_period(claim: Claim, words: PeriodWords, meta: DocumentMeta, metrics) -> str | None:
    """The contract period of a claim, from its own period words and the document's period.

    - A financial year or range as written wins ("2017/18", "2016-17 to 2018-19", "year end 2017").
    - "the previous year"/"last year" is the year before the document's; a ``previous`` claim with no
      period words is too.
    - A date ("at 31 March 2019") is the period of a stock figure; for a flow it names the year it ends.
    - "this year", "in year" and no period words at all mean the document's own period: its financial year
      for flows and averages, its end date for stocks ("children waiting" at the report's year end).
    - "three-year average" is the three years ending with the document's year.
    Anything else (a bare calendar year, a month, a reversed range) leaves the period null; the raw
    words stay in ``period_text`` for the audit's ``period_label`` rule.
    """
    kind, value = words.kind, words.value
    metric_kind = metrics[claim.metric].kind if claim.metric in metrics else "flow"
    # A figure of no catalogued metric "at 31st March 2021" is a count at that date (a stock).
    stock = metric_kind == "stock" or (claim.metric is None and kind == "date")
    doc_fy = meta.fy
    if kind in ("fy", "range") and value:
        return value
    if kind in ("date", "event_date") and value:
        if stock:
            return value
        year, month = int(value[:4]), int(value[5:7])
        if value[5:] == "04-01" and claim.kind != "stated":
            return fy(year - 1)
        return fy(fy_of_date(year, month)) if kind == "event_date" or not stock else value
    if kind == "previous" or (claim.kind == "previous" and kind in (None, "current")):
        if stock and meta.period_end:
            return f"{int(meta.period_end[:4]) - 1}{meta.period_end[4:]}"
        return shift_fy(doc_fy, -1)
    if kind == "three_year" and doc_fy:
        last = shift_fy(doc_fy, -1) if claim.kind == "previous" else doc_fy
        return f"{shift_fy(last, -2)}..{last}"
    if kind in (None, "current", "month"):
        if stock:
            return meta.period_end if doc_fy else None
        return doc_fy
    return None
