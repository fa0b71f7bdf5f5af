"""Reporting periods: the financial year (1 April to 31 March), stocks at 31 March, 3-year ranges.

A period is written as the contracts say: ``2018-19`` for the year 1 April 2018 to 31 March 2019,
``2019-03-31`` for a count at a date, ``2016-17..2018-19`` for a 3-year scorecard figure. Inside the
warehouse a financial year is carried as the integer year it starts in (2018 for ``2018-19``), which
makes windows and joins cheap; these helpers convert both ways, in Python and in DuckDB SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from adoption_audit.errors import BadPeriod
from adoption_audit.financial_years import year_label

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def financial_year_start(day: date) -> int:
    """The calendar year the financial year holding ``day`` starts in: 31 March 2019 -> 2018, 1 April -> 2019."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year(day: date) -> str:
    return year_label(financial_year_start(day))


def year_end(start: int) -> date:
    """31 March closing the financial year that starts in ``start``."""
    return date(start + 1, 3, 31)


def window_label(first: int, last: int) -> str:
    return f"{year_label(first)}..{year_label(last)}"


def fy_start_sql(column: str) -> str:
    """DuckDB expression: the start year of the financial year holding the DATE ``column``."""
    return f"(year({column}) - case when month({column}) < 4 then 1 else 0 end)"


def fy_label_sql(start_year: str) -> str:
    """DuckDB expression: ``2018`` -> ``'2018-19'`` for an integer expression ``start_year``."""
    return f"(cast({start_year} as varchar) || '-' || lpad(cast(({start_year} + 1) % 100 as varchar), 2, '0'))"


@dataclass(frozen=True)
class Period:
    """A parsed period: a financial year, a 3-year range of them, or a date (a stock)."""

    text: str
    first_year: int | None = None
    last_year: int | None = None
    on: date | None = None

    @property
    def is_date(self) -> bool:
        return self.on is not None


def _year(text: str) -> int:
    match = _YEAR.match(text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise BadPeriod(f"'{text}' is not a financial year such as 2018-19")
    return int(match.group(1))


def parse_period(text: str) -> Period:
    text = text.strip()
    if _DATE.match(text):
        try:
            return Period(text, on=date.fromisoformat(text))
        except ValueError:
            raise BadPeriod(f"'{text}' is not a date") from None
    if ".." in text:
        first, last = (_year(part) for part in text.split("..", 1))
        if last < first:
            raise BadPeriod(f"'{text}' ends before it starts")
        return Period(text, first, last)
    start = _year(text)
    return Period(text, start, start)
