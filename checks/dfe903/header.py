"""Header rules: one row per child (sex, date of birth, ethnicity), and UASC status."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import HEADER, UASC, dfe_rule, flags


@dfe_rule("101", codes.sex_message, columns=["SEX"], tables=[HEADER])
def sex_code(r: Return903) -> pl.LazyFrame:
    """SEX must be on the year's list (1/2 until 2023-24, M/F/U from 2024-25); a blank fails too."""
    header = r[HEADER]
    return flags(header.filter(~pl.col("SEX").is_in(codes.sex_codes(r.year)).fill_null(False)
                               | pl.col("SEX").is_null()), HEADER, ["SEX"])


@dfe_rule("102", "Date of birth is not a valid date.", columns=["DOB"], tables=[HEADER])
def dob_date(r: Return903) -> pl.LazyFrame:
    """DOB must be a dd/mm/YYYY date; unlike the other date rules, a blank DOB fails."""
    return flags(r[HEADER].filter(pl.col("DOB_d").is_null()), HEADER, ["DOB"])


@dfe_rule("103", "The ethnicity code is either not valid or has not been entered.", columns=["ETHNIC"],
          tables=[HEADER])
def ethnicity_code(r: Return903) -> pl.LazyFrame:
    ethnic = pl.col("ETHNIC")
    return flags(r[HEADER].filter(ethnic.is_null() | ~ethnic.is_in(codes.ETHNIC)), HEADER, ["ETHNIC"])


@dfe_rule("231", "We expect that unaccompanied asylum seeking children are generally older young people. "
          "Please check the date of birth is correct. If the date of birth is correct then please provide "
          "details in a bypass request.", columns=["DOB", "UASC_STATUS"], tables=[HEADER, UASC],
          since=codes.Y2024_25, severity="warning")
def young_uasc(r: Return903) -> pl.LazyFrame:
    """A UASC child (one listed in the UASC table of a CSV return) born less than 11 years before the end
    of the collection year. The DfE tool reads a column only its XML reader makes, and fails on CSV."""
    uasc_children = r[UASC].select("CHILD").unique()
    header = r[HEADER].join(uasc_children, on="CHILD", how="semi")
    eleven_before_end = pl.lit(r.end).dt.offset_by("-11y")
    return flags(header.filter(pl.col("DOB_d") > eleven_before_end), HEADER)


