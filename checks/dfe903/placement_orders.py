"""Rules joining episodes to the placed-for-adoption decisions: placement orders (LS E1), adoptive
placements (PLACE A3-A6) and the decisions that allowed them."""

from __future__ import annotations

import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.rule import EPISODES, P4A, both, dfe_rule, flags

EP, PA = (EPISODES, "_row_ep"), (P4A, "_row_pa")


def _one_episode_per_child(episodes: pl.LazyFrame, *, latest: bool) -> pl.LazyFrame:
    """The child's earliest (or latest) dated episode among ``episodes``; among episodes starting the same
    day, the first in the file (as pandas' idxmin/idxmax pick). Episodes come sorted by child and start."""
    dated = episodes.filter(pl.col("DECOM_d").is_not_null())
    if latest:
        dated = dated.sort("CHILD", "DECOM_d", "_row", descending=[False, True, False])
    return dated.unique("CHILD", keep="first", maintain_order=True)


def _decisions(r: Return903) -> pl.LazyFrame:
    return r.rows(P4A, "pa").select("CHILD", "_row_pa", "DATE_PLACED", "DATE_PLACED_d", "DATE_PLACED_CEASED",
                                     "DATE_PLACED_CEASED_d", "REASON_PLACED_CEASED")


@dfe_rule("117", "Date of decision that a child should/should no longer be placed for adoption is beyond the "
          "current collection year or after the child ceased to be looked after.",
          columns=["DATE_PLACED", "DATE_PLACED_CEASED", "DEC", "REC", "DECOM"], tables=[EPISODES, P4A])
def decision_after_care_or_year(r: Return903) -> pl.LazyFrame:
    """Decision dates fall on or before the end of the year and the DEC of the child's latest episode
    that does not continue (REC not X1)."""
    last = _one_episode_per_child(r[EPISODES].filter((pl.col("REC") != "X1").fill_null(True)), latest=True)
    merged = last.rename({"_row": "_row_ep"}).join(_decisions(r), on="CHILD", how="inner")
    after = [(pl.col(c) > pl.lit(r.end)) | (pl.col(c) > pl.col("DEC_d"))
             for c in ("DATE_PLACED_d", "DATE_PLACED_CEASED_d")]
    return both(merged.filter((after[0] | after[1]).fill_null(False)), EP, PA,
                ["DATE_PLACED", "DATE_PLACED_CEASED", "DEC"])


@dfe_rule("118", "Date of decision that a child should no longer be placed for adoption is before the current "
          "collection year or before the date the child started to be looked after.",
          columns=["DATE_PLACED_CEASED", "DECOM", "LS"], tables=[EPISODES, P4A])
def reversal_before_year_or_care(r: Return903) -> pl.LazyFrame:
    """DATE_PLACED_CEASED is in the year and not before the DECOM of the child's earliest episode that is not
    a short break (LS V3/V4)."""
    first = _one_episode_per_child(r[EPISODES].filter(~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)),
                                   latest=False)
    merged = first.rename({"_row": "_row_ep"}).join(_decisions(r), on="CHILD", how="inner")
    ceased = pl.col("DATE_PLACED_CEASED_d")
    bad = ceased.is_not_null() & ((ceased < pl.col("DECOM_d")) | (ceased < pl.lit(r.start)))
    return both(merged.filter(bad), EP, PA, ["DATE_PLACED_CEASED", "DECOM"])


@dfe_rule("551", "Child has been placed for adoption but there is no date of the decision that the child should "
          "be placed for adoption.", columns=["DATE_PLACED", "PLACE"], tables=[EPISODES, P4A])
def placed_without_decision(r: Return903) -> pl.LazyFrame:
    """An adoptive placement (A3-A6) needs the child's decisions to be dated: no decision row, or one with a
    blank DATE_PLACED, flags the episode."""
    undated = (_decisions(r).group_by("CHILD")
               .agg(all_dated=pl.col("DATE_PLACED").is_not_null().all()))
    placed = r[EPISODES].filter(pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION))
    merged = placed.join(undated, on="CHILD", how="left")
    return flags(merged.filter(~pl.col("all_dated").fill_null(False)), EPISODES, ["PLACE"])


@dfe_rule("552", "Date of Decision to place a child for adoption should be on or prior to the date that the "
          "child was placed for adoption.", columns=["DATE_PLACED", "DECOM"], tables=[EPISODES, P4A])
def decision_before_placement(r: Return903) -> pl.LazyFrame:
    """The child's latest decision is dated on or before the start of the child's first adoptive placement."""
    first_placed = _one_episode_per_child(
        r[EPISODES].filter(pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION)), latest=False)
    latest_decision = (_decisions(r).filter(pl.col("DATE_PLACED_d").is_not_null())
                       .sort("CHILD", "DATE_PLACED_d", "_row_pa", descending=[False, True, False])
                       .unique("CHILD", keep="first", maintain_order=True))
    merged = first_placed.rename({"_row": "_row_ep"}).join(latest_decision, on="CHILD", how="inner")
    return both(merged.filter(pl.col("DECOM_d") < pl.col("DATE_PLACED_d")), EP, PA, ["DATE_PLACED", "DECOM"])


@dfe_rule("553", "Placement order has been granted but there is no date of decision that the child should be "
          "placed for adoption.", columns=["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
          tables=[EPISODES, P4A])
def placement_order_without_decision(r: Return903) -> pl.LazyFrame:
    """An episode under a placement order (LS E1) needs a decision row for the child; while such an episode
    is open, none of the child's decisions may be recorded as ceased."""
    order = r[EPISODES].filter(pl.col("LS") == "E1")
    no_decision = flags(order.join(_decisions(r), on="CHILD", how="anti"), EPISODES, ["LS"])
    open_order = order.filter(pl.col("DEC").is_null()).select("CHILD").unique()
    ceased = _decisions(r).join(open_order, on="CHILD", how="semi").filter(
        pl.col("DATE_PLACED_CEASED").is_not_null() | pl.col("REASON_PLACED_CEASED").is_not_null())
    return pl.concat([no_decision, flags(ceased, P4A, ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
                                         row="_row_pa")])


@dfe_rule("554", "Date of decision that the child should be placed for adoption should be on or prior to the "
          "date that the placement order was granted. [NOTE: This rule may result in false positives or false "
          "negatives if relevant episodes are in previous years; please check carefully!]",
          columns=["DATE_PLACED", "DECOM", "LS"], tables=[EPISODES, P4A], severity="warning")
def decision_before_placement_order(r: Return903) -> pl.LazyFrame:
    first_order = _one_episode_per_child(r[EPISODES].filter(pl.col("LS") == "E1"), latest=False)
    merged = first_order.rename({"_row": "_row_ep"}).join(_decisions(r), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_PLACED_d") > pl.col("DECOM_d")), EP, PA, ["DATE_PLACED", "DECOM", "LS"])


@dfe_rule("557", "Child for whom the decision was made that they should be placed for adoption has left care but "
          "was not adopted and information on the decision that they should no longer be placed for adoption "
          "items has not been completed.",
          columns=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"], tables=[EPISODES, P4A])
def left_care_not_adopted(r: Return903) -> pl.LazyFrame:
    """An episode in an adoptive placement or under a placement order (freeing orders too until 2023-24)
    that ended other than by adoption needs every decision of the child to be ceased, with date and reason."""
    rec = pl.col("REC")
    not_adopted = rec.is_not_null() & ~rec.is_in(codes.ADOPTED) & (rec != "X1")
    route = pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION) | pl.col("LS").is_in(codes.placement_order_ls(r.year))
    eps = r.rows(EPISODES, "ep").filter(route.fill_null(False) & not_adopted)
    merged = eps.join(_decisions(r), on="CHILD", how="left")
    incomplete = pl.col("DATE_PLACED_CEASED").is_null() | pl.col("REASON_PLACED_CEASED").is_null()
    return both(merged.filter(incomplete), EP, PA, ["PLACE", "LS", "REC", "DATE_PLACED_CEASED",
                                                   "REASON_PLACED_CEASED"])


@dfe_rule("558", "If a child has been adopted, then the decision to place them for adoption has not been "
          "disrupted and the date of the decision that a child should no longer be placed for adoption should be "
          "left blank.", columns=["DATE_PLACED_CEASED", "REC"], tables=[EPISODES, P4A])
def adopted_but_decision_ceased(r: Return903) -> pl.LazyFrame:
    """The DfE's test: for a child adopted (REC E11/E12) with more than one decision, the latest may not
    be ceased. Here only the child's last adoption counts, not one per earlier period of care, and "every
    decision ceased" stands for "the latest decision ceased" as in the DfE tool."""
    decisions = (_decisions(r).group_by("CHILD")
                 .agg(ceased=pl.col("DATE_PLACED_CEASED").is_not_null().sum(),
                      all_ceased=pl.col("DATE_PLACED_CEASED").is_not_null().all()))
    adopted = r[EPISODES].filter(pl.col("REC").is_in(codes.ADOPTED))
    last_adoption = adopted.filter(pl.col("_row") == pl.col("_row").last().over("CHILD"))
    merged = last_adoption.join(decisions, on="CHILD", how="inner")
    return flags(merged.filter(pl.col("all_ceased") & (pl.col("ceased") > 1)), EPISODES, ["REC"])


@dfe_rule("1003", "Date of LA's decision that a child should be placed for adoption is before the child started "
          "to be looked after.", columns=["DATE_PLACED", "DECOM", "RNE"], tables=[EPISODES, P4A])
def decision_before_care(r: Return903) -> pl.LazyFrame:
    """No decision predates the DECOM of the child's first episode that started a period of care (RNE S)."""
    first = _one_episode_per_child(r[EPISODES].filter(pl.col("RNE") == "S"), latest=False)
    merged = first.rename({"_row": "_row_ep"}).join(_decisions(r), on="CHILD", how="inner")
    return both(merged.filter(pl.col("DATE_PLACED_d") < pl.col("DECOM_d")), EP, PA, ["DATE_PLACED", "DECOM"])
