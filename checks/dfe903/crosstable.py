"""Rules that hold the AD1 and placed-for-adoption rows against the header and the episodes.

AD1 describes the one adoption a return reports: the episode that ended with REC E11/E12 during the
collection year. Rules pairing AD1 with episodes look at that episode (or its period of care), not at
every episode the child ever had: see docs/dfe-rules.md for where the DfE tool does otherwise.
"""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.adoption import AD1_FIELDS
from adoption_audit.checks.dfe903.dates import add_years
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import AD1, EPISODES, HEADER, P4A, both, dfe_rule, flags

EP, AD, PA = (EPISODES, "_row_ep"), (AD1, "_row_ad"), (P4A, "_row_pa")


def _ad1(r: Return903) -> pl.LazyFrame:
    return r.rows(AD1, "ad").select("CHILD", "_row_ad", "DOB_d", *AD1_FIELDS, "DATE_INT_d", "DATE_MATCH_d")


def _adoption_episode(r: Return903) -> pl.LazyFrame:
    """The episode that ended in the adoption this return reports."""
    return r.rows(EPISODES, "ep").filter(pl.col("adopted_in_year"))


def _latest_decision(r: Return903) -> pl.LazyFrame:
    """Each child's latest decision to place for adoption (by DATE_PLACED; undated ones count last)."""
    return (r.rows(P4A, "pa").sort("CHILD", "DATE_PLACED_d", "_row_pa", descending=[False, True, True],
                                   nulls_last=True)
            .unique("CHILD", keep="first", maintain_order=True))


def _header(r: Return903) -> pl.LazyFrame:
    return r[HEADER].select("CHILD", pl.col("DOB_d").alias("header_DOB_d"))


@dfe_rule("184", "Date of decision that a child should be placed for adoption is before the child was born.",
          columns=["DATE_PLACED", "DOB"], tables=[HEADER, P4A])
def decision_before_birth(r: Return903) -> pl.LazyFrame:
    """A dated decision needs a known date of birth on or before it. Like the DfE tool, this reads the DOB
    of the placed-for-adoption row itself (INT12 holds it against the header's), and a decision whose DOB
    is blank or not a date fails."""
    bad = pl.col("DATE_PLACED_d").is_not_null() & ~(pl.col("DATE_PLACED_d") >= pl.col("DOB_d")).fill_null(False)
    return flags(r[P4A].filter(bad), P4A, ["DATE_PLACED"])


@dfe_rule("331", "Date of matching child and adopter(s) should be the same as, or prior to, the date of "
          "placement of adoption.", columns=["DATE_MATCH", "DECOM", "REC"], tables=[AD1, EPISODES])
def match_before_placement(r: Return903) -> pl.LazyFrame:
    merged = _adoption_episode(r).join(_ad1(r), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_MATCH_d") > pl.col("DECOM_d")), AD, EP, ["DATE_MATCH", "DECOM", "REC"])


@dfe_rule("334", "Date child started to be looked after in latest period of care must be on or prior to the date "
          "should be placed for adoption. ", columns=["DATE_INT", "DECOM", "RNE"], tables=[EPISODES, AD1])
def care_before_decision(r: Return903) -> pl.LazyFrame:
    """DATE_INT is on or after the DECOM of the child's latest episode that started a period of care (RNE S)."""
    starts = r.rows(EPISODES, "ep").filter((pl.col("RNE") == "S") & pl.col("DECOM_d").is_not_null())
    latest = starts.sort("CHILD", "DECOM_d", "_row_ep", descending=[False, True, False]).unique(
        "CHILD", keep="first", maintain_order=True)
    merged = latest.join(_ad1(r), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_INT_d") < pl.col("DECOM_d")), EP, AD, ["DATE_INT", "DECOM"])


@dfe_rule("335", "The current foster value (0) suggests that child is not adopted by current foster carer, but "
          "last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by "
          "current foster carer, but last placement is A1, A4 or A6.", columns=["PLACE", "FOSTER_CARE"],
          tables=[EPISODES, AD1])
def foster_carer_adopters(r: Return903) -> pl.LazyFrame:
    merged = _adoption_episode(r).join(_ad1(r), on="CHILD", how="inner")
    place, foster = pl.col("PLACE"), pl.col("FOSTER_CARE")
    bad = ((place.is_in(["A2", "A3", "A5"]) & (foster == "0")) | (place.is_in(["A1", "A4", "A6"]) & (foster == "1")))
    return both(merged.filter(bad), EP, AD, ["PLACE", "FOSTER_CARE"])


@dfe_rule("386", "Reason episode ceased is adopted but child has reached age 18.", columns=["REC"],
          tables=[HEADER, EPISODES])
def adopted_at_18(r: Return903) -> pl.LazyFrame:
    merged = r[EPISODES].filter(pl.col("REC").is_in(codes.ADOPTED)).join(_header(r), on="CHILD", how="inner")
    bad = add_years("header_DOB_d", 18) <= pl.col("DEC_d")
    return flags(merged.filter(bad), EPISODES, ["REC", "DEC"]).unique(maintain_order=True)


@dfe_rule("521", "Date of local authority's decision (LA) that adoption is in the best interests of the child "
          "(date should be placed) must be on or prior to the date the child is placed for adoption.",
          columns=["PLACE", "DECOM", "DATE_INT"], tables=[EPISODES, AD1])
def decision_before_adoptive_placement(r: Return903) -> pl.LazyFrame:
    """DATE_INT is on or before the DECOM of each adoptive placement (A3-A6) in the period of care that ended
    in the adoption (or, with no adoption in the year, the child's latest period of care)."""
    placed = r.rows(EPISODES, "ep").filter(pl.col("period_of_adoption")
                                           & pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION))
    merged = placed.join(_ad1(r), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_INT_d") > pl.col("DECOM_d")), EP, AD, ["DATE_INT", "PLACE", "DECOM"])


@dfe_rule("523", "Date of decision that the child should be placed for adoption should be the same date as the "
          "decision that adoption is in the best interest (date should be placed).",
          columns=["DATE_PLACED", "DATE_INT"], tables=[P4A, AD1])
def decision_dates_agree(r: Return903) -> pl.LazyFrame:
    """AD1's DATE_INT equals the DATE_PLACED of the child's latest decision (earlier decisions, since
    reversed, were other decisions)."""
    latest = _latest_decision(r).filter(pl.col("DATE_PLACED_d").is_not_null())
    merged = latest.join(_ad1(r).filter(pl.col("DATE_INT_d").is_not_null()), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_INT_d") != pl.col("DATE_PLACED_d")), PA, AD, ["DATE_PLACED", "DATE_INT"])


@dfe_rule("525", "A child for whom the decision to be placed for adoption has been reversed cannot be adopted "
          "during the year.", columns=["DATE_PLACED_CEASED", *AD1_FIELDS], tables=[P4A, AD1])
def reversed_but_adopted(r: Return903) -> pl.LazyFrame:
    """A child whose latest decision is reversed (DATE_PLACED_CEASED filled in) has no AD1 details."""
    merged = _latest_decision(r).filter(pl.col("DATE_PLACED_CEASED").is_not_null()).join(
        _ad1(r), on="CHILD", how="inner")
    any_ad1 = pl.any_horizontal([pl.col(c).is_not_null() for c in AD1_FIELDS])
    return both(merged.filter(any_ad1), PA, AD, ["DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH"])


@dfe_rule("582", "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the "
          "same as the date reported for being matched with adopters. In most circumstances we expect the date "
          "the child is matched with adopters to be before the date of adoption.",
          columns=["DEC", "DATE_MATCH"], tables=[EPISODES, AD1], severity="warning")
def matched_on_adoption_day(r: Return903) -> pl.LazyFrame:
    merged = _adoption_episode(r).join(_ad1(r), on="CHILD", how="inner")
    return flags(merged.filter(pl.col("DEC_d") == pl.col("DATE_MATCH_d")), EPISODES, ["DEC", "DATE_MATCH"],
                 row="_row_ep").unique(maintain_order=True)


@dfe_rule("601", "The additional fields relating to adoption have not been completed although the episode data "
          "shows that the child was adopted during the year.", columns=["REC", *AD1_FIELDS],
          tables=[EPISODES, AD1])
def adopted_without_ad1_details(r: Return903) -> pl.LazyFrame:
    merged = _adoption_episode(r).join(_ad1(r), on="CHILD", how="inner")
    some_blank = pl.any_horizontal([pl.col(c).is_null() for c in AD1_FIELDS])
    return both(merged.filter(some_blank), AD, EP, ["REC", "DEC", *AD1_FIELDS])


@dfe_rule("602", "The episode data submitted for this child does not show that he/she was adopted during the "
          "year.", columns=["CHILD"], tables=[EPISODES, AD1])
def ad1_without_adoption(r: Return903) -> pl.LazyFrame:
    any_ad1 = pl.any_horizontal([pl.col(c).is_not_null() for c in AD1_FIELDS])
    orphans = _ad1(r).filter(any_ad1).join(_adoption_episode(r), on="CHILD", how="anti")
    return flags(orphans, AD1, ["CHILD"], row="_row_ad")


def _not_in_header(code: str, message: str, kind: str) -> None:
    @dfe_rule(code, message, columns=["CHILD"], tables=[HEADER, kind])
    def check(r: Return903) -> pl.LazyFrame:
        return flags(r[kind].join(r[HEADER].select("CHILD"), on="CHILD", how="anti"), kind, ["CHILD"])

    check.__doc__ = "Every child in the table has a header row."


def _dob_differs(code: str, message: str, kind: str) -> None:
    @dfe_rule(code, message, columns=["DOB"], tables=[HEADER, kind])
    def check(r: Return903) -> pl.LazyFrame:
        merged = r[kind].join(_header(r), on="CHILD", how="inner")
        return flags(merged.filter(pl.col("DOB_d") != pl.col("header_DOB_d")), kind, ["DOB"]).unique(
            maintain_order=True)

    check.__doc__ = "Both dates of birth known and different (the values stay out of the reason)."


_not_in_header("INT01", "Data Integrity Check: Child in AD1 does not exist in Header.", AD1)
_not_in_header("INT02", "Internal Check: Child in PlacedAdoption does not exist in Header.", P4A)
_dob_differs("INT11", "Internal Check: DOB in AD1 is different to DOB in Header.", AD1)
_dob_differs("INT12", "Internal Check: DOB in PlacedAdoption is different to DOB in Header.", P4A)
