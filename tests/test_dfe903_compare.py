"""The side-by-side comparison's accounting (no DfE tool needed), the generator it runs on, and the
small CSV reader the comparison and benchmarks use."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from adoption_audit.checks.dfe903 import CollectionYear, run_rules
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.reading import read_return
from test_dfe903_rules import E, P, clean_return, frames

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is a folder of scripts, not installed
from benchmarks.dfe903_compare import compare
from benchmarks.dfe903_synth import generate, write_return

Y = CollectionYear.parse("2022-23")
SCHEMA = {"rule": pl.Utf8, "kind": pl.Utf8, "row": pl.Int64, "CHILD": pl.Utf8}


def _flags(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def test_precision_and_recall_count_unexplained_differences_only():
    rows = clean_return()
    rows[E][1]["PLACE"] = "A4"  # 336 deviation scope: the DfE tool tests A4, we do not
    prepared = Return903.prepare(frames(rows), Y)
    ours = _flags([("551", E, 3, "C1"), ("120", P, 2, "C1"), ("408", E, 4, "C2")])
    theirs = _flags([("551", E, 3, "C1"), ("120", P, 2, "C1"), ("336", E, 3, "C1"), ("149", E, 2, "C1")])
    result = compare(ours, theirs, prepared, ["551", "120", "408", "336", "149"])
    assert (result["agreed"], result["ours_only"], result["theirs_only"], result["explained_by_deviations"]) == (
        2, 1, 1, 1)
    assert (result["precision"], result["recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    assert set(result["differences"]["rule"]) == {"408", "149"}


def test_a_rule_the_tool_failed_to_run_is_not_counted_against_us():
    prepared = Return903.prepare(frames(clean_return()), Y)
    ours = _flags([("334", E, 2, "C1")])
    result = compare(ours, _flags([]), prepared, ["334"], tool_failed=["334"])
    assert (result["ours_only"], result["explained_by_deviations"], result["precision"]) == (0, 1, 1.0)


def test_generated_return_is_deterministic_and_exercises_every_rule_family():
    first, second = generate(2000, Y, seed=7), generate(2000, Y, seed=7)
    assert all(first[k].equals(second[k]) for k in first)
    tables = {f"ssda903_{k}": v.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
              for k, v in first.items()}
    fired = set(run_rules(tables, Y)["rule"])
    assert {"101", "141", "112", "115", "523", "551", "579", "INT01", "331"} <= fired


def test_reader_recognises_tables_by_their_columns(tmp_path):
    files = write_return(tmp_path, children=200, year=Y, seed=3, faults=False)
    (tmp_path / files[0]).rename(tmp_path / "whatever_this_is.csv")
    text = (tmp_path / "episodes.csv").read_text()
    (tmp_path / "episodes.csv").write_text("\ufeff" + text)
    tables, paths = read_return(tmp_path)
    assert set(tables) == {"ssda903_header", "ssda903_episodes", "ssda903_ad1", "ssda903_placed_for_adoption"}
    assert paths["ssda903_header"] == "whatever_this_is.csv"
    assert tables["ssda903_episodes"]["_row"][0] == 2
    assert all(dtype == pl.Utf8 for name, dtype in tables["ssda903_episodes"].schema.items() if name != "_row")
