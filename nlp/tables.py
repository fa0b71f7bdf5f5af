"""Tables, whether a reader kept their cells (DOCX, HTML, markdown) or a PDF/text export flattened them.

A flattened row is a line such as "Year end 2017 34 368.8" or "0-2 34 24": a label, then figures. Its meaning
comes from the header above it ("Year  Adoptions  Average days") and the caption above that ("A1 - average
days from entering care to moving in ..."). Columns are matched to metrics from the header's wordings and
unit words ("days", "%") resolved through the caption; row labels give the period ("Year end 2017",
"2016/17", "Average for 2016-2018") or a breakdown ("0-2" is an age band; a "Total" row is the whole the
other rows are parts of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adoption_audit.nlp.numbers import PrintedNumber, parse_digits, parse_suppressed
from adoption_audit.nlp.periods import find_periods, fy

CELL_RE = re.compile(r"^(?:£?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|£?\d+(?:\.\d+)?%?|x|c|\*|<\s?\d+|-|–|n/a)$", re.IGNORECASE)
TOTAL_RE = re.compile(r"^\s*(?:total|all|overall|all children|grand total)\b", re.IGNORECASE)
AGE_BAND_RE = re.compile(r"^\s*(?:aged?\s+)?(?:\d{1,2}\s?[-–]\s?\d{1,2}|\d{1,2}\+|under\s+\d{1,2}|\d{1,2}\s+and\s+over)"
                         r"(?:\s*(?:years?|yrs))?\s*$", re.IGNORECASE)
UNIT_TERMS = re.compile(r"average\s+days|days|months|%|per\s?cent|percentage|£|amount|number|count|total|average",
                        re.IGNORECASE)
# Compiled once: the row readers run for every line that might be a table row.
NON_SPACE = re.compile(r"\S+")
FIGURE_CELL = re.compile(r"^(£)?([\d,]+(?:\.\d+)?)(%)?$")
LABEL_NUMBER = re.compile(r"\d+(?:\.\d+)?")
NOT_A_GROUP = re.compile(r"average|england|national|neighbour", re.IGNORECASE)
TERM_UNITS = {"days": "days", "months": "months", "%": "percent", "percent": "percent", "per cent": "percent",
              "percentage": "percent", "£": "gbp", "amount": "gbp"}


@dataclass
class TableCell:
    text: str
    column: int
    number: PrintedNumber
    unit: str
    start: int = 0  # offset in the row text where known


@dataclass
class TableRow:
    block_index: int
    text: str
    label: str
    cells: list[TableCell]
    label_numbers: int = 0  # numbers inside the label (years of a period, an age band): read, not claims
    period_kind: str | None = None
    period_value: str | None = None
    period_text: str | None = None
    total: bool = False
    breakdown: dict | None = None
    metric: str | None = None  # in a table of measures by year, the row names the metric


@dataclass
class Column:
    metric: str | None = None
    unit: str | None = None
    name: str = ""
    period_kind: str | None = None  # a column headed by a year ("2017-18"): the period of its cells
    period_value: str | None = None
    period_text: str | None = None


@dataclass
class Table:
    rows: list[TableRow]
    header: str | None = None
    caption: str | None = None
    columns: list[Column] = field(default_factory=list)


def split_flat_row(text: str) -> tuple[str, list[tuple[str, int]]] | None:
    """Label and trailing figure cells of a flattened row, or None when the line is not one."""
    tokens = [(m.group(0), m.start()) for m in NON_SPACE.finditer(text)]
    if len(tokens) < 2:
        return None
    last = len(tokens) - 1
    if not CELL_RE.match(tokens[last][0]) or tokens[last - 1][0].lower() == "per":
        return None  # no figure cell at the end: not a row, whatever its label (read its periods only for a row)
    label_end = 0
    for period in find_periods(text):
        if period.kind in ("fy", "range", "year", "invalid") and period.start <= 40:
            label_end = max(label_end, period.end)
    cells: list[tuple[str, int]] = []
    for k in range(len(tokens) - 1, -1, -1):
        token, start = tokens[k]
        if start < label_end or not CELL_RE.match(token) or (k and tokens[k - 1][0].lower() == "per"):
            break  # "rate per 10,000": the 10,000 belongs to the label
        cells.insert(0, (token, start))
    if not cells:
        return None
    label = text[:cells[0][1]].strip()
    if not label:
        label, cells = cells[0][0], cells[1:]
    if not cells or len(label.split()) > 8:
        return None
    return label, cells


def make_row(block_index: int, text: str, label: str, cells: list[tuple[str, int]]) -> TableRow:
    row = TableRow(block_index, text, label, [])
    for column, (cell, start) in enumerate(cells):
        number = parse_suppressed(cell)
        if number is None:
            match = FIGURE_CELL.match(cell)
            if not match:
                continue
            number = parse_digits(match.group(2), gbp=bool(match.group(1)), percent=bool(match.group(3)))
        unit = "gbp" if number.gbp else "percent" if number.percent else "count"
        row.cells.append(TableCell(cell, column, number, unit, start))
    row.label_numbers = len(LABEL_NUMBER.findall(label))
    periods = [p for p in find_periods(label) if p.kind in ("fy", "range", "three_year")]
    if periods:
        row.period_kind, row.period_value, row.period_text = periods[0].kind, periods[0].value, periods[0].raw
    elif TOTAL_RE.match(label):
        row.total = True
    elif AGE_BAND_RE.match(label):
        row.breakdown = {"age_band": label.strip()}
    elif not NOT_A_GROUP.search(label):
        row.breakdown = {"group": label.strip().lower()}
    return row


def assign_columns(table: Table, metric_spans, caption_metrics: list[str], units_of: dict[str, str]) -> None:
    """Columns from the header: metric wordings and unit words, in order; unit words take the caption's metric.

    ``metric_spans`` are (start, end, metric) in the header text; ``caption_metrics`` the metrics named in
    the caption, first first; ``units_of`` each metric's catalogue unit.
    """
    width = max((len(r.cells) for r in table.rows), default=0)
    header = table.header or ""
    year_columns = [p for p in find_periods(header) if p.kind in ("fy", "range", "date") and p.value]
    if header and width and len(year_columns) == width:
        # Measures down the side, years across the top ("Measure | 2017-18 | 2018-19").
        table.columns = [Column(period_kind=p.kind, period_value=p.value, period_text=p.raw) for p in year_columns]
        return
    if not header and table.caption and width == 1:
        header, metric_spans = table.caption, []  # a caption naming the unit ("average time (in days)")
    terms: list[tuple[int, str | None, str | None, str]] = [(s, m, units_of.get(m), header[s:e])
                                                           for s, e, m in metric_spans]
    for match in UNIT_TERMS.finditer(header):
        if any(s <= match.start() < e for s, e, _ in metric_spans):
            continue
        unit = TERM_UNITS.get(match.group(0).lower().split()[-1])
        metric = next((m for m in caption_metrics if units_of.get(m) == unit), None) if unit else None
        if match.group(0).lower() in ("number", "count", "total", "average") and terms and \
                abs(terms[-1][0] - match.start()) < 12:
            continue
        terms.append((match.start(), metric, unit, match.group(0)))
    terms.sort(key=lambda t: t[0])
    # Drop a leading term that names the label column ("Year", "Age") - it has no figures under it.
    if len(terms) == width:
        table.columns = [Column(m, u, name) for _, m, u, name in terms]
    elif width == 1:
        # One figure per row: the metric the header or caption names, of the unit the header gives.
        unit = next((t[2] for t in terms if t[1] is None and t[2]), None)
        candidates = [t[1] for t in terms if t[1]] + list(caption_metrics)
        metric = next((m for m in candidates if unit and units_of.get(m) == unit), None) or \
            next(iter(candidates), None)
        table.columns = [Column(metric, units_of.get(metric))]
    else:
        named = [t for t in terms if t[1]]
        if len(named) == width:
            table.columns = [Column(m, u, name) for _, m, u, name in named]
        else:
            table.columns = [Column() for _ in range(width)]


def year_end_table(table: Table) -> Table:
    """In a table whose rows are "Year end 2016", "Year end 2017" …, "Average for 2016-2018" means the
    years ending in March 2016 to March 2018 (three financial years), not 2016-17 to 2017-18."""
    if not any((r.period_text or "").lower().startswith("year end") for r in table.rows):
        return table
    for row in table.rows:
        match = re.search(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", row.period_text or "")
        if row.period_kind == "range" and match:
            first, last = int(match.group(1)), int(match.group(2))
            row.period_value = f"{fy(first - 1)}..{fy(last - 1)}"
    return table
