"""A synthetic SSDA903 return (header, episodes, AD1, placed for adoption) with planted faults, made with
numpy and polars so a national-size return (a million episode rows) takes seconds.

Children are fictional: ids are numbers, dates are drawn at random. Most children move through foster
placements; about one in ten is on the adoption pathway (a decision to place, a placement order, an
adoptive placement, and for half of them an adoption during the year with its AD1 row). With
``faults=True`` a small share of rows is broken in ways each DfE rule tests (bad dates and codes, dates
out of order, adopters' details that disagree, children missing from the header, ...).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from adoption_audit.checks.dfe903 import codelists as codes
from adoption_audit.checks.dfe903.codelists import CollectionYear

EPOCH = date(1970, 1, 1)
FILES = {"header": "header.csv", "episodes": "episodes.csv", "ad1": "ad1.csv",
         "placed_for_adoption": "placed_for_adoption.csv"}


def _day(d: date) -> int:
    return (d - EPOCH).days


def _text_dates(days: np.ndarray) -> pl.Series:
    """dd/mm/YYYY text, blank where ``days`` is negative (our null)."""
    series = pl.Series(days, dtype=pl.Int32).cast(pl.Date)
    return pl.select(pl.when(pl.lit(pl.Series(days)) >= 0).then(series.dt.strftime("%d/%m/%Y"))).to_series()


class _Faults:
    """Plants faults: each picks a few rows among candidates and records what it did."""

    def __init__(self, rng: np.random.Generator, rate: float):
        self.rng, self.rate, self.planted = rng, rate, []

    def pick(self, candidates: np.ndarray, name: str, table: str, minimum: int = 3) -> np.ndarray:
        candidates = np.flatnonzero(candidates) if candidates.dtype == bool else candidates
        if candidates.size == 0:
            return candidates
        n = min(candidates.size, max(minimum, int(candidates.size * self.rate)))
        chosen = self.rng.choice(candidates, size=n, replace=False)
        self.planted.extend((name, table, int(i) + 2) for i in chosen)
        return chosen


def generate(children: int, year: CollectionYear, seed: int = 903, faults: bool = True,
             fault_rate: float = 0.004) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    start, end = _day(year.start), _day(year.end)
    n = children
    ids = np.array([str(x) for x in rng.choice(np.arange(100_000, 100_000 + 9 * n), size=n, replace=False)],
                   dtype=object)
    dob = end - rng.integers(60, 17 * 365, n)

    # ---- episodes: a run of placements per child, starting up to four years before the year
    k = np.clip(1 + rng.poisson(1.6, n), 1, 8)
    child = np.repeat(np.arange(n), k)
    first_index = np.cumsum(k) - k
    pos = np.arange(child.size) - first_index[child]
    care_start = np.maximum(dob + 1, start - rng.integers(0, 4 * 365, n))
    gaps = np.where(pos == 0, 0, rng.integers(20, 300, child.size))
    cum = np.cumsum(gaps)
    decom = care_start[child] + cum - cum[first_index[child]]
    keep = decom <= end
    child, pos, decom = child[keep], pos[keep], decom[keep]
    m = child.size
    last = np.r_[child[1:] != child[:-1], True]
    next_decom = np.r_[decom[1:], -1]

    pathway = rng.random(n) < 0.10  # on the adoption pathway
    outcome = rng.choice(np.array(["adopted", "placed", "ceased"]), size=n, p=[0.5, 0.25, 0.25])
    on_path = pathway[child]

    place = rng.choice(np.array(["U1", "U2", "U3", "U4", "U5", "U6", "R1", "K2", "P1", "H5", "S1", "T0"]), m,
                       p=[.22, .14, .12, .1, .1, .08, .06, .05, .05, .03, .03, .02]).astype(object)
    ls = rng.choice(np.array(["C2", "C1", "V2", "J2", "L1", "J1"]), m, p=[.6, .22, .1, .04, .02, .02]).astype(object)
    rne = rng.choice(np.array(["P", "L", "T", "U", "B"]), m).astype(object)
    rec = np.where(rng.random(m) < 0.93, "X1", rng.choice(np.array(["E13", "E41", "E2", "E8", "E4A"]), m)).astype(
        object)
    ends = ["E13", "E41", "E2", "E8", "E4A", "E45", "E17", "E15"]
    open_last = rng.random(m) < 0.55
    dec = np.where(last, -1, next_decom)
    closing = last & ~open_last
    dec = np.where(closing, np.minimum(decom + rng.integers(10, 300, m), end), dec)
    rec = np.where(last & open_last, None, rec)
    rec = np.where(closing, rng.choice(np.array(ends), m), rec).astype(object)
    rne[pos == 0] = "S"
    rne[1:][(rec[:-1] != "X1") & (rec[:-1] != None) & (pos[1:] > 0)] = "S"
    provider = rng.choice(np.array(["PR1", "PR2", "PR4", "PR0"]), m, p=[.6, .25, .1, .05]).astype(object)

    # adoption pathway: the last episode is an adoptive placement under a placement order
    path_last = last & on_path
    o = outcome[child]
    place[path_last] = rng.choice(np.array(["A3", "A4", "A5", "A6"]), int(path_last.sum()))
    ls[path_last] = "E1"
    rne[path_last & (pos > 0)] = "T"
    prev = np.flatnonzero(path_last & (pos > 0)) - 1
    place[prev] = rng.choice(np.array(["U1", "U3", "U4"]), prev.size)
    rec[prev] = "X1"
    adopted_ep = path_last & (o == "adopted") & (decom + 30 <= end)
    dec[adopted_ep] = np.maximum(decom[adopted_ep] + 30, start) + rng.integers(0, 200, int(adopted_ep.sum()))
    dec[adopted_ep] = np.minimum(dec[adopted_ep], end)
    rec[adopted_ep] = rng.choice(np.array(["E11", "E12"]), int(adopted_ep.sum()))
    placed_ep = path_last & ~adopted_ep & (o != "ceased")
    dec[placed_ep], rec[placed_ep] = -1, None
    ceased_ep = path_last & (o == "ceased")
    place[ceased_ep] = rng.choice(np.array(["U1", "U2"]), int(ceased_ep.sum()))
    ls[ceased_ep] = "C2"
    dec[ceased_ep] = np.minimum(np.maximum(decom[ceased_ep] + 20, start + 10), end)
    rec[ceased_ep] = rng.choice(np.array(["E13", "E41"]), int(ceased_ep.sum()))
    decom[ceased_ep] = np.minimum(decom[ceased_ep], dec[ceased_ep])

    # ---- placed for adoption: one decision per pathway child, before the adoptive placement
    path_rows = np.flatnonzero(path_last)
    p_child = child[path_rows]
    decided = np.maximum(care_start[p_child], decom[path_rows] - rng.integers(60, 240, path_rows.size))
    decided = np.minimum(decided, decom[path_rows])
    p_ceased = np.where(outcome[p_child] == "ceased", np.maximum(dec[path_rows] - rng.integers(0, 10, path_rows.size),
                                                                  np.maximum(decided, start)), -1)
    p_reason = np.where(p_ceased >= 0, rng.choice(np.array(["RD1", "RD2", "RD3", "RD4"]), path_rows.size), None)

    # ---- AD1: the children adopted in the year
    ad_rows = np.flatnonzero(adopted_ep)
    a_child = child[ad_rows]
    p_of_child = {c: i for i, c in enumerate(p_child)}
    a_int = decided[[p_of_child[c] for c in a_child]]
    a_match = a_int + ((decom[ad_rows] - a_int) * rng.random(ad_rows.size)).astype(int)
    a_place = place[ad_rows]
    foster = np.where(np.isin(a_place, ["A3", "A5"]), "1", "0").astype(object)
    nb = rng.choice(np.array(["1", "2"]), ad_rows.size, p=[.2, .8]).astype(object)
    couples = np.array(["MF", "MF", "MF", "MM", "FF"])
    sex_ad = np.where(nb == "1", rng.choice(np.array(["M1", "F1"]), ad_rows.size),
                      rng.choice(couples, ad_rows.size)).astype(object)
    ls_ad = np.select([nb == "1", sex_ad == "MF"], ["L0", "L11"], default="L12").astype(object)

    tables = {
        "header": {"CHILD": ids.copy(), "SEX": rng.choice(np.array(codes.sex_codes(year)), n).astype(object),
                   "DOB": dob.copy(), "ETHNIC": rng.choice(np.array(codes.ETHNIC), n).astype(object),
                   "UPN": np.array([f"A{x:012d}" for x in rng.integers(0, 10**12, n)], dtype=object),
                   "MOTHER": np.full(n, None, dtype=object), "MC_DOB": np.full(n, -1)},
        "episodes": {"CHILD": ids[child].copy(), "DECOM": decom, "RNE": rne, "LS": ls,
                     "CIN": rng.choice(np.array(["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"]), m).astype(object),
                     "PLACE": place, "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec,
                     "REASON_PLACE_CHANGE": np.where(rec == "X1", "CARPL", None).astype(object),
                     "HOME_POST": np.full(m, None, dtype=object), "PL_POST": np.full(m, None, dtype=object),
                     "URN": np.full(m, "XXXXXXX", dtype=object)},
        "ad1": {"CHILD": ids[a_child].copy(), "DOB": dob[a_child].copy(), "DATE_INT": a_int.copy(),
                "DATE_MATCH": a_match, "FOSTER_CARE": foster, "NB_ADOPTR": nb, "SEX_ADOPTR": sex_ad,
                "LS_ADOPTR": ls_ad},
        "placed_for_adoption": {"CHILD": ids[p_child].copy(), "DOB": dob[p_child].copy(), "DATE_PLACED": decided,
                                "DATE_PLACED_CEASED": p_ceased, "REASON_PLACED_CEASED": p_reason.astype(object)},
    }
    planted: list = []
    if faults:
        planted = _plant(tables, _Faults(rng, fault_rate), year)
    frames = {}
    for name, columns in tables.items():
        data = {}
        for column, values in columns.items():
            if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
                data[column] = _text_dates(values)
            else:
                text = pl.Series(column, np.where(values == None, "", values).astype(str))
                data[column] = pl.select(pl.when(text != "").then(text)).to_series().alias(column)
        frames[name] = pl.DataFrame(data)
    frames = _apply_text_faults(frames, planted)
    return frames


def _plant(t: dict, f: _Faults, year: CollectionYear) -> list:
    """Break a few rows per rule family; returns text overrides (table, row index, column, text)."""
    h, e, a, p = t["header"], t["episodes"], t["ad1"], t["placed_for_adoption"]
    texts = []

    def text(table, rows, column, value, _rule):
        texts.extend((table, int(i), column, value) for i in rows)

    ne, na, np_ = len(e["CHILD"]), len(a["CHILD"]), len(p["CHILD"])
    all_e, all_a, all_p = np.ones(ne, bool), np.ones(na, bool), np.ones(np_, bool)
    h["SEX"][f.pick(np.ones(len(h["CHILD"]), bool), "101", "header")] = "X"
    text("header", f.pick(np.ones(len(h["CHILD"]), bool), "102", "header"), "DOB", "31/02/2010", "102")
    h["ETHNIC"][f.pick(np.ones(len(h["CHILD"]), bool), "103", "header")] = "ZZZZ"
    # not a child's first episode, nor one the DfE tool picks a child's earliest or latest from (RNE S, LS E1):
    # where every candidate DECOM of a child is unreadable the tool fails the whole rule (docs/dfe-rules.md)
    later = np.r_[False, e["CHILD"][1:] == e["CHILD"][:-1]] & (e["RNE"] != "S") & ~np.isin(e["LS"], ["E1", "V3", "V4"])
    text("episodes", f.pick(later, "141", "episodes"), "DECOM", "2019-04-01", "141")
    text("episodes", f.pick(e["DEC"] >= 0, "147", "episodes"), "DEC", "01/13/2019", "147")
    e["RNE"][f.pick(all_e, "143", "episodes")] = "Q"
    e["LS"][f.pick(all_e, "144", "episodes")] = "Z9"
    e["PLACE"][f.pick(all_e, "146", "episodes")] = "Q9"
    e["REC"][f.pick(e["REC"] != None, "149", "episodes")] = "E99"
    e["RNE"][f.pick(np.isin(e["PLACE"], ["A3", "A5"]), "217", "episodes")] = "P"
    rows = f.pick(np.isin(e["PLACE"], ["A3", "A5"]) & (np.r_[False, e["CHILD"][1:] == e["CHILD"][:-1]]),
                  "336", "episodes")
    e["PLACE"][rows - 1] = "R1"
    e["PLACE"][f.pick(np.isin(e["REC"], ["E11", "E12"]), "390", "episodes")] = "U1"
    e["LS"][f.pick(np.isin(e["PLACE"], ["A5", "A6"]), "408", "episodes")] = "C2"
    e["PLACE_PROVIDER"][f.pick(np.isin(e["PLACE"], ["A3", "A4", "A5", "A6", "U1", "K2"]), "529", "episodes")] = "PR3"
    text("ad1", f.pick(all_a, "112", "ad1"), "DATE_INT", "2019/04/01", "112")
    text("ad1", f.pick(all_a, "113", "ad1"), "DATE_MATCH", "1/4/19", "113")
    a["FOSTER_CARE"][f.pick(all_a, "114", "ad1")] = "2"
    a["NB_ADOPTR"][f.pick(all_a, "175", "ad1")] = "3"
    a["SEX_ADOPTR"][f.pick(all_a, "176", "ad1")] = "XX"
    a["LS_ADOPTR"][f.pick(all_a, "177", "ad1")] = "L9"
    a["LS_ADOPTR"][f.pick(all_a, "151", "ad1")] = None
    rows = f.pick(all_a, "333", "ad1")
    a["DATE_INT"][rows] = a["DATE_MATCH"][rows] + 5
    a["SEX_ADOPTR"][f.pick(a["NB_ADOPTR"] == "2", "511", "ad1")] = "M1"
    a["SEX_ADOPTR"][f.pick(a["LS_ADOPTR"] == "L0", "514", "ad1")] = "MM"
    rows = f.pick(a["LS_ADOPTR"] == "L11", "517", "ad1")
    a["LS_ADOPTR"][rows], a["SEX_ADOPTR"][rows] = "L3", "FF"
    rows = f.pick(a["LS_ADOPTR"] == "L11", "518", "ad1")
    a["LS_ADOPTR"][rows] = "L4"
    rows = f.pick(a["LS_ADOPTR"] == "L0", "519", "ad1")
    a["LS_ADOPTR"][rows] = "L2"
    a["SEX_ADOPTR"][f.pick(a["LS_ADOPTR"] == "L11", "520", "ad1")] = "MM"
    a["SEX_ADOPTR"][f.pick(a["LS_ADOPTR"] == "L12", "524", "ad1")] = "MF"
    a["CHILD"][f.pick(all_a, "INT01", "ad1")] = "99999999"
    a["DOB"][f.pick(all_a, "INT11", "ad1")] -= 400
    rows = f.pick(all_a, "331", "ad1")
    a["DATE_MATCH"][rows] = a["DATE_MATCH"][rows] + 400
    rows = f.pick(all_a, "335", "ad1")
    a["FOSTER_CARE"][rows] = np.where(a["FOSTER_CARE"][rows] == "1", "0", "1")
    rows = f.pick(all_a, "521", "ad1")
    a["DATE_INT"][rows] = a["DATE_INT"][rows] + 500
    a["NB_ADOPTR"][f.pick(all_a, "601", "ad1")] = None
    rows = f.pick(all_a, "INT31", "ad1")
    for column in a:
        a[column] = np.concatenate([a[column], a[column][rows]])
    text("placed_for_adoption", f.pick(all_p, "115", "placed_for_adoption"), "DATE_PLACED", "32/01/2019", "115")
    text("placed_for_adoption", f.pick(p["DATE_PLACED_CEASED"] >= 0, "116", "placed_for_adoption"),
         "DATE_PLACED_CEASED", "2019-01-01", "116")
    p["REASON_PLACED_CEASED"][f.pick(p["REASON_PLACED_CEASED"] != None, "120", "placed_for_adoption")] = "RD9"
    p["REASON_PLACED_CEASED"][f.pick(p["REASON_PLACED_CEASED"] != None, "119", "placed_for_adoption")] = None
    rows = f.pick(p["DATE_PLACED_CEASED"] >= 0, "522", "placed_for_adoption")
    p["DATE_PLACED_CEASED"][rows] = p["DATE_PLACED"][rows] - 3
    rows = f.pick(p["DATE_PLACED_CEASED"] >= 0, "563", "placed_for_adoption")
    p["DATE_PLACED"][rows] = -1
    rows = f.pick(all_p, "184", "placed_for_adoption")
    p["DATE_PLACED"][rows] = p["DOB"][rows] - 30
    rows = f.pick(all_p, "117", "placed_for_adoption")
    p["DATE_PLACED"][rows] = _day(year.end) + 20
    p["CHILD"][f.pick(all_p, "INT02", "placed_for_adoption")] = "99999998"
    p["DOB"][f.pick(all_p, "INT12", "placed_for_adoption")] += 10
    rows = f.pick(all_p, "579", "placed_for_adoption")
    extra = {c: p[c][rows].copy() for c in p}
    extra["DATE_PLACED"] = extra["DATE_PLACED"] - 700
    extra["DATE_PLACED_CEASED"] = np.full(rows.size, -1)
    extra["REASON_PLACED_CEASED"] = np.full(rows.size, None, dtype=object)
    for column in p:
        p[column] = np.concatenate([p[column], extra[column]])
    # children with an adoptive placement or placement order but no decision (551, 553)
    drop = set(f.pick(np.arange(len(p["CHILD"]) - rows.size), "551", "placed_for_adoption").tolist())
    keep = np.array([i not in drop for i in range(len(p["CHILD"]))])
    for column in p:
        p[column] = p[column][keep]
    texts = [(tb, i - sum(1 for d in drop if d < i) if tb == "placed_for_adoption" else i, c, v)
             for tb, i, c, v in texts if not (tb == "placed_for_adoption" and i in drop)]
    return texts


def _apply_text_faults(frames: dict[str, pl.DataFrame], texts: list) -> dict[str, pl.DataFrame]:
    """Overwrite cells with text no date column could hold (the date-validity faults)."""
    result = {}
    for table, frame in frames.items():
        mine = [(i, c, v) for tb, i, c, v in texts if tb == table]
        for column in {c for _, c, _ in mine}:
            idx = [i for i, c, _ in mine if c == column]
            vals = [v for _, c, v in mine if c == column]
            frame = frame.with_columns(frame[column].scatter(idx, vals))
        result[table] = frame
    return result


def write_return(folder: Path, *, children: int, year: CollectionYear, seed: int = 903,
                 faults: bool = True) -> list[str]:
    """Write the four CSVs into ``folder``; returns their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in generate(children, year, seed, faults).items():
        frame.write_csv(folder / FILES[name])
    return list(FILES.values())
