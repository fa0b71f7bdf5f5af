"""What every audit rule reads: the claims, their documents, the catalogue, and the coverage ledger.

Rules never re-parse document text: they read :class:`Claim` objects and the documents' metadata. The
context also keeps the coverage ledger an auditor needs (which claims some rule compared with another
figure, and why the others were left alone), because a clean report that checked 10% of the figures must
look different from one that checked 95%.

Like with like: a figure's basis is its metric, its period (normalised: "at 1 April 2016" is the close of
31 March 2016; a flow or average "at 31 March 2019" is the year 2018-19), its entity (the claim's own
authority, else the document's only authority) and its unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from adoption_audit.checks.audit.intervals import Interval, interval_of, show
from adoption_audit.checks.findings import Finding
from adoption_audit.nlp.report_model import Claim, ClaimExtraction, ReportDocument

from adoption_audit.errors import AdoptionAuditError
from adoption_audit.logs import get_logger

FIGURE_KINDS = ("stated", "previous")  # kinds that state a metric's value for a period
_FY = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")


def load_metric_info() -> dict[str, dict]:
    """Metric id -> catalogue entry (kind, unit, label). Uses the catalogue loader when it exists."""
    try:
        from adoption_audit.checks.catalogue import load_catalogue  # the metrics work's loader
    except ImportError:
        load_catalogue = None
    if load_catalogue is not None:
        try:
            catalogue = load_catalogue()
            entries = catalogue.values() if isinstance(catalogue, dict) else catalogue
            return {_get(e, "id"): {"kind": _get(e, "kind"), "unit": _get(e, "unit"), "label": _get(e, "label"),
                                    "phrases": list(_get(e, "phrases") or [])} for e in entries}
        except Exception as error:  # noqa: BLE001 - a half-built loader must not stop an audit
            get_logger("audit").warning("metric catalogue loader failed (%s); reading metrics.yaml", type(error).__name__)
    path = Path(__file__).resolve().parent.parent / "catalogue" / "metrics.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {m["id"]: {"kind": m.get("kind"), "unit": m.get("unit"), "label": m.get("label"),
                      "phrases": list(m.get("phrases") or [])} for m in data["metrics"]}


def _get(entry, name):
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


_COUNCIL = re.compile(r"\s+(county|borough|city|district|metropolitan borough)?\s*council$", re.IGNORECASE)


def authority_id(name: str) -> str:
    """'Northshire County Council', 'Northshire' -> 'northshire': one id per authority however it is written."""
    return _COUNCIL.sub("", name.strip()).strip().lower()


def financial_year(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[2:]}"


def fy_start(period: str) -> int | None:
    match = _FY.match(period or "")
    return int(match.group(1)) if match else None


def range_years(period: str) -> list[str] | None:
    """'2015-16..2017-18' -> ['2015-16', '2016-17', '2017-18']."""
    match = _RANGE.match(period or "")
    if not match:
        return None
    first, last = fy_start(match.group(1)), fy_start(match.group(2))
    if first is None or last is None or last < first:
        return None
    return [financial_year(y) for y in range(first, last + 1)]


def normalise_period(period: str | None, metric_kind: str | None) -> str | None:
    """One spelling per basis, so like is compared with like (see the module docstring)."""
    if not period:
        return period
    match = _DATE.match(period)
    if not match:
        return period
    day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if metric_kind == "stock" and (day.month, day.day) == (4, 1):
        return (day - timedelta(days=1)).isoformat()
    if metric_kind in ("flow", "average", "percent") and (day.month, day.day) in ((3, 31), (4, 1)):
        return financial_year(day.year - 1)  # the year ending on 31 March of day.year
    return period


STOPWORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "been", "by", "during", "each", "for", "from", "had", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "over", "so", "that", "the", "their", "there", "these", "this", "those", "to", "was", "we", "were", "which", "while", "who", "with", "within", "figure", "figures", "number", "numbers", "us"])
PERIOD_WORDS = frozenset(["year", "years", "yearly", "period", "periods", "month", "months", "end", "total", "average", "this", "last", "previous", "current", "annual", "financial", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "compared"])
PLAN_WORDS = re.compile(r"\b(will|shall|plan|plans|planned|planning to|intend(?:s|ed)? to|expect(?:s|ed)? to|"
                        r"aim(?:s)? to|forecasts?|projected|estimated|anticipated?|to be (?:matched|advertised|placed))\b",
                        re.IGNORECASE)
UNIT_WORDS = frozenset(["day", "days", "percent", "cent", "per", "time", "average", "number", "a1", "a2", "a3", "a10", "a20"])
GENERIC_ABOVE = 6  # a phrase word used by more metrics than this says nothing about which one is meant
GENERIC_PERIOD_TEXT = re.compile(r"^(this|the|in|during|current|reporting|financial|year|period|\s)*$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The content words of a text, lower-cased and singular, without period words or figures."""
    words = set()
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text or ""):
        word = word.lower().strip("'-")
        if len(word) < 2 or word in STOPWORDS or word in PERIOD_WORDS:
            continue
        words.add(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(words)


def context_words(claim: Claim) -> frozenset[str]:
    """The content words of the claim's sentence.

    Two sentences that state the same thing ("34 adopters were approved in this period", "35 adopters
    were approved in this period") share their words; a share of it ("1 child placed under Foster for
    Adoption arrangements was returned to birth family care") or another count altogether does not.
    """
    return content_words(claim.quote)


NEAR_WORDS = 5  # how many words either side of a figure still describe it


def words_near(claim: Claim) -> frozenset[str]:
    """The content words of the figure's own clause: its text and five words either side.

    "34 adopters were approved" describes 34; in "2 children were placed with inter-agency adopters who
    were dually approved as foster carers", "approved" is too far from 2 to say what 2 counts.
    """
    quote = claim.quote or ""
    start = claim.char_start
    if start is None or not (0 <= start <= len(quote)):
        start = max(quote.find(claim.text or "\0"), 0)
    end = claim.char_end if claim.char_end is not None and claim.char_end >= start else start + len(claim.text or "")
    before = re.findall(r"[A-Za-z][A-Za-z'-]+", quote[:start])[-NEAR_WORDS:]
    after = re.findall(r"[A-Za-z][A-Za-z'-]+", quote[end:])[:NEAR_WORDS]
    return content_words(" ".join([*before, claim.text or "", *after]))


def alike(a: Claim, b: Claim) -> bool:
    """The two figures are worded as the same fact: at least two content words, mostly shared, or the
    same words of two or more right after each number ("41 adopter households", "43 adopter households")."""
    own_a, own_b = content_words(_after_number(a.text)), content_words(_after_number(b.text))
    if len(own_a) >= 2 and own_a == own_b:
        return True
    wa, wb = context_words(a), context_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return False
    shared = len(wa & wb)
    return shared / len(wa | wb) >= 0.5 or (shared >= 2 and (wa <= wb or wb <= wa))


def _after_number(text: str | None) -> str:
    words = (text or "").split()
    return " ".join(words[1:])


def explicit_period(claim: Claim) -> bool:
    """The claim's own words name its period ("in 2017/18", "at 31 March 2019"), rather than inheriting it."""
    text = getattr(claim, "period_text", None)
    return bool(text) and not GENERIC_PERIOD_TEXT.match(text)


@dataclass
class AuditContext:
    extraction: ClaimExtraction
    metric_info: dict[str, dict] = field(default_factory=load_metric_info)
    metrics: list | None = None  # MetricValue rows computed from the sources, for source_mismatch
    today: date = field(default_factory=date.today)
    checked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # claim id -> rules
    skip_reasons: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # claim id -> why
    _memo: dict = field(default_factory=dict, repr=False)

    # --- looking things up --------------------------------------------------------------------------
    @cached_property
    def documents(self) -> dict[str, ReportDocument]:
        return {d.id: d for d in self.extraction.documents}

    @cached_property
    def claims(self) -> list[Claim]:
        """Every claim, each with an id. The reader numbers claims once across the whole extraction, so ids
        are unique and ``total_of``/``compared_to`` can be followed as they are; a claim built by hand with no
        id gets one here. Repeated ids mean claims from several extractions were mixed: refused, since a
        part could then be summed against another document's total."""
        ids = [c.id for c in self.extraction.claims if c.id]
        if len(ids) != len(set(ids)):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            raise AdoptionAuditError(f"claim ids repeat ({', '.join(repeated[:3])}): audit the claims of one "
                                     "extraction at a time")
        taken = set(ids)
        number = 0
        for claim in self.extraction.claims:
            while not claim.id:
                number += 1
                if f"C{number:04d}" not in taken:
                    claim.id = f"C{number:04d}"
        return list(self.extraction.claims)

    @cached_property
    def claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def metric_words(self) -> dict[str, frozenset[str]]:
        """Per metric, the words of its catalogue phrases that few other metrics use (its own vocabulary)."""
        phrases = {m: (info.get("phrases") or []) + [info.get("label") or ""] for m, info in self.metric_info.items()}
        words = {m: content_words(" ".join(p)) for m, p in phrases.items()}
        used_by: dict[str, int] = defaultdict(int)
        for found in words.values():
            for word in found:
                used_by[word] += 1
        generic = UNIT_WORDS | {w for w, n in used_by.items() if n > GENERIC_ABOVE}
        return {m: frozenset(found - generic) for m, found in words.items()}

    def memo(self, name: str, claim: Claim, compute):
        """Per-claim memo: pairwise rules ask the same question of one claim many times."""
        key = (name, claim.id)
        if key not in self._memo:
            self._memo[key] = compute(claim)
        return self._memo[key]

    def names_metric(self, claim: Claim) -> bool:
        return self.memo("names_metric", claim, self._names_metric)

    def _names_metric(self, claim: Claim) -> bool:
        """The claim's own sentence words its metric; otherwise the metric was taken from the sentences
        around it ("Our in-year figure is 168 days" after a paragraph about A2) and may be the wrong one."""
        own = self.metric_words.get((claim.metric or "").replace("_threshold", ""), frozenset())
        if own & words_near(claim):
            return True
        # A part of a breakdown counts what its total counts: "52 adoption orders ... 8 Westmoor children".
        total = self.claims_by_id.get(claim.total_of or "") if claim.kind == "part" else None
        return total is not None and total.metric == claim.metric and bool(own & words_near(total))

    @cached_property
    def multi_year_documents(self) -> set[str]:
        """Documents whose prose names three or more financial years for its figures (a strategy, a
        trend review): in them a figure's year cannot safely be taken from the document's own period."""
        years: dict[str, set[str]] = defaultdict(set)
        for claim in self.claims:
            prose = len(re.findall(r"[A-Za-z]{2,}", claim.quote or "")) > 4
            if prose and claim.kind not in ("previous", "target") and explicit_period(claim) \
                    and fy_start(claim.period or "") is not None:
                years[claim.document].add(claim.period)
        return {document for document, found in years.items() if len(found) >= 3}

    def forecast(self, claim: Claim) -> bool:
        return self.memo("forecast", claim, self._forecast)

    def _forecast(self, claim: Claim) -> bool:
        """A plan or forecast, not a fact: told in the future or as a plan, or for a period after the
        document's own (next year's requirement, a target)."""
        if PLAN_WORDS.search(claim.quote or ""):
            return True  # "15 of which we plan to match in 2016/17", "the remaining 6 will be advertised"
        document = self.documents.get(claim.document)
        period = self.period_of(claim) or ""
        if not document or not document.period_end:
            return False
        if _DATE.match(period):
            return period > document.period_end
        start = fy_start(period.split("..")[0])
        return start is not None and f"{start}-04-01" > document.period_end

    def period_certain(self, claim: Claim) -> bool:
        return self.memo("period_certain", claim, self._period_certain)

    def _period_certain(self, claim: Claim) -> bool:
        return explicit_period(claim) or claim.document not in self.multi_year_documents

    def metric_kind(self, metric: str | None) -> str | None:
        return (self.metric_info.get(metric) or {}).get("kind") if metric else None

    def label(self, metric: str | None) -> str:
        if not metric:
            return "The figure"
        return (self.metric_info.get(metric) or {}).get("label") or metric.replace("_", " ").capitalize()

    def period_of(self, claim: Claim) -> str | None:
        return normalise_period(claim.period, self.metric_kind(claim.metric))

    def entity_of(self, claim: Claim) -> str | None:
        return self.memo("entity_of", claim, self._entity_of)

    def _entity_of(self, claim: Claim) -> str | None:
        """The claim's authority, else its document's only authority, else None (the whole agency or unknown)."""
        if claim.entity:
            return authority_id(claim.entity)
        document = self.documents.get(claim.document)
        names = {authority_id(a) for a in (document.authorities if document else [])}
        return names.pop() if len(names) == 1 else None

    def whole_of(self, claim: Claim) -> frozenset[str] | None:
        """The authorities a figure with no authority of its own covers, when that is the whole of a
        document about several: an agency's report speaks for all the councils it serves, so its unnamed
        figures are the agency's totals ("the agency approved 41 households"), never one council's."""
        if claim.entity:
            return None
        document = self.documents.get(claim.document)
        names = frozenset(authority_id(a) for a in (document.authorities if document else []))
        return names if len(names) >= 2 else None

    @cached_property
    def comparators(self) -> frozenset[str]:
        """Benchmarks the reader marks as entities (England, statistical neighbours): never the agency."""
        from adoption_audit.nlp.lexicon import load_lexicon

        return frozenset(authority_id(c) for c in load_lexicon().comparators.values())

    def same_authorities(self, a: Claim, b: Claim) -> bool:
        """The two claims' documents cover the same authorities (always true within one document)."""
        if a.document == b.document:
            return True
        da, db = self.documents.get(a.document), self.documents.get(b.document)
        return {authority_id(x) for x in (da.authorities if da else [])} == \
            {authority_id(x) for x in (db.authorities if db else [])}

    @cached_property
    def _sentences(self) -> dict[tuple, list[Claim]]:
        index: dict[tuple, list[Claim]] = defaultdict(list)
        for c in self.claims:
            index[(c.document, c.line, c.quote)].append(c)
        return index

    @cached_property
    def _by_document(self) -> dict[str, list[Claim]]:
        index: dict[str, list[Claim]] = defaultdict(list)
        for c in self.claims:
            index[c.document].append(c)
        return index

    def in_document(self, document: str) -> list[Claim]:
        return self._by_document.get(document, [])

    def same_sentence(self, claim: Claim) -> list[Claim]:
        """The other claims read from the same sentence (or flattened table row)."""
        return [c for c in self._sentences.get((claim.document, claim.line, claim.quote), []) if c.id != claim.id]

    def interval(self, claim: Claim) -> Interval | None:
        return self.memo("interval", claim, interval_of)

    # --- the coverage ledger ------------------------------------------------------------------------
    def mark_checked(self, rule: str, *claims: Claim) -> None:
        for claim in claims:
            self.checked[claim.id].add(rule)

    def skip(self, claim: Claim, reason: str) -> None:
        if reason not in self.skip_reasons[claim.id]:
            self.skip_reasons[claim.id].append(reason)

    # --- describing places --------------------------------------------------------------------------
    def where(self, claim: Claim, other: Claim | None = None) -> str:
        """'page 3, line 120' (same document as ``other``) or 'annual_2018_19.pdf page 3, line 120'."""
        place = f"page {claim.page}, line {claim.line}" if claim.page else f"line {claim.line}"
        if other is not None and other.document == claim.document:
            return place
        document = self.documents.get(claim.document)
        name = Path(document.path).name if document else claim.document
        return f"{name} {place}"

    def evidence(self, claim: Claim, role: str | None = None) -> dict:
        """One evidence item: the contract's document/page/line/quote, plus what the HTML highlights."""
        item = {"document": claim.document, "page": claim.page, "line": claim.line, "quote": claim.quote,
                "claim": claim.id, "text": claim.text, "value": claim.value}
        if claim.char_start is not None and claim.char_end is not None:
            item["char_start"], item["char_end"] = claim.char_start, claim.char_end
        if role:
            item["role"] = role
        return item

    def finding(self, rule: str, severity: str, message: str, claim: Claim | None = None, **fields) -> Finding:
        if claim is not None:
            fields.setdefault("metric", claim.metric)
            fields.setdefault("period", self.period_of(claim))
            fields.setdefault("entity", self.entity_of(claim))
        return Finding(rule=rule, severity=severity, message=message, **fields)

    def show(self, claim: Claim) -> str:
        return show(claim)
