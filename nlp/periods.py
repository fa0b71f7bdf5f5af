"""Periods as reports write them, resolved to the contract's forms.

A claim's period is a financial year ``YYYY-YY`` (1 April to 31 March), a date ``YYYY-MM-DD`` for
point-in-time figures ("at 31 March 2019"), or a range ``YYYY-YY..YYYY-YY`` for multi-year figures
("2016-17 to 2018-19", "the three years to 31 March 2019"). Relative wording ("the previous year",
"this year", "in year") is resolved against the document's own period. The raw words are kept, so the
audit's ``period_label`` rule can see a reversed or impossible range exactly as it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adoption_audit.nlp.casefold import Folded

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
YEAR4 = r"(?:19|20)\d{2}"
DASH = r"\s*(?:-|–|—|/|to)\s*"
WORD_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}

# A date written day-first or month-first, with or without a year; "P_" is replaced by a group prefix.
DATE = (rf"(?:(?P<P_d1>{DAY_RE})\s+(?:of\s+)?(?P<P_m1>{MONTH_RE}),?\s*(?P<P_y1>{YEAR4}|\d{{2}}(?!\d))?"
        rf"|(?P<P_m2>{MONTH_RE})\s+(?P<P_d2>{DAY_RE}),?\s*(?P<P_y2>{YEAR4})?"
        rf"|(?P<P_d3>[0-3]?\d)/(?P<P_m3>[01]?\d)/(?P<P_y3>{YEAR4}|\d{{2}}))")


def _date(prefix: str) -> str:
    return DATE.replace("P_", prefix)


PATTERNS: list[tuple[str, re.Pattern | Folded]] = [
    # "1 April 2018 to 31 March 2019", "between 1st April 2017 and 31st March 2018"
    ("date_range", Folded(rf"(?:between\s+)?(?:the\s+)?{_date('a')}\s*(?:-|–|—|to|and|until)\s*(?:the\s+)?{_date('b')}")),
    # "the three years to 31 March 2019", "three year period to 31st March 2015", "3-year average to ..."
    ("years_to", Folded(rf"(?P<n>two|three|four|five|[2-5])[- ]years?(?:\s+period)?(?:\s+average)?\s+(?:to|ending|ended)\s+"
                        rf"(?:the\s+)?{_date('c')}")),
    # "2016-17 to 2018-19", "2016/17 - 2018/19"
    ("fy_range", re.compile(rf"(?P<s>{YEAR4})\s?[-/–]\s?(?P<s2>\d{{2}})\s*(?:-|–|to)\s*(?P<e>{YEAR4})\s?[-/–]\s?(?P<e2>\d{{2}})(?!\d)")),
    # "year end 2017", "year ending March 2017", "year to 31st March 2019", "in year figure to 31 March 2016"
    ("year_end", Folded(rf"(?:year|in[- ]year\s+(?:figure|position|performance))\s+(?:end(?:ing|ed)?|to)\s+(?:(?:the\s+)?{_date('e')}|(?:(?P<em>{MONTH_RE})\s+)?(?P<ey>{YEAR4}))")),
    # "at 31 March 2019", "as of 1st April 2019", "as at 31 March 2019", "on 31st March 2019"
    ("stock_date", Folded(rf"(?:\bas\s+(?:of|at)|\bat|\bon|\bby)\s+(?:the\s+)?{_date('f')}")),
    # "2015/16", "2015-16", "2015-2016", "2015 – 2018", "2015/2016"
    ("years", re.compile(rf"(?<![\d/£.,])(?P<y1>{YEAR4})\s?(?:/|-|–)\s?(?P<y2>{YEAR4}|\d{{2}})(?![\d/%])")),
    # "16/17", "19/20"
    ("short_fy", re.compile(r"(?<![\d/£.,])(?P<a>[0-3]\d)/(?P<b>[0-3]\d)(?![\d/%])")),
    ("date", Folded(_date("g"))),
    # "April 2016", "July 2019"
    ("month", Folded(rf"\b(?P<mm>{MONTH_RE})\s+(?P<my>{YEAR4})\b")),
    ("current", Folded(r"\b(?:in|over|during|within)\s+the\s+(?:last|past)\s+(?:year|12\s+months|twelve\s+months)\b",
                       needs=("last", "past"))),
    ("previous", Folded(r"\b(?:the\s+)?(?:previous|last|preceding|prior)\s+(?:financial\s+|reporting\s+)?"
                        r"(?:year|period)(?:'s|s)?\b|\blast\s+years?'?\b|\bthe\s+year\s+before\b|\ba\s+year\s+(?:ago|earlier|before)\b|\btwelve\s+months\s+(?:earlier|before)\b")),
    ("three_year", Folded(r"\b(?P<tn>two|three|four|five|[2-5])[- ]year(?:\s+rolling)?\s+(?:average|figure|result)\b",
                          needs=("average", "figure", "result"))),
    ("current", Folded(r"\b(?:this|the)\s+(?:financial\s+|reporting\s+)?(?:year|period)\b|\bin[- ]year\b"
                       r"|\bduring\s+the\s+year\b|\bthis\s+reporting\s+period\b")),
    ("bare_year", re.compile(rf"(?<![\d/£.,-])\b(?P<by>{YEAR4})\b(?![\d/%-])")),
]

# Every match of these patterns starts with one of a few characters; a look-ahead for them lets the scan (each
# pattern is tried at every character of every block) pass all other positions at once. Same matches.
FIRST_CHARS = {"fy_range": "12", "year_end": "yi", "years": "12", "short_fy": "0-3", "month": "adfjmnos",
               "current": "iodwt", "previous": "tpla", "three_year": "tf2-5", "bare_year": "12"}


def _starting(chars: str | None, pattern):
    if chars is None:
        return pattern
    if isinstance(pattern, Folded):
        return Folded(pattern.pattern, first=chars, needs=pattern.needs, tails=pattern.tails)
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)


PATTERNS = [(kind, _starting(FIRST_CHARS.get(kind), pattern)) for kind, pattern in PATTERNS]


@dataclass(slots=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # fy | range | date | month | previous | current | year | three_year
    value: str | None  # resolved where it can be without the document (fy, range, date)
    raw: str


def fy(start_year: int) -> str:
    """The financial year starting in April of ``start_year``: ``fy(2018) == "2018-19"``."""
    return f"{start_year}-{str(start_year + 1)[2:]}"


def fy_of_date(year: int, month: int) -> int:
    """The start year of the financial year a month falls in (April-March)."""
    return year if month >= 4 else year - 1


def fy_range(first_start: int, last_start: int) -> str:
    return f"{fy(first_start)}..{fy(last_start)}"


def _year(text: str | None, default: int | None = None) -> int | None:
    if not text:
        return default
    value = int(text)
    return value + 2000 if value < 100 else value


def _month(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBR[key[:4] if key.startswith("sept") else key[:3]]


def _parse_date(match: re.Match, p: str) -> tuple[int | None, int, int] | None:
    groups = match.groupdict()
    for d, m, y in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if groups.get(p + m):
            try:
                month = int(groups[p + m]) if m == "m3" else _month(groups[p + m])
                day = int(re.match(r"\d+", groups[p + d]).group())
            except (KeyError, ValueError, AttributeError):
                return None
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
            return _year(groups.get(p + y)), month, day
    return None


def _iso(year: int | None, month: int, day: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else None


SLASH_DATE = re.compile(r"\d/\d")
YEAR_ANY = re.compile(r"(?:19|20)\d\d")
MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE_ANY = Folded(_date("g"), first="0-9adfjmnos")  # a day's digit or a month's first letter first
# What the words before a date make of it (the date itself is found once, by DATE_ANY).
RANGE_JOIN = Folded(r"\s*(?:-|–|—|to|and|until)\s*(?:the\s+)?$")
RANGE_LEAD = Folded(r"(?:between\s+)?(?:the\s+)?$")
YEARS_TO_LEAD = Folded(r"(?P<n>two|three|four|five|[2-5])[- ]years?(?:\s+period)?(?:\s+average)?\s+"
                       r"(?:to|ending|ended)\s+(?:the\s+)?$", tails=("to", "ending", "ended", "the"))
YEAR_END_LEAD = Folded(r"(?:year|in[- ]year\s+(?:figure|position|performance))\s+(?:end(?:ing|ed)?|to)\s+"
                       r"(?:the\s+)?$", tails=("end", "ending", "ended", "to", "the"))
STOCK_LEAD = Folded(r"(?:\bas\s+(?:of|at)|\bat|\bon|\bby)\s+(?:the\s+)?$", tails=("of", "at", "on", "by", "the"))
DATE_KINDS = {"date_range", "years_to", "stock_date", "date"}  # found from DATE_ANY matches, not their own regex
# The patterns find_periods runs, each with what every one of its matches holds, tested once a block: a month name
# and a year's digits ("month_year"), a year's digits and a dash or slash ("year_span"), a slash ("slash"), a year's
# digits ("year4"), the word "year", or "year"/"period" ("relative"). A block without it skips the scan.
NEEDS = {"month": "month_year", "fy_range": "year_span", "years": "year_span", "short_fy": "slash",
         "bare_year": "year4", "year_end": "year", "three_year": "year", "previous": "relative", "current": "relative"}
GATES = ("month_year", "year_span", "slash", "year4", "year", "relative")  # the order block_gates returns them in
GATED_PATTERNS = [(kind, pattern, GATES.index(NEEDS[kind]), type(pattern) is Folded) for kind, pattern in PATTERNS
                  if kind not in DATE_KINDS]


def _names_a_month(lower: str) -> bool:
    for stem in MONTH_STEMS:  # a plain loop of substring tests: faster here than a regex or ``any``
        if stem in lower:
            return True
    return False


def block_gates(text: str, lower: str) -> tuple[bool, tuple[bool, ...]]:
    """Whether ``text`` can hold a date (a month name or a digit-slash-digit), and which of ``GATES`` it holds.

    Cheap look-ups, once a block: most blocks have no month name, no "year" and no slash, and most patterns need
    one. Each gate is something every match of the patterns behind it contains, so a closed gate skips a scan
    that would find nothing (``tests/test_nlp_prefilters.py`` compares with every pattern run on every block)."""
    month_named = _names_a_month(lower)
    year4 = YEAR_ANY.search(text) is not None
    slash = "/" in text
    has_year = "year" in lower
    dated = month_named or (slash and SLASH_DATE.search(text) is not None)  # a slash date needs its slash
    return dated, (month_named and year4, year4 and (slash or "-" in text or "–" in text), slash, year4, has_year,
                   has_year or "period" in lower)


def find_periods(text: str, lower: str | None = None) -> list[PeriodMention]:
    """Every period expression in ``text``, longest first where they overlap, in text order. ``lower``:
    ``text.lower()`` when the caller has it."""
    if lower is None:
        lower = text.lower()
    dated, gates = block_gates(text, lower)
    found = _dated_periods(text, lower) if dated else []
    taken = [(m.start, m.end) for m in found]
    for kind, pattern, gate, folded in GATED_PATTERNS:
        if not gates[gate]:
            continue
        matches = pattern.finditer(text, lower=lower) if folded else pattern.finditer(text)
        for match in matches:
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            mention = _resolve(kind, match, text)
            if mention is None:
                continue
            found.append(mention)
            taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


def _dated_periods(text: str, lower: str) -> list[PeriodMention]:
    """Periods built on dates: ranges of two dates, "the three years to <date>", "year to <date>",
    "at <date>" (a stock date) and plain dates, from one scan for dates and a look at the words before."""
    dates = [(m, _parse_date(m, "g")) for m in DATE_ANY.finditer(text, lower=lower)]
    out: list[PeriodMention] = []
    k = 0
    while k < len(dates):
        match, parsed = dates[k]
        start, end = match.span()
        before = text[max(0, start - 60):start]
        if parsed and k + 1 < len(dates):
            second, parsed2 = dates[k + 1]
            join = RANGE_JOIN.match(text, end, second.start(), lower=lower)
            if parsed2 and join and join.end() == second.start():
                lead = RANGE_LEAD.search(before)
                lead_start = start - (len(lead.group(0)) if lead else 0)
                mention = _date_range(text[lead_start:second.end()], lead_start, second.end(), parsed, parsed2)
                if mention is not None:
                    out.append(mention)
                    k += 2
                    continue
        k += 1
        if not parsed:
            continue
        years_to = YEARS_TO_LEAD.search(before)
        year_end = YEAR_END_LEAD.search(before)
        stock = STOCK_LEAD.search(before)
        if years_to and parsed[0]:
            n = WORD_COUNTS[years_to.group("n").lower()]
            last = fy_of_date(parsed[0], parsed[1])
            lead_start = start - len(years_to.group(0))
            out.append(PeriodMention(lead_start, end, "range", fy_range(last - n + 1, last), text[lead_start:end]))
        elif year_end and parsed[0]:
            lead_start = start - len(year_end.group(0))
            out.append(PeriodMention(lead_start, end, "fy", fy(fy_of_date(parsed[0], parsed[1])),
                                     text[lead_start:end]))
        elif stock:
            lead_start = start - len(stock.group(0))
            out.append(PeriodMention(lead_start, end, "date", _iso(*parsed), text[lead_start:end]))
        else:
            out.append(PeriodMention(start, end, "event_date", _iso(*parsed), text[start:end]))
    return out


def _date_range(raw: str, start: int, end: int, a, b) -> PeriodMention | None:
    ya, yb = a[0] or b[0], b[0]
    if yb is None:
        return None
    if (a[1], a[2], b[1], b[2]) == (4, 1, 3, 31) and yb == (ya or 0) + 1:
        return PeriodMention(start, end, "fy", fy(ya), raw)
    return PeriodMention(start, end, "span", f"{_iso(ya, a[1], a[2])}..{_iso(yb, b[1], b[2])}", raw)


def _resolve(kind: str, match: re.Match, text: str) -> PeriodMention | None:
    """The period a pattern's match stands for; ``raw`` is the text as printed (``match`` may be of the
    lower-cased text, see :class:`~adoption_audit.nlp.casefold.Folded`)."""
    start, end = match.span()
    raw = text[start:end]
    if kind == "date_range":
        a, b = _parse_date(match, "a"), _parse_date(match, "b")
        return _date_range(raw, start, end, a, b) if a and b else None
    if kind == "years_to":
        d = _parse_date(match, "c")
        if not d or not d[0]:
            return None
        n = WORD_COUNTS[match.group("n").lower()]
        last = fy_of_date(d[0], d[1])
        return PeriodMention(start, end, "range", fy_range(last - n + 1, last), raw)
    if kind == "fy_range":
        s, e = int(match.group("s")), int(match.group("e"))
        return PeriodMention(start, end, "range", fy_range(s, e), raw)
    if kind == "year_end":
        if match.group("ey"):
            month = _month(match.group("em")) if match.group("em") else 3
            return PeriodMention(start, end, "fy", fy(fy_of_date(int(match.group("ey")), month)), raw)
        d = _parse_date(match, "e")
        if not d or not d[0]:
            return None
        return PeriodMention(start, end, "fy", fy(fy_of_date(d[0], d[1])), raw)
    if kind in ("stock_date", "date"):
        d = _parse_date(match, "f" if kind == "stock_date" else "g")
        if not d:
            return None
        return PeriodMention(start, end, "date" if kind == "stock_date" else "event_date", _iso(*d), raw)
    if kind == "years":
        y1, y2 = int(match.group("y1")), _year(match.group("y2"))
        if len(match.group("y2")) == 2:
            y2 = (y1 // 100) * 100 + int(match.group("y2"))
        if y2 == y1 + 1:
            return PeriodMention(start, end, "fy", fy(y1), raw)
        if y1 < y2 <= y1 + 10:
            # "2015-2018": the financial years ending in March of 2016 … 2018.
            return PeriodMention(start, end, "range", fy_range(y1, y2 - 1), raw)
        # Reversed or implausible: kept as written for the audit's period_label rule.
        return PeriodMention(start, end, "invalid", None, raw)
    if kind == "short_fy":
        a, b = int(match.group("a")), int(match.group("b"))
        if b != (a + 1) % 100:
            return None
        return PeriodMention(start, end, "fy", fy(2000 + a), raw)
    if kind == "month":
        return PeriodMention(start, end, "month", f"{int(match.group('my')):04d}-{_month(match.group('mm')):02d}", raw)
    if kind == "three_year":
        return PeriodMention(start, end, "three_year", None, raw)
    if kind == "bare_year":
        return PeriodMention(start, end, "year", None, raw)
    return PeriodMention(start, end, kind, None, raw)


def shift_fy(period: str | None, years: int) -> str | None:
    """``shift_fy("2018-19", -1) == "2017-18"``; other forms are returned as they are."""
    if not period or not re.fullmatch(r"\d{4}-\d{2}", period):
        return None
    return fy(int(period[:4]) + years)
