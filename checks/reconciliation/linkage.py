"""Record linkage between case management and the 903 return: by id first, then scored candidates.

1. Exact: the same authority and the same id.
2. Scored: the rest are blocked (same authority and sex, and the same birth year and month, or the
   same birth year with day and month transposed, or the same core id), never all pairs. Each
   candidate pair is scored on the id (:mod:`.ids`), the date of birth compared as a date (equal 1.0,
   day and month transposed 0.8, within three days 0.5), sex, and the journey dates both systems
   hold; two blanks never agree. Pairs at or above the threshold are linked one to one, best first,
   and every link keeps its score and the threshold it passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from adoption_audit.checks.reconciliation.ids import id_core, id_similarity

THRESHOLD = 0.8
WEIGHTS = {"id": 0.4, "dob": 0.3, "sex": 0.1, "events": 0.2}
EVENT_FIELDS = ("entered_care", "placement_order", "placed", "adoption_order")
NEAR_DAYS = 31


@dataclass(frozen=True)
class ChildRecord:
    source: str
    authority: str
    child_id: str
    dob: date | None
    sex: str | None
    events: dict[str, date | None] = field(default_factory=dict)
    placement: str | None = None
    matched: date | None = None


@dataclass(frozen=True)
class Link:
    authority: str
    cm_id: str
    ssda903_id: str
    method: str  # id | scored
    score: float
    threshold: float | None
    parts: dict[str, float]


def dob_similarity(a: date | None, b: date | None) -> float:
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    if a.year == b.year and (a.day, a.month) == (b.month, b.day):
        return 0.8
    if abs((a - b).days) <= 3:
        return 0.5
    return 0.0


def _sex_similarity(a: str | None, b: str | None) -> float:
    return 1.0 if a and b and a == b and a != "U" else 0.0


def _events_similarity(a: ChildRecord, b: ChildRecord) -> float:
    scores = []
    for name in EVENT_FIELDS:
        x, y = a.events.get(name), b.events.get(name)
        if x is None or y is None:
            continue
        scores.append(1.0 if x == y else 0.5 if abs((x - y).days) <= NEAR_DAYS else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def score_pair(a: ChildRecord, b: ChildRecord) -> tuple[float, dict[str, float]]:
    parts = {"id": id_similarity(a.child_id, b.child_id), "dob": dob_similarity(a.dob, b.dob),
             "sex": _sex_similarity(a.sex, b.sex), "events": _events_similarity(a, b)}
    return round(sum(WEIGHTS[k] * v for k, v in parts.items()), 4), {k: round(v, 3) for k, v in parts.items()}


def _block_keys(record: ChildRecord) -> set[tuple]:
    keys = set()
    if record.dob is not None and record.sex:
        keys.add(("dob", record.authority, record.sex, record.dob.year, record.dob.month, record.dob.day))
        keys.add(("ym", record.authority, record.sex, record.dob.year, record.dob.month))
        if record.dob.day <= 12:  # the same date with day and month swapped lands in another month's block
            keys.add(("ym", record.authority, record.sex, record.dob.year, record.dob.day))
    core = id_core(record.child_id)
    if core:
        keys.add(("id", record.authority, core))
    return keys


def candidate_pairs(left: list[ChildRecord], right: list[ChildRecord]) -> set[tuple[int, int]]:
    """Index pairs sharing a block key (no all-pairs comparison)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for j, record in enumerate(right):
        for key in _block_keys(record):
            blocks[key].append(j)
    pairs = set()
    for i, record in enumerate(left):
        for key in _block_keys(record):
            pairs.update((i, j) for j in blocks.get(key, ()))
    return pairs


def link_records(cm: list[ChildRecord], ssda903: list[ChildRecord],
                 threshold: float = THRESHOLD) -> tuple[list[Link], list[ChildRecord], list[ChildRecord]]:
    """Link case-management records to 903 records; return the links and the unlinked on each side."""
    links: list[Link] = []
    by_id = {(r.authority, r.child_id): r for r in ssda903}
    linked_cm, linked_903 = set(), set()
    for i, record in enumerate(cm):
        other = by_id.get((record.authority, record.child_id))
        if other is not None:
            score, parts = score_pair(record, other)
            links.append(Link(record.authority, record.child_id, other.child_id, "id", score, None, parts))
            linked_cm.add(i)
            linked_903.add((other.authority, other.child_id))
    rest_cm = [r for i, r in enumerate(cm) if i not in linked_cm]
    rest_903 = [r for r in ssda903 if (r.authority, r.child_id) not in linked_903]
    scored = []
    for i, j in candidate_pairs(rest_cm, rest_903):
        score, parts = score_pair(rest_cm[i], rest_903[j])
        if score >= threshold:
            scored.append((score, parts["id"], i, j, parts))
    taken_cm, taken_903 = set(), set()
    for score, _, i, j, parts in sorted(scored, key=lambda s: (-s[0], -s[1], s[2], s[3])):
        if i in taken_cm or j in taken_903:
            continue
        taken_cm.add(i)
        taken_903.add(j)
        links.append(Link(rest_cm[i].authority, rest_cm[i].child_id, rest_903[j].child_id, "scored", score,
                          threshold, parts))
    unlinked_cm = [r for i, r in enumerate(rest_cm) if i not in taken_cm]
    unlinked_903 = [r for j, r in enumerate(rest_903) if j not in taken_903]
    return links, unlinked_cm, unlinked_903
