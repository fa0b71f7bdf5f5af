"""One test per DfE rule: the clean hand-built return passes it; one change breaks it, and the rule
reports the broken row(s) by table and spreadsheet row.

The clean return: in ``episodes`` rows 2 and 3 are child C1's foster placement and the adoptive placement
that ended in adoption on 01/09/2022; row 4 is child C2's open foster placement. C1 is adopted in 2022-23
with AD1 row 2 and decision row 2; C3 is a UASC child born in 2008."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
import pytest
from adoption_audit.checks.dfe903 import RULES, CollectionYear, run_rules

COLUMNS = {
    "ssda903_header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "ssda903_episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                         "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "ssda903_ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                    "LS_ADOPTR"],
    "ssda903_placed_for_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "ssda903_uasc": ["CHILD", "SEX", "DOB", "DUC"],
}


def clean_return(new_sex: bool = False) -> dict[str, list[dict]]:
    """Rows by kind (dicts of column -> text or None). ``new_sex``: M/F codes (2024-25 on) instead of 1/2."""
    male, female = ("M", "F") if new_sex else ("1", "2")
    return {
        "ssda903_header": [
            {"CHILD": "C1", "SEX": male, "DOB": "01/01/2015", "ETHNIC": "WBRI"},
            {"CHILD": "C2", "SEX": female, "DOB": "01/06/2016", "ETHNIC": "MWBA"},
            {"CHILD": "C3", "SEX": male, "DOB": "01/01/2008", "ETHNIC": "AIND"},
        ],
        "ssda903_episodes": [
            {"CHILD": "C1", "DECOM": "01/03/2019", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
             "PLACE_PROVIDER": "PR1", "DEC": "01/06/2020", "REC": "X1", "REASON_PLACE_CHANGE": "CARPL"},
            {"CHILD": "C1", "DECOM": "01/06/2020", "RNE": "T", "LS": "E1", "CIN": "N1", "PLACE": "A5",
             "PLACE_PROVIDER": "PR1", "DEC": "01/09/2022", "REC": "E11"},
            {"CHILD": "C2", "DECOM": "01/05/2021", "RNE": "S", "LS": "C2", "CIN": "N2", "PLACE": "U1",
             "PLACE_PROVIDER": "PR2"},
        ],
        "ssda903_ad1": [
            {"CHILD": "C1", "DOB": "01/01/2015", "DATE_INT": "01/04/2020", "DATE_MATCH": "01/05/2020",
             "FOSTER_CARE": "1", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"},
        ],
        "ssda903_placed_for_adoption": [
            {"CHILD": "C1", "DOB": "01/01/2015", "DATE_PLACED": "01/04/2020"},
        ],
        "ssda903_uasc": [{"CHILD": "C3", "SEX": male, "DOB": "01/01/2008", "DUC": "01/01/2026"}],
    }


def frames(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    """The tables ``check_return`` takes: text columns and ``_row`` (header = row 1)."""
    out = {}
    for kind, records in rows.items():
        data = {c: [r.get(c) for r in records] for c in COLUMNS[kind]}
        frame = pl.DataFrame(data, schema={c: pl.Utf8 for c in COLUMNS[kind]})
        out[kind] = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    return out


H, E, A, P, U = ("ssda903_header", "ssda903_episodes", "ssda903_ad1", "ssda903_placed_for_adoption",
                 "ssda903_uasc")


@dataclass
class Case:
    rule: str
    breaks: Callable[[dict], None]
    expect: set[tuple[str, int]]
    year: str = "2022-23"
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.year}{'-' + self.label if self.label else ''}"


def cell(kind: str, row: int, **values) -> Callable[[dict], None]:
    """Set values in the row shown as ``row`` in a spreadsheet (header = row 1)."""
    def change(rows: dict) -> None:
        rows[kind][row - 2].update(values)
    return change


def add(kind: str, **values) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[kind].append(values)
    return change


def empty(kind: str) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[kind].clear()
    return change


def together(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        for c in changes:
            c(rows)
    return change


C1_AD1 = {"CHILD": "C1", "DOB": "01/01/2015", "DATE_INT": "01/04/2020", "DATE_MATCH": "01/05/2020",
          "FOSTER_CARE": "1", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}

CASES = [
    # header
    Case("101", cell(H, 2, SEX="3"), {(H, 2)}),
    Case("101", cell(H, 2, SEX="1"), {(H, 2)}, year="2024-25", label="old-code-after-2024"),
    Case("102", cell(H, 2, DOB="2015-01-01"), {(H, 2)}),
    Case("103", cell(H, 3, ETHNIC="XXXX"), {(H, 3)}),
    Case("231", cell(H, 4, DOB="01/01/2016"), {(H, 4)}, year="2024-25"),
    # episodes
    Case("141", cell(E, 4, DECOM="01/05/21"), {(E, 4)}),
    Case("143", cell(E, 4, RNE="Q"), {(E, 4)}),
    Case("144", cell(E, 4, LS="Z1"), {(E, 4)}),
    Case("146", cell(E, 4, PLACE="Z9"), {(E, 4)}),
    Case("146", cell(E, 4, PLACE="Z1"), {(E, 4)}, year="2025-26", label="z1-split"),
    Case("147", cell(E, 2, DEC="31/02/2020"), {(E, 2)}),
    Case("149", cell(E, 4, DEC="01/06/2022", REC="E1"), {(E, 4)}),
    Case("217", cell(E, 3, RNE="P"), {(E, 3)}),
    Case("233", cell(E, 4, REASON_PLACE_CHANGE="CARPL"), {(E, 4)}, year="2025-26"),
    Case("336", cell(E, 2, PLACE="R1"), {(E, 3)}),
    Case("390", cell(E, 3, PLACE="U1"), {(E, 3)}),
    Case("408", cell(E, 3, LS="C2"), {(E, 3)}),
    Case("446", cell(E, 3, DECOM="01/06/2004"), {(E, 3)}),
    Case("529", cell(E, 3, PLACE_PROVIDER="PR3"), {(E, 3)}),
    # AD1
    Case("112", cell(A, 2, DATE_INT="2020-04-01"), {(A, 2)}),
    Case("113", cell(A, 2, DATE_MATCH="1/5/20"), {(A, 2)}),
    Case("114", cell(A, 2, FOSTER_CARE="2"), {(A, 2)}),
    Case("151", cell(A, 2, LS_ADOPTR=None), {(A, 2)}),
    Case("175", cell(A, 2, NB_ADOPTR="3"), {(A, 2)}),
    Case("176", cell(A, 2, SEX_ADOPTR="XY"), {(A, 2)}),
    Case("177", cell(A, 2, LS_ADOPTR="L5"), {(A, 2)}),
    Case("333", cell(A, 2, DATE_INT="02/05/2020"), {(A, 2)}),
    Case("511", cell(A, 2, SEX_ADOPTR="M1"), {(A, 2)}),
    Case("514", cell(A, 2, LS_ADOPTR="L0"), {(A, 2)}),
    Case("517", cell(A, 2, LS_ADOPTR="L3", SEX_ADOPTR="MM"), {(A, 2)}),
    Case("518", cell(A, 2, LS_ADOPTR="L4"), {(A, 2)}),
    Case("519", cell(A, 2, LS_ADOPTR="L2", SEX_ADOPTR="M1"), {(A, 2)}),
    Case("520", cell(A, 2, SEX_ADOPTR="FF"), {(A, 2)}),
    Case("524", cell(A, 2, LS_ADOPTR="L12"), {(A, 2)}),
    Case("INT31", add(A, **C1_AD1), {(A, 2), (A, 3)}),
    # placed for adoption
    Case("115", cell(P, 2, DATE_PLACED="01/04/20"), {(P, 2)}),
    Case("116", cell(P, 2, DATE_PLACED_CEASED="2021-01-01", REASON_PLACED_CEASED="RD1"), {(P, 2)}),
    Case("119", cell(P, 2, DATE_PLACED_CEASED="01/05/2022"), {(P, 2)}),
    Case("120", cell(P, 2, DATE_PLACED_CEASED="01/05/2022", REASON_PLACED_CEASED="RD7"), {(P, 2)}),
    Case("522", cell(P, 2, DATE_PLACED_CEASED="01/03/2020", REASON_PLACED_CEASED="RD1"), {(P, 2)}),
    Case("563", cell(P, 2, DATE_PLACED=None, DATE_PLACED_CEASED="01/05/2022", REASON_PLACED_CEASED="RD1"),
         {(P, 2)}),
    Case("579", add(P, CHILD="C1", DOB="01/01/2015", DATE_PLACED="01/05/2021"), {(P, 3)}),
    Case("583", add(P, CHILD="C1", DOB="01/01/2015", DATE_PLACED="01/01/2019"), {(P, 3)}),
    # placement orders: episodes against decisions
    Case("117", cell(P, 2, DATE_PLACED="01/10/2022"), {(E, 3), (P, 2)}),
    Case("118", cell(P, 2, DATE_PLACED_CEASED="01/03/2022", REASON_PLACED_CEASED="RD1"), {(E, 2), (P, 2)}),
    Case("551", empty(P), {(E, 3)}),
    Case("552", cell(P, 2, DATE_PLACED="01/07/2020"), {(E, 3), (P, 2)}),
    Case("553", empty(P), {(E, 3)}),
    Case("553", together(cell(E, 3, DEC=None, REC=None), cell(P, 2, DATE_PLACED_CEASED="01/05/2022")), {(P, 2)},
         label="open-order-ceased"),
    Case("554", cell(P, 2, DATE_PLACED="01/07/2020"), {(E, 3), (P, 2)}),
    Case("557", cell(E, 3, REC="E13"), {(E, 3), (P, 2)}),
    Case("558", together(cell(P, 2, DATE_PLACED_CEASED="01/05/2020", REASON_PLACED_CEASED="RD1"),
                         add(P, CHILD="C1", DOB="01/01/2015", DATE_PLACED="01/05/2020",
                             DATE_PLACED_CEASED="01/05/2021", REASON_PLACED_CEASED="RD2")), {(E, 3)}),
    Case("1003", cell(P, 2, DATE_PLACED="01/01/2019"), {(E, 2), (P, 2)}),
    # adoption details against header and episodes
    Case("184", cell(P, 2, DATE_PLACED="01/01/2014"), {(P, 2)}),
    Case("331", cell(A, 2, DATE_MATCH="01/07/2020"), {(A, 2), (E, 3)}),
    Case("334", cell(A, 2, DATE_INT="01/01/2019"), {(E, 2), (A, 2)}),
    Case("335", cell(A, 2, FOSTER_CARE="0"), {(E, 3), (A, 2)}),
    Case("386", cell(H, 2, DOB="01/01/2004"), {(E, 3)}),
    Case("521", cell(A, 2, DATE_INT="01/07/2020"), {(E, 3), (A, 2)}),
    Case("523", cell(A, 2, DATE_INT="02/04/2020"), {(P, 2), (A, 2)}),
    Case("525", cell(P, 2, DATE_PLACED_CEASED="01/05/2022", REASON_PLACED_CEASED="RD1"), {(P, 2), (A, 2)}),
    Case("582", cell(A, 2, DATE_MATCH="01/09/2022"), {(E, 3)}),
    Case("601", cell(A, 2, NB_ADOPTR=None), {(A, 2), (E, 3)}),
    Case("602", cell(E, 3, DEC="01/09/2021"), {(A, 2)}),
    Case("INT01", cell(A, 2, CHILD="C9"), {(A, 2)}),
    Case("INT02", cell(P, 2, CHILD="C9"), {(P, 2)}),
    Case("INT11", cell(A, 2, DOB="02/01/2015"), {(A, 2)}),
    Case("INT12", cell(P, 2, DOB="02/01/2015"), {(P, 2)}),
]


def _flags(rows: dict, rule: str, year: str) -> set[tuple[str, int]]:
    flagged = run_rules(frames(rows), CollectionYear.parse(year), only=[rule])
    assert set(flagged["rule"].unique()) <= {rule}
    return set(zip(flagged["kind"], flagged["_row"], strict=True))


def test_every_registered_rule_has_a_case():
    assert {c.rule for c in CASES} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_passes_the_clean_return(case: Case):
    new_sex = CollectionYear.parse(case.year) >= CollectionYear.parse("2024-25")
    assert _flags(clean_return(new_sex), case.rule, case.year) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_flags_the_broken_row(case: Case):
    new_sex = CollectionYear.parse(case.year) >= CollectionYear.parse("2024-25")
    rows = clean_return(new_sex)
    case.breaks(rows)
    assert _flags(rows, case.rule, case.year) == case.expect
