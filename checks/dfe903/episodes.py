"""Episode rules that read one episode (or a child's run of episodes) and nothing else."""

from __future__ import annotations

from datetime import date

import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.dates import invalid
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import EPISODES, dfe_rule, flags


def _coded_but_not_in(column: str, allowed) -> pl.Expr:
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed)


@dfe_rule("141", "Date episode began is not a valid date.", columns=["DECOM"], tables=[EPISODES])
def decom_date(r: Return903) -> pl.LazyFrame:
    return flags(r[EPISODES].filter(invalid("DECOM")), EPISODES, ["DECOM"])


@dfe_rule("147", "Date episode ceased is not a valid date.", columns=["DEC"], tables=[EPISODES])
def dec_date(r: Return903) -> pl.LazyFrame:
    return flags(r[EPISODES].filter(invalid("DEC")), EPISODES, ["DEC"])


@dfe_rule("143", "The reason for new episode code is not a valid code.", columns=["RNE"], tables=[EPISODES])
def rne_code(r: Return903) -> pl.LazyFrame:
    return flags(r[EPISODES].filter(_coded_but_not_in("RNE", codes.RNE)), EPISODES, ["RNE"])


@dfe_rule("144", "The legal status code is not a valid code.", columns=["LS"], tables=[EPISODES])
def ls_code(r: Return903) -> pl.LazyFrame:
    return flags(r[EPISODES].filter(_coded_but_not_in("LS", codes.LS)), EPISODES, ["LS"])


@dfe_rule("146", "Placement type code is not a valid code.", columns=["PLACE"], tables=[EPISODES])
def place_code(r: Return903) -> pl.LazyFrame:
    """PLACE on the year's list (Z1 splits into Z11-Z14 in 2025-26)."""
    return flags(r[EPISODES].filter(_coded_but_not_in("PLACE", codes.place_codes(r.year))), EPISODES, ["PLACE"])


@dfe_rule("149", "Reason episode ceased code is not valid. ", columns=["REC"], tables=[EPISODES])
def rec_code(r: Return903) -> pl.LazyFrame:
    return flags(r[EPISODES].filter(_coded_but_not_in("REC", codes.REC)), EPISODES, ["REC"])


@dfe_rule("217", "Children who are placed for adoption with current foster carers (placement types A3 or A5) "
          "must have a reason for new episode of S, T or U.", columns=["PLACE", "DECOM", "RNE"], tables=[EPISODES])
def placed_with_carers_rne(r: Return903) -> pl.LazyFrame:
    """From 1 April 2015, an A3/A5 episode starts for reason S, T or U (a blank RNE fails)."""
    bad = (pl.col("PLACE").is_in(["A3", "A5"]) & (pl.col("DECOM_d") >= date(2015, 4, 1))
           & ~pl.col("RNE").is_in(["S", "T", "U"]).fill_null(False))
    return flags(r[EPISODES].filter(bad), EPISODES, ["PLACE", "DECOM", "RNE"])


@dfe_rule("233", "Reason for placement change is not required when the episode has not ceased.",
          columns=["REASON_PLACE_CHANGE", "DEC"], tables=[EPISODES], since=codes.Y2025_26)
def place_change_reason_while_open(r: Return903) -> pl.LazyFrame:
    """An open episode (DEC blank) has no reason for a placement change. The DfE tool reads the XML name
    of DEC (DATE_EPISODE_CEASED) and fails on a CSV return; this reads DEC."""
    bad = pl.col("DEC").is_null() & pl.col("REASON_PLACE_CHANGE").is_not_null()
    return flags(r[EPISODES].filter(bad), EPISODES, ["DEC", "REASON_PLACE_CHANGE"])


FOSTER_OR_ADOPTIVE = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")


@dfe_rule("336", "Child does not have a foster placement immediately prior to being placed for adoption.",
          columns=["PLACE"], tables=[EPISODES])
def foster_placement_before_adoption(r: Return903) -> pl.LazyFrame:
    """A child placed for adoption with current foster carers (A3, A5) comes from a foster or adoptive
    placement (A3-A6, U1-U6) in the child's previous episode. The DfE tool tests A3 and A4 (its own
    comment and the guidance say A3 or A5): see docs/dfe-rules.md."""
    # episodes come sorted by child and start (frames.py), so the previous episode is the previous row
    eps = r[EPISODES].with_columns(previous_place=pl.col("PLACE").shift(1))
    bad = (pl.col("PLACE").is_in(["A3", "A5"]) & ~pl.col("first_of_child")
           & ~pl.col("previous_place").is_in(FOSTER_OR_ADOPTIVE).fill_null(False))
    return flags(eps.filter(bad), EPISODES, ["PLACE", ("previous PLACE", "previous_place")])


@dfe_rule("390", "Reason episode ceased is adopted but child has not been previously placed for adoption.",
          columns=["PLACE", "REC"], tables=[EPISODES])
def adopted_from_adoptive_placement(r: Return903) -> pl.LazyFrame:
    bad = pl.col("REC").is_in(codes.ADOPTED) & ~pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION).fill_null(False)
    return flags(r[EPISODES].filter(bad), EPISODES, ["REC", "PLACE"])


@dfe_rule("408", "Child is placed for adoption with a placement order, but no placement order has been "
          "recorded.", columns=["PLACE", "LS"], tables=[EPISODES])
def placement_order_recorded(r: Return903) -> pl.LazyFrame:
    bad = pl.col("PLACE").is_in(["A5", "A6"]) & (pl.col("LS") != "E1").fill_null(True)
    return flags(r[EPISODES].filter(bad), EPISODES, ["PLACE", "LS"])


@dfe_rule("446", "E1 is not a valid code for episodes starting before December 2005.", columns=["LS", "DECOM"],
          tables=[EPISODES])
def placement_order_before_2005(r: Return903) -> pl.LazyFrame:
    bad = (pl.col("LS") == "E1") & (pl.col("DECOM_d") < date(2005, 12, 1))
    return flags(r[EPISODES].filter(bad), EPISODES, ["LS", "DECOM"])


@dfe_rule("529", "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and "
          "U1 to U6 as these placements cannot be provided by other public organisations.",
          columns=["PLACE", "PLACE_PROVIDER"], tables=[EPISODES])
def other_public_provider(r: Return903) -> pl.LazyFrame:
    places = ("A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6")
    bad = pl.col("PLACE").is_in(places) & (pl.col("PLACE_PROVIDER") == "PR3")
    return flags(r[EPISODES].filter(bad), EPISODES, ["PLACE", "PLACE_PROVIDER"])
