"""One front page for the Data Docs of every source partition.

Each partition's validation builds its own Great Expectations site (``data-docs/<authority>/<year>/``):
GX's site keeps the pages of its last build only, so one shared site would hold the last partition run.
This page lists the partitions' sites, so ``out/data-docs/index.html`` still opens the Data Docs.
It names authority codes and years only.
"""

from __future__ import annotations

import html
from pathlib import Path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Data Docs by authority and year</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.2em 1em;text-align:left}}</style></head>
<body><h1>Great Expectations Data Docs</h1>
<p>One site per source partition: an authority's extracts for one collection year.</p>
<table><tr><th>authority</th><th>collection year</th></tr>
{rows}
</table></body></html>
"""


def write_site_index(root: Path) -> Path:
    """Write ``root/index.html`` linking every ``<authority>/<year>/index.html`` under ``root``."""
    sites = sorted(p.relative_to(root).parts[:2] for p in root.glob("*/*/index.html"))
    rows = "\n".join(f'<tr><td>{html.escape(a)}</td><td><a href="{html.escape(a)}/{html.escape(y)}/index.html">'
                     f"{html.escape(y)}</a></td></tr>" for a, y in sites)
    page = root / "index.html"
    page.write_text(PAGE.format(rows=rows), encoding="utf-8")
    return page
