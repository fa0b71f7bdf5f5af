"""The audit as CSV for Excel: one header row, one row per finding with its evidence.

UTF-8 with BOM, every cell text, formula-looking cells neutralised (``adoption_audit.tabular_out``).
Evidence places and quotes are joined inside one cell, one place per line, so a finding stays one row.
"""

from __future__ import annotations

from pathlib import Path

from adoption_audit.tabular_out import write_csv

COLUMNS = ("id", "severity", "rule", "metric", "period", "entity", "stated", "expected", "message",
           "acknowledged_by", "acknowledged_reason", "acknowledged_until", "places", "quotes", "sources",
           "fingerprint")


def finding_rows(document: dict) -> list[dict]:
    paths = {d["id"]: d["path"] for d in document.get("documents", [])}
    rows = []
    for finding in document.get("findings", []):
        places, quotes, sources = [], [], []
        for item in finding.get("evidence", []):
            if "source" in item:
                sources.append(f"{item['source']}: {item.get('rows')} rows; {item.get('query', '')}")
                continue
            where = paths.get(item.get("document"), item.get("document") or "")
            if item.get("page"):
                where += f" page {item['page']}"
            if item.get("line"):
                where += f" line {item['line']}"
            places.append(where)
            quotes.append(item.get("quote") or "")
        ack = finding.get("acknowledged") or {}
        rows.append({**{k: finding.get(k) for k in ("id", "severity", "rule", "metric", "period", "entity",
                                                   "stated", "expected", "message", "fingerprint")},
                     "acknowledged_by": ack.get("by"), "acknowledged_reason": ack.get("reason"),
                     "acknowledged_until": ack.get("until"),
                     "places": "\n".join(places), "quotes": "\n".join(quotes), "sources": "\n".join(sources)})
    return rows


def render_csv(document: dict, path: Path | None = None) -> str:
    """The CSV text (and the file at ``path``, with its BOM, when given)."""
    return write_csv(finding_rows(document), COLUMNS, path)
