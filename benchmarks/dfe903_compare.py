"""Our DfE 903 rules side by side with the DfE's own validator, on the same files.

    .venv/bin/python benchmarks/dfe903_compare.py [--children N] [--year 2022-23] [--venv /tmp/dfe-venv]

Installs ``csc-validator-be-903`` into its own virtual environment when missing (it pins pandas < 2 and
numpy < 1.25, so it never joins the project's environment), runs it and ours on (1) the sample return
in ``../shared/data/ssda903/csc-validator-be-903/`` and (2) a generated national-size return with
planted faults, and compares the flags as (rule, table, row, child). A difference that one of the
documented deviations (docs/dfe-rules.md) explains is counted apart; every other difference counts
against precision (ours only) or recall (theirs only). Prints both per input and per rule.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
from adoption_audit.checks.dfe903 import RULES, CollectionYear, run_rules
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.frames import Return903
from adoption_audit.checks.dfe903.reading import read_return
from adoption_audit.checks.dfe903.rule import AD1, EPISODES, P4A

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "dfe903_tool_runner.py"
SAMPLE = HERE.parent.parent / "shared" / "data" / "ssda903" / "csc-validator-be-903"
SAMPLE_FILES = ["header.csv", "episodes.csv", "ad1.csv", "placed_for_adoption_errors.csv"]
DEFAULT_VENV = Path(os.environ.get("DFE903_VENV", "/tmp/dfe-venv"))
KEY = ["rule", "kind", "row"]


# ---------------------------------------------------------------- the DfE tool, in its own environment
def ensure_dfe_tool(venv: Path) -> Path:
    """The DfE tool's interpreter, installing the tool into ``venv`` first if it is not there."""
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([python, "-c", "import lac_validator.lac_validator"],
                                          capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing csc-validator-be-903 into {venv} ...", file=sys.stderr)
    # the machine's python3, not the project's venv interpreter (a venv made from a venv is fragile)
    subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "csc-validator-be-903"], check=True)
    return python


def run_dfe_tool(python: Path, folder: Path, files: list[str], year: CollectionYear,
                 rules: list[str]) -> tuple[pl.DataFrame, dict]:
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
        out = Path(handle.name)
    started = time.perf_counter()
    proc = subprocess.run([python, RUNNER, str(folder), ",".join(files), year.label, ",".join(rules), str(out)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the DfE tool failed: {proc.stderr[-2000:]}")
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    stats["wall_s"] = round(time.perf_counter() - started, 3)
    flags = pl.read_csv(out, schema_overrides={"rule": pl.Utf8, "kind": pl.Utf8, "row": pl.Int64, "CHILD": pl.Utf8})
    out.unlink()
    return flags, stats


def run_ours(folder: Path, files: list[str], year: CollectionYear) -> tuple[pl.DataFrame, dict]:
    started = time.perf_counter()
    tables, _ = read_return(folder, files)
    read = time.perf_counter()
    flagged = run_rules(tables, year)
    done = time.perf_counter()
    flags = flagged.select("rule", "kind", pl.col("_row").alias("row"), "CHILD")
    return flags, {"read_s": round(read - started, 3), "validate_s": round(done - read, 3)}


# ---------------------------------------------------------------- documented deviations
Scope = Callable[[Return903], pl.LazyFrame]  # the (kind, row) a deviation covers


def _rows(frame: pl.LazyFrame, kind: str, row: str = "_row") -> pl.LazyFrame:
    return frame.select(pl.lit(kind).alias("kind"), pl.col(row).cast(pl.Int64).alias("row"))


def _children_rows(r: Return903, children: pl.LazyFrame, *kinds: str) -> pl.LazyFrame:
    return pl.concat([_rows(r[k].join(children, on="CHILD", how="semi"), k) for k in kinds])


def _earlier_adoptions(r: Return903) -> pl.LazyFrame:
    """Children with an E11/E12 episode outside the return's own adoption."""
    return r[EPISODES].filter(pl.col("REC").is_in(codes.ADOPTED) & ~pl.col("adopted_in_year")).select("CHILD")


def _several_decisions(r: Return903) -> pl.LazyFrame:
    return r[P4A].group_by("CHILD").len().filter(pl.col("len") > 1).select("CHILD")


def _other_periods_placed(r: Return903) -> pl.LazyFrame:
    return r[EPISODES].filter(pl.col("PLACE").is_in(codes.PLACED_FOR_ADOPTION) & ~pl.col("period_of_adoption")).select(
        "CHILD")


def _text_order_differs(r: Return903) -> pl.LazyFrame:
    by_text = r[P4A].sort("DATE_PLACED", descending=True, nulls_last=True).group_by("CHILD").agg(
        text_latest=pl.col("_row").first())
    by_date = r[P4A].sort("DATE_PLACED_d", descending=True, nulls_last=True).group_by("CHILD").agg(
        date_latest=pl.col("_row").first())
    return by_text.join(by_date, on="CHILD").filter(pl.col("text_latest") != pl.col("date_latest")).select("CHILD")


def _text_vs_date_equal(r: Return903) -> pl.LazyFrame:
    ad1 = r[AD1].select("CHILD", "DATE_MATCH", "DATE_MATCH_d")
    eps = r[EPISODES].filter(pl.col("REC").is_in(codes.ADOPTED)).join(ad1, on="CHILD")
    return eps.filter((pl.col("DEC") == pl.col("DATE_MATCH")) != (pl.col("DEC_d") == pl.col("DATE_MATCH_d"))).select(
        "CHILD")


DEVIATIONS: dict[str, tuple[str, Scope]] = {
    "331": ("AD1 against the adoption in the year, not every E11/E12 episode",
            lambda r: _children_rows(r, _earlier_adoptions(r), EPISODES, AD1)),
    "335": ("AD1 against the adoption in the year, not every E11/E12 episode; no REC E1",
            lambda r: _children_rows(r, _earlier_adoptions(r), EPISODES, AD1)),
    "582": ("the adoption in the year only; dates compared as dates, not text",
            lambda r: _children_rows(r, pl.concat([_earlier_adoptions(r), _text_vs_date_equal(r)]), EPISODES)),
    "521": ("adoptive placements of the period of care that ended in adoption only",
            lambda r: _children_rows(r, _other_periods_placed(r), EPISODES, AD1)),
    "558": ("the child's last adoption only",
            lambda r: _children_rows(r, _earlier_adoptions(r), EPISODES)),
    "523": ("the child's latest decision only", lambda r: _children_rows(r, _several_decisions(r), P4A, AD1)),
    "525": ("the child's latest decision only", lambda r: _children_rows(r, _several_decisions(r), P4A, AD1)),
    "583": ("latest decision by date, not by text", lambda r: _children_rows(r, _text_order_differs(r), P4A)),
    "336": ("placed with current foster carers is A3/A5 (the tool tests A3/A4)",
            lambda r: _rows(r[EPISODES].filter(pl.col("PLACE").is_in(["A4", "A5"])), EPISODES)),
    "146": ("K3 is valid from 2024-25 (the tool's list has 'k3')",
            lambda r: _rows(r[EPISODES].filter(pl.col("PLACE") == "K3"), EPISODES)),
    "231": ("the tool fails on a CSV return (reads the XML-only UASC_STATUS)", lambda r: _all_rows(r)),
    "233": ("the tool fails on a CSV return (reads the XML name of DEC)", lambda r: _all_rows(r)),
}


def _all_rows(r: Return903) -> pl.LazyFrame:
    return pl.concat([_rows(r[kind], kind) for kind in r.tables])


# ---------------------------------------------------------------- comparison
def compare(ours: pl.DataFrame, theirs: pl.DataFrame, prepared: Return903, rules: list[str],
            tool_failed: list[str] = ()) -> dict:
    """Agreement of ``ours`` with ``theirs``. Rules the tool failed to run (it raised) count as explained:
    it has no flags to compare, which the report says aloud."""
    ours = ours.filter(pl.col("rule").is_in(rules)).unique(KEY)
    theirs = theirs.filter(pl.col("rule").is_in(rules)).unique(KEY)
    joined = ours.with_columns(ours=pl.lit(True)).join(
        theirs.with_columns(theirs=pl.lit(True)).rename({"CHILD": "CHILD_theirs"}), on=KEY, how="full",
        coalesce=True).with_columns(pl.col("ours", "theirs").fill_null(False),
                                    pl.coalesce("CHILD", "CHILD_theirs").alias("CHILD")).drop("CHILD_theirs")
    scopes = [s(prepared).with_columns(rule=pl.lit(code)) for code, (_, s) in DEVIATIONS.items()
              if code in rules]
    scopes += [_all_rows(prepared).with_columns(rule=pl.lit(code)) for code in tool_failed if code in rules]
    explained = pl.concat(scopes).unique().collect().with_columns(explained=pl.lit(True)) if scopes else None
    if explained is not None:
        joined = joined.join(explained, on=KEY, how="left").with_columns(pl.col("explained").fill_null(False))
    else:
        joined = joined.with_columns(explained=pl.lit(False))
    per_rule = (joined.group_by("rule").agg(
        both=(pl.col("ours") & pl.col("theirs")).sum(),
        ours_only=(pl.col("ours") & ~pl.col("theirs") & ~pl.col("explained")).sum(),
        theirs_only=(~pl.col("ours") & pl.col("theirs") & ~pl.col("explained")).sum(),
        explained=((pl.col("ours") != pl.col("theirs")) & pl.col("explained")).sum(),
    ).sort("rule"))
    tp, fp, fn = (int(per_rule[c].sum()) for c in ("both", "ours_only", "theirs_only"))
    return {
        "flags_ours": ours.height, "flags_theirs": theirs.height, "agreed": tp, "ours_only": fp, "theirs_only": fn,
        "explained_by_deviations": int(per_rule["explained"].sum()),
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "per_rule": per_rule, "differences": joined.filter((pl.col("ours") != pl.col("theirs")) & ~pl.col("explained")),
    }


def side_by_side(label: str, python: Path, folder: Path, files: list[str], year: CollectionYear) -> dict:
    rules = sorted(RULES)
    theirs, their_stats = run_dfe_tool(python, folder, files, year, rules)
    ours, our_stats = run_ours(folder, files, year)
    tables, _ = read_return(folder, files)
    result = compare(ours, theirs, Return903.prepare(tables, year), rules, their_stats["failed"])
    result.update(label=label, year=year.label, dfe_tool=their_stats, ours_timing=our_stats)
    return result


def report(result: dict, show_rules: bool = True) -> None:
    print(f"\n== {result['label']} ({result['year']}): ours {result['flags_ours']} flags, DfE tool "
          f"{result['flags_theirs']}; agreed {result['agreed']}, ours only {result['ours_only']}, theirs only "
          f"{result['theirs_only']}, explained by documented deviations {result['explained_by_deviations']}")
    print(f"   precision {result['precision']:.4f}  recall {result['recall']:.4f}   "
          f"(DfE tool {result['dfe_tool']['validate_s']} s, ours {result['ours_timing']['validate_s']} s; "
          f"tool failures {result['dfe_tool']['failed']})")
    if show_rules:
        with pl.Config(tbl_rows=100, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            print(result["per_rule"].filter(pl.sum_horizontal("both", "ours_only", "theirs_only", "explained") > 0))
    if result["differences"].height:
        with pl.Config(tbl_rows=30):
            print("unexplained differences (first 30):")
            print(result["differences"].head(30))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--children", type=int, default=100_000, help="children in the generated return")
    parser.add_argument("--year", default="2022-23", help="collection year of the generated return")
    parser.add_argument("--seed", type=int, default=903)
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args(argv)

    python = ensure_dfe_tool(args.venv)
    results = []
    if SAMPLE.exists():
        results.append(side_by_side("sample return (csc-validator-be-903 fake_data)", python, SAMPLE, SAMPLE_FILES,
                                    CollectionYear.parse("2017-18")))
        report(results[-1])
    else:
        print(f"sample return not found at {SAMPLE}: skipped", file=sys.stderr)
    if not args.skip_generated:
        sys.path.insert(0, str(HERE.parent))  # run as a script: make ``benchmarks`` importable
        from benchmarks.dfe903_synth import write_return

        year = CollectionYear.parse(args.year)
        with tempfile.TemporaryDirectory() as tmp:
            files = write_return(Path(tmp), children=args.children, year=year, seed=args.seed, faults=True)
            results.append(side_by_side(f"generated return, {args.children:,} children", python, Path(tmp), files,
                                        year))
            report(results[-1])
    ok = all(r["precision"] >= 0.99 and r["recall"] >= 0.99 for r in results)
    print("\nTARGET (precision and recall >= 0.99 on each):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
