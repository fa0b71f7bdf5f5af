"""What a generation run is asked for: authorities, financial years, seed, defects, file format.

Financial years run April to March; a year is named ``2018-19`` and its extracts are dated 31 March of
its second calendar year (``2019-03-31``), the SSDA903 collection's end date. Bad values raise
:class:`~adoption_audit.errors.InvalidOption`, which the CLI turns into one line and exit code 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from adoption_audit.errors import InvalidOption
from adoption_audit.financial_years import year_label

FORMATS = ("csv", "xlsx")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def parse_financial_year(text: str) -> int:
    """``"2018-19"`` -> 2018 (the calendar year in which the financial year starts)."""
    match = _YEAR.match(text.strip())
    if not match:
        raise InvalidOption(f"'{text}' is not a financial year such as 2018-19", "--years")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise InvalidOption(f"'{text}' is not a financial year: the second part must be the year after", "--years")
    return start


def parse_years(text: str) -> tuple[int, int]:
    """``"2015-16..2024-25"`` (or one year, ``"2019-20"``) -> (2015, 2024), first and last start years."""
    first, _, last = text.partition("..")
    start, end = parse_financial_year(first), parse_financial_year(last or first)
    if end < start:
        raise InvalidOption(f"'{text}' runs backwards", "--years")
    if start < 2006 or end > 2035:
        raise InvalidOption(f"'{text}' is outside the years the generator models (2006-07 to 2035-36)", "--years")
    return start, end


@dataclass(frozen=True)
class GenerateOptions:
    out: Path
    authorities: int = 3
    first_year: int = 2015  # financial year 2015-16
    last_year: int = 2024  # financial year 2024-25
    seed: int = 1
    defects: bool = False
    format: str = "csv"
    size: float = 1.0  # multiplies every authority's population (1 = national-size authorities)

    def __post_init__(self) -> None:
        if not 0.01 <= self.size <= 20:
            raise InvalidOption("the size multiplier must be between 0.01 and 20", "--size")
        if self.authorities < 1:
            raise InvalidOption("at least one authority is needed", "--authorities")
        if self.format not in FORMATS:
            raise InvalidOption(f"format '{self.format}' is not one of {', '.join(FORMATS)}", "--format")
        if self.seed < 0:
            raise InvalidOption("the seed must be zero or more", "--seed")

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def extract_dates(self) -> list[date]:
        """One extract per financial year, dated 31 March at its end."""
        return [date(y + 1, 3, 31) for y in self.years]

    @property
    def years_label(self) -> str:
        return f"{year_label(self.first_year)}..{year_label(self.last_year)}"
