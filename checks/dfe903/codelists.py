"""SSDA903 code lists and collection-year facts, chosen by the return's collection year.

The DfE revises the 903 guidance every year; the lists here follow its validator's rule packs
(``lac2022_23`` .. ``lac2025_26``), which start at 2022-23: earlier returns are judged against the
2022-23 lists, as the DfE tool itself does when given an old return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from adoption_audit.checks.extracts import ETHNICITY_CODES

from adoption_audit.errors import BadCollectionYear


@dataclass(frozen=True, order=True)
class CollectionYear:
    """A 903 collection year, April to March: ``CollectionYear(2018)`` is 2017-18."""

    end_year: int

    @classmethod
    def parse(cls, text: str) -> CollectionYear:
        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*", text or "")
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)) % 100:
            raise BadCollectionYear(f"collection year {text!r} is not of the form 2017-18")
        return cls(int(match.group(1)) + 1)

    @classmethod
    def of_extract_date(cls, extract: date) -> CollectionYear:
        """The year a return extracted on this date reports: one rule for the whole toolkit, the one that
        also places extracts in partitions (``checks.validation.layout.collection_year_of``)."""
        from adoption_audit.checks.validation.layout import collection_year_of

        return cls.parse(collection_year_of(extract))

    @property
    def start(self) -> date:
        return date(self.end_year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.end_year - 1}-{self.end_year % 100:02d}"

    def __str__(self) -> str:
        return self.label


Y2023_24, Y2024_25, Y2025_26 = CollectionYear(2024), CollectionYear(2025), CollectionYear(2026)


def sex_codes(year: CollectionYear) -> tuple[str, ...]:
    """SEX: 1 (male) / 2 (female) until 2023-24; the reported sex M / F / U from 2024-25."""
    return ("M", "F", "U") if year >= Y2024_25 else ("1", "2")


def sex_message(year: CollectionYear) -> str:
    if year >= Y2024_25:
        return "The child or young person\u2019s reported sex is not valid."
    return "Gender code is not valid."


ETHNIC = ETHNICITY_CODES
RNE = ("S", "P", "L", "T", "U", "B")
LS = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3")
REC = ("E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7",
       "E8", "E9", "E14", "E15", "E16", "E17", "X1")
_PLACE_BASE = ("A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
               "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1")


def place_codes(year: CollectionYear) -> tuple[str, ...]:
    """PLACE: K3 joins in 2024-25; from 2025-26 H5 and P2 go and Z1 splits into Z11-Z14."""
    if year >= Y2025_26:
        dropped = {"H5", "P2", "Z1"}
        return tuple(c for c in _PLACE_BASE if c not in dropped) + ("K3", "Z11", "Z12", "Z13", "Z14")
    if year >= Y2024_25:
        return _PLACE_BASE + ("K3",)
    return _PLACE_BASE


def placement_order_ls(year: CollectionYear) -> tuple[str, ...]:
    """Legal statuses that mean an order to place for adoption (rule 557): freeing orders (D1) drop out
    of the rule from 2024-25."""
    return ("E1",) if year >= Y2024_25 else ("D1", "E1")


REASON_PLACED_CEASED = ("RD1", "RD2", "RD3", "RD4")
FOSTER_CARE = ("0", "1")
NB_ADOPTR = ("1", "2")
SEX_ADOPTR = ("M1", "F1", "MM", "FF", "MF")
LS_ADOPTR = ("L0", "L11", "L12", "L2", "L3", "L4")

PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")  # placement types that mean "placed for adoption"
ADOPTED = ("E11", "E12")  # reasons an episode ceased that mean the child was adopted
