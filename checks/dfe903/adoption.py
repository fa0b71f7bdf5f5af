"""Rules on the adoption tables alone: AD1 (one row per child adopted in the year) and placed for
adoption (one row per decision that a child should be placed for adoption)."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.dates import invalid
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import AD1, P4A, dfe_rule, flags

AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _not_a_date(code: str, message: str, kind: str, column: str) -> None:
    @dfe_rule(code, message, columns=[column], tables=[kind])
    def check(r: Return903) -> pl.LazyFrame:
        return flags(r[kind].filter(invalid(column)), kind, [column])

    check.__doc__ = f"{column} filled in but not a dd/mm/YYYY date (a blank passes)."


_not_a_date("112", "Date should be placed for adoption is not a valid date.", AD1, "DATE_INT")
_not_a_date("113", "Date matching child and adopter(s) is not a valid date.", AD1, "DATE_MATCH")
_not_a_date("115", "Date of Local Authority's (LA) decision that a child should be placed for adoption is not "
            "a valid date.", P4A, "DATE_PLACED")
_not_a_date("116", "Date of Local Authority's (LA) decision that a child should no longer be placed for "
            "adoption is not a valid date.", P4A, "DATE_PLACED_CEASED")


def _code_list(code: str, message: str, kind: str, column: str, allowed: tuple[str, ...]) -> None:
    @dfe_rule(code, message, columns=[column], tables=[kind])
    def check(r: Return903) -> pl.LazyFrame:
        bad = pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed)
        return flags(r[kind].filter(bad), kind, [column])

    check.__doc__ = f"{column} blank or one of {', '.join(allowed)}."


_code_list("114", "Data entry to record the status of former carer(s) of an adopted child is invalid.", AD1,
           "FOSTER_CARE", codes.FOSTER_CARE)
_code_list("120", "The reason for the reversal of the decision that the child should be placed for adoption "
           "code is not valid.", P4A, "REASON_PLACED_CEASED", codes.REASON_PLACED_CEASED)
_code_list("175", "The number of adopter(s) code is not a valid code.", AD1, "NB_ADOPTR", codes.NB_ADOPTR)
_code_list("176", "The gender of adopter(s) at the date of adoption code is not a valid code.", AD1,
           "SEX_ADOPTR", codes.SEX_ADOPTR)
_code_list("177", "The legal status of adopter(s) code is not a valid code.", AD1, "LS_ADOPTR", codes.LS_ADOPTR)


@dfe_rule("151", "All data items relating to a childs adoption must be coded or left blank.",
          columns=AD1_FIELDS, tables=[AD1])
def ad1_all_or_nothing(r: Return903) -> pl.LazyFrame:
    filled = pl.sum_horizontal([pl.col(c).is_not_null() for c in AD1_FIELDS])
    return flags(r[AD1].filter((filled > 0) & (filled < len(AD1_FIELDS))), AD1, AD1_FIELDS)


@dfe_rule("333", "Date should be placed for adoption must be on or prior to the date of matching child with "
          "adopter(s).", columns=["DATE_INT", "DATE_MATCH"], tables=[AD1])
def decision_before_match(r: Return903) -> pl.LazyFrame:
    """With a match date, the should-be-placed date must be a date on or before it."""
    bad = pl.col("DATE_MATCH_d").is_not_null() & (pl.col("DATE_INT_d").is_null()
                                                   | (pl.col("DATE_INT_d") > pl.col("DATE_MATCH_d")))
    return flags(r[AD1].filter(bad), AD1, ["DATE_INT", "DATE_MATCH"])


def _adopters(code: str, message: str, condition: pl.Expr, doc: str) -> None:
    @dfe_rule(code, message, columns=["NB_ADOPTR", "LS_ADOPTR", "SEX_ADOPTR"], tables=[AD1])
    def check(r: Return903) -> pl.LazyFrame:
        return flags(r[AD1].filter(condition.fill_null(False)), AD1, ["NB_ADOPTR", "LS_ADOPTR", "SEX_ADOPTR"])

    check.__doc__ = doc


_sex, _ls = pl.col("SEX_ADOPTR"), pl.col("LS_ADOPTR")


def _sex_not(*allowed: str) -> pl.Expr:
    """SEX_ADOPTR not one of ``allowed`` (a blank is not one of them)."""
    return ~_sex.is_in(allowed).fill_null(False)


_adopters("511", "If reporting that the number of person(s) adopting the looked after child is two adopters "
          "then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting "
          "couple are both females; MF = The adopting couple are male and female.",
          (pl.col("NB_ADOPTR") == "2") & _sex.is_in(["M1", "F1"]), "Two adopters are not one man or one woman.")
_adopters("514", "Data entry on the legal status of adopters shows a single adopter but data entry for the "
          "numbers of adopters shows it as a couple.", (_ls == "L0") & _sex_not("M1", "F1"),
          "A single adopter (L0) is M1 or F1.")
_adopters("517", "If reporting legal status of adopters is L3 then the genders of adopters should be coded as "
          "MF. MF = the adopting couple are male and female.", (_ls == "L3") & _sex_not("MF"),
          "An L3 couple is MF.")
_adopters("518", "If reporting legal status of adopters is L4 then the genders of adopters should be coded as "
          "MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
          (_ls == "L4") & _sex_not("MM", "FF"), "An L4 couple is MM or FF.")
_adopters("519", "Data entered on the legal status of adopters shows civil partnership couple, but data entered "
          "on genders of adopters does not show it as a couple.", (_ls == "L2") & _sex_not("MM", "FF", "MF"),
          "A civil-partnership couple (L2) is MM, FF or MF.")
_adopters("520", "Data entry on the legal status of adopters shows different gender married couple but data "
          "entry on genders of adopters shows it as a same gender couple.", (_ls == "L11") & _sex_not("MF"),
          "A different-sex married couple (L11) is MF.")
_adopters("524", "If reporting legal status of adopters is L12 then the genders of adopters should be coded as "
          "MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females",
          (_ls == "L12") & _sex_not("MM", "FF"), "A same-sex married couple (L12) is MM or FF.")


@dfe_rule("INT31", "Internal Check: Child should only exist once in AD1.", columns=["CHILD"], tables=[AD1])
def one_ad1_row(r: Return903) -> pl.LazyFrame:
    ad1 = r[AD1].filter(pl.col("CHILD").is_not_null())
    return flags(ad1.filter(pl.len().over("CHILD") > 1), AD1, ["CHILD"])


@dfe_rule("119", "If the decision is made that a child should no longer be placed for adoption, then the date "
          "of this decision and the reason why this decision was made must be completed.",
          columns=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"], tables=[P4A])
def ceased_date_and_reason(r: Return903) -> pl.LazyFrame:
    bad = pl.col("DATE_PLACED_CEASED").is_null() != pl.col("REASON_PLACED_CEASED").is_null()
    return flags(r[P4A].filter(bad), P4A, ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"])


@dfe_rule("522", "Date of decision that the child should be placed for adoption must be on or before the date "
          "that a child should no longer be placed for adoption.", columns=["DATE_PLACED", "DATE_PLACED_CEASED"],
          tables=[P4A])
def decision_before_reversal(r: Return903) -> pl.LazyFrame:
    bad = pl.col("DATE_PLACED_CEASED_d") < pl.col("DATE_PLACED_d")
    return flags(r[P4A].filter(bad), P4A, ["DATE_PLACED", "DATE_PLACED_CEASED"])


@dfe_rule("563", "The child should no longer be placed for adoption but the date of the decision that the "
          "child should be placed for adoption is blank", columns=["DATE_PLACED", "REASON_PLACED_CEASED",
                                                                   "DATE_PLACED_CEASED"], tables=[P4A])
def reversal_without_decision(r: Return903) -> pl.LazyFrame:
    bad = (pl.col("REASON_PLACED_CEASED").is_not_null() & pl.col("DATE_PLACED_CEASED").is_not_null()
           & pl.col("DATE_PLACED").is_null())
    return flags(r[P4A].filter(bad), P4A, ["DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"])


def _decisions_in_order(r: Return903) -> pl.LazyFrame:
    """A child's decisions, oldest first (undated last), each with the one before it."""
    return (r[P4A].sort("CHILD", "DATE_PLACED_d", "_row", nulls_last=True)
            .with_columns(previous_ceased=pl.col("DATE_PLACED_CEASED_d").shift(1).over("CHILD"),
                          previous_ceased_text=pl.col("DATE_PLACED_CEASED").shift(1).over("CHILD"),
                          n=pl.int_range(pl.len()).over("CHILD")))


@dfe_rule("579", "A new decision that the child should be placed for adoption this year cannot start when the "
          "previous decision is still open. Decisions to place the child for adoption should also not overlap. "
          "The date of any new decision to place the child for adoption must not be before the date placed "
          "ceased of previous decisions.", columns=["DATE_PLACED", "DATE_PLACED_CEASED"], tables=[P4A])
def decisions_overlap(r: Return903) -> pl.LazyFrame:
    """Each later decision starts on or after the date the one before it ceased (which must be filled in)."""
    bad = (pl.col("n") > 0) & (pl.col("previous_ceased").is_null()
                               | (pl.col("DATE_PLACED_d") < pl.col("previous_ceased")))
    return flags(_decisions_in_order(r).filter(bad).filter(pl.col("CHILD").is_not_null()), P4A,
                 ["DATE_PLACED", ("previous DATE_PLACED_CEASED", "previous_ceased_text")])


@dfe_rule("583", "More than one date the child should be placed for adoption has been reported, but an earlier "
          "decision has not been revoked. Check that both dates are required and add in the date the earlier "
          "decision was revoked. Note this may be in a previous year.",
          columns=["DATE_PLACED", "DATE_PLACED_CEASED"], tables=[P4A], severity="warning")
def earlier_decision_not_revoked(r: Return903) -> pl.LazyFrame:
    """Every decision but the latest (by date; the DfE tool sorts the dates as text) has a ceased date."""
    ordered = r[P4A].sort("CHILD", "DATE_PLACED_d", "_row", descending=[False, True, False], nulls_last=True)
    latest = pl.int_range(pl.len()).over("CHILD") == 0
    return flags(ordered.filter(~latest & pl.col("DATE_PLACED_CEASED").is_null()), P4A,
                 ["DATE_PLACED", "DATE_PLACED_CEASED"])
