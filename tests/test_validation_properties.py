"""Property: whatever is done to the rows of an extract, every row is either valid or quarantined.

Corruptions are drawn at random (blank cells, garbage dates, swapped columns, duplicated rows, bad codes,
stray delimiters); the invariant rows = valid + quarantined must hold, no row number may be lost or
invented, and every quarantined row must have at least one error-severity reason.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from adoption_audit.checks.extracts import CM_CHILD_JOURNEYS, SSDA903_EPISODES
from adoption_audit.checks.validation import validate_sources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validation_helpers import episode, journey

COLUMNS = list(CM_CHILD_JOURNEYS.column_names)
GARBAGE = st.sampled_from(["", " ", "31/02/2019", "1/4/2019", "01/04/19", "2019-02-30", "XX", "=1+1", "££",
                           "1042.0", "wbri", "01/01/2999", "Ünïcødé", "N/A", "-5"])

corruption = st.one_of(
    st.tuples(st.just("blank"), st.sampled_from(COLUMNS)),
    st.tuples(st.just("garbage"), st.sampled_from(COLUMNS), GARBAGE),
    st.tuples(st.just("swap"), st.sampled_from(COLUMNS), st.sampled_from(COLUMNS)),
    st.tuples(st.just("duplicate")),
    st.tuples(st.just("stray_delimiter")),
)


def corrupt(row: dict, change: tuple) -> list[dict | list]:
    row = dict(row)
    if change[0] == "blank":
        row[change[1]] = ""
    elif change[0] == "garbage":
        row[change[1]] = change[2]
    elif change[0] == "swap":
        row[change[1]], row[change[2]] = row[change[2]], row[change[1]]
    elif change[0] == "duplicate":
        return [row, dict(row)]
    elif change[0] == "stray_delimiter":
        return [[*row.values(), "spill"]]
    return [row]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(corruption, max_size=3), min_size=1, max_size=12))
def test_valid_plus_quarantined_is_input(changes_per_row):
    rows: list[dict | list] = []
    for n, changes in enumerate(changes_per_row):
        produced: list = [journey(n)]
        for change in changes:
            produced = [out for item in produced
                        for out in (corrupt(item, change) if isinstance(item, dict) else [item])]
        rows += produced
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "northshire" / "2019-03-31" / "journeys.csv"
        path.parent.mkdir(parents=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([row[c] for c in COLUMNS] if isinstance(row, dict) else row)
        result = validate_sources(Path(folder))
    assert not result.rejected
    (report,) = result.extracts
    assert report.rows == len(rows) == report.valid + report.quarantined
    quarantined_rows = {q.row for q in result.quarantine if q.severity == "error"}
    valid_rows = set(report.valid_frame["source_row"].to_list())
    assert not quarantined_rows & valid_rows
    assert quarantined_rows | valid_rows == set(range(2, len(rows) + 2))
    assert all(q.reason and q.rule for q in result.quarantine)


EPISODE_COLUMNS = list(SSDA903_EPISODES.column_names)
episode_corruption = st.one_of(
    st.tuples(st.just("blank"), st.sampled_from(EPISODE_COLUMNS)),
    st.tuples(st.just("garbage"), st.sampled_from(EPISODE_COLUMNS), GARBAGE),
    st.tuples(st.just("swap"), st.sampled_from(EPISODE_COLUMNS), st.sampled_from(EPISODE_COLUMNS)),
    st.tuples(st.just("duplicate")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(episode_corruption, max_size=2), min_size=1, max_size=8))
def test_903_rows_add_up_with_the_dfe_rules_too(changes_per_row):
    """The DfE's return-level rules add flags to 903 rows; a row is still counted once."""
    rows: list[dict] = []
    for n, changes in enumerate(changes_per_row):
        produced = [episode(n)]
        for change in changes:
            produced = [out for item in produced for out in corrupt(item, change)]
        rows += produced
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "northshire" / "2018-03-31" / "episodes.csv"
        path.parent.mkdir(parents=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(EPISODE_COLUMNS)
            writer.writerows([row[c] for c in EPISODE_COLUMNS] for row in rows)
        result = validate_sources(Path(folder))
    (report,) = result.extracts
    assert report.rows == len(rows) == report.valid + report.quarantined
    quarantined_rows = {q.row for q in result.quarantine if q.severity == "error"}
    assert quarantined_rows | set(report.valid_frame["source_row"].to_list()) == set(range(2, len(rows) + 2))
