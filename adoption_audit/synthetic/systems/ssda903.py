"""The SSDA903 return for one collection year, as an authority submits it to the DfE.

A return holds the episodes open at any time during the collection year (April to March), with the
end date and reason left blank where the episode was still open on 31 March; the header row of every
child in those episodes; AD1 for children adopted during the year; and placed_for_adoption for the
decisions that a child should be placed for adoption of the children in the return (a reversal shown
when it happened by 31 March, and a decision reversed before the year began left out, as DfE rules 117
and 118 expect). SEX is coded 1/2 until the 2023-24 return and M/F from 2024-25.
"""

from __future__ import annotations

import polars as pl

from adoption_audit.synthetic.systems import Cut, as_text, known
from adoption_audit.synthetic.world import AuthorityWorld

NEW_SEX_CODES_FROM = 2025  # returns whose collection year ends in 2025 (2024-25) use M/F


def extracts(world: AuthorityWorld, cut: Cut) -> dict[str, pl.DataFrame]:
    end, start = cut.extract_date, cut.year_start
    episodes = world.episodes.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
    episodes = episodes.with_columns(
        pl.when(pl.col("DEC") <= end).then(pl.col("REC")).otherwise(None).alias("REC"), known("DEC", cut))
    in_return = episodes.select("CHILD").unique()
    children = world.children.join(in_return, left_on="child_id", right_on="CHILD", how="semi").sort("child_id")
    sex = pl.col("sex") if end.year >= NEW_SEX_CODES_FROM else pl.col("sex").replace_strict({"M": "1", "F": "2"})
    header = children.select(pl.col("child_id").alias("CHILD"), sex.alias("SEX"), pl.col("date_of_birth").alias("DOB"),
                             pl.col("ethnicity").alias("ETHNIC"), pl.col("upn").alias("UPN"))
    dob = children.select(pl.col("child_id").alias("CHILD"), pl.col("date_of_birth").alias("DOB"))
    adopted = world.journeys.filter(pl.col("adoption_order_date").is_between(start, end))
    ad1 = adopted.sort("child_id").select(
        pl.col("child_id").alias("CHILD"), pl.col("adm_decision_date").alias("DATE_INT"),
        pl.col("match_date").alias("DATE_MATCH"), pl.col("foster_care").alias("FOSTER_CARE"),
        pl.col("nb_adoptr").alias("NB_ADOPTR"), pl.col("sex_adoptr").alias("SEX_ADOPTR"),
        pl.col("ls_adoptr").alias("LS_ADOPTR")).join(dob, on="CHILD", how="left")
    placed = (world.decisions.join(in_return, on="CHILD", how="semi")
              .filter((pl.col("DATE_PLACED") <= end)
                      & (pl.col("DATE_PLACED_CEASED").is_null() | (pl.col("DATE_PLACED_CEASED") >= start)))
              .with_columns(pl.when(pl.col("DATE_PLACED_CEASED") <= end).then(pl.col("REASON_PLACED_CEASED"))
                            .otherwise(None).alias("REASON_PLACED_CEASED"), known("DATE_PLACED_CEASED", cut))
              .join(dob, on="CHILD", how="left").sort("CHILD"))
    return {
        "ssda903_header": as_text(header, "ssda903_header"),
        "ssda903_episodes": as_text(episodes.sort("CHILD", "DECOM"), "ssda903_episodes"),
        "ssda903_ad1": as_text(ad1, "ssda903_ad1"),
        "ssda903_placed_for_adoption": as_text(placed, "ssda903_placed_for_adoption"),
    }
