"""Dates as CPRs write them: "03/02/2021", "3rd February 2021", "February 2021", "2021-02-03", "2019".

Each date keeps its precision, so a chronology entry dated "March 2021" is not "before birth" for a child
born on 12 March 2021: comparisons use the earliest and latest day the written date can mean.
Day-first (British) order is assumed for numeric dates, as council systems write them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)?"

DATE_PATTERN = re.compile(
    rf"(?P<dmy>\b(?P<d1>\d{{1,2}})[/.\-](?P<m1>\d{{1,2}})[/.\-](?P<y1>\d{{4}}|\d{{2}})\b)"
    rf"|(?P<iso>\b(?P<y2>\d{{4}})-(?P<m2>\d{{2}})-(?P<d2>\d{{2}})\b)"
    rf"|(?P<dmony>\b(?P<d3>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m3>{_MONTH})\.?,?\s+(?P<y3>\d{{4}})\b)"
    rf"|(?P<mdy>\b(?P<m4>{_MONTH})\.?\s+(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>\d{{4}})\b)"
    rf"|(?P<mony>\b(?P<m5>{_MONTH})\.?,?\s+(?P<y5>(?:19|20)\d{{2}})\b)",
    re.IGNORECASE,
)
_YEAR_START = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\b(?![/.\-]\d)")
_LEAD = re.compile(r"^\s*(?:[-*•]\s*)?(?:(?:on|in|by)\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class WrittenDate:
    earliest: date
    latest: date
    precision: str  # day | month | year
    start: int  # character offsets in the text it was found in
    end: int
    raw: str


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 50 else 1900) if len(text) == 2 else year


def _make(year: int, month: int, day: int | None) -> tuple[date, date] | None:
    try:
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        exact = date(year, month, day)
        return exact, exact
    except ValueError:
        return None


def find_dates(text: str) -> list[WrittenDate]:
    """Every date written in ``text``, in order; impossible ones (31/02/2021) are skipped."""
    found = []
    for m in DATE_PATTERN.finditer(text):
        g = m.groupdict()
        if g["dmy"]:
            span = _make(_year(g["y1"]), int(g["m1"]), int(g["d1"])) if int(g["m1"]) <= 12 else None
            precision = "day"
        elif g["iso"]:
            span = _make(int(g["y2"]), int(g["m2"]), int(g["d2"])) if int(g["m2"]) <= 12 else None
            precision = "day"
        elif g["dmony"]:
            span, precision = _make(int(g["y3"]), MONTHS[g["m3"].lower()[:3]], int(g["d3"])), "day"
        elif g["mdy"]:
            span, precision = _make(int(g["y4"]), MONTHS[g["m4"].lower()[:3]], int(g["d4"])), "day"
        else:
            span, precision = _make(int(g["y5"]), MONTHS[g["m5"].lower()[:3]], None), "month"
        if span:
            found.append(WrittenDate(span[0], span[1], precision, m.start(), m.end(), m.group(0)))
    return found


_MAY_OPEN_WITH_DATE = re.compile(rf"^\s*(?:[-*•]\s*)?(?:(?:on|in|by)\s+)?(?:\d|{_MONTH})", re.IGNORECASE)


@lru_cache(maxsize=16384)
def leading_date(text: str) -> WrittenDate | None:
    """The date a chronology entry opens with ("03/02/2021 Born at ...", "2019 | Mother's first child ...")."""
    if not _MAY_OPEN_WITH_DATE.match(text):
        return None
    lead = _LEAD.match(text).end()
    dates = find_dates(text[:lead + 40])
    if dates and dates[0].start <= lead + 1:
        return dates[0]
    year = _YEAR_START.match(text[lead:])
    if year:
        y = int(year.group("y"))
        return WrittenDate(date(y, 1, 1), date(y, 12, 31), "year", lead, lead + 4, year.group("y"))
    return None


def starts_with_date(text: str) -> bool:
    return leading_date(text) is not None


# --- date_inconsistency: age, date of birth, report date and chronology dates that cannot all be true ---

_DOB = re.compile(r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?)\s*[:|\-–]?\s*", re.IGNORECASE)
_REPORT_DATE = re.compile(r"\b(?:date of (?:this )?report|report date|date completed|date of completion)\s*[:|\-–]?\s*",
                          re.IGNORECASE)
_NUMBER_WORDS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"])}
_N = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_AGE = re.compile(
    rf"\b(?:age(?:d)?(?: (?:at|on) [^:|\n]{{0,40}})?\s*[:|\-–]?\s*{_N}\s*(?:years?|yrs?)?(?:\s*(?:and\s*)?{_N}\s*months?)?"
    rf"|is (?:now )?{_N} years?(?: and {_N} months?)? old"
    rf"|^\s*{_N} years?(?:,? (?:and )?{_N} months?)?\s*$)",
    re.IGNORECASE)
_AGE_MONTHS_ONLY = re.compile(rf"\b(?:age(?:d)?(?: (?:at|on) [^:|\n]{{0,40}})?\s*[:|\-–]?\s*|is (?:now )?){_N} months?"
                              rf"(?: old)?\b", re.IGNORECASE)
PREGNANCY = re.compile(r"\b(?:pregnan\w*|antenatal|ante-natal|unborn|pre-?birth|conceiv\w*|midwi\w*|scan|booking|"
                       r"due date|gestation|expecting|expected)\b", re.IGNORECASE)
FUTURE = re.compile(r"\b(?:listed|scheduled|planned|plans?|will|due|booked|expected|to be|next|proposed|"
                    r"anticipated|set for|adjourned|intended|arranged for|timetabled)\b", re.IGNORECASE)


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.lower()]


def date_after(label: re.Pattern, text: str) -> WrittenDate | None:
    """The first date right after a label ("Date of birth: 03/02/2021")."""
    for m in label.finditer(text):
        dates = find_dates(text[m.end():m.end() + 30])
        if dates and dates[0].start <= 2 and dates[0].precision == "day":
            return dates[0]
    return None


def stated_age_months(text: str) -> tuple[int, int, str] | None:
    """(low, high) months a stated age allows, and the words: "aged 3" is 36 to 47 months."""
    m = _AGE_MONTHS_ONLY.search(text)
    if m:
        months = _num(next(g for g in m.groups() if g))
        return months, months, m.group(0)
    m = _AGE.search(text)
    if not m:
        return None
    values = [g for g in m.groups()]
    pairs = [(values[i], values[i + 1]) for i in range(0, len(values), 2)]
    years, months = next(((y, mo) for y, mo in pairs if y), (None, None))
    if years is None:
        return None
    y, mo = _num(years), _num(months)
    if mo is not None:
        return y * 12 + mo, y * 12 + mo, m.group(0)
    return y * 12, y * 12 + 11, m.group(0)


def months_between(born: date, on: date) -> int:
    return (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)
