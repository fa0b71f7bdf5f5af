"""Known faults planted in known rows, and the manifest that lists every one of them.

Two families, as real data teams meet them:

- **Row faults** (``stage: validation``), planted in one row of one extract: dates out of order, a
  duplicated key, an invalid code, a blank required field, an ASF amount with the wrong sign, a date in
  the future of the extract date. A validator should quarantine (or flag) exactly that row with the
  named rule; every other row of the world is clean.
- **Cross-system faults** (``stage: reconciliation``), planted in the case-management side of one child
  so that it disagrees with the SSDA903 return for every extract it appears in: the child missing from
  case management, its id keyed differently (leading zeros stripped, a prefix, two digits transposed),
  its date of birth with day and month transposed, its adoption order date a few days off, and (against
  the CPR log) its name mistyped. These rows pass row-level validation; reconciliation should find them.

Each manifest entry names the file and the row as a spreadsheet shows it (header = row 1), the record's
key, the fault, the columns and the rule expected to catch it (generic rule names that the pandera
schemas of ``checks/schemas`` use: ``required``, ``allowed_code``, ``unique_key`` (the later copy; the first
goes on), ``dates_in_order``, ``amount_positive``, ``date_not_future``; ``dfe_<code>`` for SSDA903 code lists,
which the DfE rules of ``checks/dfe903`` own), the ``layer`` expected to catch it (``schema``, ``dfe903``,
``reconciliation``) and ``dfe_rule`` where a DfE 903 rule also catches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import polars as pl

from adoption_audit.synthetic.names import authority_initials, typo
from adoption_audit.synthetic.systems import DATE_FORMAT

VALIDATION, RECONCILIATION = "validation", "reconciliation"


@dataclass(frozen=True)
class RowFault:
    fault: str
    kind: str
    columns: tuple[str, ...]
    rule: str
    dfe_rule: str | None = None


ROW_FAULTS = (
    RowFault("dates_out_of_order", "cm_child_journeys", ("match_date", "placed_date"), "dates_in_order"),
    RowFault("duplicate_key", "cm_child_journeys", ("journey_id",), "unique_key"),
    RowFault("invalid_code", "cm_child_journeys", ("ethnicity",), "allowed_code"),
    RowFault("blank_required", "cm_child_journeys", ("date_of_birth",), "required"),
    RowFault("future_date", "cm_child_journeys", ("adoption_order_date",), "date_not_future"),
    RowFault("dates_out_of_order", "cm_adopter_households", ("stage_one_start_date", "stage_two_start_date"),
             "dates_in_order"),
    RowFault("blank_required", "cm_adopter_households", ("enquiry_date",), "required"),
    RowFault("invalid_code", "cm_adopter_households", ("outcome",), "allowed_code"),
    RowFault("invalid_code", "panel_log", ("case_type",), "allowed_code"),
    RowFault("blank_required", "panel_log", ("panel_date",), "required"),
    RowFault("dates_out_of_order", "cpr_log", ("cpr_received_date", "adm_decision_date"), "dates_in_order"),
    RowFault("amount_wrong_sign", "asf_ledger", ("amount",), "amount_positive"),
    RowFault("duplicate_key", "asf_ledger", ("application_id",), "unique_key"),
    RowFault("future_date", "asf_ledger", ("application_date",), "date_not_future"),
    RowFault("dates_out_of_order", "ssda903_episodes", ("DECOM", "DEC"), "dates_in_order"),
    RowFault("invalid_code", "ssda903_episodes", ("PLACE",), "dfe_146", "146"),
    RowFault("blank_required", "ssda903_episodes", ("RNE",), "required"),
    RowFault("duplicate_key", "ssda903_header", ("CHILD",), "unique_key"),
    RowFault("invalid_code", "ssda903_header", ("ETHNIC",), "dfe_103", "103"),
    RowFault("dates_out_of_order", "ssda903_ad1", ("DATE_INT", "DATE_MATCH"), "dates_in_order", "333"),
    RowFault("invalid_code", "ssda903_placed_for_adoption", ("REASON_PLACED_CEASED",), "dfe_120", "120"),
)
KEY_COLUMN = {"cm_child_journeys": "journey_id", "cm_adopter_households": "household_id", "panel_log": "case_id",
              "cpr_log": "cpr_id", "asf_ledger": "application_id", "ssda903_header": "CHILD",
              "ssda903_episodes": "CHILD", "ssda903_ad1": "CHILD", "ssda903_placed_for_adoption": "CHILD"}
CHILD_COLUMN = {"cm_child_journeys": "child_id", "cpr_log": "child_id", "ssda903_header": "CHILD",
                "ssda903_episodes": "CHILD", "ssda903_ad1": "CHILD", "ssda903_placed_for_adoption": "CHILD"}
INVALID_CODES = {"ethnicity": "WHTE", "outcome": "ON_HOLD", "case_type": "REVIEW", "PLACE": "Z9",
                 "ETHNIC": "UNKN", "REASON_PLACED_CEASED": "RD9"}
ADOPTION_RECS = ("E11", "E12")
ID_VARIANTS = ("leading_zeros_stripped", "prefix", "transposed_digits")


@dataclass
class CrossSystemFault:
    """A difference planted on the case-management side; located in every extract after writing."""

    fault: str
    rule: str
    kind: str  # where the row to report lives
    column: str  # the column whose value finds the row
    value: str
    child: str  # the child's id in the SSDA903 return
    columns: tuple[str, ...]
    detail: dict = field(default_factory=dict)
    occurrences: list = field(default_factory=list)


def _text_date(value: date) -> str:
    return value.strftime(DATE_FORMAT)


def _parse(text: str) -> date:
    day_, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day_)


# --- cross-system faults (planted in the world, before any extract is cut) -----------------------------

def plant_cross_system(rng: np.random.Generator, authority: str, journeys: pl.DataFrame, cprs: pl.DataFrame,
                       first_day: date, last_day: date,
                       variant_turn: int = 0) -> tuple[pl.DataFrame, pl.DataFrame, list[CrossSystemFault]]:
    """Edit the case-management journeys and CPR log of five adopted children; return what was planted."""
    repeat = journeys.group_by("child_id").len().filter(pl.col("len") > 1)["child_id"]
    candidates = journeys.filter(
        pl.col("adoption_order_date").is_between(first_day, last_day) & pl.col("sibling_group_id").is_null()
        & (pl.col("journey_no") == 1) & ~pl.col("child_id").is_in(repeat.implode())
        & ((pl.col("adoption_order_date") - pl.col("placed_date")).dt.total_days() > 30))
    if candidates.height < 5:
        return journeys, cprs, []
    order = rng.permutation(candidates.height)
    picked = candidates[order.tolist()]
    faults: list[CrossSystemFault] = []
    used: set[str] = set()
    existing = set(journeys["child_id"].to_list())

    def take(condition) -> dict | None:
        for row in picked.iter_rows(named=True):
            if row["child_id"] not in used and condition(row):
                used.add(row["child_id"])
                return row
        return None

    # 1. In the 903 return, missing from case management.
    row = take(lambda r: True)
    journeys = journeys.filter(pl.col("child_id") != row["child_id"])
    faults.append(CrossSystemFault("missing_in_case_management", "reconciliation:missing_in_case_management",
                                   "ssda903_ad1", "CHILD", row["child_id"], row["child_id"], ("CHILD",)))
    # 2. Keyed differently: leading zeros stripped, a prefix, or two digits transposed (by turns).
    style = ID_VARIANTS[variant_turn % len(ID_VARIANTS)]
    row = take(lambda r: r["child_id"].startswith("0")) if style == "leading_zeros_stripped" else None
    if row is None:
        style = "prefix" if style == "leading_zeros_stripped" else style
        row = take(lambda r: True)
    child = row["child_id"]
    digits = [i for i in range(len(child) - 1) if child[i] != child[i + 1]]
    if style == "transposed_digits" and not digits:
        style = "prefix"
    if style == "leading_zeros_stripped":
        variant = child.lstrip("0")
    elif style == "prefix":
        variant = authority_initials(authority) + child
    else:
        at = digits[int(rng.integers(len(digits)))]
        variant = child[:at] + child[at + 1] + child[at] + child[at + 2:]
    if variant in existing:
        variant = authority_initials(authority) + child
        style = "prefix"
    journeys = journeys.with_columns(
        pl.when(pl.col("child_id") == child).then(pl.lit(variant)).otherwise("child_id").alias("child_id"))
    faults.append(CrossSystemFault("id_variant", "reconciliation:id_variant", "cm_child_journeys", "child_id", variant,
                                   child, ("child_id",), {"variant": style, "ssda903_child": child}))
    # 3. Date of birth with day and month transposed (still before entering care).
    row = take(lambda r: r["date_of_birth"].day <= 12 and r["date_of_birth"].day != r["date_of_birth"].month
               and date(r["date_of_birth"].year, r["date_of_birth"].day, r["date_of_birth"].month)
               <= r["entered_care_date"])
    if row:
        dob = row["date_of_birth"]
        swapped = date(dob.year, dob.day, dob.month)
        journeys = journeys.with_columns(pl.when(pl.col("child_id") == row["child_id"]).then(pl.lit(swapped))
                                         .otherwise("date_of_birth").alias("date_of_birth"))
        faults.append(CrossSystemFault("dob_differs", "reconciliation:dob_differs", "cm_child_journeys", "child_id",
                                       row["child_id"], row["child_id"], ("date_of_birth",),
                                       {"ssda903_column": "DOB", "difference": "day and month transposed"}))
    # 4. Adoption order date keyed a few days early in case management (same financial year).
    row = take(lambda r: True)
    true_order = row["adoption_order_date"]
    year_start = date(true_order.year - (1 if true_order.month <= 3 else 0), 4, 1)
    shifted = max(true_order - timedelta(days=int(rng.integers(3, 21))), row["placed_date"] + timedelta(days=1),
                  year_start)
    if shifted != true_order:
        journeys = journeys.with_columns(pl.when(pl.col("child_id") == row["child_id"]).then(pl.lit(shifted))
                                         .otherwise("adoption_order_date").alias("adoption_order_date"))
        faults.append(CrossSystemFault("date_differs", "reconciliation:date_differs", "cm_child_journeys", "child_id",
                                       row["child_id"], row["child_id"], ("adoption_order_date",),
                                       {"case_management": _text_date(shifted), "ssda903": _text_date(true_order),
                                        "ssda903_column": "DEC", "days": (true_order - shifted).days}))
    # 5. The CPR log's child_name mistyped against case management (a CPR received within the extracts).
    logged = set(cprs.filter(pl.col("cpr_received_date").is_between(first_day, last_day))["child_id"].to_list())
    row = take(lambda r: r["child_id"] in logged)
    if row is None:
        return journeys, cprs, faults
    names = journeys.filter(pl.col("child_id") == row["child_id"]).row(0, named=True)
    mistyped = f"{names['first_name']} {typo(names['surname'], int(rng.integers(1000)))}"
    cprs = cprs.with_columns(pl.when(pl.col("child_id") == row["child_id"]).then(pl.lit(mistyped))
                             .otherwise("child_name").alias("child_name"))
    faults.append(CrossSystemFault("name_differs", "reconciliation:name_differs", "cpr_log", "child_id",
                                   row["child_id"], row["child_id"], ("child_name",)))
    return journeys, cprs, faults


def locate(faults: list[CrossSystemFault], frames: dict[str, pl.DataFrame], paths: dict[str, str]) -> None:
    """Record, for each cross-system fault, the rows of this extract that carry it."""
    for fault in faults:
        frame = frames.get(fault.kind)
        if frame is None or frame.height == 0:
            continue
        shown = frame[fault.columns[0]].is_not_null()  # e.g. an order date not yet made shows no difference
        hits = np.flatnonzero(((frame[fault.column] == fault.value) & shown).fill_null(False).to_numpy())
        keys = frame[KEY_COLUMN[fault.kind]]
        fault.occurrences += [{"file": paths[fault.kind], "row": int(i) + 2, "key": keys[int(i)]} for i in hits]


# --- row faults (planted in one extract's text) --------------------------------------------------------

def schedule_row_faults(rng: np.random.Generator, cuts: int) -> dict[int, list[RowFault]]:
    """Which extract (by position) each row fault goes into."""
    plan: dict[int, list[RowFault]] = {}
    for fault in ROW_FAULTS:
        plan.setdefault(int(rng.integers(cuts)), []).append(fault)
    return plan


def plant_row_faults(rng: np.random.Generator, faults: list[RowFault], frames: dict[str, pl.DataFrame],
                     extract_date: date, protected: set[str], adoption_children: set[str]) -> list[dict]:
    """Plant ``faults`` into ``frames`` (edited in place); return one manifest record per planted fault.

    ``protected`` children (those with a cross-system fault) are never touched; header and episode faults
    go to children without an adoption journey, so they cannot also change what reconciliation sees.
    """
    planted: list[dict] = []
    appended: dict[str, list[int]] = {}
    used: dict[str, set[int]] = {}
    for fault in faults:
        frame = frames[fault.kind]
        keep_off = protected | adoption_children if fault.kind in ("ssda903_header", "ssda903_episodes") else protected
        eligible = _eligible(fault, frame, keep_off) & ~_used_mask(used.get(fault.kind, set()), frame.height)
        rows = np.flatnonzero(eligible)
        if len(rows) == 0:
            continue
        at = int(rows[int(rng.integers(len(rows)))])
        used.setdefault(fault.kind, set()).add(at)
        record = {"fault": fault.fault, "kind": fault.kind, "columns": list(fault.columns), "rule": fault.rule,
                  "stage": VALIDATION, "layer": "dfe903" if fault.rule.startswith("dfe_") else "schema",
                  "key": frame[KEY_COLUMN[fault.kind]][at]}
        if fault.dfe_rule:
            record["dfe_rule"] = fault.dfe_rule
        if fault.fault == "duplicate_key":
            appended.setdefault(fault.kind, []).append(at)
            record["related_rows"] = [at + 2]
            record["row_index"] = None  # set once the copy is appended
        else:
            record["detail"] = _mutate(rng, fault, frames, at, extract_date)
            record["row_index"] = at
        planted.append(record)
    for kind, copies in appended.items():
        frame = frames[kind]
        frames[kind] = pl.concat([frame, frame[copies]], how="vertical")
        for record, position in zip([r for r in planted if r["kind"] == kind and r["row_index"] is None],
                                    range(frame.height, frame.height + len(copies)), strict=True):
            record["row_index"] = position
    for record in planted:
        record["row"] = record.pop("row_index") + 2
    return planted


def _used_mask(used: set[int], height: int) -> np.ndarray:
    mask = np.zeros(height, dtype=bool)
    mask[list(used)] = True
    return mask


def _present(frame: pl.DataFrame, column: str) -> np.ndarray:
    return frame[column].is_not_null().to_numpy()


def _eligible(fault: RowFault, frame: pl.DataFrame, protected: set[str]) -> np.ndarray:
    """Rows where planting this fault breaks exactly the one rule (and touches no cross-system child)."""
    n = frame.height
    ok = np.ones(n, dtype=bool)
    child_column = CHILD_COLUMN.get(fault.kind)
    if child_column and protected:
        ok &= ~frame[child_column].is_in(list(protected)).to_numpy()
    key = KEY_COLUMN[fault.kind]
    ok &= ~frame[key].is_duplicated().to_numpy()
    columns = fault.columns
    if fault.fault in ("dates_out_of_order",):
        ok &= _present(frame, columns[0]) & _present(frame, columns[1])
        if fault.kind == "cm_child_journeys":
            ok &= (frame["match_date"] != frame["placed_date"]).fill_null(False).to_numpy()
            ok &= frame["foster_carer_adopter_start_date"].is_null().to_numpy()
        if fault.kind == "ssda903_episodes":
            ok &= ~frame["REC"].is_in(["X1", *ADOPTION_RECS]).fill_null(True).to_numpy()
            ok &= frame["PLACE"].is_in(["U1", "U3", "U4", "U6", "K2", "H5", "P1"]).to_numpy()
    elif fault.fault == "blank_required":
        ok &= _present(frame, columns[0])
    elif fault.fault == "invalid_code":
        ok &= _present(frame, columns[0])
        if fault.kind == "ssda903_episodes":
            ok &= (frame["PLACE"] == "U6").to_numpy() & frame["DEC"].is_not_null().to_numpy()
    elif fault.fault == "future_date" and fault.kind == "cm_child_journeys":
        ok &= (_present(frame, "placed_date") & ~_present(frame, "adoption_order_date")
               & ~_present(frame, "disruption_date") & ~_present(frame, "plan_changed_date"))
    if fault.kind == "ssda903_ad1":
        ok &= _present(frame, "DATE_INT") & _present(frame, "DATE_MATCH")
    return ok


def _mutate(rng: np.random.Generator, fault: RowFault, frames: dict[str, pl.DataFrame], at: int,
            extract_date: date) -> dict:
    frame = frames[fault.kind]
    first = fault.columns[0]
    edits: dict[str, str | None]
    if fault.fault == "dates_out_of_order":
        before, after = fault.columns
        if fault.kind in ("cm_child_journeys",):
            edits = {before: frame[after][at], after: frame[before][at]}  # two dates swapped
        elif fault.kind == "cm_adopter_households":
            edits = {before: _text_date(_parse(frame[after][at]) + timedelta(days=int(rng.integers(1, 5))))}
        elif fault.kind == "cpr_log":
            edits = {after: _text_date(_parse(frame[before][at]) - timedelta(days=int(rng.integers(1, 20))))}
        elif fault.kind == "ssda903_ad1":
            edits = {after: _text_date(_parse(frame[before][at]) - timedelta(days=int(rng.integers(5, 40))))}
        else:  # episodes: the episode ends before it starts
            edits = {after: _text_date(_parse(frame[before][at]) - timedelta(days=int(rng.integers(1, 30))))}
    elif fault.fault == "invalid_code":
        edits = {first: INVALID_CODES[first]}
    elif fault.fault == "blank_required":
        edits = {first: None}
    elif fault.fault == "amount_wrong_sign":
        edits = {first: "-" + frame[first][at]}
    elif fault.fault == "future_date":
        edits = {first: _text_date(extract_date + timedelta(days=int(rng.integers(20, 120))))}
    else:  # pragma: no cover - every fault type is handled above
        raise ValueError(fault.fault)
    was = {c: frame[c][at] for c in edits}
    frames[fault.kind] = frame.with_columns([
        pl.when(pl.int_range(pl.len()) == at).then(pl.lit(v, pl.String)).otherwise(pl.col(c)).alias(c)
        for c, v in edits.items()])
    return {"was": was, "now": edits} if fault.kind.startswith("ssda903") or fault.kind in (
        "asf_ledger", "panel_log", "cm_adopter_households") else {"columns_changed": sorted(edits)}
