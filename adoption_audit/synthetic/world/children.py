"""Looked-after children of one authority: who enters care, how each period of care unfolds, and, for
the children with an adoption plan, every step from entering care to the adoption order.

Built column-wise with numpy (one array per field, one element per child or per sibling group), so one
authority takes a fraction of a second and a national-size world under two minutes. Durations are drawn
to land where published scorecards put them: entering care to the placement order (A20) around 300 to
450 days, placement order to the match (A2) 150 to 300, entering care to moving in (A1) 400 to 600, with
slower courts for children entering care in 2019 to 2022.

Two records come out for each child with an adoption journey, and they must agree: the case-management
journey and the SSDA903 episodes built from the same dates, as the DfE's guidance says they are
recorded (placement order: new episode with LS E1; placed for adoption: PLACE
A3-A6 from the day the child moves in; adopted: the episode ends with REC E11 or E12 on the order date).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from adoption_audit.checks.extracts import ETHNICITY_CODES
from adoption_audit.synthetic.days import NO_DATE, date_series, frame, has, month_day
from adoption_audit.synthetic.names import BOYS, GIRLS, SURNAMES, authority_initials

# Share of each DfE ethnicity code among children in care (rounded national picture, for realism only).
ETHNICITY_WEIGHTS = np.array([72, 1, 4, .5, .5, 4, 1.5, 1.5, 2.5, 1, 2, .5, 1, 1, 2, 1, .3, 2, .3, .4])

ROUTE_STANDARD, ROUTE_FFA, ROUTE_FOSTER_CARER, ROUTE_CONSENT = 0, 1, 2, 3
FATE_ADOPTED, FATE_COURT_REFUSED, FATE_CHANGED_AFTER_ORDER = 0, 1, 2

# Slower years (court backlogs), as multipliers of every duration for children entering care then.
PACE_BY_YEAR = {2019: 1.05, 2020: 1.2, 2021: 1.15, 2022: 1.08}

# Adopters as the AD1 table codes them: (NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR), consistent with DfE rules
# 511, 514, 517-520 and 524, with rough shares.
ADOPTER_CODES = (("1", "F1", "L0"), ("1", "M1", "L0"), ("2", "MF", "L11"), ("2", "MF", "L3"),
                 ("2", "FF", "L12"), ("2", "MM", "L12"), ("2", "FF", "L4"), ("2", "MM", "L4"),
                 ("2", "FF", "L2"), ("2", "MM", "L2"))
ADOPTER_WEIGHTS = np.array([14, 2, 52, 12, 5, 3, 4, 3, 3, 2])

PLAN_CHANGE_REASONS = ("COURT_REFUSED", "RETURNED_HOME", "SGO", "LONG_TERM_FOSTERING", "NO_MATCH", "OTHER")
# The 903 reason a decision to place for adoption was reversed (REASON_PLACED_CEASED), per plan change.
RD_CODE = {"COURT_REFUSED": "RD2", "RETURNED_HOME": "RD1", "SGO": "RD1", "LONG_TERM_FOSTERING": "RD1",
           "NO_MATCH": "RD3", "OTHER": "RD4"}
CHANGE_WEIGHTS = np.array([0, 20, 30, 30, 15, 5])  # after a placement order

# Placements of children not on the adoption pathway, by age band at entry (0-9, 10-15, 16-17).
OTHER_PLACES = ("U6", "U4", "U1", "U3", "P1", "K2", "H5")
OTHER_PLACE_WEIGHTS = np.array([[60, 24, 4, 6, 6, 0, 0], [36, 25, 2, 4, 5, 28, 0], [15, 25, 0, 0, 0, 25, 35]])
CHANGE_REASONS = ("CARPL", "OTHER", "CREQB", "CREQO", "LAREQ", "PLACE", "STAND", "CHILD")
CHANGE_REASON_WEIGHTS = np.array([35, 15, 10, 5, 10, 10, 10, 5])
OTHER_EXITS = ("E4A", "E13", "E41", "E45", "E46", "E48", "E8", "E3", "E4B")
OTHER_EXIT_WEIGHTS = np.array([30, 15, 3, 12, 7, 5, 10, 5, 8])
CATEGORIES_OF_NEED = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
NEED_WEIGHTS = np.array([60, 5, 5, 8, 10, 3, 2, 7])


@dataclass
class ChildrenWorld:
    """Every child ever looked after by one authority in the generated window."""

    children: pl.DataFrame  # one row per child (true identity and attributes)
    episodes: pl.DataFrame  # SSDA903 episodes, all periods, dates as polars Date
    journeys: pl.DataFrame  # case-management adoption journeys (true), plus internal columns
    decisions: pl.DataFrame  # SSDA903 placed_for_adoption decisions: CHILD, DATE_PLACED, ..._CEASED, REASON


def _pick(rng: np.random.Generator, options, weights: np.ndarray, size: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=weights / weights.sum())]


def _gamma(rng: np.random.Generator, mean: float, shape: float, size: int) -> np.ndarray:
    return rng.gamma(shape, mean / shape, size)


def _between(rng: np.random.Generator, low, high, size: int | None = None) -> np.ndarray:
    """Whole days uniformly in [low, high] (arrays allowed), high never below low."""
    low = np.asarray(low, dtype=np.int64)
    high = np.maximum(np.asarray(high, dtype=np.int64), low)
    shape = size if size is not None else np.broadcast(low, high).shape
    return low + np.floor(rng.random(shape) * (high - low + 1)).astype(np.int64)


def _pace(entered: np.ndarray) -> np.ndarray:
    years, _, _ = month_day(entered)
    return np.array([PACE_BY_YEAR.get(int(y), 1.0) for y in years]) if len(years) else np.ones(0)


def build_children(rng: np.random.Generator, authority: str, size: float, window: tuple[int, int],
                   adoption_window: tuple[int, int]) -> ChildrenWorld:
    """All children of one authority: adoption journeys first, then the rest of the care population."""
    adoption = _adoption_children(rng, size, adoption_window)
    n_adopt = len(adoption["entered"])
    others = _other_children(rng, size, window)
    n_other = len(others["entered"])
    total = n_adopt + n_other

    ids = rng.choice(999_999, size=total, replace=False) + 1
    child_ids = np.array([f"{i:06d}" for i in ids], dtype=object)
    sexes = np.where(rng.random(total) < 0.51, "M", "F").astype(object)
    dob = np.concatenate([adoption["dob"], others["dob"]])
    entered = np.concatenate([adoption["entered"], others["entered"]])
    age_years = (entered - dob) / 365.25
    first = np.where(sexes == "M", np.asarray(BOYS, dtype=object)[rng.integers(0, len(BOYS), total)],
                     np.asarray(GIRLS, dtype=object)[rng.integers(0, len(GIRLS), total)])
    surname = np.asarray(SURNAMES, dtype=object)[rng.integers(0, len(SURNAMES), total)]
    ethnicity = _pick(rng, ETHNICITY_CODES, ETHNICITY_WEIGHTS, total)
    # Siblings share a surname and an ethnicity.
    group = np.concatenate([adoption["group"], np.full(n_other, -1)])
    for g in np.unique(adoption["group"][adoption["member"] > 0]):
        members = np.flatnonzero(group == g)
        surname[members] = surname[members[0]]
        ethnicity[members] = ethnicity[members[0]]
    initials = authority_initials(authority)
    home_post = np.array([f"{initials}{a} {b}{c}" for a, b, c in zip(
        rng.integers(1, 20, total), rng.integers(1, 10, total),
        np.asarray([x + y for x in "ABDEFGHJLNPQRSTUWXYZ" for y in "ABDEFGHJLNPQRSTUWXYZ"], dtype=object)[
            rng.integers(0, 400, total)], strict=True)], dtype=object)
    upn = np.where(age_years < 5, "UN1", np.array(
        [f"{chr(65 + a)}{b:012d}" for a, b in zip(rng.integers(0, 26, total),
                                                 rng.integers(0, 10**12, total), strict=True)], dtype=object))
    children = frame({
        "child_id": child_ids,
        "sex": sexes,
        "first_name": first,
        "surname": surname,
        "ethnicity": ethnicity,
        "disability": np.where(rng.random(total) < 0.08, "Y", "N").astype(object),
        "upn": upn,
        "cin": _pick(rng, CATEGORIES_OF_NEED, NEED_WEIGHTS, total),
        "home_post": home_post,
    }).with_columns(date_series("date_of_birth", dob), date_series("entered_care_date", entered))

    index = np.arange(total)
    events = pl.concat([_adoption_events(rng, adoption, index[:n_adopt]),
                        _other_events(rng, others, index[n_adopt:])], how="vertical")
    episodes = _episodes_from_events(events, children, initials, rng)
    journeys = _journeys(rng, adoption, child_ids[:n_adopt])
    decisions = _decisions(adoption, child_ids[:n_adopt])
    return ChildrenWorld(children=children, episodes=episodes, journeys=journeys, decisions=decisions)


# --- children with an adoption plan ------------------------------------------------------------------

def _adoption_children(rng: np.random.Generator, size: float, window: tuple[int, int]) -> dict:
    """Sibling groups entering care whose plan becomes adoption, with every date of their journey."""
    years = (window[1] - window[0]) / 365.25
    groups = rng.poisson(24 * size * years)
    entered = _between(rng, window[0], window[1], groups)
    route = rng.choice(4, size=groups, p=[0.77, 0.08, 0.10, 0.05])
    sizes = rng.choice([1, 2, 3], size=groups, p=[0.80, 0.15, 0.05])
    sizes[route == ROUTE_FFA] = 1
    pace = _pace(entered) * rng.lognormal(0, 0.22, groups)
    consent = route == ROUTE_CONSENT

    adm = entered + np.maximum(40, _gamma(rng, 235, 5, groups) * pace).astype(np.int64)
    adm[consent] = entered[consent] + _between(rng, 14, 80, int(consent.sum()))
    would_be_order = adm + np.maximum(10, _gamma(rng, 75, 3, groups) * pace).astype(np.int64)

    u = rng.random(groups)
    fate = np.full(groups, FATE_ADOPTED)
    fate[(u < 0.04) & ~consent & (route == ROUTE_STANDARD)] = FATE_COURT_REFUSED
    fate[(u >= 0.04) & (u < 0.11) & ~consent & (route == ROUTE_STANDARD)] = FATE_CHANGED_AFTER_ORDER
    order = np.where(consent | (fate == FATE_COURT_REFUSED), NO_DATE, would_be_order)

    mean_wait = np.select([route == ROUTE_FFA, route == ROUTE_FOSTER_CARER, consent], [60, 150, 90], 200)
    base = np.where(consent, adm, would_be_order)
    match = base + np.maximum(np.where(route == ROUTE_STANDARD, 21, 7),
                              rng.gamma(3, 1, groups) * mean_wait / 3 * pace).astype(np.int64)
    link = np.clip(match - _between(rng, 14, 90, groups), adm + 1, match)
    carers_adopt = (route == ROUTE_FFA) | (route == ROUTE_FOSTER_CARER)
    placed = match + np.where(carers_adopt, _between(rng, 0, 10, groups), _between(rng, 7, 42, groups))
    adoption_order = placed + 84 + _gamma(rng, 150, 2.5, groups).astype(np.int64)

    # Plan changes away from adoption.
    plan_changed = np.full(groups, NO_DATE)
    reason = np.full(groups, "", dtype=object)
    refused = fate == FATE_COURT_REFUSED
    plan_changed[refused] = would_be_order[refused]
    reason[refused] = "COURT_REFUSED"
    changed = fate == FATE_CHANGED_AFTER_ORDER
    plan_changed[changed] = would_be_order[changed] + _between(rng, 90, 540, int(changed.sum()))
    reason[changed] = _pick(rng, PLAN_CHANGE_REASONS, CHANGE_WEIGHTS, int(changed.sum()))

    # Disruptions before the order: back to foster care, then a second placement or a change of plan.
    adopted = fate == FATE_ADOPTED
    disrupted = adopted & ~carers_adopt & (rng.random(groups) < 0.035)
    disruption = np.full(groups, NO_DATE)
    disruption[disrupted] = _between(rng, placed[disrupted] + 14,
                                     np.minimum(adoption_order[disrupted] - 1, placed[disrupted] + 200))
    replaced = disrupted & (rng.random(groups) < 0.6)
    match2 = np.full(groups, NO_DATE)
    placed2 = np.full(groups, NO_DATE)
    order2 = np.full(groups, NO_DATE)
    match2[replaced] = disruption[replaced] + np.maximum(30, _gamma(rng, 150, 3, int(replaced.sum()))).astype(np.int64)
    placed2[replaced] = match2[replaced] + _between(rng, 7, 42, int(replaced.sum()))
    order2[replaced] = placed2[replaced] + 84 + _gamma(rng, 150, 2.5, int(replaced.sum())).astype(np.int64)
    gave_up = disrupted & ~replaced
    plan_changed2 = np.full(groups, NO_DATE)
    plan_changed2[gave_up] = disruption[gave_up] + _between(rng, 60, 300, int(gave_up.sum()))
    adoption_order[disrupted] = NO_DATE
    final_order = np.where(replaced, order2, np.where(adopted & ~disrupted, adoption_order, NO_DATE))
    disrupted_after = has(final_order) & (rng.random(groups) < 0.012)
    disruption_after = np.where(disrupted_after, final_order + _between(rng, 180, 1500, groups), NO_DATE)

    # Unplaced children keep no match, placement or order.
    unplaced = fate != FATE_ADOPTED
    for arr in (match, link, placed, adoption_order):
        arr[unplaced] = NO_DATE
    link[refused] = NO_DATE

    # Placement moves before the order, and when the carers who adopt took the child in.
    limit = np.where(has(order), order, np.where(has(plan_changed), plan_changed, adm))
    moves = (rng.random(groups) < 0.45) & ((np.minimum(adm, limit) - entered) > 20)
    move = np.where(moves, _between(rng, entered + 14, np.minimum(adm, limit) - 3), NO_DATE)
    ffa = route == ROUTE_FFA
    ffa_late = ffa & (rng.random(groups) < 0.4) & ((adm - entered) > 10)
    move[ffa] = NO_DATE
    move[ffa_late] = _between(rng, entered[ffa_late] + 2, np.minimum(entered[ffa_late] + 21, adm[ffa_late] - 2))
    carer_start = np.where(carers_adopt & ~unplaced, np.where(has(move), move, entered), NO_DATE)
    in_house = carers_adopt | (rng.random(groups) >= 0.25)
    in_house2 = rng.random(groups) >= 0.25
    adopters = rng.choice(len(ADOPTER_CODES), size=groups, p=ADOPTER_WEIGHTS / ADOPTER_WEIGHTS.sum())
    opposed = rng.random(groups) < 0.15
    initial_ls = np.where(consent, "V2", np.where(rng.random(groups) < 0.15, "V2", "C1")).astype(object)
    relative_first = (route == ROUTE_STANDARD) & (rng.random(groups) < 0.1)

    # Children leaving care without adoption after a change of plan.
    exit_date = np.full(groups, NO_DATE)
    exit_rec = np.full(groups, "", dtype=object)
    home = reason == "RETURNED_HOME"
    exit_date[home] = plan_changed[home] + _between(rng, 10, 150, int(home.sum()))
    exit_rec[home] = "E4A"
    sgo = (reason == "SGO") | (refused & (rng.random(groups) < 0.4))
    exit_date[sgo] = plan_changed[sgo] + _between(rng, 30, 240, int(sgo.sum()))
    exit_rec[sgo] = "E45"
    exit_date[has(final_order)] = final_order[has(final_order)]
    exit_rec[has(final_order)] = np.where(opposed, "E12", "E11")[has(final_order)]

    # Expand sibling groups into children: each member shares the group's dates, born 1-3 years earlier.
    group_of = np.repeat(np.arange(groups), sizes)
    member = np.concatenate([np.arange(s) for s in sizes]) if groups else np.zeros(0, dtype=np.int64)
    n = len(group_of)
    newborn = rng.random(n) < 0.3
    infant = rng.random(n) < 0.3
    age_at_entry = np.where(newborn, _between(rng, 0, 30, n),
                            np.where(infant, _between(rng, 31, 364, n), _between(rng, 365, 4 * 365, n)))
    age_at_entry[route[group_of] == ROUTE_CONSENT] = _between(rng, 0, 60, int((route[group_of] == ROUTE_CONSENT).sum()))
    age_at_entry += member * _between(rng, 365, 3 * 365, n)
    entered_c = entered[group_of]
    return {
        "entered": entered_c, "dob": entered_c - age_at_entry, "group": group_of, "member": member, "size": sizes[group_of],
        "route": route[group_of], "fate": fate[group_of], "adm": adm[group_of], "order": order[group_of],
        "link": link[group_of], "match": match[group_of], "placed": placed[group_of],
        "adoption_order": adoption_order[group_of], "plan_changed": plan_changed[group_of],
        "reason": reason[group_of], "disruption": disruption[group_of], "replaced": replaced[group_of],
        "match2": match2[group_of], "placed2": placed2[group_of], "order2": order2[group_of],
        "plan_changed2": plan_changed2[group_of], "disruption_after": disruption_after[group_of],
        "move": move[group_of], "carer_start": carer_start[group_of], "in_house": in_house[group_of],
        "in_house2": in_house2[group_of], "adopters": adopters[group_of], "exit_date": exit_date[group_of],
        "exit_rec": exit_rec[group_of], "initial_ls": initial_ls[group_of], "relative_first": relative_first[group_of],
        "final_order": final_order[group_of],
    }


def _events(child, when, rne, ls, place, provider, reason, seq) -> pl.DataFrame:
    n = len(child)

    def text(value):
        return np.full(n, value, dtype=object) if np.isscalar(value) or value is None else np.asarray(value, dtype=object)

    return frame({
        "child": np.asarray(child, dtype=np.int64), "when": np.asarray(when, dtype=np.int64),
        "seq": np.full(n, seq, dtype=np.int64), "RNE": text(rne), "LS": text(ls), "PLACE": text(place),
        "PLACE_PROVIDER": text(provider), "REASON_PLACE_CHANGE": text(reason),
    })


def _adoption_events(rng: np.random.Generator, a: dict, index: np.ndarray) -> pl.DataFrame:
    """The episode boundaries of adoption-pathway children, each with what it changes."""
    n = len(index)
    route = a["route"]
    foster_provider = np.where(rng.random(n) < 0.7, "PR1", "PR4").astype(object)
    first_place = np.where(route == ROUTE_FFA, np.where(has(a["move"]), "U6", "U5"),
                           np.where(a["relative_first"], "U3", "U6")).astype(object)
    first_provider = np.where((first_place == "U6"), foster_provider, "PR1").astype(object)
    parts = [_events(index, a["entered"], "S", a["initial_ls"], first_place, first_provider, None, 0)]

    m = has(a["move"])
    move_place = np.where(route == ROUTE_FFA, "U5", "U6")[m]
    move_provider = np.where(route[m] == ROUTE_FFA, "PR1", foster_provider[m])
    parts.append(_events(index[m], a["move"][m], "P", None, move_place, move_provider,
                         np.where(route[m] == ROUTE_STANDARD, _pick(rng, ("CARPL", "OTHER", "CREQO"),
                                                                     np.array([60, 25, 15]), int(m.sum())), "CARPL"), 1))
    o = has(a["order"])
    parts.append(_events(index[o], a["order"][o], "L", "E1", None, None, None, 2))

    def adoptive_placement(mask, when, in_house, seq):
        carers = (route == ROUTE_FFA) | (route == ROUTE_FOSTER_CARER)
        place = np.where(route == ROUTE_CONSENT, "A4", np.where(carers, "A5", "A6"))[mask]
        rne = np.where(place == "A5", "U", "P")  # DfE rule 217: A3/A5 need RNE S, T or U
        provider = np.where(in_house, "PR1", np.where(rng.random(n) < 0.6, "PR5", "PR2"))[mask]
        return _events(index[mask], when[mask], rne, None, place, provider, "CARPL", seq)

    p = has(a["placed"])
    parts.append(adoptive_placement(p, a["placed"], a["in_house"], 3))
    d = has(a["disruption"])
    parts.append(_events(index[d], a["disruption"][d], "P", None, "U6", "PR1", "OTHER", 4))
    r = has(a["placed2"])
    parts.append(adoptive_placement(r, a["placed2"], a["in_house2"], 5))
    for when in (a["plan_changed"], a["plan_changed2"]):
        c = has(when)  # the placement order is revoked (or refused) and a care order made
        parts.append(_events(index[c], when[c], "L", "C2", None, None, None, 6))
    e = has(a["exit_date"])
    parts.append(_events(index[e], a["exit_date"][e], "END", a["exit_rec"][e], None, None, None, 9))
    return pl.concat(parts, how="vertical")


# --- the rest of the care population ---------------------------------------------------------------

def _other_children(rng: np.random.Generator, size: float, window: tuple[int, int]) -> dict:
    years = (window[1] - window[0]) / 365.25
    n = rng.poisson(330 * size * years)
    entered = _between(rng, window[0], window[1], n)
    band = rng.choice(5, size=n, p=[0.14, 0.14, 0.2, 0.38, 0.14])
    low = np.array([0, 365, 5 * 365, 10 * 365, 16 * 365])[band]
    high = np.array([364, 5 * 365 - 1, 10 * 365 - 1, 16 * 365 - 1, 18 * 365 - 30])[band]
    age = _between(rng, low, high)
    dob = entered - age
    eighteenth = dob + 6574  # 18 years
    kind = rng.choice(3, size=n, p=[0.45, 0.35, 0.20])
    duration = np.select([kind == 0, kind == 1], [1 + rng.exponential(100, n), 30 + rng.exponential(600, n)],
                         eighteenth - entered).astype(np.int64)
    end = np.minimum(entered + np.maximum(duration, 1), eighteenth)
    at_eighteen = end == eighteenth
    return {"entered": entered, "dob": dob, "end": end, "at_eighteen": at_eighteen,
            "age_band": np.select([age < 10 * 365, age < 16 * 365], [0, 1], 2)}


def _other_events(rng: np.random.Generator, o: dict, index: np.ndarray) -> pl.DataFrame:
    n = len(index)
    entered, end = o["entered"], o["end"]
    ls0 = _pick(rng, ("V2", "C1", "C2"), np.array([45, 40, 15]), n)

    def place_for(bands: np.ndarray) -> np.ndarray:
        out = np.empty(len(bands), dtype=object)
        for b in range(3):
            sel = bands == b
            out[sel] = _pick(rng, OTHER_PLACES, OTHER_PLACE_WEIGHTS[b].astype(float), int(sel.sum()))
        return out

    def provider_for(place: np.ndarray) -> np.ndarray:
        own = rng.random(len(place)) < 0.65
        return np.select([place == "P1", place == "H5", np.isin(place, ["U1", "U3"])],
                         ["PR0", "PR4", "PR1"], np.where(own, "PR1", "PR4")).astype(object)

    place0 = place_for(o["age_band"])
    parts = [_events(index, entered, "S", ls0, place0, provider_for(place0), None, 0)]

    # Placement moves: about one a year in care.
    length = np.maximum(end - entered, 0)
    moves = np.minimum(rng.poisson(length / 365.25 * 0.9), 8)
    moves[length < 3] = 0
    owner = np.repeat(np.arange(n), moves)
    when = entered[owner] + 1 + np.floor(rng.random(len(owner)) * (length[owner] - 2)).astype(np.int64)
    new_place = place_for(o["age_band"][owner])
    parts.append(_events(index[owner], when, "P", None, new_place, provider_for(new_place),
                         _pick(rng, CHANGE_REASONS, CHANGE_REASON_WEIGHTS, len(owner)), 1))
    # Interim care orders become full care orders.
    c2 = (ls0 == "C1") & (length > 120) & (rng.random(n) < 0.6)
    parts.append(_events(index[c2], entered[c2] + _between(rng, 60, np.minimum(length[c2] - 1, 400)),
                         "L", "C2", None, None, None, 2))
    # Every period ends (at 18 at the latest); an end after the last extract date is simply not known yet.
    rec = np.where(o["at_eighteen"], "E5", _pick(rng, OTHER_EXITS, OTHER_EXIT_WEIGHTS, n)).astype(object)
    parts.append(_events(index, end, "END", rec, None, None, None, 9))
    return pl.concat(parts, how="vertical")


def _episodes_from_events(events: pl.DataFrame, children: pl.DataFrame, initials: str,
                          rng: np.random.Generator) -> pl.DataFrame:
    """Turn dated changes into 903 episodes: each change opens an episode that the next one closes."""
    lookup = children.select(pl.int_range(pl.len()).alias("child"), "child_id", "cin", "home_post")
    events = (events.sort("child", "when", "seq")
              .unique(subset=["child", "when"], keep="first", maintain_order=True))
    events = events.with_columns(
        pl.col("LS").forward_fill().over("child"),
        pl.col("PLACE").forward_fill().over("child"),
        pl.col("PLACE_PROVIDER").forward_fill().over("child"),
    )
    # An exit event closes the last episode; it is not an episode itself.
    ends = events.filter(pl.col("RNE") == "END").select("child", pl.col("when").alias("exit"),
                                                         pl.col("LS").alias("exit_rec"))
    episodes = events.filter(pl.col("RNE") != "END").with_columns(
        pl.col("when").shift(-1).over("child").alias("next"))
    episodes = episodes.join(ends, on="child", how="left").with_columns(
        pl.coalesce("next", "exit").alias("dec"),
        pl.when(pl.col("next").is_not_null()).then(pl.lit("X1")).otherwise(pl.col("exit_rec")).alias("REC"),
    ).join(lookup, on="child", how="left")
    n = episodes.height
    pl_post = np.array([f"{initials}{a} {b}{c}{d}" for a, b, c, d in zip(
        rng.integers(1, 20, n), rng.integers(1, 10, n), rng.choice(list("ABDEFGHJLNPQRSTUWXYZ"), n),
        rng.choice(list("ABDEFGHJLNPQRSTUWXYZ"), n), strict=True)], dtype=object)
    urn = np.array([f"SC{v:06d}" for v in rng.integers(100000, 999999, n)], dtype=object)
    episodes = episodes.with_columns(
        pl.Series("pl_post_random", pl_post, dtype=pl.String), pl.Series("urn_random", urn, dtype=pl.String))
    return episodes.select(
        pl.col("child_id").alias("CHILD"),
        pl.col("when").cast(pl.Int32).cast(pl.Date).alias("DECOM"),
        "RNE", "LS", pl.col("cin").alias("CIN"), "PLACE", "PLACE_PROVIDER",
        pl.col("dec").cast(pl.Int32).cast(pl.Date).alias("DEC"), "REC", "REASON_PLACE_CHANGE",
        pl.col("home_post").alias("HOME_POST"),
        pl.when(pl.col("PLACE") == "P1").then(pl.col("home_post")).otherwise(pl.col("pl_post_random")).alias("PL_POST"),
        pl.when(pl.col("PLACE").is_in(["K2", "H5"])).then(pl.col("urn_random")).otherwise(pl.lit("XXXXXXX")).alias("URN"),
    ).sort("CHILD", "DECOM")


# --- case-management journeys and 903 decisions ----------------------------------------------------

def _journeys(rng: np.random.Generator, a: dict, child_ids: np.ndarray) -> pl.DataFrame:
    """One case-management row per journey; a child placed again after a disruption has a second one."""
    n = len(child_ids)
    route = a["route"]
    sibling = np.where(a["size"] > 1, np.array([f"SG{g:05d}" for g in a["group"]], dtype=object), None)
    first_type = np.where(a["in_house"], "IN_HOUSE", "INTER_AGENCY").astype(object)
    disrupted = has(a["disruption"])
    journey1_end = np.select(
        [disrupted, has(a["adoption_order"]), has(a["plan_changed"])],
        [a["disruption"], np.maximum(a["adoption_order"], a["disruption_after"]), a["plan_changed"]], NO_DATE)
    adopters = np.asarray(ADOPTER_CODES, dtype=object)
    first = {
        "child_id": child_ids,
        "entered_care_date": a["entered"], "adm_decision_date": a["adm"], "placement_order_date": a["order"],
        "link_identified_date": a["link"], "match_date": a["match"], "placed_date": a["placed"],
        "foster_carer_adopter_start_date": a["carer_start"], "adoption_order_date": a["adoption_order"],
        "placement_type": np.where(has(a["link"]), first_type, None),
        "sibling_group_id": sibling, "ffa": np.where(route == ROUTE_FFA, "Y", "N").astype(object),
        "plan_changed_date": a["plan_changed"],
        "plan_changed_reason": np.where(a["reason"] == "", None, a["reason"]),
        "disruption_date": np.where(disrupted, a["disruption"], a["disruption_after"]),
        "disruption_stage": np.select([disrupted, has(a["disruption_after"])], ["BEFORE_ORDER", "AFTER_ORDER"], None),
        "journey_end": journey1_end, "group": a["group"], "journey_no": np.ones(n, dtype=np.int64),
        "route": route, "foster_care": np.where((route == ROUTE_FFA) | (route == ROUTE_FOSTER_CARER), "1", "0"),
        "nb_adoptr": adopters[a["adopters"], 0], "sex_adoptr": adopters[a["adopters"], 1],
        "ls_adoptr": adopters[a["adopters"], 2],
    }
    # Journey 2 (after a disruption before the order): a new link, match and placement, or a plan change.
    second = disrupted
    plan2 = has(a["plan_changed2"])
    second_rows = {
        "child_id": child_ids[second],
        "entered_care_date": a["entered"][second], "adm_decision_date": a["adm"][second],
        "placement_order_date": a["order"][second],
        "link_identified_date": np.where(has(a["match2"]), np.maximum(a["match2"] - _between(rng, 7, 40, n),
                                                                      a["disruption"] + 1), NO_DATE)[second],
        "match_date": a["match2"][second], "placed_date": a["placed2"][second],
        "foster_carer_adopter_start_date": np.full(int(second.sum()), NO_DATE),
        "adoption_order_date": a["order2"][second],
        "placement_type": np.where(has(a["match2"]), np.where(a["in_house2"], "IN_HOUSE", "INTER_AGENCY"), None)[second],
        "sibling_group_id": sibling[second], "ffa": np.full(int(second.sum()), "N", dtype=object),
        "plan_changed_date": a["plan_changed2"][second],
        "plan_changed_reason": np.where(plan2, "NO_MATCH", None)[second],
        "disruption_date": a["disruption_after"][second],
        "disruption_stage": np.where(has(a["disruption_after"]), "AFTER_ORDER", None)[second],
        "journey_end": np.where(has(a["order2"]), np.maximum(a["order2"], a["disruption_after"]),
                                a["plan_changed2"])[second],
        "group": a["group"][second], "journey_no": np.full(int(second.sum()), 2, dtype=np.int64),
        "route": route[second], "foster_care": np.full(int(second.sum()), "0", dtype=object),
        "nb_adoptr": adopters[a["adopters"], 0][second], "sex_adoptr": adopters[a["adopters"], 1][second],
        "ls_adoptr": adopters[a["adopters"], 2][second],
    }
    # The first journey of a re-placed child loses nothing; its adoption fields stay empty.
    frames = []
    for rows in (first, second_rows):
        date_cols = [k for k in rows if k.endswith("_date") or k == "journey_end"]
        part = frame({k: v for k, v in rows.items() if k not in date_cols})
        frames.append(part.with_columns([date_series(k, rows[k]) for k in date_cols]))
    journeys = pl.concat(frames, how="diagonal").sort("entered_care_date", "child_id", "journey_no")
    return journeys.with_columns(
        pl.format("J{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("journey_id"))


def _decisions(a: dict, child_ids: np.ndarray) -> pl.DataFrame:
    """The 903 placed_for_adoption rows: one decision per child, with its reversal where the plan changed."""
    ceased = np.where(has(a["plan_changed"]), a["plan_changed"], a["plan_changed2"])
    reason = np.where(has(a["plan_changed"]), np.array([RD_CODE.get(r, "RD4") for r in a["reason"]], dtype=object),
                      np.where(has(a["plan_changed2"]), "RD3", None))
    return frame({"CHILD": child_ids, "REASON_PLACED_CEASED": reason}).with_columns(
        date_series("DATE_PLACED", a["adm"]), date_series("DATE_PLACED_CEASED", ceased)
    ).select("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")
