"""The audit as one self-contained HTML page an auditor can open offline and print.

No scripts, fonts or images from anywhere: styles are inline in the page. The page shows the summary by
severity and rule, the coverage (a clean audit that checked a tenth of the figures is shown as such, not
as a pass), each finding with its quoted sentences and the figures highlighted, the documents with their
periods, and every claim read with the rules that checked it or why none did.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOW_COVERAGE = 0.5  # below this share of claims checked, the page says a clean result means little
_NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?%?")


def _span(quote: str, text: str | None, start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is not None and end is not None and 0 <= start < end <= len(quote):
        return start, end
    if text and text in quote:
        return quote.index(text), quote.index(text) + len(text)
    return None


def highlight(quote: str | None, text: str | None = None, start: int | None = None, end: int | None = None,
              spans: list[tuple[int, int]] | None = None) -> Markup:
    """The quote, escaped, with its figures in <mark> and every other number in a lighter span."""
    quote = quote or ""
    marks = sorted(set(spans or []) | ({_span(quote, text, start, end)} - {None}))
    kept: list[tuple[int, int, str]] = []
    for left, right in marks:  # overlapping marks: keep the first
        if not kept or left >= kept[-1][1]:
            kept.append((left, right, "mark"))
    kept += [(m.start(), m.end(), "num") for m in _NUMBER.finditer(quote)
             if all(m.end() <= left or m.start() >= right for left, right, _ in kept)]
    pieces, cursor = [], 0
    for left, right, kind in sorted(kept):
        opening = Markup("<mark>") if kind == "mark" else Markup('<span class="num">')
        closing = Markup("</mark>") if kind == "mark" else Markup("</span>")
        pieces += [escape(quote[cursor:left]), opening, escape(quote[left:right]), closing]
        cursor = right
    pieces.append(escape(quote[cursor:]))
    return Markup("").join(pieces)


def evidence_groups(evidence: list[dict]) -> list[dict]:
    """Evidence items quoting the same sentence, merged: one quote with each of their figures marked."""
    groups: list[dict] = []
    for item in evidence:
        if "source" in item:
            groups.append({"source": item})
            continue
        key = (item.get("document"), item.get("page"), item.get("line"), item.get("quote"))
        group = next((g for g in groups if g.get("key") == key), None)
        if group is None:
            group = {"key": key, "document": key[0], "page": key[1], "line": key[2], "quote": key[3] or "",
                     "roles": [], "spans": []}
            groups.append(group)
        if item.get("role"):
            group["roles"].append(item["role"])
        span = _span(group["quote"], item.get("text"), item.get("char_start"), item.get("char_end"))
        if span:
            group["spans"].append(span)
    return groups


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["highlight"] = highlight
    env.globals["evidence_groups"] = evidence_groups
    env.filters["figure"] = _figure
    return env


def _figure(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def render_html(document: dict) -> str:
    coverage = document.get("coverage", {})
    share = coverage.get("share_checked", 0.0)
    documents = {d["id"]: d for d in document.get("documents", [])}
    claims_per_doc: dict[str, int] = {}
    for claim in document.get("claims", []):
        claims_per_doc[claim["document"]] = claims_per_doc.get(claim["document"], 0) + 1
    return _environment().get_template("audit_report.html.j2").render(
        doc=document, run=document.get("run", {}), summary=document.get("summary", {}),
        coverage=coverage, share=share, low_coverage=share < LOW_COVERAGE, documents=documents,
        claims_per_doc=claims_per_doc,
    )
