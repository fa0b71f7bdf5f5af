"""Every catalogued metric for 150 authorities x 10 years (the BENCHMARKS.md target: under 5 s after load).

The synthetic generator writes CSV files that then need validating, which at national size takes far
longer than the metrics themselves, so this benchmark builds the validated warehouse tables directly
in DuckDB from numpy arrays (the schema ``checks.validation.write_warehouse`` writes): per authority
about 45 children a year on the adoption pathway (with case-management journeys and 903 episodes,
AD1 and placed-for-adoption rows), 1,800 other children in care with one to four episodes each,
adopter households, panels, CPRs and ASF applications, and yearly 903 returns in which an episode open
across 31 March appears in two returns (so the latest-copy rule has work to do). Load time is reported
but not counted in the target; the figure to watch is ``metrics_s``. ``reference_groupby_s`` times one
plain group-by over the episodes in the same run, so a slow shared machine can be told from a slow
definition.
"""

from __future__ import annotations

import time
from datetime import date

import duckdb
import numpy as np
import pyarrow as pa
from adoption_audit.checks.metrics import compute_metrics
from adoption_audit.checks.metrics.compute import METRICS_TABLE, build_metrics_table
from adoption_audit.checks.metrics.warehouse import create_tables
from adoption_audit.checks.reconciliation import reconcile

SCALES = {"smoke": (5, 3), "full": (150, 10)}
FIRST_YEAR = 2015
EPOCH = np.datetime64("1970-01-01", "D")


def _days(values) -> pa.Array:
    values = np.asarray(values, dtype=np.int64)
    mask = values < 0
    return pa.array(np.where(mask, 0, values).astype("int32"), type=pa.int32(), mask=mask).cast(pa.date32())


def _ids(prefix: str, numbers) -> pa.Array:
    return pa.array([f"{prefix}{n:06d}" for n in numbers])


def _pick(rng, options, n) -> pa.Array:
    return pa.array(np.asarray(options, dtype=object)[rng.integers(len(options), size=n)].tolist())


def _day(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _insert(con, kind: str, columns: dict, authority: str, extract_dates: np.ndarray) -> None:
    n = len(extract_dates)
    table = pa.table({**columns, "authority": pa.array([authority] * n), "extract_date": _days(extract_dates),
                      "source_path": pa.array([f"{authority}/{kind}.csv"] * n),
                      "source_row": pa.array(np.arange(2, n + 2, dtype=np.int64))})
    names = [f'"{c.name}"' for c in _kinds()[kind].columns]
    present = [f'"{name}"' if name in columns else f'null as "{name}"' for name in (c.name for c in _kinds()[kind].columns)]
    con.register("batch", table)
    con.execute(f'insert into "{kind}" ({", ".join(names)}, authority, extract_date, source_path, source_row) '
                f'select {", ".join(present)}, authority, extract_date, source_path, source_row from batch')
    con.unregister("batch")


def _kinds():
    from adoption_audit.checks.extracts import EXTRACT_KINDS

    return EXTRACT_KINDS


def _return_of(day: np.ndarray) -> np.ndarray:
    """The 31 March extract of the financial year holding each day (as day numbers)."""
    d = (EPOCH + day.astype("timedelta64[D]")).astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(int) + 1970
    months = d.astype("datetime64[M]").astype(int) % 12 + 1
    fy_end = np.where(months >= 4, years + 1, years)
    return (np.array([f"{y}-03-31" for y in fy_end], dtype="datetime64[D]") - EPOCH).astype(np.int64)


def build_authority(con, rng, authority: str, years: int) -> int:
    start, end = _day(date(FIRST_YEAR, 4, 1)), _day(date(FIRST_YEAR + years, 3, 31))
    last_extract = end
    # --- adoption pathway children --------------------------------------------------------------------
    n = 45 * years
    entered = rng.integers(start - 600, end - 400, n)
    adm = entered + rng.integers(60, 240, n)
    po = adm + rng.integers(30, 220, n)
    match = po + rng.integers(40, 320, n)
    placed = match + rng.integers(5, 60, n)
    ao = placed + rng.integers(120, 420, n)
    changed = rng.random(n) < 0.1
    for arr in (match, placed, ao):
        arr[changed] = -1
    ao[ao > last_extract] = -1
    placed[placed > last_extract] = -1
    dob = entered - rng.integers(10, 2500, n)
    in_house = rng.random(n) < 0.6
    ids = np.arange(n) + 100000
    cm_rows = len(ids)
    _insert(con, "cm_child_journeys", {
        "journey_id": _ids("J", ids), "child_id": _ids("", ids), "local_authority": pa.array([authority] * n),
        "sex": _pick(rng, ("M", "F"), n), "date_of_birth": _days(dob), "ethnicity": _pick(rng, ("WBRI", "MWBC", "BAFR", "WOTH"), n),
        "entered_care_date": _days(entered), "adm_decision_date": _days(adm), "placement_order_date": _days(po),
        "link_identified_date": _days(np.where(match > 0, match - 20, -1)), "match_date": _days(match),
        "placed_date": _days(placed), "adoption_order_date": _days(ao),
        "placement_type": pa.array(np.where(in_house, "IN_HOUSE", "INTER_AGENCY").tolist()),
        "sibling_group_id": pa.array([f"S{i // 2}" if i % 7 < 2 else None for i in range(n)]),
        "ffa": pa.array(rng.random(n) < 0.1), "plan_changed_date": _days(np.where(changed, po + 100, -1)),
    }, authority, np.full(n, last_extract))
    # 903 episodes for them: S at entry, E1 at the order, A6 when placed, closing E11 at the adoption order.
    child, decom, rne, ls, place, provider, dec, rec = [], [], [], [], [], [], [], []
    for i in range(n):
        bounds = [entered[i], po[i]] + ([placed[i]] if placed[i] > 0 else [])
        closing = ao[i] if ao[i] > 0 else -1
        for k, begin in enumerate(bounds):
            child.append(ids[i])
            decom.append(begin)
            rne.append("S" if k == 0 else ("L" if k == 1 else "T"))
            ls.append("C2" if k == 0 else "E1")
            place.append("A6" if k == 2 else "U1")
            provider.append("PR4" if k == 2 and not in_house[i] else "PR1")
            nxt = bounds[k + 1] if k + 1 < len(bounds) else closing
            dec.append(nxt)
            rec.append(("E11" if k == 2 else "X1") if nxt > 0 else None)
    # --- other children in care ---------------------------------------------------------------------
    m = 1800 * years // 10
    other_ids = np.arange(m) + 500000
    episodes_each = rng.integers(1, 5, m)
    begin = rng.integers(start - 300, end - 30, m)
    for j in range(m):
        day = begin[j]
        for k in range(episodes_each[j]):
            length = int(rng.integers(30, 400))
            child.append(other_ids[j])
            decom.append(day)
            rne.append("S" if k == 0 else "P")
            ls.append("C2")
            place.append("U4")
            provider.append("PR1")
            finish = day + length
            dec.append(finish if finish <= last_extract else -1)
            rec.append(("E4A" if k == episodes_each[j] - 1 else "X1") if finish <= last_extract else None)
            day = finish
            if day > last_extract:
                break
    decom_a, dec_a = np.array(decom), np.array(dec)
    first_return = _return_of(decom_a)
    last_return = np.where(dec_a > 0, _return_of(np.maximum(dec_a, 0)), last_extract)
    first_return = np.maximum(first_return, _day(date(FIRST_YEAR + 1, 3, 31)))
    copies = (last_return != first_return)
    order = np.concatenate([np.arange(len(decom_a)), np.flatnonzero(copies)])
    extract = np.concatenate([first_return, last_return[copies]])
    # The earlier copy of an episode still open at its 31 March has no end yet.
    early = np.concatenate([np.zeros(len(decom_a), bool), np.zeros(int(copies.sum()), bool)])
    early[:len(decom_a)] = copies
    dec_out = np.where(early, -1, dec_a[order])
    rec_out = [None if e else rec[i] for i, e in zip(order, early)]
    _insert(con, "ssda903_episodes", {
        "CHILD": _ids("", np.array(child)[order]), "DECOM": _days(decom_a[order]),
        "RNE": pa.array(np.array(rne, dtype=object)[order].tolist()), "LS": pa.array(np.array(ls, dtype=object)[order].tolist()),
        "CIN": pa.array(["N1"] * len(order)), "PLACE": pa.array(np.array(place, dtype=object)[order].tolist()),
        "PLACE_PROVIDER": pa.array(np.array(provider, dtype=object)[order].tolist()), "DEC": _days(dec_out), "REC": pa.array(rec_out),
    }, authority, extract)
    all_children = np.concatenate([ids, other_ids])
    _insert(con, "ssda903_header", {
        "CHILD": _ids("", all_children), "SEX": _pick(rng, ("1", "2"), len(all_children)),
        "DOB": _days(np.concatenate([dob, begin - rng.integers(100, 5000, m)])),
        "ETHNIC": _pick(rng, ("WBRI", "MWBC", "BAFR"), len(all_children)),
    }, authority, np.full(len(all_children), last_extract))
    adopted = ao > 0
    _insert(con, "ssda903_ad1", {"CHILD": _ids("", ids[adopted]), "DATE_INT": _days(adm[adopted]),
                                 "DATE_MATCH": _days(match[adopted]), "FOSTER_CARE": pa.array(["0"] * int(adopted.sum()))},
            authority, _return_of(ao[adopted]))
    _insert(con, "ssda903_placed_for_adoption", {"CHILD": _ids("", ids), "DATE_PLACED": _days(adm),
                                                 "DATE_PLACED_CEASED": _days(np.where(changed, po + 100, -1))},
            authority, np.full(n, last_extract))
    # --- adopters, panels, CPRs, ASF ----------------------------------------------------------------
    h = 30 * years
    enquiry = rng.integers(start, end, h)
    approval = np.where(rng.random(h) < 0.5, enquiry + rng.integers(150, 300, h), -1)
    approval[approval > last_extract] = -1
    _insert(con, "cm_adopter_households", {
        "household_id": _ids("H", np.arange(h)), "local_authority": pa.array([authority] * h), "enquiry_date": _days(enquiry),
        "initial_visit_date": _days(enquiry + 20), "stage_one_start_date": _days(enquiry + 40),
        "stage_two_start_date": _days(enquiry + 100), "approval_date": _days(approval),
        "applicant_ethnicity": _pick(rng, ("WBRI", "BAFR"), h), "child_specific": pa.array(rng.random(h) < 0.1),
        "second_time_adopter": pa.array(rng.random(h) < 0.1),
        "matched_date": _days(np.where((approval > 0) & (rng.random(h) < 0.7), approval + 90, -1)),
    }, authority, np.full(h, last_extract))
    p = 60 * years
    panel_day = rng.integers(start, end, p)
    _insert(con, "panel_log", {
        "case_id": _ids("K", np.arange(p)), "panel_id": _ids("P", panel_day // 14), "panel_date": _days(panel_day),
        "case_type": _pick(rng, ("ADOPTER_APPROVAL", "MATCH"), p), "subject_id": _ids("X", np.arange(p)),
        "adm_decision": pa.array(["AGREED"] * p), "adm_decision_date": _days(panel_day + 7)}, authority, np.full(p, last_extract))
    c = 50 * years
    received = rng.integers(start, end, c)
    _insert(con, "cpr_log", {"cpr_id": _ids("R", np.arange(c)), "child_id": _ids("", rng.integers(100000, 100000 + n, c)),
                             "cpr_received_date": _days(received), "adm_decision": _pick(rng, ("ADOPTION", "NOT_ADOPTION"), c),
                             "adm_decision_date": _days(received + 10)}, authority, np.full(c, last_extract))
    a = 40 * years
    _insert(con, "asf_ledger", {"application_id": _ids("A", np.arange(a)), "family_id": _ids("F", rng.integers(0, a // 2, a)),
                                "application_date": _days(rng.integers(start, end, a)),
                                "amount": pa.array(np.round(rng.uniform(100, 5000, a), 2)).cast(pa.decimal128(12, 2))},
            authority, np.full(a, last_extract))
    return cm_rows


def run(scale: str) -> dict:
    authorities, years = SCALES[scale]
    rng = np.random.default_rng(2026)
    con = duckdb.connect()
    started = time.perf_counter()
    create_tables(con)
    for index in range(authorities):
        build_authority(con, rng, f"authority{index:03d}", years)
    load_s = time.perf_counter() - started
    episodes = con.execute("select count(*) from ssda903_episodes").fetchone()[0]
    journeys = con.execute("select count(*) from cm_child_journeys").fetchone()[0]

    started = time.perf_counter()
    con.execute("select authority, year(DECOM), count(*) from ssda903_episodes group by all").fetchall()
    reference_s = time.perf_counter() - started

    started = time.perf_counter()
    rows = build_metrics_table(con)
    metrics_s = time.perf_counter() - started

    started = time.perf_counter()
    values = compute_metrics(con)
    compute_and_read_s = time.perf_counter() - started
    assert len(values) == rows == con.execute(f"select count(*) from {METRICS_TABLE}").fetchone()[0]

    started = time.perf_counter()
    reconciliation = reconcile(con)
    reconcile_s = time.perf_counter() - started
    return {"authorities": authorities, "years": years, "episode_rows": episodes, "journey_rows": journeys,
            "load_s": round(load_s, 2), "reference_groupby_s": round(reference_s, 3),
            "metrics_s": round(metrics_s, 2), "metric_rows": rows, "target_s": 5.0,
            "metrics_vs_reference": round(metrics_s / max(reference_s, 1e-6), 1),
            "compute_and_read_s": round(compute_and_read_s, 2), "reconcile_s": round(reconcile_s, 2),
            "links": len(reconciliation.links), "findings": len(reconciliation.findings)}
