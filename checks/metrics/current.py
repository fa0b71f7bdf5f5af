"""Each source record once: the latest copy of every record across an authority's yearly returns.

A data team keeps every return (``DIR/<authority>/<YYYY-03-31>/``), and each return repeats the
records of earlier ones. Metrics need every record once, so for each validated table a view
``current_<kind>`` keeps, per authority and record key (903 episodes: CHILD and DECOM; case-management
rows: their own key), the copy from the latest extract. A record that only an older return holds is
kept: that is how a child adopted in 2020-21 is timed from the episode that opened its period of care
in an earlier return.

The copies are materialised as temporary tables (not views): every metric family reads them, and
deduplicating once is what keeps 150 authorities by 10 years within seconds.

A kind with no validated table (an authority that sends no ASF ledger) gets an empty table with the
declared columns, so every metric query runs and yields no rows rather than failing.
"""

from __future__ import annotations

import duckdb
from adoption_audit.checks.duckdb_tables import table_names
from adoption_audit.checks.extracts import EXTRACT_KINDS, LINEAGE_COLUMNS, ExtractKind

SQL_TYPES = {"id": "VARCHAR", "text": "VARCHAR", "code": "VARCHAR", "date": "DATE", "flag": "BOOLEAN",
             "int": "BIGINT", "amount": "DECIMAL(12, 2)"}
LINEAGE_TYPES = {"authority": "VARCHAR", "extract_date": "DATE", "source_path": "VARCHAR", "source_row": "BIGINT"}


def current_view(kind: str) -> str:
    return f"current_{kind}"


existing_tables = table_names  # the name the metric and reconciliation modules know it by


def _empty_select(kind: ExtractKind) -> str:
    columns = [f'cast(null as {SQL_TYPES[c.type]}) as "{c.name}"' for c in kind.columns]
    columns += [f"cast(null as {LINEAGE_TYPES[c]}) as {c}" for c in LINEAGE_COLUMNS]
    return f"select {', '.join(columns)} where false"


# Most 903 episodes belong to children never on the adoption pathway, and no metric reads them: only
# the episodes (and header rows) of children with a placement order, an adoptive placement or an
# adoption in some copy are kept, before the latest-copy rule runs (what keeps national returns fast).
_PATHWAY_EPISODES = """select authority, CHILD from "ssda903_episodes"
    where upper(LS) = 'E1' or upper(PLACE) in ('A3', 'A4', 'A5', 'A6') or upper(REC) in ('E11', 'E12')"""


def _pathway_filter(kind: str, tables: set[str]) -> str:
    """For 903 episodes and header rows: keep only children on the adoption pathway (header rows also
    for any child with a decision in AD1 or the placed-for-adoption table)."""
    if kind not in ("ssda903_episodes", "ssda903_header") or "ssda903_episodes" not in tables:
        return ""
    children = [_PATHWAY_EPISODES]
    if kind == "ssda903_header":
        children += [f'select authority, CHILD from "{t}"' for t in ("ssda903_ad1", "ssda903_placed_for_adoption")
                     if t in tables]
    return f"semi join ({' union '.join(children)}) pathway using (authority, CHILD)"


def _latest_select(kind: ExtractKind, tables: set[str]) -> str:
    key = ", ".join(f'"{k}"' for k in kind.key)
    return (f'select * from "{kind.kind}" {_pathway_filter(kind.kind, tables)} '
            f"qualify row_number() over (partition by authority, {key} "
            f"order by extract_date desc, source_path desc, source_row desc) = 1")


def create_current_views(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Create the temporary table ``current_<kind>`` for every extract kind; returns which kinds had a validated table."""
    tables = existing_tables(con)
    present = {}
    for kind in EXTRACT_KINDS.values():
        present[kind.kind] = kind.kind in tables
        body = _latest_select(kind, tables) if present[kind.kind] else _empty_select(kind)
        con.execute(f"create or replace temp table {current_view(kind.kind)} as {body}")
    return present
